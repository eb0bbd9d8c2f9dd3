"""``triage feedback report [--db DB] [--format text|json]`` and
``triage feedback export --wrong --out DIR [--db DB]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]

_DB_HELP = ("SQLite file, or postgresql://user@host/db (default: $TRIAGE_FEEDBACK_DB or "
            "~/.local/share/triage/feedback.sqlite3)")


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("feedback", help="what support said about diagnoses",
                              description="Report on and export the feedback that support "
                              "gave on diagnoses (console buttons, POST /v1/feedback).")
    sub = p.add_subparsers(dest="feedback_verb", metavar="ACTION")
    sub.required = True
    r = sub.add_parser("report", help="precision per rule and family, confusion pairs, "
                       "rules never confirmed")
    r.add_argument("--db", help=_DB_HELP)
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.add_argument("--root", help="folder with rules/ and kb/ (default: found from here)")
    e = sub.add_parser("export", help="write feedback as 'triage case add' input")
    e.add_argument("--db", help=_DB_HELP)
    e.add_argument("--wrong", action="store_true", help="only the answers judged wrong")
    e.add_argument("--out", required=True, help="folder for the fact files")


def run(args: argparse.Namespace) -> int:
    from triage.feedback.report import build_report, export_records, render_report
    from triage.feedback.store import open_store

    store = open_store(args.db)
    try:
        if args.feedback_verb == "export":
            for line in export_records(store.records(), Path(args.out), args.wrong):
                print(line)
            return 0
        from triage.api import load_compiled
        from triage.cli.args import resolve_root

        compiled = load_compiled(resolve_root(args.root))
        report = build_report(store.records(), compiled.rules.keys())
        if args.format == "json":
            sys.stdout.write(json.dumps(report.plain(), ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(render_report(report))
        return 0
    finally:
        store.close()
