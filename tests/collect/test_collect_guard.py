"""Where a probe may go, and one deadline for the whole probe.

Refusals happen before any connection (the connect call is watched); misbehaving servers on
loopback (silent, dripping, streaming forever, nesting 100,000 levels) stop at the deadline
or are read without a crash.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpcore
import pytest
from triage.api import diagnose
from triage.collect import CollectOptions, collect
from triage.collect.cli import main as collect_main
from triage.collect.guard import check_target
from triage.errors import CollectError

from .conftest import FAKE_KEY

REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[list[str]]]:
    """Fake DNS for names under .test: each lookup pops the next answer (the last repeats)."""
    answers: dict[str, list[list[str]]] = {}
    calls: list[str] = []

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(".test"):
            calls.append(name)
            queue = answers[name]
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
            out = []
            for a in addresses:
                family = socket.AF_INET6 if ":" in a else socket.AF_INET
                sockaddr: tuple[Any, ...] = (a, port or 0, 0, 0) if ":" in a else (a, port or 0)
                out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
            return out
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    answers["_calls"] = calls  # type: ignore[assignment]
    return answers


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address the collector dials."""
    seen: list[str] = []
    real = httpcore.SyncBackend.connect_tcp

    def watched(self: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        seen.append(host)
        return real(self, host, port, *args, **kwargs)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", watched)
    return seen


def _options(base_url: str, **extra: Any) -> CollectOptions:
    settings: dict[str, Any] = {"base_url": base_url, "model": "gpt-4o-mini",
                                "api_key": FAKE_KEY, "connect_timeout": 2.0,
                                "read_timeout": 2.0, "total_timeout": 5.0}
    settings.update(extra)
    return CollectOptions(**settings)


ALWAYS_REFUSED = [
    "https://169.254.169.254/latest/meta-data", "http://169.254.169.254/v1",
    "https://[::ffff:169.254.169.254]/v1", "https://[::ffff:a9fe:a9fe]/v1",
    "https://metadata.google.internal/computeMetadata/v1", "https://metadata.google.internal./v1",
    "https://[fd00:ec2::254]/v1", "https://100.100.100.200/v1", "https://[64:ff9b::a9fe:a9fe]/v1",
    "https://[2002:a9fe:a9fe::1]/v1", "https://0.0.0.0/v1", "https://[::]/v1",
    "https://224.0.0.1/v1", "https://255.255.255.255/v1",
]
PRIVATE = ["https://10.0.0.5/v1", "https://192.168.1.1/v1", "https://172.16.0.1/v1",
           "https://[fc00::1]/v1", "https://100.64.0.1/v1", "https://169.254.10.10/v1",
           "https://[fe80::1]/v1"]


@pytest.mark.parametrize("url", ALWAYS_REFUSED)
def test_metadata_and_odd_addresses_are_always_refused(url: str, connects: list[str]) -> None:
    for private in (False, True):
        with pytest.raises(CollectError, match="refusing to probe"):
            collect(_options(url, allow_private=private, allow_insecure_http=True))
    assert connects == []


@pytest.mark.parametrize("url", PRIVATE)
def test_private_and_link_local_need_the_opt_in(url: str) -> None:
    with pytest.raises(CollectError, match="--allow-private"):
        _options(url)
    _options(url, allow_private=True)  # named explicitly: allowed


def test_plain_http_to_a_remote_host_is_refused(dns: dict[str, Any],
                                                connects: list[str]) -> None:
    dns["gw.test"] = [["93.184.216.34"]]
    with pytest.raises(CollectError, match=r"plain http:// to gw\.test"):
        collect(_options("http://gw.test/v1"))
    with pytest.raises(CollectError, match="plain http://"):
        _options("http://93.184.216.34/v1")
    assert connects == []
    pin = check_target("http://gw.test/v1", allow_private=False, allow_insecure_http=True,
                       timeout=1)
    assert pin.address == "93.184.216.34" and not pin.loopback
    dns["local.test"] = [["127.0.0.1"]]
    assert check_target("http://local.test/v1", allow_private=False, allow_insecure_http=False,
                        timeout=1).loopback


def test_every_resolved_address_is_checked(dns: dict[str, Any], connects: list[str]) -> None:
    dns["mixed.test"] = [["93.184.216.34", "169.254.169.254"]]
    with pytest.raises(CollectError, match="metadata"):
        collect(_options("https://mixed.test/v1"))
    dns["inner.test"] = [["10.1.2.3"]]
    with pytest.raises(CollectError, match="private"):
        collect(_options("https://inner.test/v1"))
    assert connects == []


def test_dns_rebinding_cannot_move_the_probe(gateway: Any, dns: dict[str, Any],
                                             connects: list[str]) -> None:
    # The first answer passes the check; every later one points at the metadata service.
    dns["rebind.test"] = [["127.0.0.1"], ["169.254.169.254"]]
    port = gateway.server.server_address[1]
    before = len(gateway.requests("ok"))
    facts = collect(_options(f"http://rebind.test:{port}/ok/v1"))
    assert facts["response"]["status"] == 200
    assert len(gateway.requests("ok")) - before == 2  # both steps reached the checked address
    assert dns["_calls"] == ["rebind.test"]  # resolved once
    assert connects and set(connects) == {"127.0.0.1"}


def test_cli_refusal_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRIAGE_API_KEY", FAKE_KEY)
    code = collect_main(["--base-url", "http://[::ffff:169.254.169.254]/v1", "--model", "m"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "metadata" in err and "Traceback" not in err


# ---- misbehaving servers on loopback ----------------------------------------------------


@contextlib.contextmanager
def raw_server(talk: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that runs ``talk`` for each connection; yields the port."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    threads: list[threading.Thread] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            t = threading.Thread(target=_guarded, args=(talk, conn, stop), daemon=True)
            t.start()
            threads.append(t)

    main = threading.Thread(target=serve, daemon=True)
    main.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        main.join(5)
        for t in threads:
            t.join(5)
        listener.close()


def _guarded(talk: Callable[[socket.socket, threading.Event], None], conn: socket.socket,
             stop: threading.Event) -> None:
    with conn, contextlib.suppress(OSError):
        conn.settimeout(0.5)
        with contextlib.suppress(OSError):
            conn.recv(65536)
        talk(conn, stop)


def _silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)


def _drip_headers(conn: socket.socket, stop: threading.Event) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 1000:
        if stop.wait(0.1):
            return
        conn.sendall(bytes([byte]))


def _drip_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000000\r\n\r\n")
    while not stop.wait(0.1):
        conn.sendall(b" ")


def _endless_stream(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    event = b'data: {"choices":[{"delta":{"content":"x"}}]}\n\n'
    while not stop.wait(0.05):
        conn.sendall(b"%x\r\n%s\r\n" % (len(event), event))


@pytest.mark.parametrize("talk", [_silent, _drip_headers, _drip_body, _endless_stream],
                         ids=["no-headers", "drip-headers", "drip-body", "endless-stream"])
def test_the_whole_probe_stops_at_the_deadline(talk: Any) -> None:
    with raw_server(talk) as port:
        start = time.monotonic()
        facts = collect(_options(f"http://127.0.0.1:{port}/v1", read_timeout=1.0,
                                 total_timeout=60.0, deadline=1.5))
        took = time.monotonic() - start
    assert took < 1.5 + 1.5, took  # one deadline for both steps, not 60 s per step
    problem = facts.get("error") or facts["probe"]["body_error"]
    assert problem is not None and problem["kind"] == "timeout", facts
    assert "deadline" in problem["message"]
    assert facts["probe"]["limits"]["deadline_s"] == 1.5


def _deep_json(depth: int) -> bytes:
    return b'{"error": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("body", [
    _deep_json(100_000), b"[" * 100_000, b'{"data": ' + b"{" * 50_000,
    b"\xff\xfe\x00garbage\x1b[31m\x07", b'{"data": [{"id": ' + b"9" * 5000 + b"}]}",
    b'{"data": [{"id": NaN}]}', b"\x00" * 4096,
], ids=["nested-100k", "open-100k", "unclosed", "binary", "huge-int", "nan", "nul"])
def test_odd_bodies_never_crash_the_collector(body: bytes) -> None:
    def answer(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    with raw_server(answer) as port:
        facts = collect(_options(f"http://127.0.0.1:{port}/v1"))
    assert facts["response"]["status"] == 200
    assert facts["probe"]["models"]["count"] is None or facts["probe"]["models"]["count"] >= 0
    result = diagnose(facts)
    assert isinstance(result, dict)


def test_collect_output_holds_no_secret_of_any_shape(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.secrets.shapes import JWT, SHAPES, leaks

    texts = " | ".join(t.format(s=s) for _, s, t in SHAPES)
    body = json.dumps({"error": {"message": texts, "task_id": JWT}}).encode()

    def answer(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                     b"X-Request-Id: " + JWT.encode() + b"\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))

    monkeypatch.setenv("TRIAGE_API_KEY", FAKE_KEY)
    with raw_server(answer) as port:
        for fmt in ("json", "yaml", "markdown"):
            code = collect_main(["--base-url", f"http://127.0.0.1:{port}/v1", "--model", "m",
                                 "--format", fmt, "--quiet"])
            out, err = capsys.readouterr()
            assert code == 0, err
            assert "401" in out
            assert leaks(out) == [] and leaks(err) == [] and FAKE_KEY not in out
        code = collect_main(["--base-url", f"http://127.0.0.1:{port}/v1", "--model", "m",
                             "--diagnose", "--format", "markdown", "--quiet"])
        out, _ = capsys.readouterr()
        assert code == 0 and out and leaks(out) == []
