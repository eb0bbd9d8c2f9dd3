"""Serve a built site on loopback and look at it with Debian's headless chromium.

``dump_dom`` and ``screenshot`` run one chromium each; ``evaluate`` drives one over the
DevTools protocol on a pipe (``--remote-debugging-pipe``, no port, no extra packages) to wait
for what scripts render, such as search results.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.loopback import loopback_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


_TRAMPOLINE = (
    "import os, sys\n"
    "a, b = (os.dup(int(x)) for x in sys.argv[1:3])\n"
    "os.dup2(a, 3)\nos.dup2(b, 4)\nos.set_inheritable(3, True)\nos.set_inheritable(4, True)\n"
    "[os.close(f) for f in {a, b, int(sys.argv[1]), int(sys.argv[2])} - {3, 4}]\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


def have_chromium() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 and a random port; stopped and closed on exit."""
    handler = functools.partial(_Quiet, directory=str(folder))
    with loopback_server(handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/"


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL)


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after load, as chromium serialises it."""
    done = _run(["--virtual-time-budget=5000", "--dump-dom", url], profile)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(url: str, png: Path, profile: Path) -> None:
    done = _run(["--virtual-time-budget=5000", f"--screenshot={png}", "--window-size=1280,900",
                 url], profile)
    assert done.returncode == 0 and png.is_file(), done.stderr[-2000:]


class _Pipe:
    def __init__(self, to_chrome: int, from_chrome: int) -> None:
        self.to, self.frm, self.buf, self.next_id = to_chrome, from_chrome, b"", 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method,
                                   "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            while b"\0" not in self.buf:
                if not select.select([self.frm], [], [], max(0.0, deadline - time.monotonic()))[0]:
                    raise RuntimeError(f"{method}: no answer from chromium")
                chunk = os.read(self.frm, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self.buf += chunk
            raw, self.buf = self.buf.split(b"\0", 1)
            reply: dict[str, Any] = json.loads(raw)
            if "method" in reply and "id" not in reply:
                self.events.append(reply)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))


def evaluate(url: str, expression: str, profile: Path, timeout: float = 60.0,
             network: list[tuple[str, str]] | None = None) -> Any:
    """Open ``url`` and poll ``expression`` until it gives a truthy value (or time runs out).

    The wait is a readiness bound, not a speed test: the search index (about 3 MB per
    language with every error page) is built in a web worker, and a loaded two-core machine
    took over 20 s once. A truthy value returns at once.

    With ``network`` given, every request the page made is appended to it as (url, outcome):
    the HTTP status as a string, or the network error text.
    """
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    # chromium reads the pipe on fd 3 and writes on fd 4; a small trampoline puts them there
    # (no preexec_fn: the test server's thread is running).
    proc = subprocess.Popen(
        [sys.executable, "-c", _TRAMPOLINE, str(to_r), str(from_w), CHROMIUM, *FLAGS,
         f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
        pass_fds=(to_r, from_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    os.close(to_r)
    os.close(from_w)
    pipe = _Pipe(to_w, from_r)
    value: Any = None
    try:
        target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        if network is not None:
            pipe.call("Network.enable", {}, session)
        pipe.call("Page.navigate", {"url": url}, session)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = pipe.call("Runtime.evaluate", {"expression": expression,
                                                    "returnByValue": True}, session)
            value = result.get("result", {}).get("value")
            if value:
                break
            time.sleep(0.2)
        if network is not None:
            network.extend(_requests(pipe.events))
        with contextlib.suppress(RuntimeError, OSError):
            pipe.call("Browser.close")
    finally:
        os.close(to_w)
        os.close(from_r)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return value


def _requests(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    urls: dict[str, str] = {}
    outcome: dict[str, str] = {}
    for ev in events:
        params = ev.get("params", {})
        rid = str(params.get("requestId", ""))
        if ev["method"] == "Network.requestWillBeSent":
            urls[rid] = str(params.get("request", {}).get("url", ""))
        elif ev["method"] == "Network.responseReceived":
            outcome[rid] = str(params.get("response", {}).get("status", ""))
        elif ev["method"] == "Network.loadingFailed":
            outcome.setdefault(rid, str(params.get("errorText", "failed")))
    return [(u, outcome.get(rid, "pending")) for rid, u in urls.items()]


def page_requests(url: str, profile: Path, settle: float = 3.0) -> list[tuple[str, str]]:
    """Every request a page makes while it loads and for ``settle`` seconds after."""
    log: list[tuple[str, str]] = []
    expr = (f"document.readyState === 'complete' && "
            f"performance.now() > {int(settle * 1000)} && 'done'")
    evaluate(url, expr, profile, timeout=settle + 20, network=log)
    return log
