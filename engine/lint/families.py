"""Rules and entries agree on the cause family; every family, rule and troubleshooting entry
is covered."""

from __future__ import annotations

from collections.abc import Iterator

from triage.errors import Issue, Location
from triage.lint.base import FAMILIES, Source, Sources

__all__ = ["check_families", "covers", "family_of"]


def family_of(rule: Source) -> str | None:
    """The cause family of a rule (the part of ``cause`` before the first dot)."""
    cause = rule.data.get("cause")
    if not isinstance(cause, str):
        return None
    family = cause.split(".", 1)[0]
    return family if family in FAMILIES else None


def covers(entry: Source) -> set[str]:
    """The families an entry answers: its ``family`` and its ``families``."""
    out = {entry.data.get("family")}
    out.update(f for _, f in entry.ids("families"))
    return {f for f in out if isinstance(f, str) and f in FAMILIES}


def _troubleshooting(entry: Source) -> bool:
    return entry.data.get("kind") == "troubleshooting"


def _live(rule: Source) -> bool:
    return rule.data.get("status") != "deprecated"


def _listing(ids: list[str], limit: int = 6) -> str:
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _entries_for(sources: Sources, family: str) -> list[str]:
    return sorted(e.id for e in sources.entries.values()
                  if _troubleshooting(e) and family in covers(e))


def _entry_families(entry: Source) -> Iterator[Issue]:
    family = entry.data.get("family")
    if _troubleshooting(entry) and family is None:
        yield Issue(entry.loc("family"), "a troubleshooting entry needs a cause family",
                    f"set family to one of: {', '.join(FAMILIES)}", "family")
    elif family is not None and family not in FAMILIES:
        yield Issue(entry.loc("family"), f"'{family}' is not a cause family",
                    f"use one of: {', '.join(FAMILIES)}", "family")
    for i, other in entry.ids("families"):
        if other not in FAMILIES:
            yield Issue(entry.loc("families", i), f"'{other}' is not a cause family",
                        f"use one of: {', '.join(FAMILIES)}", "family")


def _rule(sources: Sources, rule: Source) -> Iterator[Issue]:
    faq = list(rule.ids("faq"))
    if not faq:
        where = rule.loc("faq") if "faq" in rule.data else rule.loc("id")
        yield Issue(where, f"rule '{rule.id}' links to no knowledge-base entry",
                    "add the troubleshooting entry that explains this cause to faq", "coverage")
        return
    family = family_of(rule)
    if family is None:
        return
    linked = [(i, sources.entries[e]) for i, e in faq if e in sources.entries]
    guides = [(i, e) for i, e in linked if not _troubleshooting(e)]
    answers = [(i, e) for i, e in linked if _troubleshooting(e)]
    candidates = _entries_for(sources, family)
    suggest = (f"link {_listing(candidates)}, which answer '{family}'" if candidates else
               f"write a troubleshooting entry for '{family}' and link it")
    if answers and not any(family in covers(e) for _, e in answers):
        others = ", ".join(f"{e.id} ({e.data.get('family')})" for _, e in answers)
        yield Issue(rule.loc("faq", answers[0][0]), f"rule '{rule.id}' diagnoses '{family}' "
                    f"but links only troubleshooting entries of other families: {others}",
                    suggest + ", or add the family to the linked entry's families",
                    "family")
    elif guides and not answers and len(linked) == len(faq):
        yield Issue(rule.loc("faq", guides[0][0]), f"rule '{rule.id}' links no "
                    f"troubleshooting entry, only guides or concepts", suggest, "family",
                    "warning")


def _entry_rules(sources: Sources, entry: Source) -> Iterator[Issue]:
    mine = covers(entry)
    for i, rule_id in entry.ids("rules"):
        rule = sources.rules.get(rule_id)
        if rule is None:
            continue  # a broken link, reported with the links
        family = family_of(rule)
        if family is not None and mine and family not in mine:
            yield Issue(entry.loc("rules", i), f"rule '{rule_id}' diagnoses '{family}', but "
                        f"this entry answers {', '.join(sorted(mine))}",
                        "list only rules of the entry's families, or add the family to "
                        "families", "family")
        if rule.data.get("visibility") == "internal":
            yield Issue(entry.loc("rules", i), f"rule '{rule_id}' is internal; a public entry "
                        "must not name it", "remove it from rules", "internal", "warning")
        if entry.id not in {e for _, e in rule.ids("faq")}:
            yield Issue(entry.loc("rules", i), f"rule '{rule_id}' is listed here, but its faq "
                        f"does not link '{entry.id}'",
                        f"add {entry.id} to faq in {rule.path}", "link")


def _unlinked(sources: Sources) -> Iterator[Issue]:
    linked_from: dict[str, list[str]] = {}
    for rule in sources.rules.values():
        if _live(rule):
            for _, entry_id in rule.ids("faq"):
                linked_from.setdefault(entry_id, []).append(rule.id)
    for entry in sources.entries.values():
        if not _troubleshooting(entry) or entry.id in linked_from:
            continue
        family = entry.data.get("family")
        rules = sorted(r.id for r in sources.rules.values()
                       if _live(r) and family_of(r) == family)
        hint = (f"add {entry.id} to the faq of a '{family}' rule: {_listing(rules)}" if rules
                else f"no rule diagnoses '{family}' yet; write one in rules/{family}/")
        yield Issue(entry.loc("id"), f"no rule links the troubleshooting entry '{entry.id}'",
                    hint, "coverage")


def _families_covered(sources: Sources) -> Iterator[Issue]:
    if sources.unreadable.get("entry"):
        return  # an unreadable entry may be the one that covers the family
    covered: set[str] = set()
    for entry in sources.entries.values():
        if _troubleshooting(entry):
            covered |= covers(entry)
    order = sources.order
    listed = {f: i for i, f in order.ids("families")} if order is not None else {}
    for family in FAMILIES:
        if family in covered:
            continue
        where = (order.loc("families", listed[family]) if order is not None and family in listed
                 else Location("kb", 0, 0))
        yield Issue(where, f"no troubleshooting entry answers the cause family '{family}'",
                    f"write kb/entries/<id>.yaml with kind: troubleshooting and family: "
                    f"{family}", "coverage")


def check_families(sources: Sources) -> list[Issue]:
    """Families agree between rules and entries; every family, rule and entry is covered."""
    issues: list[Issue] = []
    for entry in sources.entries.values():
        issues += _entry_families(entry)
        issues += _entry_rules(sources, entry)
    for rule in sources.rules.values():
        issues += _rule(sources, rule)
    issues += _unlinked(sources)
    issues += _families_covered(sources)
    return issues
