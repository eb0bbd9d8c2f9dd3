"""``triage report LOG...``: the causes behind a day of failed requests.

``triage report [--format html|json|md] [--out FILE] [--lang zh|en] [--input-format NAME]
[--workers N] [--dask tcp://host:8786] [--baseline report.json] [--site-url URL] LOG...``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from triage.errors import UsageError
from triage.report.formats import FORMATS

__all__ = ["add_parser", "load_baseline", "run"]

DEFAULT_SITE_URL = "https://triage.example.com/"
MAX_BASELINE = 64 << 20
SMALL_INPUT = 4 << 20


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "report", help="diagnose every failed request in gateway logs and report the causes",
        description="Read new-api / one-api / LiteLLM / JSONL request logs (plain or gzip), "
        "diagnose every failed request and report the causes with charts.")
    p.add_argument("--root", help="folder with rules/ and kb/ (default: found from here)")
    p.add_argument("logs", nargs="+", metavar="LOG", help="log files (- for standard input)")
    p.add_argument("--format", choices=("html", "json", "md"), default="html")
    p.add_argument("--out", help="write the report here (default: standard output)")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("--input-format", choices=FORMATS,
                   help="the log format (default: recognised from the first lines)")
    p.add_argument("--workers", type=int, default=0,
                   help="worker processes (default: every core, one for inputs under 4 MiB; "
                   "1 = this process only)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster, e.g. tcp://scheduler:8786")
    p.add_argument("--baseline", metavar="REPORT_JSON",
                   help="a previous JSON report: show new and rising causes")
    p.add_argument("--site-url", default=DEFAULT_SITE_URL,
                   help="the answer site that cause links point to")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def load_baseline(name: str) -> dict[str, Any]:
    path = Path(name)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BASELINE + 1)
    except OSError as exc:
        raise UsageError(f"--baseline {name}: cannot read it ({exc.strerror})") from None
    if len(data) > MAX_BASELINE:
        raise UsageError(f"{name}: larger than {MAX_BASELINE >> 20} MiB; not a triage report")
    try:
        report = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{name}:1:1: not UTF-8; give a report written by "
                         "'triage report --format json'") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name}:{exc.lineno}:{exc.colno}: {exc.msg}; give a report written "
                         "by 'triage report --format json'") from None
    if not isinstance(report, dict) or report.get("report") != "triage-report" or not \
            isinstance(report.get("causes"), list):
        raise UsageError(f"{name}:1:1: not a triage report (no \"report\": \"triage-report\" "
                         "with causes); write one with 'triage report --format json'")
    return report


def _write(text: str, out: str | None) -> None:
    if not out:
        sys.stdout.write(text)
        return
    target = Path(out)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--out {out}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".report-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    from triage.cli.args import resolve_root
    from triage.report.build import build_report
    from triage.report.progress import Progress
    from triage.report.run import run_dask, run_local

    root = str(resolve_root(args.root))
    if args.workers < 0:
        raise UsageError("--workers must be 0 (every core) or more")
    baseline = load_baseline(args.baseline) if args.baseline else None
    if args.dask:
        tally, inputs = run_dask(args.logs, args.input_format, root, args.dask)
    else:
        total = sum(os.path.getsize(n) for n in args.logs if n != "-" and os.path.isfile(n))
        workers = args.workers or os.cpu_count() or 1
        if not args.workers and total < SMALL_INPUT and "-" not in args.logs:
            workers = 1  # starting workers would take longer than the work
        progress = Progress(total, force=False if args.quiet else None)
        tally, inputs = run_local(args.logs, args.input_format, root, workers, progress)
    report = build_report(tally, inputs, lang=args.lang, site_url=args.site_url,
                          baseline=baseline, baseline_name=args.baseline or "")
    if args.format == "json":
        text = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    elif args.format == "md":
        from triage.report.markdown import render_markdown

        text = render_markdown(report)
    else:
        from triage.report.html import render_html

        text = render_html(report)
    _write(text, args.out)
    if tally.bad:
        print(f"triage report: {tally.bad} line(s) could not be read (samples in the report)",
              file=sys.stderr)
    return 0
