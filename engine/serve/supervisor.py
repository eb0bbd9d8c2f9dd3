"""The ``serve`` parent: one listening socket, N uvicorn workers, reload by recycling.

durable-rules leaks 11-14 MB per 200 rules each time rulesets are registered again in one
process (see docs/durable-rules.md), so the knowledge base is never rebuilt
inside a worker. Instead the supervisor stats the source files about once a second; when
they change (and have settled for one more tick) it

1. validates them in a short-lived ``--check`` process (which also warms the compile
   cache). Invalid sources: the problems are logged and the old workers keep serving;
2. starts a fresh set of workers on the same socket and waits until each says ``ready``;
3. retires the old set with SIGTERM (uvicorn finishes the requests in flight).

If the new set fails to start, it is stopped and the old one stays. A worker that dies is
replaced. Workers run with ``MALLOC_MMAP_THRESHOLD_=131072``. SIGHUP forces a reload;
SIGTERM or SIGINT stops everything gracefully.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.errors import UsageError
from triage.serve.logs import LOG, event
from triage.serve.settings import Settings

__all__ = ["Supervisor", "worker_env"]

READY_TIMEOUT = 120.0
MALLOC_MMAP_THRESHOLD = "131072"


def worker_env() -> dict[str, str]:
    """The environment of worker and check processes."""
    env = dict(os.environ)
    env["MALLOC_MMAP_THRESHOLD_"] = MALLOC_MMAP_THRESHOLD
    # the folder the running triage package was imported from, so that workers import the
    # same code (an installed wheel: site-packages; a checkout seen through a link: its parent)
    package_dir = Path(__file__).resolve().parents[1]
    if package_dir.name == "triage":
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(package_dir.parent), env.get("PYTHONPATH")) if p)
    return env


@dataclass
class Worker:
    proc: subprocess.Popen[bytes]
    ready_fd: int
    generation: int
    ready: bool = False
    deadline: float = 0.0


@dataclass
class Supervisor:
    root: Path
    settings: Settings
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    reload: bool = True
    poll: float = 1.0
    generation: int = 0
    current: list[Worker] = field(default_factory=list)
    retiring: list[Worker] = field(default_factory=list)
    stopping: bool = False
    hup: bool = False
    restarts: list[float] = field(default_factory=list)
    sock: socket.socket | None = None

    # -- life cycle -------------------------------------------------------------------

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT; 0 when stopped, 2 for bad sources or address."""
        self._signals()
        sock = self._bind()
        try:
            if not self._check():
                print("triage serve: the sources have problems (logged above); run "
                      "'triage validate'", file=sys.stderr)
                return 2
            fresh = self._start(1)
            if fresh is None:
                return 0 if self.stopping else 3
            self.current, self.generation = fresh, 1
            address = sock.getsockname()
            host = f"[{address[0]}]" if ":" in address[0] else address[0]
            event(LOG, "listening", url=f"http://{host}:{address[1]}/", workers=self.workers,
                  pids=[w.proc.pid for w in self.current], reload=self.reload,
                  root=str(self.root), probe=list(self.settings.allow_probe))
            self._loop()
            return 0
        finally:
            self._stop_all()
            sock.close()

    def _loop(self) -> None:
        seen = self._signature()
        pending: tuple[Any, ...] | None = None
        while not self.stopping:
            self._sleep(self.poll)
            self._reap()
            if self.stopping:
                break
            if not (self.reload or self.hup):
                continue
            now = self._signature() if self.reload else seen
            if now == seen and not self.hup:
                pending = None
                continue
            if now != pending and not self.hup:
                pending = now  # let an editor finish writing: act when it is stable
                continue
            self.hup, pending, seen = False, None, now
            self._reload()

    def _reload(self) -> None:
        if not self._check():
            event(LOG, "reload_refused", logging.ERROR, generation=self.generation,
                  reason="the sources have problems (logged above); still serving the "
                         "previous knowledge base")
            return
        fresh = self._start(self.generation + 1)
        if fresh is None:
            event(LOG, "reload_failed", logging.ERROR, generation=self.generation,
                  reason="the new workers did not start; still serving the previous ones")
            return
        old, self.current = self.current, fresh
        self.generation += 1
        self._retire(old)
        event(LOG, "reloaded", generation=self.generation,
              pids=[w.proc.pid for w in self.current])

    # -- processes --------------------------------------------------------------------

    def _bind(self) -> socket.socket:
        try:
            infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
            family, kind, proto, _, address = infos[0]
            sock = socket.socket(family, kind, proto)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(2048)
        except OSError as exc:
            raise UsageError(f"cannot listen on {self.host}:{self.port}: "
                             f"{exc.strerror or exc}") from None
        self.sock = sock
        return sock

    def _check(self) -> bool:
        command = [sys.executable, "-m", "triage.serve.worker", "--check",
                   "--root", str(self.root)]
        try:
            done = subprocess.run(command, env=worker_env(), timeout=READY_TIMEOUT,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            event(LOG, "check_timeout", logging.ERROR, seconds=READY_TIMEOUT)
            return False
        return done.returncode == 0

    def _spawn(self, generation: int) -> Worker:
        assert self.sock is not None
        read_fd, write_fd = os.pipe()
        fd = self.sock.fileno()
        command = [sys.executable, "-m", "triage.serve.worker", "--root", str(self.root),
                   "--fd", str(fd), "--ready-fd", str(write_fd),
                   "--settings", self.settings.with_generation(generation).to_json()]
        try:
            proc = subprocess.Popen(command, env=worker_env(), pass_fds=(fd, write_fd),
                                    stdin=subprocess.DEVNULL)
        finally:
            os.close(write_fd)
        return Worker(proc, read_fd, generation)

    def _start(self, generation: int, count: int = 0) -> list[Worker] | None:
        """Start ``count`` (default: all) workers; the list once all are ready, else None."""
        started = [self._spawn(generation) for _ in range(count or self.workers)]
        until = time.monotonic() + READY_TIMEOUT
        waiting = {w.ready_fd: w for w in started}
        failed = False
        while waiting and not failed and not self.stopping and time.monotonic() < until:
            readable, _, _ = select.select(list(waiting), [], [], 0.2)
            for fd in readable:
                worker = waiting.pop(fd)
                message = os.read(fd, 64)
                worker.ready = message.startswith(b"ready")
                failed = failed or not worker.ready
        for w in started:
            os.close(w.ready_fd)
        if waiting or failed or self.stopping:
            event(LOG, "workers_not_started", logging.ERROR, generation=generation,
                  pids=[w.proc.pid for w in started])
            self._terminate(started, grace=5.0)
            return None
        return started

    def _reap(self) -> None:
        now = time.monotonic()
        for worker in list(self.retiring):
            if worker.proc.poll() is not None:
                self.retiring.remove(worker)
            elif now > worker.deadline:
                worker.proc.kill()
        for worker in list(self.current):
            code = worker.proc.poll()
            if code is None:
                continue
            event(LOG, "worker_exited", logging.ERROR, pid=worker.proc.pid, code=code)
            self.current.remove(worker)
            self.restarts = [t for t in self.restarts if now - t < 60] + [now]
            if len(self.restarts) > 5:  # a crash loop: wait before trying again
                self._sleep(5.0)
            replacement = self._start(self.generation, count=1)
            if replacement:
                self.current += replacement

    def _retire(self, workers: list[Worker]) -> None:
        deadline = time.monotonic() + self.settings.timeout + 10
        for worker in workers:
            worker.deadline = deadline
            _signal(worker, signal.SIGTERM)
        self.retiring += workers

    def _terminate(self, workers: list[Worker], grace: float) -> None:
        for worker in workers:
            _signal(worker, signal.SIGTERM)
        until = time.monotonic() + grace
        for worker in workers:
            try:
                worker.proc.wait(timeout=max(0.1, until - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.proc.kill()
                worker.proc.wait()

    def _stop_all(self) -> None:
        everyone = self.current + self.retiring
        self.current, self.retiring = [], []
        self._terminate(everyone, grace=self.settings.timeout + 5)
        event(LOG, "stopped", generation=self.generation)

    # -- helpers ----------------------------------------------------------------------

    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        from triage.loader.sources import source_files

        out = []
        for path in source_files(self.root):
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def _signals(self) -> None:
        def stop(signum: int, frame: Any) -> None:
            self.stopping = True

        def hup(signum: int, frame: Any) -> None:
            self.hup = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, hup)

    def _sleep(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        while not self.stopping and not self.hup and time.monotonic() < until:
            time.sleep(min(0.1, max(0.0, until - time.monotonic())))


def _signal(worker: Worker, signum: int) -> None:
    if worker.proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            worker.proc.send_signal(signum)
