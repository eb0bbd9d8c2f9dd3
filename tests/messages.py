"""The mined message corpus (tests/data/messages/*.yaml): loading, the fixed split and scoring.

Each case is one error exactly as a gateway or provider sends it, with its provenance. A case
belongs to the kept-out part (``split: holdout``) when the first eight hex digits of the
SHA-256 of its *template* id (the id before ``--``) are 0, 1 or 2 modulo 10: all variants of
one message template fall on the same side, and the split was fixed before any rule was tuned.
"""

from __future__ import annotations

import collections
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.corpus import case_facts

MESSAGES = Path(__file__).resolve().parent / "data" / "messages"
PROVENANCE = re.compile(r"^(?:[\w.-]+/[\w.-]+@[0-9a-f]{40}:[^:\s]+:\d+|https://\S+)")


def message_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(MESSAGES.glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return cases


def template_of(case_id: str) -> str:
    return case_id.split("--", 1)[0]


def expected_split(case_id: str) -> str:
    digest = int(hashlib.sha256(template_of(case_id).encode()).hexdigest()[:8], 16)
    return "holdout" if digest % 10 < 3 else "dev"


@dataclass(frozen=True)
class Score:
    right: collections.Counter[str]
    total: collections.Counter[str]
    confusions: collections.Counter[tuple[str, str]]
    misses: tuple[str, ...]

    @property
    def overall(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.total.values()))

    def family(self, name: str) -> float:
        return self.right[name] / self.total[name] if self.total[name] else 1.0

    def line(self) -> str:
        per = ", ".join(f"{f} {self.right[f]}/{self.total[f]}" for f in sorted(self.total))
        return (f"{sum(self.right.values())}/{sum(self.total.values())} ({self.overall:.1%}); "
                f"per family: {per}")


def first_family(diagnoser: Any, case: dict[str, Any]) -> str | None:
    result = diagnoser.diagnose(case_facts(case), "en")
    return result["diagnoses"][0]["family"] if result["diagnoses"] else None


def score(diagnoser: Any, cases: list[dict[str, Any]]) -> Score:
    right: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    confusions: collections.Counter[tuple[str, str]] = collections.Counter()
    misses = []
    for case in cases:
        label = case["label"]
        total[label] += 1
        got = first_family(diagnoser, case)
        if got == label:
            right[label] += 1
        else:
            confusions[(label, str(got))] += 1
            misses.append(f"{case['id']}: {label} -> {got}")
    return Score(right, total, confusions, tuple(misses))
