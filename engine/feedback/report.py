"""From stored feedback: precision per rule and per family, the confusion pairs (the cause
given → the cause support named), the rules never confirmed, and the export of wrong answers
as ``triage case add`` input."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.feedback.store import Record

__all__ = ["Report", "build_report", "export_records", "make_record", "render_report"]

NONE = "(none)"


@dataclass(frozen=True)
class Report:
    records: int
    rules: dict[str, dict[str, Any]]       # rule → right, wrong, precision
    families: dict[str, dict[str, Any]]    # family → right, wrong, precision
    confusion: list[dict[str, Any]]        # given, right, count (most first)
    never_confirmed: list[str]             # known rules with no 'right' verdict

    def plain(self) -> dict[str, Any]:
        return {"records": self.records, "rules": self.rules, "families": self.families,
                "confusion": self.confusion, "never_confirmed": self.never_confirmed}


def _tally(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    counts: dict[str, Counter[str]] = {}
    for name, verdict in pairs:
        counts.setdefault(name, Counter())[verdict] += 1
    out = {}
    for name in sorted(counts):
        right, wrong = counts[name]["right"], counts[name]["wrong"]
        out[name] = {"right": right, "wrong": wrong,
                     "precision": round(right / (right + wrong), 4) if right + wrong else None}
    return out


def build_report(records: Iterable[Record], known_rules: Iterable[str] = ()) -> Report:
    items = list(records)
    rules = _tally((r.rule or NONE, r.verdict) for r in items)
    families = _tally(((r.cause.split(".", 1)[0] if r.cause else NONE), r.verdict)
                      for r in items)
    pairs = Counter((r.cause or NONE, r.right_cause) for r in items
                    if r.verdict == "wrong" and r.right_cause and r.right_cause != r.cause)
    confusion = [{"given": g, "right": w, "count": n}
                 for (g, w), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))]
    confirmed = {name for name, t in rules.items() if t["right"]}
    never = sorted(set(known_rules) - confirmed)
    return Report(len(items), rules, families, confusion, never)


def render_report(report: Report) -> str:
    lines = [f"{report.records} feedback record(s)", "", "precision per rule (right/judged):"]

    def table(rows: Mapping[str, Mapping[str, Any]]) -> None:
        for name, t in sorted(rows.items(), key=lambda kv: (kv[1]["precision"] or 0, kv[0])):
            p = "-" if t["precision"] is None else f"{t['precision']:.2f}"
            lines.append(f"  {name:<44} {p:>5}  right {t['right']:>4}  wrong {t['wrong']:>4}")

    table(report.rules)
    lines += ["", "precision per family:"]
    table(report.families)
    lines += ["", "confusion pairs (given -> right):"]
    lines += [f"  {c['given']} -> {c['right']}: {c['count']}" for c in report.confusion] \
        or ["  none"]
    lines += ["", f"rules never confirmed ({len(report.never_confirmed)}):"]
    lines += [f"  {name}" for name in report.never_confirmed] or ["  none"]
    return "\n".join(lines) + "\n"


def make_record(diagnoser: Any, kb_version: str, facts: Mapping[str, Any], verdict: str, *,
                right_cause: str = "", rule: str = "", lang: str = "en",
                note: str = "") -> Record:
    """The record of one verdict: the answer is diagnosed again from the facts (as support
    saw it); the facts are kept redacted. ``rule`` picks the judged diagnosis (default: the
    first); ValueError when it is not among them."""
    from triage.redact import Redactor, redact_ticket, ticket_secrets

    result = diagnoser.diagnose(facts, lang)
    answer = [{"rule": d["rule"], "rule_version": d["rule_version"], "cause": d["cause"]}
              for d in result["diagnoses"]]
    judged = answer[0] if answer else None
    if rule:
        judged = next((a for a in answer if a["rule"] == rule), None)
        if judged is None:
            raise ValueError(f"the rule {rule!r} is not among the diagnoses of these facts")
    redactor = Redactor(ticket_secrets(facts))
    return Record(kb_version=kb_version, rule=judged["rule"] if judged else "",
                  cause=judged["cause"] if judged else "", verdict=verdict,
                  right_cause=right_cause, answer=answer, facts=redact_ticket(facts),
                  lang=lang, note=redactor.text(note[:2000]))


def export_records(records: Iterable[Record], out: Path, wrong_only: bool) -> list[str]:
    """Write each (wrong) record's facts to ``out/feedback-<id>.yaml``; return the
    ``triage case add`` commands that would turn them into cases."""
    import yaml

    out.mkdir(parents=True, exist_ok=True)
    commands = []
    for r in records:
        if wrong_only and r.verdict != "wrong":
            continue
        path = out / f"feedback-{r.id}.yaml"
        expect = r.right_cause or "CAUSE"
        head = (f"# feedback #{r.id} ({r.created}, knowledge base {r.kb_version}): answered "
                f"{r.cause or 'nothing'} ({r.rule or 'no rule'}), judged {r.verdict}\n"
                f"# triage case add {path} --expect {expect}\n")
        path.write_text(head + yaml.safe_dump(r.facts, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        commands.append(f"triage case add {path} --expect {expect}"
                        + ("" if r.right_cause else "   # name the right cause"))
    return commands
