"""``triage case add``: turn a solved ticket into a redacted regression case.

The ticket is redacted (:func:`triage.redact.redact_ticket`), diagnosed as the knowledge base
stands today, and appended to the cases file of the rule that gives the expected cause (or
``tests/data/tickets/<family>.yaml`` when no single rule applies). A case that does not give
the expected cause is refused unless it is recorded as a known miss.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from triage.errors import UsageError
from triage.vocabulary import FAMILIES

__all__ = ["TICKETS_DIR", "Plan", "plan_case"]

TICKETS_DIR = Path("tests/data/tickets")
_CAUSE = re.compile(r"\A[a-z_]{2,40}(\.[a-z0-9_]{1,60}){0,4}\Z")


@dataclass(frozen=True)
class Plan:
    target: Path             # the file that will be written
    shown: str               # the target, as shown (relative to the root)
    rule: str | None         # the rule whose cases get it; None for the tickets folder
    item: dict[str, Any]     # the redacted case
    got: tuple[str, ...]     # the causes diagnosed today, in order
    passes: bool             # the first diagnosis gives the expected cause (and rule)
    old_text: str
    new_text: str

    @property
    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.old_text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            f"a/{self.shown}", f"b/{self.shown}"))


def _check_cause(expect: str) -> None:
    if not _CAUSE.match(expect) or expect.split(".", 1)[0] not in FAMILIES:
        raise UsageError(f"case add: --expect {expect!r} is not a cause: give family.detail "
                         f"with a family of {', '.join(FAMILIES)}")


def _unique_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def _names(text: str) -> set[str]:
    return set(re.findall(r"(?m)^\s*-?\s*name:\s*['\"]?(.*?)['\"]?\s*$", text))


def plan_case(root: Path, ticket: dict[str, Any], expect: str, *, rule: str | None = None,
              name: str | None = None, keep_id: bool = False) -> Plan:
    """Everything ``case add`` will show and write; raises UsageError on bad input."""
    from triage.cases.yamlfile import append_case
    from triage.compile import compile_kb
    from triage.errors import SourceError
    from triage.evaluate import Diagnoser
    from triage.facts.strict import case_problems
    from triage.loader.sources import load_sources
    from triage.redact import redact_ticket

    _check_cause(expect)
    kb, issues = load_sources(root, trust_checked=True)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise SourceError(errors)
    if rule is not None and kb.rule(rule) is None:
        raise UsageError(f"case add: --rule {rule!r} names no rule (see triage validate)")
    facts = redact_ticket(ticket, keep_id=keep_id)
    problems = [f"{'.'.join(map(str, where))}: {what} (hint: {hint})"
                for where, _, what, hint in case_problems(facts)]
    if problems:  # the cases file would no longer validate
        raise UsageError("case add: the ticket is not a valid case: " + "; ".join(problems))
    result = Diagnoser(compile_kb(kb)).diagnose(facts, "en")
    diagnoses = result["diagnoses"]
    got = tuple(d["cause"] for d in diagnoses)
    first = diagnoses[0] if diagnoses else None
    passes = first is not None and first["cause"] == expect and (
        rule is None or first["rule"] == rule)
    target_rule = rule
    if target_rule is None:
        if passes and first is not None:
            target_rule = str(first["rule"])
        else:
            same = [r.id for r in kb.rules if r.cause == expect and r.status != "deprecated"]
            target_rule = same[0] if len(same) == 1 else None
    if target_rule is not None:
        found = kb.rule(target_rule)
        assert found is not None
        target = root / Path(found.path).with_name(f"{target_rule}.cases.yaml")
    else:
        target = root / TICKETS_DIR / f"{expect.split('.', 1)[0]}.yaml"
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    item: dict[str, Any] = {"name": _unique_name(name or f"ticket {stamp} {expect}",
                                                 _names(old))}
    if target_rule is None:
        item["expect"] = expect
    item["facts"] = facts
    if target_rule is not None:
        item["first"] = True
    if not passes:
        item["known_miss"] = True
    if target_rule is not None:
        header: dict[str, Any] = {"rule": target_rule}
        new = append_case(old, "fires", item, header)
        if not old:
            new = ("# yaml-language-server: $schema=../../schemas/cases.schema.json\n" + new)
    else:
        new = append_case(old, "cases", item, {})
        if not old:
            new = ("# Regression cases from tickets that no single rule owns (triage case "
                   "add).\n# Each must give 'expect' as the first diagnosis, unless "
                   "known_miss.\n" + new)
    shown = str(target.relative_to(root)) if target.is_relative_to(root) else str(target)
    return Plan(target, shown, target_rule, item, got, passes, old, new)
