"""Safe against anything: credentials stay in the origin, bodies are capped, time is bounded."""

from __future__ import annotations

import socket
import time
import tracemalloc

import pytest

CREDENTIALS = ("authorization", "x-api-key", "api-key", "x-goog-api-key")


@pytest.mark.parametrize(
    ("style", "model", "header"),
    [
        ("openai", "gpt-4o-mini", "authorization"),
        ("anthropic", "claude-3-5-haiku", "x-api-key"),
        ("gemini", "gemini-pro", "x-goog-api-key"),
    ],
)
def test_redirect_to_another_origin_gets_no_credential(probe, gateway, other, fake_key, style,
                                                        model, header):
    before = len(gateway.requests("cross"))
    facts = probe("cross", model=model, style=style)
    sent = gateway.requests("cross")[before:]
    assert len(sent) == 2  # the model list and the request, each answered with a redirect
    assert all(fake_key in s.headers[header] for s in sent)  # the origin did get the key
    for seen in other.seen:  # the other origin got no credential of any style
        assert not any(h in seen.headers for h in CREDENTIALS), seen
    assert other.seen == []  # in fact nothing at all: such a redirect is not followed
    assert facts["response"]["status"] == 307
    hops = facts["probe"]["redirects"]
    assert [h["step"] for h in hops] == ["models", "request"]
    assert all(h["followed"] is False for h in hops)
    assert all(other.url in h["location"] for h in hops)
    assert all(fake_key not in h["location"] and "key=sk-...uvwx" in h["location"]
               for h in hops)
    assert any("another origin" in w for w in facts["probe"]["warnings"])


def test_same_origin_redirect_is_followed(probe, gateway, fake_key):
    facts = probe("same")
    assert facts["response"]["status"] == 200
    assert facts["request"]["url"] == gateway.base("ok") + "/chat/completions"
    assert facts["probe"]["models"]["listed"] == "exact"
    hops = facts["probe"]["redirects"]
    assert [(h["status"], h["followed"]) for h in hops] == [(301, True), (307, True)]
    followed = gateway.requests("ok")[-1]
    assert followed.method == "POST"  # 307 keeps the method and body
    assert followed.headers["authorization"] == f"Bearer {fake_key}"


def test_redirect_loop_is_bounded(probe, gateway):
    before = len(gateway.requests("loop"))
    facts = probe("loop", max_redirects=3)
    sent = gateway.requests("loop")[before:]
    assert len(sent) == 2 * 4  # two steps, each: the first try and three redirects
    assert facts["response"]["status"] == 302
    assert facts["probe"]["redirects"][-1]["followed"] is False


def test_huge_body_is_capped(probe):
    cap = 256 * 1024
    started = time.monotonic()
    facts = probe("huge", max_bytes=cap)
    assert time.monotonic() - started < 3
    assert facts["response"]["status"] == 200
    assert len(facts["response"]["body"].encode()) == cap
    assert facts["probe"]["truncated"] is True
    assert any("cut at" in w for w in facts["probe"]["warnings"])


def test_gzip_bomb_is_capped_while_decoding(probe):
    cap = 1024 * 1024
    tracemalloc.start()
    try:
        facts = probe("bomb", max_bytes=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    body = facts["response"]["body"]
    assert len(body.encode()) == cap  # 20 MB decoded, only the cap kept
    assert facts["probe"]["truncated"] is True
    assert facts["probe"]["content_encoding"] == "gzip"
    assert facts["probe"]["body_bytes"] < 64 * 1024  # it stopped reading early
    assert peak < 8 * cap  # it never decoded the whole bomb


def test_total_deadline_stops_a_trickling_server(probe):
    started = time.monotonic()
    facts = probe("trickle", read_timeout=0.5, total_timeout=1.0)
    assert time.monotonic() - started < 3
    assert facts["error"]["kind"] == "timeout"
    assert "total deadline" in facts["error"]["message"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_environment_proxy_is_ignored_unless_asked(probe, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_closed_port()}")
    facts = probe("ok")
    assert facts["response"]["status"] == 200
    assert facts["probe"]["proxy"]["set"] is True
    assert facts["probe"]["proxy"]["used"] is False
    assert any("--use-env-proxy" in w for w in facts["probe"]["warnings"])


def test_environment_proxy_used_when_asked(probe, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://user:hunter2hunter2@127.0.0.1:{_closed_port()}")
    facts = probe("ok", trust_env=True)
    assert facts["error"]["kind"] == "proxy"
    assert facts["probe"]["proxy"]["used"] is True
    assert "hunter2hunter2" not in str(facts)
