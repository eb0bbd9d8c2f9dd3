"""The mined message corpus (tests/data/messages/*.yaml): loading, the fixed split and scoring.

Each case is one error exactly as a gateway or provider sends it, with its provenance. A case
belongs to the kept-out part (``split: holdout``) when the first eight hex digits of the
SHA-256 of its *template* id (the id before ``--``) are 0, 1 or 2 modulo 10: all variants of
one message template fall on the same side, and the split was fixed before any rule was tuned.

Later rounds of origins were scored blind when they were added (``blind.json``: the figure at
the commit it names, before any change made because of them); then only their dev half was
looked at.

    .venv/bin/python -m tests.messages [--misses]   # now, by round (misses: dev, later rounds)
    .venv/bin/python -m tests.messages --blind      # the blind figures, re-scored from git
"""

from __future__ import annotations

import collections
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.corpus import case_facts

MESSAGES = Path(__file__).resolve().parent / "data" / "messages"
PROVENANCE = re.compile(r"^(?:[\w.-]+/[\w.-]+@[0-9a-f]{40}:[^:\s]+:\d+|https://\S+)")


BLIND = MESSAGES / "blind.json"


def message_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(MESSAGES.glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return cases


def blind_record() -> dict[str, Any]:
    return dict(json.loads(BLIND.read_text(encoding="utf-8")))


def later_files() -> set[str]:
    """The files (by stem) of the rounds added after the rules were first written."""
    return {name for r in blind_record()["rounds"] for name in r["files"]}


def cases_by_round() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first round's cases, and the later rounds' cases (each with its file's stem)."""
    later = later_files()
    first: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for path in sorted(MESSAGES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            (rest if path.stem in later else first).append({**case, "file": path.stem})
    return first, rest


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


def main() -> int:
    if "--blind" in sys.argv:
        from tests.pasted_blind import rescore_files

        bad = 0
        for round_ in blind_record()["rounds"]:
            paths = [MESSAGES / f"{name}.yaml" for name in round_["files"]]
            got = rescore_files(round_["commit"], paths, kind="message")
            right = sum(g["right"] for g in got.values())
            total = sum(g["total"] for g in got.values())
            want = round_["parts"]["all"]
            same = (right, total) == (want["right"], want["total"])
            bad |= not same
            print(f"round at {round_['commit'][:10]}: {right}/{total}"
                  + ("" if same else f"   DIFFERS from recorded {want}"))
        return int(bad)
    from triage.api import load_diagnoser
    from triage.loader.sources import find_root

    diagnoser = load_diagnoser(find_root())
    first, rest = cases_by_round()
    blind = blind_record()["rounds"]
    was: dict[str, dict[str, int]] = {}
    for round_ in blind:   # every later round's blind figure, added up
        for key, fig in round_["parts"].items():
            part = was.setdefault(key, {"right": 0, "total": 0})
            part["right"] += fig["right"]
            part["total"] += fig["total"]
    for name, cases in (("first round", first), ("later rounds", rest)):
        for split in ("all", "dev", "holdout"):
            part = [c for c in cases if split in ("all", c["split"])]
            got = score(diagnoser, part)
            key = "all" if split == "all" else f"split:{split}"
            note = (f"   blind {was[key]['right']}/{was[key]['total']}"
                    if name == "later rounds" and key in was else "")
            print(f"{name:13} {split:8} {sum(got.right.values()):4}/{len(part):<4} "
                  f"{got.overall:6.1%}{note}")
    if "--misses" in sys.argv:
        for miss in score(diagnoser, [c for c in rest if c["split"] == "dev"]).misses:
            print("miss", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
