"""Typed objects that the stages pass to each other (frozen dataclasses)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from triage.attribution import Attribution, OwnerTable, resolve
from triage.facts.models import ModelCatalog

__all__ = [
    "Ask", "Change", "Checklist", "Entry", "KnowledgeBase", "Rule", "RuleCase", "RuleText",
    "Term",
]

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Change:
    version: str
    date: str
    change: str


@dataclass(frozen=True)
class RuleText:
    title: str
    explanation: str
    next_steps: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Ask:
    fact: str
    why: dict[str, str]


@dataclass(frozen=True)
class Rule:
    id: str
    version: str
    status: str
    cause: str
    priority: int
    visibility: str
    confidence: float
    when: dict[str, Any]                 # the condition tree, as written
    text: dict[str, RuleText]            # by language
    faq: tuple[str, ...]
    ask: tuple[Ask, ...]
    changelog: tuple[Change, ...]
    path: str
    replaced_by: str = ""
    tags: tuple[str, ...] = ()
    attribution: dict[str, Any] | None = None   # who must act, overriding kb/owners.yaml
    last_resort: bool = False            # offered only when nothing else fires or partly matches

    @property
    def family(self) -> str:
        return self.cause.split(".", 1)[0]


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    facts: dict[str, Any]
    fires: bool
    first: bool
    path: str
    line: int
    known_miss: bool = False     # recorded by 'triage case add --expect-fail'


@dataclass(frozen=True)
class Entry:
    id: str
    version: str
    kind: str
    family: str | None
    families: tuple[str, ...]
    owner: str
    tags: tuple[str, ...]
    changed: str
    reviewed: str
    next_review: str
    related: tuple[str, ...]
    glossary: tuple[str, ...]
    checklists: tuple[str, ...]
    body: dict[str, dict[str, Any]]      # by language: title, question, answer, ...
    changelog: tuple[Change, ...]
    path: str


@dataclass(frozen=True)
class Term:
    id: str
    changed: str
    see: tuple[str, ...]
    entries: tuple[str, ...]
    body: dict[str, dict[str, Any]]      # by language: term, aliases, definition
    path: str


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    changed: str
    entries: tuple[str, ...]
    body: dict[str, dict[str, Any]]      # by language: title, intro, items
    path: str


@dataclass(frozen=True)
class KnowledgeBase:
    rules: tuple[Rule, ...]
    entries: dict[str, Entry] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    catalog: ModelCatalog = field(default_factory=ModelCatalog)
    cases: tuple[RuleCase, ...] = ()
    owners: OwnerTable = field(default_factory=OwnerTable)

    def owner_of(self, rule: Rule) -> Attribution:
        """Who must act when ``rule`` fires: its own attribution over the defaults."""
        return resolve(self.owners, rule.cause, rule.attribution)

    def rule(self, rule_id: str) -> Rule | None:
        return self._rules_by_id.get(rule_id)

    @functools.cached_property
    def _rules_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}
