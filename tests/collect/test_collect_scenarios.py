"""The facts collected from a gateway that fails in each of the usual ways."""

from __future__ import annotations

import json
import socket

import pytest
from triage.collect import CollectOptions, collect


def test_healthy_gateway(probe, gateway, fake_key):
    facts = probe("ok")
    request = facts["request"]
    assert request["url"] == gateway.base("ok") + "/chat/completions"
    assert request["endpoint"] == "/ok/v1/chat/completions"
    assert request["method"] == "POST"
    assert request["kind"] == "chat"
    assert request["model"] == "gpt-4o-mini"
    assert request["stream"] is False
    assert request["key_id"] == "sk-...uvwx"
    assert request["headers"]["authorization"] == "Bearer sk-...uvwx"
    assert facts["response"]["status"] == 200
    assert facts["response"]["headers"]["x-request-id"] == "req_ok_1"
    assert json.loads(facts["response"]["body"])["object"] == "chat.completion"
    assert isinstance(facts["response"]["elapsed_ms"], int)
    assert "error" not in facts
    assert facts["account"]["models"] == ["gpt-4o", "gpt-4o-mini", "text-embedding-3-small",
                                          "dall-e-3"]
    models = facts["probe"]["models"]
    assert models["status"] == 200
    assert models["count"] == 4
    assert models["listed"] == "exact"
    assert [s["name"] for s in facts["probe"]["steps"]] == ["models", "request"]
    assert facts["probe"]["truncated"] is False
    # One token, one cheap message.
    sent = json.loads(gateway.requests("ok")[-1].body)
    assert sent["max_tokens"] == 1
    assert sent["messages"] == [{"role": "user", "content": "ping"}]


def test_unknown_model(probe):
    facts = probe("unknown", model="gpt-4o-minii")
    assert facts["response"]["status"] == 404
    assert "model_not_found" in facts["response"]["body"]
    assert facts["probe"]["models"]["listed"] == "absent"
    assert facts["probe"]["models"]["closest"] == "gpt-4o-mini"


def test_model_case_only(probe):
    facts = probe("ok", model="GPT-4o-Mini")
    assert facts["probe"]["models"]["listed"] == "case_only"
    assert facts["probe"]["models"]["closest"] == "gpt-4o-mini"


def test_model_missing_from_the_keys_list(probe):
    facts = probe("noaccess", model="gpt-4o")
    assert facts["response"]["status"] == 403
    assert "无权使用模型" in facts["response"]["body"]
    assert facts["account"]["models"] == ["gpt-4o-mini"]
    assert facts["probe"]["models"]["listed"] == "absent"


def test_invalid_key(probe, fake_key):
    facts = probe("badkey")
    assert facts["response"]["status"] == 401
    assert facts["probe"]["models"]["status"] == 401
    assert facts["probe"]["models"]["listed"] == "unknown"
    assert "account" not in facts
    body = facts["response"]["body"]
    assert "Incorrect API key provided" in body
    assert fake_key not in body and "sk-...uvwx" in body  # echoed, then masked


def test_no_balance(probe):
    facts = probe("nobalance")
    assert facts["response"]["status"] == 402
    assert "Insufficient Balance" in facts["response"]["body"]


def test_rate_limited(probe):
    facts = probe("ratelimit")
    response = facts["response"]
    assert response["status"] == 429
    assert response["headers"]["retry-after"] == "20"
    assert response["headers"]["x-ratelimit-remaining-requests"] == "0"
    assert response["headers"]["x-request-id"] == "req_rl_1"
    assert "set-cookie" not in response["headers"]  # only the headers that matter


def test_slow_gateway_times_out(probe):
    facts = probe("slow", read_timeout=0.5)
    assert "response" not in facts
    assert facts["error"]["kind"] == "timeout"
    assert facts["error"]["message"].startswith("httpx.ReadTimeout")
    assert facts["probe"]["steps"][-1]["outcome"] == "error: timeout"


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("drop", "httpx.RemoteProtocolError: Server disconnected without sending a response."),
        ("reset", "httpx.ReadError: [Errno"),  # the errno number differs between systems
    ],
)
def test_dropped_connection(probe, scenario, message):
    facts = probe(scenario)
    assert "response" not in facts
    assert facts["error"]["kind"] == "connect"
    assert facts["error"]["message"].startswith(message)


def test_html_instead_of_json(probe):
    facts = probe("html")
    assert facts["response"]["status"] == 502
    assert facts["response"]["headers"]["content-type"] == "text/html"
    assert "<title>502 Bad Gateway</title>" in facts["response"]["body"]


def test_model_list_missing(probe):
    facts = probe("nomodels")
    assert facts["probe"]["models"]["status"] == 404
    assert facts["probe"]["models"]["listed"] == "unknown"
    assert "account" not in facts
    assert facts["response"]["status"] == 200


def test_unreachable_port(fake_key):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    options = CollectOptions(
        base_url=f"http://127.0.0.1:{port}/v1", model="m", api_key=fake_key,
        connect_timeout=2, read_timeout=2, total_timeout=5,
    )
    facts = collect(options)
    assert facts["error"]["kind"] == "connect"
    assert facts["probe"]["models"]["error"]["kind"] == "connect"
    assert "response" not in facts


def test_tls_to_a_plain_http_port(gateway, fake_key):
    base = gateway.base("ok").replace("http://", "https://")
    facts = collect(CollectOptions(base_url=base, model="m", api_key=fake_key, total_timeout=5))
    assert facts["error"]["kind"] == "tls"


def test_anthropic_style(probe, gateway, fake_key):
    facts = probe("ok", model="claude-3-5-haiku", style="anthropic")
    assert facts["response"]["status"] == 200
    assert facts["request"]["endpoint"] == "/ok/v1/messages"
    seen = gateway.requests("ok")[-1]
    assert seen.path == "/ok/v1/messages"
    assert seen.headers["x-api-key"] == fake_key
    assert seen.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in seen.headers
    assert json.loads(seen.body)["max_tokens"] == 1
    assert facts["request"]["headers"]["x-api-key"] == "sk-...uvwx"


def test_gemini_style(probe, gateway, fake_key):
    facts = probe("gemini", model="gemini-1.5-flash", style="gemini")
    assert facts["response"]["status"] == 200
    assert facts["account"]["models"] == ["gemini-1.5-flash"]
    assert facts["probe"]["models"]["listed"] == "exact"
    seen = gateway.requests("gemini")[-1]
    assert seen.path == "/gemini/v1/models/gemini-1.5-flash:generateContent"
    assert seen.headers["x-goog-api-key"] == fake_key
    assert "authorization" not in seen.headers
    assert json.loads(seen.body)["generationConfig"] == {"maxOutputTokens": 1}


def test_embedding(probe, gateway):
    facts = probe("ok", model="text-embedding-3-small", kind="embedding")
    assert facts["request"]["kind"] == "embedding"
    assert facts["request"]["endpoint"] == "/ok/v1/embeddings"
    assert json.loads(gateway.requests("ok")[-1].body) == {
        "model": "text-embedding-3-small", "input": "ping"
    }


@pytest.mark.parametrize("kind", ["image", "video"])
def test_paid_kinds_only_list_models_by_default(probe, gateway, kind):
    before = len(gateway.requests("ok"))
    facts = probe("ok", model="dall-e-3", kind=kind)
    sent = gateway.requests("ok")[before:]
    assert [(s.method, s.path) for s in sent] == [("GET", "/ok/v1/models")]
    assert facts["probe"]["paid_step"]["skipped"] is True
    assert facts["request"]["kind"] == "models"
    assert facts["response"]["status"] == 200
    assert facts["probe"]["steps"][-1]["outcome"].startswith("skipped")


def test_allow_paid_sends_one_minimal_image_request(probe, gateway):
    facts = probe("ok", model="dall-e-3", kind="image", allow_paid=True)
    sent = gateway.requests("ok")[-1]
    assert sent.path == "/ok/v1/images/generations"
    assert json.loads(sent.body) == {"model": "dall-e-3", "prompt": "a dot", "n": 1,
                                     "size": "256x256"}
    assert facts["request"]["kind"] == "image"
    assert facts["probe"]["paid_step"] == {"skipped": False}


def test_base_url_shape_is_reported_not_fixed(probe, gateway):
    facts = probe("ok", base_url=gateway.base("ok") + "/v1/")
    shape = facts["probe"]["base_url_shape"]
    assert shape["doubled_v1"] is True
    assert shape["trailing_slash"] is True
    assert facts["request"]["base_url"] == gateway.base("ok") + "/v1/"
    assert facts["request"]["endpoint"] == "/ok/v1/v1/chat/completions"  # as a client would
    assert any("/v1/v1" in w for w in facts["probe"]["warnings"])


def test_slow_step_shows_progress(probe, messages):
    probe("slow", read_timeout=1.5)
    assert messages[0] == "probing GET /slow/v1/models ..."
    assert "probing POST /slow/v1/chat/completions ..." in messages
    assert any("error: timeout after 1." in m for m in messages)
