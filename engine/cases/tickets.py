"""The ticket cases of ``tests/data/tickets/*.yaml`` (written by ``triage case add`` when no
single rule applies): each must give ``expect`` as the first diagnosis, unless it is a
``known_miss``. ``triage test`` runs them after the rules' own cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.errors import Issue

__all__ = ["Outcome", "TicketCase", "read_ticket_cases", "run_ticket_cases"]


@dataclass(frozen=True)
class TicketCase:
    name: str
    expect: str
    facts: dict[str, Any]
    known_miss: bool
    path: str
    line: int


@dataclass(frozen=True)
class Outcome:
    passed: int
    failed: int
    known: int
    lines: tuple[str, ...]


def read_ticket_cases(root: Path) -> tuple[list[TicketCase], list[Issue]]:
    from triage.loader.sources import read_document

    cases: list[TicketCase] = []
    issues: list[Issue] = []
    folder = root / "tests" / "data" / "tickets"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = str(path.relative_to(root))
        doc = read_document(path, shown)
        issues += doc.issues
        data = doc.data
        if doc.issues:
            continue
        items = data.get("cases") if isinstance(data, dict) else None
        if not isinstance(items, list):
            issues.append(Issue(doc.loc(), "a tickets file is a mapping with 'cases:', a "
                                "list", "see triage case add", "cases"))
            continue
        for i, item in enumerate(items):
            ok = (isinstance(item, dict) and isinstance(item.get("name"), str)
                  and isinstance(item.get("expect"), str)
                  and isinstance(item.get("facts"), dict))
            if not ok:
                issues.append(Issue(doc.loc(("cases", i)), "a ticket case needs name, expect "
                                    "(a cause) and facts (a mapping)", "", "cases"))
                continue
            cases.append(TicketCase(item["name"], item["expect"], item["facts"],
                                    bool(item.get("known_miss")), shown,
                                    doc.loc(("cases", i)).line))
    return cases, issues


def _run(cases: list[TicketCase], diagnoser: Any, verbose: bool) -> Iterator[tuple[str, str]]:
    for case in cases:
        result = diagnoser.diagnose(case.facts, "en")
        first = result["diagnoses"][0]["cause"] if result["diagnoses"] else "nothing"
        where = f"{case.path}:{case.line}:1"
        if first == case.expect:
            note = " (a known miss that now passes: remove known_miss)" if case.known_miss \
                else ""
            yield "passed", f"{where}: ok: {case.name}{note}" if verbose or note else ""
        elif case.known_miss:
            yield "known", f"{where}: known miss: {case.name}: expected {case.expect}, " \
                           f"got {first}"
        else:
            yield "failed", f"{where}: should give {case.expect} first: {case.name} " \
                            f"(got: {first})"


def run_ticket_cases(root: Path, diagnoser: Any, verbose: bool = False) -> Outcome:
    cases, issues = read_ticket_cases(root)
    counts = {"passed": 0, "failed": len(issues), "known": 0}
    lines = [str(i) for i in issues]
    for kind, line in _run(cases, diagnoser, verbose):
        counts[kind] += 1
        if line:
            lines.append(line)
    return Outcome(counts["passed"], counts["failed"], counts["known"], tuple(lines))
