"""The "who can fix this" line on the public rule and answer pages (self-contained).

The attribution (user, gateway operator, upstream provider, network) comes from the rule's
own ``attribution`` or ``kb/owners.yaml``; on an answer page, from its family's default.
The returned text is plain: templates pass it through ``|md`` like any other content.
"""

from __future__ import annotations

from triage.attribution import OWNER_WORDS, Attribution
from triage.model import KnowledgeBase, Rule

__all__ = ["LABEL", "who_can_fix", "who_can_fix_family"]

LABEL = {"en": "Who can fix this", "zh": "谁能解决"}


def _line(a: Attribution, lang: str) -> str:
    i = 1 if lang == "zh" else 0
    words = OWNER_WORDS.get(a.owner, (a.owner, a.owner))[i]
    reason = a.reason.get(lang, "")
    if i:
        return words + (f" —— {reason}" if reason else "")
    return words + (f" — {reason}" if reason else "")


def who_can_fix(kb: KnowledgeBase, rule: Rule, lang: str) -> str:
    """The line for a rule page."""
    return _line(kb.owner_of(rule), lang)


def who_can_fix_family(kb: KnowledgeBase, family: str | None, lang: str) -> str:
    """The line for an answer page of ``family`` ('' for guides without a family)."""
    if not family:
        return ""
    return _line(kb.owners.default(family), lang)
