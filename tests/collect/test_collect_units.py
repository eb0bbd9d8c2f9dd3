"""The pure parts of the collector: URL shape, model lists, failure kinds, capped bodies."""

from __future__ import annotations

import gzip
import random
import socket
import ssl
import zlib

import httpcore
import httpx
import pytest
from triage.collect import CollectOptions
from triage.collect.body import CappedBody
from triage.collect.classify import classify, describe
from triage.collect.endpoints import base_url_shape, model_listing, parse_model_ids
from triage.errors import CollectError, UsageError

# ---- base URL shape -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://gw.example.com/v1", {"has_v1": True, "doubled_v1": False,
                                        "full_endpoint": None, "trailing_slash": False}),
        ("https://gw.example.com/v1/", {"trailing_slash": True}),
        ("https://gw.example.com", {"has_v1": False, "version": None, "trailing_slash": False}),
        ("https://gw.example.com/v1/v1", {"doubled_v1": True}),
        ("https://gw.example.com/v1/chat/completions", {"full_endpoint": "/chat/completions"}),
        ("https://generativelanguage.googleapis.com/v1beta", {"version": "v1beta",
                                                              "has_v1": False}),
        ("http://user:pw@gw.example.com:8080/v1?x=1", {"has_userinfo": True, "has_query": True,
                                                       "port": 8080, "scheme": "http"}),
    ],
)
def test_base_url_shape(url, expected):
    shape = base_url_shape(url)
    for name, value in expected.items():
        assert shape[name] == value, name


# ---- model lists --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "ids"),
    [
        ('{"object":"list","data":[{"id":"gpt-4o"},{"id":"o3"}]}', ["gpt-4o", "o3"]),
        ('{"data":[{"id":"claude-3-5-haiku","type":"model"}],"has_more":false}',
         ["claude-3-5-haiku"]),
        ('{"models":[{"name":"models/gemini-1.5-pro"},{"name":"models/embedding-001"}]}',
         ["gemini-1.5-pro", "embedding-001"]),
        ('["a", "b"]', ["a", "b"]),
        ('{"success":true,"data":[]}', []),
        ("<html>nope</html>", None),
        ('{"error":{"message":"x"}}', None),
    ],
)
def test_parse_model_ids(body, ids):
    assert parse_model_ids(body) == ids


@pytest.mark.parametrize(
    ("model", "ids", "listed", "closest"),
    [
        ("gpt-4o", ["gpt-4o", "gpt-4o-mini"], "exact", None),
        ("GPT-4o", ["gpt-4o"], "case_only", "gpt-4o"),
        ("gpt4o-mini", ["gpt-4o", "gpt-4o-mini"], "absent", "gpt-4o-mini"),
        ("llama", ["gpt-4o"], "absent", None),
        ("gpt-4o", None, "unknown", None),
        ("models/gemini-pro", ["gemini-pro"], "exact", None),
    ],
)
def test_model_listing(model, ids, listed, closest):
    assert model_listing(model, ids) == {"listed": listed, "closest": closest}


# ---- failure kinds ------------------------------------------------------------------------


def _chain(top: type[Exception], middle: type[Exception], root: BaseException) -> Exception:
    """An httpx error raised from an httpcore error raised from ``root``, as httpx does."""
    try:
        try:
            try:
                raise root
            except BaseException as exc:
                raise middle(str(exc)) from exc
        except Exception as exc:
            raise top(str(exc)) from exc
    except Exception as exc:
        return exc
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_chain(httpx.ConnectError, httpcore.ConnectError,
                socket.gaierror(-2, "Name or service not known")), "dns"),
        (_chain(httpx.ConnectError, httpcore.ConnectError,
                ssl.SSLCertVerificationError(1, "certificate verify failed")), "tls"),
        (_chain(httpx.ConnectError, httpcore.ConnectError,
                ConnectionRefusedError(111, "Connection refused")), "connect"),
        (_chain(httpx.ConnectTimeout, httpcore.ConnectTimeout, TimeoutError("timed out")),
         "connect"),
        (_chain(httpx.ReadTimeout, httpcore.ReadTimeout, TimeoutError("timed out")), "timeout"),
        (httpx.PoolTimeout("pool"), "timeout"),
        (httpx.WriteTimeout("write"), "timeout"),
        (httpx.ProxyError("407 Proxy Authentication Required"), "proxy"),
        (_chain(httpx.ReadError, httpcore.ReadError,
                ConnectionResetError(104, "Connection reset by peer")), "connect"),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."),
         "connect"),
        (httpx.RemoteProtocolError("illegal header line"), "other"),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), "dns"),
        (ValueError("odd"), "other"),
    ],
)
def test_classify(exc, kind):
    assert classify(exc) == kind


def test_connect_failures_through_a_proxy_are_proxy_failures():
    exc = _chain(httpx.ConnectError, httpcore.ConnectError, ConnectionRefusedError(111, "no"))
    assert classify(exc, via_proxy=True) == "proxy"


def test_describe_reads_like_a_client_error():
    assert describe(httpx.ReadTimeout("The read operation timed out")) == (
        "httpx.ReadTimeout: The read operation timed out"
    )
    assert describe(ValueError()) == "ValueError"


# ---- capped bodies ------------------------------------------------------------------------


def _read(data: bytes, encoding: str, cap: int, chunk: int = 4096):
    body = CappedBody(encoding, cap)
    for start in range(0, len(data), chunk):
        body.feed(data[start:start + chunk])
        if body.full:
            break
    return body.finish()


def _cases(count: int):
    rng = random.Random(20250314)
    for _ in range(count):
        size = rng.choice([0, 1, rng.randrange(5000)])
        # Half compressible text, half noise: both shapes of body reach the decoder.
        payload = rng.choice([bytes(rng.randrange(256) for _ in range(size)), b"ab" * size])
        yield (payload, rng.randrange(1, 6000), rng.randrange(1, 700),
               rng.choice(["", "identity", "gzip", "deflate"]))


@pytest.mark.parametrize(
    ("payload", "cap", "chunk", "encoding"), list(_cases(80)), ids=[f"body{i}" for i in range(80)]
)
def test_capped_body_keeps_exactly_the_prefix(payload, cap, chunk, encoding):
    if encoding == "gzip":
        raw = gzip.compress(payload)
    elif encoding == "deflate":
        raw = zlib.compress(payload)
    else:
        raw = payload
    read = _read(raw, encoding, cap, chunk)
    assert read.data == payload[:cap]
    if len(payload) > cap:
        assert read.truncated
    if len(raw) <= cap and len(payload) <= cap:
        assert not read.truncated
    assert read.decode_error is None


def test_raw_deflate_without_a_header():
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = packer.compress(b"hello" * 100) + packer.flush()
    assert _read(raw, "deflate", 10_000).data == b"hello" * 100


def test_bomb_never_decodes_past_the_cap():
    raw = gzip.compress(bytes(50 * 1024 * 1024), compresslevel=9)
    read = _read(raw, "gzip", 4096, chunk=len(raw))  # one raw chunk holding the whole bomb
    assert len(read.data) == 4096 and read.truncated


def test_codings_it_did_not_ask_for_are_kept_raw():
    raw = gzip.compress(gzip.compress(b"x" * 100))
    read = _read(raw, "gzip, gzip", 10_000)
    assert read.data == raw and read.encoding == "gzip, gzip (not decoded)"


def test_broken_gzip_is_reported_not_raised():
    read = _read(b"not gzip at all", "gzip", 1000)
    assert read.decode_error and "could not be decoded" in read.decode_error
    assert read.data == b""


# ---- options ------------------------------------------------------------------------------


def _options(**overrides):
    settings_ = {"base_url": "https://gw.example.com/v1", "model": "gpt-4o",
                 "api_key": "sk-" + "x" * 20}
    settings_.update(overrides)
    return CollectOptions(**settings_)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"api_key": ""}, "no API key"),
        ({"api_key": "sk-abc\ndef123456"}, "cannot go in a header"),
        ({"api_key": "sk-abc déf123456"}, "cannot go in a header"),
        ({"base_url": "gw.example.com/v1"}, "must start with http"),
        ({"model": " "}, "--model is empty"),
        ({"kind": "audio"}, "unknown kind"),
        ({"style": "azure"}, "unknown style"),
        ({"style": "anthropic", "kind": "embedding"}, "no embeddings endpoint"),
        ({"style": "gemini", "kind": "image", "allow_paid": True}, "OpenAI style only"),
        ({"total_timeout": 0}, "total timeout"),
        ({"max_bytes": 10}, "max bytes"),
        ({"max_redirects": 50}, "max redirects"),
    ],
)
def test_options_are_checked(overrides, message):
    with pytest.raises(CollectError, match=message) as info:
        _options(**overrides)
    assert isinstance(info.value, UsageError)
    assert "\n" not in str(info.value)


def test_options_never_show_the_key():
    key = "sk-" + "y" * 20
    options = _options(api_key=key)
    assert key not in repr(options) and key not in str(options)


def test_no_timeout_is_longer_than_the_deadline():
    timeout = _options(connect_timeout=30, read_timeout=60, total_timeout=5).timeout
    assert timeout.connect == 5 and timeout.read == 5 and timeout.pool == 5
