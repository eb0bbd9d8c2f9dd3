"""``triage lint``: keep the knowledge base true, reported as ``file:line:col``.

``validate`` checks each file against its schema; ``lint`` checks what only the whole set can
show. It re-reads every file itself (with :func:`triage.loader.sources.read_document`), so a
file that fails its schema is still linted, with lines. Every issue points at the exact
value at fault and carries a ``code``:

``link`` (error)
    An id that names nothing: an entry's ``related`` / ``glossary`` / ``checklists`` /
    ``rules``, a glossary term's ``see`` / ``entries``, a checklist's ``entries``, a rule's
    ``faq`` / ``replaced_by``, an inline link (below); an entry's ``rules`` naming a rule whose
    ``faq`` does not link back. A link of a page to itself is a warning.
``language``, ``section`` (error)
    zh or en missing, a section missing or empty (entries: title, question, answer, basis,
    boundaries, steps, followups, evidence, never_ask, handoff, safety; glossary terms:
    term, definition; checklists: title, intro, items; rules: text.title, explanation,
    next_steps, evidence), an empty list item or follow-up without q / a. The two languages
    of an entry must have as many ``followups`` (error); different numbers of ``steps``
    (entries) or ``items`` (checklists) are a warning.
``review``, ``date``, ``changelog``
    An entry whose ``next_review`` is before today (error; ``--today`` sets the day);
    ``reviewed`` before ``changed`` or ``next_review`` not after ``reviewed`` (warnings); a
    date that is not a real day (error) or lies in the future (warning; entries, glossary
    terms, checklists); ``changelog[0].version`` different from ``version`` (error); a
    changelog date after ``changed`` (warning).
``duplicate``
    Two entries asking the same question in one language, compared case-folded without
    whitespace, punctuation or symbols (error); a variant repeating a question or variant
    (warning); questions at least 92% alike by :class:`difflib.SequenceMatcher` (warning).
``family`` (error; warning where said)
    A rule whose ``faq`` links only troubleshooting entries of other families (an entry
    answers its ``family`` and its ``families``); a rule linking only guides or concepts
    (warning); an entry's ``rules`` naming a rule of another family; a troubleshooting entry
    without a family; a family name that is not one of the contract's.
``coverage`` (error)
    A cause family of the contract (:data:`triage.vocabulary.FAMILIES`) that no
    troubleshooting entry answers (reported at its line in ``kb/triage-order.yaml``); a rule
    with an empty ``faq``; a troubleshooting entry that no live (not deprecated) rule links.
``internal`` (warning)
    A public page naming an internal rule (entry ``rules`` or an inline link).
``yaml`` (error)
    A file lint cannot read; it is skipped.

Inline links
------------
Any published text (an entry's or glossary term's or checklist's ``zh`` / ``en``, a rule's
``text``) may link to another source with ``[[kind:id]]`` or ``[[kind:id|link text]]``:

* ``[[entry:model-not-found]]`` – a knowledge-base entry (``kb/entries/<id>.yaml``)
* ``[[term:base-url]]`` – a glossary term (``kb/glossary/<id>.yaml``)
* ``[[rule:invalid-api-key]]`` – a rule (``rules/<family>/<id>.yaml``)
* ``[[checklist:before-escalating]]`` – a checklist (``kb/checklists/<id>.yaml``)

The kind is lower case, the id is written exactly (no spaces) and the optional text after
``|`` is what a renderer shows. ``[[word: ...]]`` with an unknown kind or a malformed id is
an error; double brackets without ``kind:`` (``[[1, 2]]`` in an example) are not links.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from triage.errors import Issue, UsageError
from triage.lint.base import as_date, collect
from triage.lint.content import check_dates, check_languages
from triage.lint.duplicates import check_duplicates
from triage.lint.families import check_families
from triage.lint.links import check_links
from triage.lint.untranslated import check_untranslated

__all__ = ["lint"]


def _today(today: str | None) -> dt.date:
    if today is None:
        return dt.date.today()
    day = as_date(today)
    if day is None:
        raise UsageError(f"--today {today}: not a date (write YYYY-MM-DD)")
    return day


def lint(root: Path, today: str | None = None) -> list[Issue]:
    """Every lint issue of the sources under ``root``, sorted by place.

    ``today`` (``YYYY-MM-DD``) is the day reviews are judged by; the default is today.
    """
    day = _today(today)
    sources = collect(Path(root))
    issues = [
        *sources.issues,
        *check_links(sources),
        *check_languages(sources),
        *check_dates(sources, day),
        *check_duplicates(sources),
        *check_families(sources),
        *check_untranslated(sources),
    ]
    return sorted(set(issues))
