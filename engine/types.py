"""Typed shapes of the library's results (contract section 3), for type checkers.

At run time they are plain dicts (JSON-able, as ``--format json`` prints them); these
TypedDicts only describe them.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = ["Ask", "Cause", "Diagnosis"]


class _CauseBase(TypedDict):
    rule: str
    rule_version: str
    cause: str
    family: str
    title: str
    explanation: str
    confidence: float
    because: list[str]
    next_steps: list[str]
    evidence: list[str]
    faq: list[str]


class Cause(_CauseBase, total=False):
    """One diagnosis: the cause to check, why, and what to do next."""

    status: str  # "draft" for rules not yet stable


Ask = TypedDict("Ask", {"fact": str, "why": str, "for": list[str]})
"""A fact to ask for next, why, and which diagnoses it would confirm or rule out."""


class Diagnosis(TypedDict):
    """The contract's diagnosis: ordered causes (first = check first), facts to ask for."""

    contract: str
    lang: str
    diagnoses: list[Cause]
    ask: list[Ask]
    facts: dict[str, Any]
    warnings: list[str]
