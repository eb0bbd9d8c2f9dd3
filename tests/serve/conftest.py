"""Fixtures for ``triage serve``: a snapshot of the knowledge base, in-process apps, and real
servers (``python -m triage serve`` on loopback) that are always stopped.

Every test works on a copy of rules/ and kb/ taken once per session, so edits other people
make in the tree while the tests run cannot change the answers under them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from triage.serve.app import create_app
from triage.serve.logs import JsonFormatter
from triage.serve.settings import Settings

REPO = Path(__file__).resolve().parents[2]
# A key built at run time, so that no key-shaped literal sits in the source.
KEY = "sk-" + "".join(chr(ord("a") + i % 26) for i in range(30))
KEY_CORE = KEY[3:29]  # what must not appear even when the prefix is cut


def copy_root(dest: Path) -> Path:
    """A copy of the knowledge base (rules/ and kb/) at ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in ("rules", "kb"):
        shutil.copytree(REPO / part, dest / part)
    return dest


@pytest.fixture(scope="session")
def kb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_root(tmp_path_factory.mktemp("kb") / "root")


@pytest.fixture(scope="session")
def app(kb_root: Path) -> Any:
    return create_app(kb_root, Settings())


class Client:
    """A synchronous face over httpx's ASGITransport (the app runs in-process)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://testserver") as client:
                response = await client.request(method, url, **kwargs)
                await response.aread()
                return response

        return asyncio.run(go())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="session")
def client(app: Any) -> Client:
    return Client(app)


@pytest.fixture
def server_logs(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """The JSON lines our loggers have written so far in this test (as on stderr)."""
    caplog.set_level(logging.INFO, logger="triage.serve")
    return lambda: formatted_logs(caplog)


def formatted_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    formatter = JsonFormatter()
    return [formatter.format(r) for r in caplog.records if r.name.startswith("triage.")]


# -- real servers ---------------------------------------------------------------------------


@dataclass
class LiveServer:
    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def log_lines(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
        return out

    def health(self) -> dict[str, Any]:
        response = httpx.get(self.url + "healthz", timeout=5)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def worker_pids(self) -> list[int]:
        """The live children of the supervisor (read from /proc)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.proc.pid and fields[0] not in ("Z", "X"):
                pids.append(int(entry.name))
        return sorted(pids)


def start_server(root: Path, log: Path, *args: str, timeout: float = 90) -> LiveServer:
    """``python -m triage serve --port 0 ...`` on 127.0.0.1; returns once /healthz answers."""
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="131072", PYTHONPATH=str(REPO))
    env.pop("TRIAGE_ROOT", None)
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "triage", "serve", "--host", "127.0.0.1", "--port", "0",
             "--root", str(root), *args],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
            start_new_session=True)
    server = LiveServer(proc, "", log)
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n"
                               + log.read_text(errors="replace")[-3000:])
        urls = [x["url"] for x in server.log_lines() if x.get("event") == "listening"]
        if urls:
            server.url = urls[0]
            with contextlib.suppress(httpx.HTTPError):
                server.health()
                return server
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("the server did not start:\n" + log.read_text(errors="replace")[-3000:])


def stop_server(server: LiveServer) -> None:
    """SIGTERM to the supervisor (it stops its workers); SIGKILL to its group if it hangs."""
    proc = server.proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):  # no worker may outlive the test
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def live_server(kb_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    log = tmp_path_factory.mktemp("live") / "serve.log"
    server = start_server(kb_root, log, "--workers", "2", "--no-reload")
    try:
        yield server
    finally:
        stop_server(server)
