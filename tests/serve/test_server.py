"""The real server over loopback: workers, limits on the wire, logs, start-up failures."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import KEY, KEY_CORE, REPO, LiveServer, copy_root

pytestmark = pytest.mark.slow


def _address(server: LiveServer) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    return host, int(port)


def _status(sock: socket.socket) -> str:
    answer = b""
    while b"\r\n" not in answer:
        data = sock.recv(4096)
        if not data:
            break
        answer += data
    return answer.split(b"\r\n", 1)[0].decode()


def _send_until_answered(sock: socket.socket, chunk: bytes, limit: int) -> int:
    """Send ``chunk`` again and again until the server answers; the bytes that got out."""
    sent = 0
    sock.setblocking(False)
    try:
        while sent < limit:
            readable, writable, _ = select.select([sock], [sock], [], 5)
            if readable:
                break
            if writable:
                try:
                    sent += sock.send(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break
    finally:
        sock.setblocking(True)
    return sent


def test_both_workers_serve(live_server: LiveServer) -> None:
    workers = live_server.worker_pids()
    assert len(workers) == 2
    seen = set()
    for _ in range(200):
        with httpx.Client(timeout=5) as client:  # new connection: any worker may accept it
            seen.add(client.get(live_server.url + "healthz").json()["pid"])
        if seen == set(workers):
            break
    assert seen <= set(workers) and seen


def test_ten_megabytes_on_the_wire(live_server: LiveServer) -> None:
    head = "POST /v1/diagnose HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    with socket.create_connection(_address(live_server), timeout=10) as sock:
        sock.sendall(f"{head}Content-Length: {10 * 1024 * 1024}\r\n\r\n".encode())
        assert _status(sock).startswith("HTTP/1.1 413")  # refused before any body byte
    with socket.create_connection(_address(live_server), timeout=10) as sock:
        sock.sendall(f"{head}Transfer-Encoding: chunked\r\n\r\n".encode())
        chunk = f"{64 * 1024:x}\r\n".encode() + b"5" * 64 * 1024 + b"\r\n"
        sent = _send_until_answered(sock, chunk, 10 * 1024 * 1024)
        assert sent < 10 * 1024 * 1024  # answered long before the client was done
        assert _status(sock).startswith("HTTP/1.1 413")
    assert live_server.health()["status"] == "ok"


def test_keys_stay_out_of_the_server_log(live_server: LiveServer) -> None:
    facts = {"request": {"api_key": KEY, "headers": {"authorization": "Bearer " + KEY}},
             "response": {"status": 401, "body": f"invalid key {KEY}"}, KEY: 1}
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        answers = [client.post("v1/diagnose", json=facts),
                   client.post(f"v1/diagnose?key={KEY}", content=b"{" + KEY.encode(),
                               headers={"content-type": "application/json"}),
                   client.get(f"en/kb/{KEY}", headers={"x-request-id": KEY}),
                   client.post("en/diagnose", data={"text": json.dumps(facts)})]
    assert [a.status_code for a in answers] == [200, 400, 404, 200]
    for answer in answers:
        assert KEY not in answer.text and KEY_CORE not in answer.text
    time.sleep(0.2)
    log = live_server.log.read_text(encoding="utf-8")
    assert '"path": "/en/kb/sk-...' in log
    assert KEY not in log and KEY_CORE not in log


def _serve(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "triage", "serve", "--port", "0",
                           "--root", str(root), *args], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=120, check=False,
                          start_new_session=True)


def test_start_refuses_broken_sources(tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    rule = root / "rules" / "auth" / "invalid-api-key.yaml"
    rule.write_text(rule.read_text().replace("cause:", "cause: [", 1))
    done = _serve(root)
    assert done.returncode == 2
    assert "invalid-api-key.yaml" in done.stderr and "triage validate" in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "0"], "workers must be between"),
    (["--timeout", "-1"], "seconds must be between"),
    (["--max-body", "lots"], "not a size"),
    (["--allow-probe", "https://gw.example.com/v1"], "no scheme"),
])
def test_bad_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    done = _serve(REPO, *args)
    assert done.returncode == 2 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_port_in_use_exits_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        done = subprocess.run([sys.executable, "-m", "triage", "serve", "--port", str(port)],
                              cwd=REPO, env=env, text=True, capture_output=True, timeout=60,
                              check=False)
    assert done.returncode == 2 and "cannot listen" in done.stderr
