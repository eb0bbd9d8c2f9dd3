"""Real pasted error texts from public GitHub issues (tests/data/pasted-issues) and their
scoring: a case is right when the first diagnosis names its family.

Every case is a text a user pasted into a public thread, with its source URL and a label
read from the text (``label_basis: text``) or from what the thread showed (``thread``: the
text misleads, so these are the hardest). Half the cases (``split: holdout``, by SHA-256 of
the id) are never looked at while writing rules. ``blind.json`` holds the figure taken
before any change made because of these texts, at the commit it names.

    .venv/bin/python -m tests.pasted_issues [--misses]   # now (misses: dev half only)
    .venv/bin/python -m tests.pasted_issues --blind      # the blind figure, re-scored
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ISSUES = Path(__file__).resolve().parent / "data" / "pasted-issues"
BLIND = ISSUES / "blind.json"


def issue_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(ISSUES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.stem})
    return cases


def blind_record() -> dict[str, Any]:
    return dict(json.loads(BLIND.read_text(encoding="utf-8")))


def blind_parts() -> dict[str, dict[str, int]]:
    """The blind figures of every round added up, by part (all, file:, split:, basis:)."""
    parts: dict[str, dict[str, int]] = {}
    for round_ in blind_record()["rounds"]:
        for key, fig in round_["parts"].items():
            part = parts.setdefault(key, {"right": 0, "total": 0})
            part["right"] += int(fig["right"])
            part["total"] += int(fig["total"])
    return parts


def score(diagnoser: Any, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Right / total overall, per file, split and label basis, and the misses."""
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses = []
    for case in cases:
        result = diagnoser.diagnose({"error": {"message": case["text"]}}, "en")
        got = str(result["diagnoses"][0]["family"]) if result["diagnoses"] else "none"
        ok = got == case["label"]
        for key in ("all", f"file:{case['file']}", f"split:{case['split']}",
                    f"basis:{case['label_basis']}"):
            totals[key] += 1
            right[key] += ok
        if not ok:
            misses.append((case["id"], case["split"], case["label"], got))
    return {"totals": totals, "right": right, "misses": misses}


def main() -> int:
    if "--blind" in sys.argv:
        from tests.pasted_blind import rescore_files

        bad = 0
        for round_ in blind_record()["rounds"]:
            paths = [ISSUES / f"{name}.yaml" for name in round_["files"]]
            got = rescore_files(round_["commit"], paths)
            for name, fig in sorted(got.items()):
                want = round_["parts"][f"file:{name}"]
                same = (fig["right"], fig["total"]) == (want["right"], want["total"])
                bad |= not same
                print(f"{name:4} {fig['right']:4}/{fig['total']:<4} at {round_['commit'][:10]}"
                      + ("" if same else f"   DIFFERS from recorded {want}"))
        return int(bad)
    from triage.api import load_diagnoser
    from triage.loader.sources import find_root

    result = score(load_diagnoser(find_root()), issue_cases())
    blind = blind_parts()
    for key in sorted(result["totals"]):
        t, r = result["totals"][key], result["right"][key]
        was = blind.get(key)
        note = f"   blind {was['right']}/{was['total']}" if was else ""
        print(f"{key:16} {r:4}/{t:<4} {100 * r / t:6.1f}%{note}")
    if "--misses" in sys.argv:
        for miss in result["misses"]:
            if miss[1] == "dev":        # the holdout half is never looked at
                print("miss", *miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
