"""The same question answered by two entries (per language), exactly or nearly."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Any

from triage.errors import Issue
from triage.lint.base import Source, Sources
from triage.model import LANGS

__all__ = ["NEAR", "check_duplicates", "normalise"]

#: difflib ratio at or above which two (normalised) questions count as near-duplicates
NEAR = 0.92


def normalise(question: str) -> str:
    """Case-folded, width-folded, with whitespace, punctuation and symbols removed."""
    text = unicodedata.normalize("NFKC", question).casefold()
    return "".join(ch for ch in text if ch.isalnum())


@dataclass(frozen=True)
class _Asked:
    source: Source
    path: tuple[Any, ...]
    text: str
    key: str

    @property
    def question(self) -> bool:
        return self.path[-1] == "question"

    @property
    def where(self) -> str:
        return f"{self.source.path}:{self.source.line(*self.path)}"

    @property
    def name(self) -> str:
        return "question" if self.question else "variant"


def _asked(sources: Sources, lang: str) -> list[_Asked]:
    out: list[_Asked] = []
    for source in sorted(sources.entries.values(), key=lambda s: s.path):
        question = source.get(lang, "question")
        if isinstance(question, str) and normalise(question):
            out.append(_Asked(source, (lang, "question"), question, normalise(question)))
        variants = source.get(lang, "variants")
        for i, variant in enumerate(variants if isinstance(variants, list) else []):
            if isinstance(variant, str) and normalise(variant):
                out.append(_Asked(source, (lang, "variants", i), variant, normalise(variant)))
    return out


def _exact(asked: list[_Asked], lang: str) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[str, _Asked] = {}
    for item in asked:
        seen = first.setdefault(item.key, item)
        if seen is item:
            continue
        if seen.source is item.source:
            issues.append(Issue(item.source.loc(*item.path), f"this {lang} {item.name} repeats "
                                f"the {seen.name} at line {seen.source.line(*seen.path)}",
                                "remove the repetition", "duplicate", "warning"))
            continue
        both = seen.question and item.question
        issues.append(Issue(item.source.loc(*item.path), f"the {lang} {item.name} of "
                            f"'{item.source.id}' duplicates the {seen.name} of "
                            f"'{seen.source.id}' ({seen.where})",
                            "merge the two entries, or reword the question so each entry "
                            "answers its own" if both else "keep each way of asking in one "
                            "entry only", "duplicate", "error" if both else "warning"))
    return issues


def _near(asked: list[_Asked], lang: str) -> list[Issue]:
    issues: list[Issue] = []
    questions = [a for a in asked if a.question]
    for i, later in enumerate(questions):
        for earlier in questions[:i]:
            if earlier.source is later.source or earlier.key == later.key:
                continue
            matcher = difflib.SequenceMatcher(None, earlier.key, later.key, autojunk=False)
            if matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR:
                continue
            ratio = matcher.ratio()
            if ratio >= NEAR:
                issues.append(Issue(later.source.loc(*later.path), f"the {lang} question of "
                                    f"'{later.source.id}' is nearly the same as that of "
                                    f"'{earlier.source.id}' ({earlier.where}, {ratio:.0%} "
                                    "alike)", "merge the entries or make the questions "
                                    "clearly different", "duplicate", "warning"))
                break
    return issues


def check_duplicates(sources: Sources) -> list[Issue]:
    """Exact duplicate questions are errors; repeated variants and near-duplicates warn."""
    issues: list[Issue] = []
    for lang in LANGS:
        asked = _asked(sources, lang)
        issues += _exact(asked, lang)
        issues += _near(asked, lang)
    return issues
