"""A fake gateway on loopback that fails the ways real ones do, and probe fixtures.

The first path segment picks the scenario: ``{url}/{scenario}/v1/chat/completions``.
Every request is recorded (method, path, headers, body) so tests can see what was sent.
Each handler is bounded: it waits on the server's stop event, never on a bare sleep.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from triage.collect import CollectOptions, collect

# A fake key, built at run time so that no key-shaped literal sits in the source.
FAKE_KEY = "sk-" + "test-" + "".join(chr(ord("a") + i) for i in range(24))
CREDENTIAL_HEADERS = ("authorization", "x-api-key", "api-key", "x-goog-api-key")
MODELS = ["gpt-4o", "gpt-4o-mini", "text-embedding-3-small", "dall-e-3"]
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)
HUGE_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeGateway:
    server: ThreadingHTTPServer
    thread: threading.Thread
    stop: threading.Event
    seen: list[Seen] = field(default_factory=list)
    other: FakeGateway | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def base(self, scenario: str) -> str:
        return f"{self.url}/{scenario}/v1"

    def requests(self, scenario: str | None = None) -> list[Seen]:
        return [s for s in self.seen if scenario is None or s.path.startswith(f"/{scenario}/")]


def _gzip_bomb() -> bytes:
    """About 20 KB of gzip that decodes to 20 MB of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(20)) + packer.flush()


_BOMB = _gzip_bomb()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = min(int(self.headers.get("content-length") or 0), 1024 * 1024)
        body = self.rfile.read(length) if length else b""
        gateway = self.server.gateway
        headers = {k.lower(): v for k, v in self.headers.items()}
        gateway.seen.append(Seen(self.command, self.path, headers, body))
        scenario, _, rest = self.path.lstrip("/").partition("/")
        rest = "/" + rest
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            SCENARIOS.get(scenario, _not_found)(self, rest)

    # helpers -----------------------------------------------------------------------------
    def send_json(self, status: int, doc: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(doc, ensure_ascii=False).encode()
        self.send_bytes(status, data, "application/json", headers)

    def send_bytes(
        self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("location", location)
        self.send_header("content-length", "0")
        self.end_headers()

    def presented_key(self) -> str:
        auth = self.headers.get("authorization", "")
        return (
            auth.removeprefix("Bearer ")
            or self.headers.get("x-api-key", "")
            or self.headers.get("x-goog-api-key", "")
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True
    gateway: FakeGateway

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up is expected here


def _models(h: _Handler, ids: list[str]) -> None:
    h.send_json(200, {"object": "list", "data": [{"id": i, "object": "model"} for i in ids]})


def _completion(h: _Handler) -> None:
    h.send_json(
        200,
        {"id": "chatcmpl-1", "object": "chat.completion",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "p"}}]},
        {"x-request-id": "req_ok_1"},
    )


def _openai_error(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _ok(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        _models(h, MODELS)
    elif rest.endswith("/embeddings"):
        h.send_json(200, {"object": "list", "data": [{"embedding": [0.1], "index": 0}]})
    elif rest.endswith("/images/generations"):
        h.send_json(200, {"created": 1, "data": [{"url": "http://example.invalid/a.png"}]})
    elif rest.endswith("/messages"):
        h.send_json(200, {"type": "message", "content": [{"type": "text", "text": "p"}]})
    else:
        _completion(h)


def _unknown(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    message = "The model `gpt-4o-minii` does not exist or you do not have access to it."
    h.send_json(404, _openai_error(message, "invalid_request_error", "model_not_found"))


def _no_access(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):  # new-api: the list is what this key may use
        return _models(h, ["gpt-4o-mini"])
    message = "该令牌无权使用模型：gpt-4o (request id: 2025031409190930684215537731052)"
    h.send_json(403, {"error": {"message": message, "type": "one_api_error"}})


def _bad_key(h: _Handler, rest: str) -> None:
    # Echo the key, as some gateways do: the facts must not show it.
    message = f"Incorrect API key provided: {h.presented_key()}."
    h.send_json(401, _openai_error(message, "invalid_request_error", "invalid_api_key"))


def _no_balance(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    error = _openai_error("Insufficient Balance", "unknown_error", "invalid_request_error")
    h.send_json(402, error)


def _rate_limited(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    message = "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3."
    h.send_json(
        429,
        _openai_error(message, "requests", "rate_limit_exceeded"),
        {
            "retry-after": "20",
            "x-ratelimit-limit-requests": "3",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "20s",
            "x-request-id": "req_rl_1",
            "set-cookie": "session=should-not-be-kept",
        },
    )


def _slow(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    if not h.server.gateway.stop.wait(3.0):
        _completion(h)


def _drop(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    # Return without a byte: the server closes the socket.


def _reset(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    # Linger 0, then close: the kernel answers with RST instead of FIN.
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()


def _cross(h: _Handler, rest: str) -> None:
    other = h.server.gateway.other
    assert other is not None
    h.redirect(307, f"{other.base('ok')}{rest.removeprefix('/v1')}?key={h.presented_key()}")


def _same(h: _Handler, rest: str) -> None:
    h.redirect(307 if rest.endswith("/completions") else 301, f"/ok{rest}")


def _loop(h: _Handler, rest: str) -> None:
    h.redirect(302, h.path)


def _html(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    h.send_bytes(502, NGINX_502.encode(), "text/html", {"server": "nginx/1.24.0"})


def _huge(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    h.send_response(200)
    h.send_header("content-type", "application/json")
    h.end_headers()
    h.wfile.write(b'{"data": "')
    block = b"x" * _CHUNK
    for _ in range(HUGE_BYTES // _CHUNK):  # bounded; stops when the client hangs up
        if h.server.gateway.stop.is_set():
            return
        h.wfile.write(block)


def _bomb(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return _models(h, MODELS)
    h.send_bytes(200, _BOMB, "application/json", {"content-encoding": "gzip"})


def _trickle(h: _Handler, rest: str) -> None:
    """Headers one byte at a time, each within the read timeout: only a deadline stops it."""
    if rest.endswith("/models"):
        return _models(h, MODELS)
    head = b"HTTP/1.1 200 OK\r\n" + b"x-padding: " + b"a" * 200 + b"\r\n\r\n"
    for byte in head:
        if h.server.gateway.stop.wait(0.1):
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()


def _gemini(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        h.send_json(200, {"models": [{"name": "models/gemini-1.5-flash"}]})
    else:
        h.send_json(200, {"candidates": [{"content": {"parts": [{"text": "p"}]}}]})


def _no_models(h: _Handler, rest: str) -> None:
    if rest.endswith("/models"):
        return h.send_bytes(404, b"404 page not found", "text/plain")
    _completion(h)


def _not_found(h: _Handler, rest: str) -> None:
    h.send_bytes(404, b"no such scenario", "text/plain")


SCENARIOS: dict[str, Callable[[_Handler, str], None]] = {
    "ok": _ok,
    "unknown": _unknown,
    "noaccess": _no_access,
    "badkey": _bad_key,
    "nobalance": _no_balance,
    "ratelimit": _rate_limited,
    "slow": _slow,
    "drop": _drop,
    "reset": _reset,
    "cross": _cross,
    "same": _same,
    "loop": _loop,
    "html": _html,
    "huge": _huge,
    "bomb": _bomb,
    "trickle": _trickle,
    "gemini": _gemini,
    "nomodels": _no_models,
}


def _start() -> FakeGateway:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    gateway = FakeGateway(server=server, thread=thread, stop=threading.Event())
    server.gateway = gateway
    thread.start()
    return gateway


def _stop(gateway: FakeGateway) -> None:
    gateway.stop.set()
    gateway.server.shutdown()
    gateway.server.server_close()
    gateway.thread.join()


@pytest.fixture(scope="module")
def gateways() -> Iterator[tuple[FakeGateway, FakeGateway]]:
    """The gateway under test, and another origin (another port) it redirects to."""
    main, other = _start(), _start()
    main.other = other
    try:
        yield main, other
    finally:
        _stop(main)
        _stop(other)


@pytest.fixture
def gateway(gateways: tuple[FakeGateway, FakeGateway]) -> FakeGateway:
    return gateways[0]


@pytest.fixture
def other(gateways: tuple[FakeGateway, FakeGateway]) -> FakeGateway:
    return gateways[1]


@pytest.fixture(autouse=True)
def _no_env_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set on the test machine must not change what the tests see."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


Probe = Callable[..., dict[str, Any]]


@pytest.fixture
def fake_key() -> str:
    return FAKE_KEY


@pytest.fixture
def messages() -> list[str]:
    """Every progress line the probes of one test printed."""
    return []


@pytest.fixture
def probe(gateway: FakeGateway, messages: list[str]) -> Probe:
    """``probe(scenario, model=..., **options)``: collect against the fake gateway."""

    def run(scenario: str, model: str = "gpt-4o-mini", **overrides: Any) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "base_url": gateway.base(scenario),
            "model": model,
            "api_key": FAKE_KEY,
            "connect_timeout": 2.0,
            "read_timeout": 2.0,
            "total_timeout": 5.0,
        }
        settings.update(overrides)
        return collect(CollectOptions(**settings), progress=messages.append)

    return run
