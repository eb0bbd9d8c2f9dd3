"""One worker process of ``triage serve`` (started by the supervisor, not by people).

``python -m triage.serve.worker --fd N --ready-fd M --root DIR --settings JSON`` loads the
knowledge base once, serves the app with uvicorn on the inherited listening socket, and
writes ``ready`` on the pipe once it accepts connections. It leaves when told (SIGTERM:
uvicorn finishes the requests in flight) or when its supervisor is gone.

``python -m triage.serve.worker --check --root DIR`` loads and compiles the sources the way
a worker would, logs every problem, and exits 0 (usable) or 1 (keep the old workers).
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from triage.errors import SourceError
from triage.serve.logs import LOG, event, setup_logging
from triage.serve.settings import Settings

__all__ = ["main"]


_notified: list[int] = []


def _notify(fd: int, message: bytes) -> None:
    """Write the one message the supervisor waits for, then close the pipe (only once: the
    fd number may be reused afterwards)."""
    if fd < 0 or fd in _notified:
        return
    _notified.append(fd)
    try:
        os.write(fd, message)
        os.close(fd)
    except OSError:
        pass


def _server_class() -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, plus: say when ready; leave when the supervisor is gone."""

        ready_fd = -1
        parent = 0

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                _notify(self.ready_fd, b"ready\n")

        async def on_tick(self, counter: int) -> bool:
            if counter % 10 == 0 and self.parent and os.getppid() != self.parent:
                event(LOG, "orphaned", logging.WARNING, reason="the supervisor is gone")
                self.should_exit = True
            return bool(await super().on_tick(counter))

    return Server


def _problems(exc: SourceError) -> None:
    for issue in exc.issues[:200]:
        event(LOG, "source_problem", logging.ERROR, problem=str(issue))


def check(root: Path) -> int:
    from triage.serve.knowledge import load_knowledge

    try:
        knowledge = load_knowledge(root)
    except SourceError as exc:
        _problems(exc)
        return 1
    event(LOG, "sources_ok", key=knowledge.key, rules=knowledge.rule_count)
    return 0


def serve(root: Path, settings: Settings, fd: int, ready_fd: int) -> int:
    import uvicorn
    from triage.serve.app import create_app

    try:
        app = create_app(root, settings)
    except SourceError as exc:
        _problems(exc)
        _notify(ready_fd, b"error\n")
        return 2
    sock = socket.socket(fileno=fd)
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", loop="asyncio",
        server_header=False, proxy_headers=False, timeout_keep_alive=5,
        timeout_graceful_shutdown=int(settings.timeout) + 1, limit_concurrency=1000,
    )
    server = _server_class()(config)
    server.ready_fd = ready_fd
    server.parent = os.getppid()
    knowledge = app.state.knowledge
    event(LOG, "worker_started", generation=settings.generation, key=knowledge.key)
    server.run(sockets=[sock])  # uvicorn re-raises the SIGTERM it caught when it is done
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m triage.serve.worker")
    parser.add_argument("--root", required=True)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--fd", type=int, default=-1)
    parser.add_argument("--ready-fd", type=int, default=-1)
    parser.add_argument("--settings", default="{}")
    args = parser.parse_args(argv)
    settings = Settings.from_json(args.settings)
    setup_logging(settings.access_log)
    root = Path(args.root)
    if not args.check and args.fd < 0:
        parser.error("--fd is required unless --check")
    try:
        if args.check:
            return check(root)
        return serve(root, settings, args.fd, args.ready_fd)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: leave quietly
        _notify(args.ready_fd, b"error\n")
        return 130
    except Exception as exc:  # masked, one line; the supervisor decides what next
        event(LOG, "worker_failed", logging.ERROR, error=f"{type(exc).__name__}: {exc}"[:500])
        _notify(args.ready_fd, b"error\n")
        return 3


if __name__ == "__main__":
    sys.exit(main())
