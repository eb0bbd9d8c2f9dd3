"""The parts of an answer page beyond the entry's own fields: the AI summary, "more short
answers", and the slot for "who can fix this".

``who_can_fix`` is the hook for the attribution work (owner per rule: user, gateway,
upstream, network): it returns the line to show, or "" to show nothing. Until attribution
exists it shows nothing; it is the one place to fill in.
"""

from __future__ import annotations

from typing import Any

from triage.escape import plain
from triage.model import Entry

from .sentences import sentences
from .site import Linker, Site, src_of

__all__ = ["ANATOMY_WORDS", "SHORT_ANSWERS", "short_answers", "summary", "who_can_fix"]

SHORT_ANSWERS = 5
SUMMARY_LIMIT = 220

ANATOMY_WORDS: dict[str, dict[str, str]] = {
    "zh": {"summary": "AI 摘要", "short": "更多简短问答", "more": "查看完整解答",
           "who": "谁能解决", "examples": "示例代码"},
    "en": {"summary": "AI summary", "short": "More short answers", "more": "Full answer",
           "who": "Who can fix this", "examples": "Code samples"},
}


def summary(entry: Entry, lang: str) -> str:
    """The quotable summary: the entry's ``summary`` field, else the answer's first sentences."""
    body = entry.body[lang]
    return plain(body.get("summary") or sentences(str(body["answer"]), SUMMARY_LIMIT))


def short_answers(site: Site, entry: Entry, lang: str, linker: Linker) -> list[dict[str, Any]]:
    """Related questions with a short answer each, linked to their pages."""
    out = []
    for ident in entry.related:
        other = site.entry(ident)
        if other is None or other.id == entry.id:
            continue
        out.append({"q": plain(other.body[lang]["question"]), "a": summary(other, lang),
                    "href": linker.to(src_of("answer", lang, other.id))})
    return out[:SHORT_ANSWERS]


def who_can_fix(site: Site, entry: Entry, lang: str) -> str:
    """The "who can fix this" line for an answer page: its family's default owner and reason
    from ``kb/owners.yaml`` ("" for guides without a family)."""
    from triage.publish.owner import who_can_fix_family

    return who_can_fix_family(site.kb, entry.family, lang)
