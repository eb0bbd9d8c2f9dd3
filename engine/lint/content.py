"""Both languages with every section; review dates; the changelog against the version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from triage.errors import Issue
from triage.lint.base import Source, Sources, as_date, filled
from triage.model import LANGS

__all__ = ["ENTRY_SECTIONS", "check_dates", "check_languages"]

ENTRY_SECTIONS = ("title", "question", "answer", "basis", "boundaries", "steps", "followups",
                  "evidence", "never_ask", "handoff", "safety")

# kind → (where the languages sit, the sections each language needs)
_SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "entry": ((), ENTRY_SECTIONS),
    "glossary": ((), ("term", "definition")),
    "checklist": ((), ("title", "intro", "items")),
    "rule": (("text",), ("title", "explanation", "next_steps", "evidence")),
}

# kind → {list section: severity when the languages hold different numbers of items}
_SAME_COUNT = {"entry": {"followups": "error", "steps": "warning"},
               "checklist": {"items": "warning"}}

_NAMES = {"zh": "Chinese (zh)", "en": "English (en)"}


def _language(source: Source, prefix: tuple[str, ...], lang: str) -> Iterator[Issue]:
    other = next(o for o in LANGS if o != lang)
    body = source.get(*prefix, lang)
    if body is None or not isinstance(body, dict):
        if body is None and source.get(*prefix, other) is not None:
            where = source.loc(*prefix, other, key=True)
        elif body is None:
            where = source.loc(*prefix, key=True) if prefix else source.loc("id")
        else:
            where = source.loc(*prefix, lang)
        what = "no" if body is None else "no usable"
        yield Issue(where, f"{what} {_NAMES[lang]} text", f"every {source.kind} needs "
                    f"{' and '.join(LANGS)} with the same sections", "language")


def _sections(source: Source, prefix: tuple[str, ...], lang: str,
              sections: tuple[str, ...]) -> Iterator[Issue]:
    body = source.get(*prefix, lang)
    if not isinstance(body, dict):
        return
    other = next(o for o in LANGS if o != lang)
    for name in sections:
        path = (*prefix, lang, name)
        if name not in body:
            there = source.get(*prefix, other, name)
            hint = (f"add it; the {other} text has it at line {source.line(*prefix, other, name)}"
                    if there is not None else f"add {lang}.{name}")
            yield Issue(source.loc(*prefix, lang, key=True), f"the {lang} text has no "
                        f"'{name}' section", hint, "section")
        elif not filled(body[name]):
            yield Issue(source.loc(*path), f"the {lang} '{name}' section is empty",
                        "write it, or copy the other language's and translate it", "section")
        elif isinstance(body[name], list):
            yield from _items(source, path, body[name])


def _items(source: Source, path: tuple[Any, ...], items: list[Any]) -> Iterator[Issue]:
    where = ".".join(str(p) for p in path)
    for i, item in enumerate(items):
        if isinstance(item, dict):
            for part in ("q", "a") if path[-1] == "followups" else ():
                if not filled(item.get(part)):
                    at = source.loc(*path, i, part) if part in item else source.loc(*path, i)
                    yield Issue(at, f"{where}[{i}] has no '{part}'", "each follow-up needs a "
                                "question (q) and an answer (a)", "section")
        elif not filled(item):
            yield Issue(source.loc(*path, i), f"{where}[{i}] is empty", "write it or remove "
                        "the item", "section")


def _counts(source: Source, prefix: tuple[str, ...]) -> Iterator[Issue]:
    for name, severity in _SAME_COUNT.get(source.kind, {}).items():
        zh, en = (source.get(*prefix, lang, name) for lang in LANGS)
        if not (isinstance(zh, list) and isinstance(en, list)) or len(zh) == len(en):
            continue
        short, long_ = ("zh", "en") if len(zh) < len(en) else ("en", "zh")
        counts = {"zh": len(zh), "en": len(en)}
        yield Issue(source.loc(*prefix, short, name, key=True), f"{short}.{name} has "
                    f"{counts[short]} item(s) but {long_}.{name} has {counts[long_]} (line "
                    f"{source.line(*prefix, long_, name)})", "translate every item so both "
                    "languages say the same", "language", severity)


def check_languages(sources: Sources) -> list[Issue]:
    """zh and en both present, with every section filled and the same number of items."""
    issues: list[Issue] = []
    for source in sources.all():
        prefix, sections = _SECTIONS[source.kind]
        if prefix and not isinstance(source.get(*prefix), dict):
            if source.get(*prefix) is None:
                issues.append(Issue(source.loc("id"), f"the rule has no {prefix[0]}",
                                    "add text with zh and en", "language"))
            continue
        for lang in LANGS:
            issues += _language(source, prefix, lang)
            issues += _sections(source, prefix, lang, sections)
        issues += _counts(source, prefix)
    return issues


def _date(source: Source, name: str, found: list[Issue], *path: Any) -> dt.date | None:
    value = source.get(*(path or (name,)))
    day = as_date(value)
    if day is None and isinstance(value, str) and value:
        found.append(Issue(source.loc(*(path or (name,))), f"{name} '{value}' is not a real "
                           "date", "write YYYY-MM-DD", "date"))
    return day


def _entry_dates(source: Source, today: dt.date) -> list[Issue]:
    found: list[Issue] = []
    changed = _date(source, "changed", found)
    reviewed = _date(source, "reviewed", found)
    due = _date(source, "next_review", found)
    if due is not None and due < today:
        found.append(Issue(source.loc("next_review"), f"the review was due on {due} (today is "
                           f"{today})", "review the entry, then set reviewed to today and "
                           "next_review to a later date", "review"))
    if changed and reviewed and reviewed < changed:
        found.append(Issue(source.loc("reviewed"), f"changed on {changed}, after the last "
                           f"review on {reviewed}", "review the change and set reviewed",
                           "review", "warning"))
    if reviewed and due and due <= reviewed:
        found.append(Issue(source.loc("next_review"), f"next_review {due} is not after "
                           f"reviewed {reviewed}", "set the next review after the last one",
                           "review", "warning"))
    for name, day in (("changed", changed), ("reviewed", reviewed)):
        if day is not None and day > today:
            found.append(Issue(source.loc(name), f"{name} {day} is in the future (today is "
                               f"{today})", f"set {name} to the day it happened", "date",
                               "warning"))
    changelog = source.get("changelog")
    if isinstance(changelog, list) and changelog:
        version, first = source.get("version"), source.get("changelog", 0, "version")
        if isinstance(version, str) and isinstance(first, str) and first != version:
            found.append(Issue(source.loc("changelog", 0, "version"), f"the newest changelog "
                               f"entry is {first}, but the entry is version {version}",
                               "put the newest change first and keep version equal to it",
                               "changelog"))
        for i in range(len(changelog)):
            day = _date(source, "changelog date", found, "changelog", i, "date")
            if day is not None and changed is not None and day > changed:
                found.append(Issue(source.loc("changelog", i, "date"), f"the change of {day} "
                                   f"is after changed ({changed})", "set changed to the newest "
                                   "change's date", "changelog", "warning"))
    return found


def check_dates(sources: Sources, today: dt.date) -> list[Issue]:
    """Reviews not overdue, dates real and not in the future, the changelog matching."""
    issues: list[Issue] = []
    for source in sources.entries.values():
        issues += _entry_dates(source, today)
    for source in (*sources.glossary.values(), *sources.checklists.values()):
        found: list[Issue] = []
        changed = _date(source, "changed", found)
        if changed is not None and changed > today:
            found.append(Issue(source.loc("changed"), f"changed {changed} is in the future "
                               f"(today is {today})", "set changed to the day it happened",
                               "date", "warning"))
        issues += found
    return issues
