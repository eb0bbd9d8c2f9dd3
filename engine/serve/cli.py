"""The ``serve`` sub-command: ``add_parser(subparsers)`` and ``run(args) -> int``.

``triage serve [--host 127.0.0.1] [--port 8080] [--workers 1] [--root DIR] [--max-body N]
[--timeout S] [--allow-probe HOST ...] [--no-reload]`` starts the supervisor, which runs
uvicorn workers on one socket and recycles them when the sources change.
"""

from __future__ import annotations

import argparse
from typing import Any

from triage.cli.args import int_range, resolve_root, seconds, size
from triage.errors import UsageError

__all__ = ["add_parser", "run"]

_DESCRIPTION = (
    "Serve the web console (zh/en) and the HTTP API (/v1/diagnose, /openapi.json...) on the "
    "same engine and knowledge base as the command line. The knowledge base is reloaded when "
    "its files change, by starting fresh worker processes once the new sources validate."
)


def add_parser(subparsers: Any) -> None:
    """Add ``serve`` to an argparse ``subparsers`` object."""
    p = subparsers.add_parser("serve", help="serve the web console and the HTTP API",
                              description=_DESCRIPTION)
    p.add_argument("--root", help="folder with rules/ and kb/ (default: found from here)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int_range(0, 65535, "port"), default=8080,
                   help="port (8080; 0 picks a free one, logged at start)")
    p.add_argument("--workers", type=int_range(1, 64, "workers"), default=1,
                   help="worker processes (1)")
    p.add_argument("--max-body", type=size(1024, 1 << 30), default=1 << 20, metavar="BYTES",
                   help="largest request body; K and M suffixes (1M)")
    p.add_argument("--timeout", type=seconds, default=30.0, metavar="S",
                   help="time limit of one request in seconds (30)")
    p.add_argument("--allow-probe", action="append", default=[], metavar="HOST",
                   help="let POST /v1/collect probe this host (host or host:port; "
                        "repeatable). Without it the endpoint does not exist")
    p.add_argument("--db", metavar="DB", default="",
                   help="where feedback is stored: a SQLite file (default: "
                        "$TRIAGE_FEEDBACK_DB or ~/.local/share/triage/feedback.sqlite3) or "
                        "postgresql://user@host/db for several replicas")
    p.add_argument("--no-reload", action="store_true",
                   help="do not watch the sources (SIGHUP still reloads)")


def run(args: argparse.Namespace) -> int:
    from triage.serve.logs import setup_logging
    from triage.serve.settings import Settings, normalise_probe_host
    from triage.serve.supervisor import Supervisor

    setup_logging()
    from triage.facts.platform import platform_from_env

    platform_from_env()   # a bad TRIAGE_PLATFORM_BASE_URL stops here (exit 2), not in a worker
    try:
        hosts = tuple(dict.fromkeys(normalise_probe_host(h) for h in args.allow_probe))
        settings = Settings(max_body=args.max_body, timeout=args.timeout, allow_probe=hosts,
                            feedback_db=args.db)
    except ValueError as exc:
        raise UsageError(f"serve: {exc}") from None
    supervisor = Supervisor(root=resolve_root(args.root), settings=settings, host=args.host,
                            port=args.port, workers=args.workers, reload=not args.no_reload)
    return supervisor.run()

