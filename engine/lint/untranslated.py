"""Text that was never translated: a zh text in Latin script only, zh equal to en, and
placeholders (TODO, TBD, 待补充) left in published text.

Every pair of languages is found by walking the source for mappings that hold both ``zh``
and ``en`` (an entry's or term's or checklist's body, a rule's ``text``, a condition's
``says``, an ``ask``'s ``why``), so new fields are covered without a list to keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from triage.errors import Issue
from triage.lint.base import Source, Sources

__all__ = ["check_untranslated"]

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WORD = re.compile(r"[A-Za-z]{2,}")
_PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|XXX)\b|待补充|待翻译|待定|未翻译|\?\?\?")
_CODE = re.compile(r"`[^`]*`|https?://\S+|\[\[[^\]]*\]\]")  # code, links: not prose
MIN_WORDS = 4   # a zh text with this many Latin words and no Chinese is untranslated
MIN_SAME = 12   # zh equal to en is only suspect for text at least this long
# Search phrases and other names users really type, error messages quoted verbatim: these
# are the same in both languages by design.
_VERBATIM = frozenset({"variants", "aliases", "examples", "messages"})


def _verbatim(sub: tuple[Any, ...]) -> bool:
    """Quoted by design (search phrases, messages), or a code sample's code and language."""
    if _VERBATIM.intersection(str(p) for p in sub):
        return True
    return len(sub) >= 3 and sub[-3] == "code" and isinstance(sub[-2], int) and \
        sub[-1] in ("code", "lang")


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, (*path, i))


def _pairs(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """(path of the mapping, its zh, its en) for every mapping that has both languages."""
    if isinstance(value, dict):
        if "zh" in value and "en" in value:
            yield path, value["zh"], value["en"]
        for key, child in value.items():
            if key not in ("zh", "en"):
                yield from _pairs(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _pairs(child, (*path, i))


def _latin_only(text: str) -> bool:
    prose = _CODE.sub(" ", text)
    return not _CJK.search(prose) and len(_WORD.findall(prose)) >= MIN_WORDS


def _check(source: Source) -> Iterator[Issue]:
    data = source.data
    for path, zh, en in _pairs(data, ()):
        for sub, text in _strings(zh, (*path, "zh")):
            if _verbatim(sub):
                continue
            if _latin_only(text):
                yield Issue(source.loc(*sub), f"the zh text at {_where(sub)} is in Latin script "
                            "only: it looks untranslated", "write it in Chinese (keep code, "
                            "names and URLs as they are)", "untranslated")
        for sub, text in _strings(zh, (*path, "zh")):
            other = source.get(*path, "en", *sub[len(path) + 1:])
            if _verbatim(sub):
                continue
            if isinstance(other, str) and len(text.strip()) >= MIN_SAME and \
                    text.strip() == other.strip() and _WORD.search(text):
                yield Issue(source.loc(*sub), f"the zh and en texts at {_where(sub)} are "
                            "identical", "translate one of them", "untranslated", "warning")
        del en
    for sub, text in _strings(data, ()):
        found = _PLACEHOLDER.search(text)
        if found:
            yield Issue(source.loc(*sub), f"a placeholder '{found.group()}' is left in "
                        f"{_where(sub)}", "write the text, or remove the item", "placeholder")


def _where(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def check_untranslated(sources: Sources) -> list[Issue]:
    """Untranslated and placeholder text in every source lint can read."""
    issues: list[Issue] = []
    for source in sources.all():
        issues.extend(_check(source))
    return issues
