"""``triage validate``, ``triage test`` and ``triage lint``: reporters print file:line:col."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from triage.errors import Issue, UsageError

__all__ = ["run_lint", "run_test", "run_validate"]


def _selected(paths: list[str], root: Path) -> list[Path] | None:
    if not paths:
        return None
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise UsageError(f"{p}: no such file or folder")
        out.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    return [p.resolve() for p in out]


def _report(issues: list[Issue], what: str) -> int:
    for issue in issues:
        print(issue)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    files = len({i.location.path for i in issues})
    if issues:
        print(f"{errors} error(s), {warnings} warning(s) in {files} file(s)", file=sys.stderr)
    else:
        print(f"{what}: no problems", file=sys.stderr)
    return 1 if errors else 0


def _load(args: argparse.Namespace, root: Path) -> tuple[object, list[Issue]]:
    from triage.loader.sources import load_sources

    kb, issues = load_sources(root)
    selected = _selected(getattr(args, "paths", []), root)
    if selected is not None:
        inside = [p for p in selected if p.is_relative_to(root)]
        outside = [p for p in selected if not p.is_relative_to(root)]
        shown = {str(p.relative_to(root)) for p in inside}
        issues = [i for i in issues if i.location.path in shown]
        if outside:
            _, more = load_sources(root, outside)
            issues += more
    return kb, issues


def run_validate(args: argparse.Namespace, root: Path) -> int:
    _, issues = _load(args, root)
    return _report(issues, "validate")


def run_test(args: argparse.Namespace, root: Path) -> int:
    from triage.compile import compile_kb
    from triage.evaluate import Diagnoser
    from triage.loader.sources import load_sources

    kb, issues = load_sources(root, trust_checked=True)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        for issue in errors:
            print(issue)
        print("triage test: fix the problems above first (triage validate)", file=sys.stderr)
        print(f"0 passed, {len(errors)} failed")
        return 1
    selected = _selected(args.paths, root)
    wanted = None
    if selected is not None:
        wanted = {p.name.removesuffix(".cases.yaml").removesuffix(".yaml") for p in selected}
    diagnoser = Diagnoser(compile_kb(kb))
    passed = failed = known = 0
    for case in kb.cases:
        if wanted is not None and case.rule not in wanted:
            continue
        _, ids, _ = diagnoser.fired(case.facts)
        ok = case.rule in ids if case.fires else case.rule not in ids
        if ok and case.fires and case.first:
            ok = bool(ids) and ids[0] == case.rule
        if ok:
            passed += 1
            if args.verbose or case.known_miss:
                print(f"{case.path}:{case.line}: ok: {case.name}"
                      + (" (a known miss that now passes: remove known_miss)"
                         if case.known_miss else ""))
            continue
        if case.known_miss:  # recorded by 'triage case add --expect-fail'
            known += 1
            print(f"{case.path}:{case.line}:1: known miss: {case.name} (fired: "
                  f"{', '.join(ids[:4]) or 'nothing fired'})")
            continue
        failed += 1
        if case.fires:
            want = "be the first diagnosis" if case.first and case.rule in ids else "fire"
        else:
            want = "not fire"
        got = ", ".join(ids[:4]) or "nothing fired"
        print(f"{case.path}:{case.line}:1: {case.rule} should {want}: {case.name} "
              f"(fired: {got})")
    if selected is None:  # tests/data/tickets/: cases that no single rule owns
        from triage.cases.tickets import run_ticket_cases

        outcome = run_ticket_cases(root, diagnoser, args.verbose)
        for line in outcome.lines:
            print(line)
        passed, failed, known = (passed + outcome.passed, failed + outcome.failed,
                                 known + outcome.known)
    if known:
        print(f"{known} known miss(es), reported apart (not counted as failed)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def lint_issues(root: Path, today: str | None) -> list[Issue]:
    """Validation's problems and lint's, once each: lint never says "no problems" about
    files that fail validation."""
    from triage.lint import lint
    from triage.loader.sources import load_sources

    _, issues = load_sources(root)
    return sorted(set(issues) | set(lint(root, today=today)))


def run_lint(args: argparse.Namespace, root: Path) -> int:
    return _report(lint_issues(root, args.today), "lint")
