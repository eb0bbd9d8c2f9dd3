"""Links that point nowhere: id lists, inline ``[[kind:id]]`` links, and internal rules
linked from public pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from triage.errors import Issue, Location
from triage.lint.base import Source, Sources, near, strings

__all__ = ["INLINE_KINDS", "INLINE_LINK", "check_links"]

#: ``[[kind:id]]`` or ``[[kind:id|link text]]`` inside any text of a page
INLINE_LINK = re.compile(r"\[\[([^\[\]\r\n]*)\]\]")
_ATTEMPT = re.compile(r"\s*([A-Za-z_-]+)\s*:(.*)", re.S)
_WELL_FORMED = re.compile(r"([a-z]+):([a-z0-9]+(?:[.-][a-z0-9]+)*)(?:\|([^|]*\S[^|]*))?")

#: inline link kind → the kind of source it names
INLINE_KINDS = {"entry": "entry", "term": "glossary", "rule": "rule", "checklist": "checklist"}

_WORDS = {"entry": "knowledge-base entry", "glossary": "glossary term", "rule": "rule",
          "checklist": "checklist"}
_FOLDERS = {"entry": "kb/entries", "glossary": "kb/glossary", "rule": "rules/<family>",
            "checklist": "kb/checklists"}

# (source kind, field, kind of the target)
_ID_LISTS = (
    ("entry", "related", "entry"), ("entry", "glossary", "glossary"),
    ("entry", "checklists", "checklist"), ("entry", "rules", "rule"),
    ("glossary", "see", "glossary"), ("glossary", "entries", "entry"),
    ("checklist", "entries", "entry"), ("rule", "faq", "entry"),
)

# where pages keep the text that is published (inline links are looked for here)
_TEXT_FIELDS = {"entry": ("zh", "en"), "glossary": ("zh", "en"), "checklist": ("zh", "en"),
                "rule": ("text",)}


def _missing(sources: Sources, kind: str, target: str) -> str:
    hint = near(target, sources.known(kind))
    return hint or f"write {_FOLDERS[kind]}/{target}.yaml or correct the id"


def _id_lists(sources: Sources) -> Iterator[Issue]:
    for kind, name, target_kind in _ID_LISTS:
        for source in sources.of(kind).values():
            known = sources.known(target_kind)
            for i, target in source.ids(name):
                if target not in known:
                    yield Issue(source.loc(name, i), f"{name} links to no {_WORDS[target_kind]} "
                                f"'{target}'", _missing(sources, target_kind, target), "link")
                elif target_kind == kind and target == source.id:
                    yield Issue(source.loc(name, i), f"{name} links the {_WORDS[kind]} to "
                                "itself", "remove the link", "link", "warning")
    for source in sources.rules.values():
        replaced = source.data.get("replaced_by")
        if isinstance(replaced, str) and replaced not in sources.known("rule"):
            yield Issue(source.loc("replaced_by"), f"replaced_by names no rule '{replaced}'",
                        _missing(sources, "rule", replaced), "link")


def _public(source: Source) -> bool:
    return source.kind != "rule" or source.data.get("visibility") != "internal"


def _inline(sources: Sources) -> Iterator[Issue]:
    for source in sources.all():
        for top in _TEXT_FIELDS[source.kind]:
            for path, text in strings(source.data.get(top), (top,)):
                if "[[" not in text:
                    continue
                seen: Counter[str] = Counter()
                for match in INLINE_LINK.finditer(text):
                    token = match.group(0)
                    where = source.find(path, token, seen[token])
                    seen[token] += 1
                    yield from _one_inline(sources, source, match.group(1), token, where)


def _one_inline(sources: Sources, source: Source, inner: str, token: str,
                where: Location) -> Iterator[Issue]:
    attempt = _ATTEMPT.fullmatch(inner)
    if attempt is None:
        return  # not meant as a link, e.g. a nested list written in an example
    good = _WELL_FORMED.fullmatch(inner)
    kind = attempt.group(1)
    if kind not in INLINE_KINDS:
        yield Issue(where, f"unknown link kind '{kind}' in {token}",
                    f"write [[{'|'.join(INLINE_KINDS)}:id]]", "link")
        return
    if good is None:
        yield Issue(where, f"malformed link {token}", f"write [[{kind}:id]] or "
                    f"[[{kind}:id|text]] with a lower-case id and no spaces", "link")
        return
    target_kind = INLINE_KINDS[kind]
    target = good.group(2)
    if target not in sources.known(target_kind):
        yield Issue(where, f"{token} links to no {_WORDS[target_kind]} '{target}'",
                    _missing(sources, target_kind, target), "link")
        return
    rule = sources.rules.get(target) if target_kind == "rule" else None
    if rule is not None and not _public(rule) and _public(source):
        yield Issue(where, f"{token} links an internal rule from a published page",
                    "internal rules are never published; link a public rule or the entry",
                    "internal", "warning")


def check_links(sources: Sources) -> list[Issue]:
    """Every id list and inline link must name something that exists."""
    return [*_id_lists(sources), *_inline(sources)]
