"""``triage check``: validate, test and lint in one go, for editors and for CI.

Prints every problem (``file:line:col: message``, or GitHub annotations with
``--format github``), then one summary line; exit 1 when anything is wrong. ``--watch``
checks again whenever a source file changes (polling: no extra dependency).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from triage.errors import Issue, Location

__all__ = ["Outcome", "add_parser", "check_once", "github_line", "run", "watch"]


class Outcome(NamedTuple):
    issues: list[Issue]
    passed: int
    failed: int
    tested: bool

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.failed == 0

    def summary(self) -> str:
        warnings = len(self.issues) - self.errors
        files = len({i.location.path for i in self.issues})
        tests = f"{self.passed} passed, {self.failed} failed" if self.tested else \
            "not run (fix the errors first)"
        verdict = "ok" if self.ok else "problems found"
        return (f"triage check: {verdict}: {self.errors} error(s), {warnings} warning(s) in "
                f"{files} file(s); tests: {tests}")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="validate + test + lint, with a summary line",
                       description="validate + test + lint, with a summary line; exit 1 "
                       "on any problem")
    p.add_argument("--root", help="folder with rules/ and kb/ (default: found from here)")
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github: workflow annotations (::error file=...)")
    p.add_argument("--today", help="the date to judge reviews by (YYYY-MM-DD)")
    p.add_argument("--watch", action="store_true", help="check again whenever a file changes")
    p.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)


def _test_failures(root: Path) -> tuple[list[Issue], int, int]:
    from triage.compile import compile_kb
    from triage.evaluate import Diagnoser
    from triage.loader.sources import load_sources

    kb, _ = load_sources(root, trust_checked=True)
    diagnoser = Diagnoser(compile_kb(kb))
    issues: list[Issue] = []
    passed = 0
    for case in kb.cases:
        _, ids, _ = diagnoser.fired(case.facts)
        ok = case.rule in ids if case.fires else case.rule not in ids
        if ok and case.fires and case.first:
            ok = bool(ids) and ids[0] == case.rule
        if ok:
            passed += 1
            continue
        want = ("be the first diagnosis" if case.first and case.rule in ids else "fire") \
            if case.fires else "not fire"
        got = ", ".join(ids[:4]) or "nothing fired"
        issues.append(Issue(Location(case.path, case.line, 1), f"{case.rule} should {want}: "
                            f"{case.name} (fired: {got})", f"triage diagnose --explain "
                            f"{case.rule} on this case's facts shows why", "test"))
    return issues, passed, len(issues)


def check_once(root: Path, today: str | None = None) -> Outcome:
    """Validation and lint problems, then the cases (only when nothing blocks them)."""
    from triage.cli.checks import lint_issues

    issues = lint_issues(root, today)  # validation's problems and lint's
    blocking = any(i.severity == "error" and i.code not in _LINT_ONLY for i in issues)
    if blocking:
        return Outcome(sorted(set(issues)), 0, 0, False)
    failures, passed, failed = _test_failures(root)
    return Outcome(sorted(set(issues)) + failures, passed, failed, True)


# Problems that lint finds in valid files; they do not stop the cases from running.
_LINT_ONLY = frozenset({"link", "language", "section", "review", "date", "changelog",
                        "duplicate", "family", "coverage", "internal", "untranslated",
                        "placeholder", "cases"})


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_line(issue: Issue) -> str:
    """One workflow command: GitHub shows it on the line of the file in the pull request."""
    kind = "error" if issue.severity == "error" else "warning"
    loc = issue.location
    props = [f"file={_escape(loc.path, True)}"]
    if loc.line:
        props.append(f"line={loc.line}")
    if loc.col:
        props.append(f"col={loc.col}")
    props.append(f"title={_escape('triage ' + issue.code, True)}")
    message = issue.message + (f" (hint: {issue.hint})" if issue.hint else "")
    return f"::{kind} {','.join(props)}::{_escape(message)}"


def _print(outcome: Outcome, fmt: str) -> None:
    for issue in outcome.issues:
        print(github_line(issue) if fmt == "github" else str(issue))
    print(outcome.summary())
    sys.stdout.flush()


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    from triage.loader.discover import source_files

    out: dict[str, tuple[int, int]] = {}
    for path in source_files(root):
        try:
            st = path.stat()
        except OSError:
            continue
        out[str(path)] = (st.st_mtime_ns, st.st_size)
    return out


def watch(root: Path, once: Callable[[], None], interval: float = 1.0,
          keep_going: Callable[[], bool] = lambda: True) -> None:
    """Call ``once`` now and after every change of a source file (added, edited, removed)."""
    seen = _stamps(root)
    once()
    while keep_going():
        time.sleep(interval)
        now = _stamps(root)
        if now != seen:
            seen = now
            print(f"\n--- {time.strftime('%H:%M:%S')}: files changed, checking again")
            once()


def run(args: argparse.Namespace) -> int:
    from triage.cli.args import resolve_root

    root = resolve_root(getattr(args, "root", None))
    if not args.watch:
        outcome = check_once(root, args.today)
        _print(outcome, args.format)
        return 0 if outcome.ok else 1
    command = [sys.executable, "-m", "triage", "check", "--root", str(root), "--format",
               args.format, *(["--today", args.today] if args.today else [])]

    def once() -> None:  # a fresh process each time: the rules engine is loaded anew
        subprocess.run(command, check=False)

    watch(root, once, args.interval)
    return 0
