"""Real pasted texts from public GitHub issues: the first-cause family figure, and the blind
figure taken before any change made because of them (tests/data/pasted-issues/blind.json).

Half of the cases (split: holdout) are never read while writing rules; the figures are
printed at the end of the test run.
"""

from __future__ import annotations

from typing import Any

import pytest
from triage.vocabulary import FAMILIES

from tests import pasted_blind
from tests.conftest import FIGURES
from tests.pasted_issues import ISSUES, blind_parts, blind_record, issue_cases, score

# measured 2026-12-03 after the dev halves' misses were worked on (blind, twenty-one rounds:
# 1716/2347, 73.1%; the last sixteen 97/126, 113/145, 99/145, 86/121, 96/130, 104/131,
# 93/127, 102/132, 95/132, 99/132, 81/107, 65/89, 35/43, 49/74, 7/8, 14/18): all 1972/2347
# (84.0%), text-labelled 1713/1906 (89.9%), holdout 964/1211 (79.6%). Floors a little under
# those.
ALL = 0.835
TEXT_LABELLED = 0.895
HOLDOUT = 0.79


@pytest.fixture(scope="module")
def scored(diagnoser: Any) -> dict[str, Any]:
    return score(diagnoser, issue_cases())


def test_corpus_shape() -> None:
    cases = issue_cases()
    assert len(cases) >= 1200
    assert len({c["id"] for c in cases}) == len(cases)
    assert {c["label"] for c in cases} == set(FAMILIES)
    for case in cases:
        assert case["source"].startswith("https://github.com/" + case["repo"] + "/")
        assert case["label_basis"] in ("text", "thread") and case["text"].strip()
        assert case["split"] in ("dev", "holdout")
    # a few cases per repository at most: the corpus is broad, not one app's log
    repos: dict[str, int] = {}
    for case in cases:
        repos[case["repo"]] = repos.get(case["repo"], 0) + 1
    assert max(repos.values()) <= 13 and len(repos) >= 750


def test_first_cause_family(scored: dict[str, Any]) -> None:
    totals, right = scored["totals"], scored["right"]

    def rate(key: str) -> float:
        return right[key] / totals[key]

    blind = blind_parts()
    FIGURES["real pasted texts from issues, first-cause family"] = ", ".join(
        f"{key.removeprefix('basis:').removeprefix('split:')} {right[key]}/{totals[key]} "
        f"(blind {blind[key]['right']}/{blind[key]['total']})"
        for key in ("all", "basis:text", "basis:thread", "split:dev", "split:holdout"))
    assert rate("all") >= ALL, scored["misses"]
    assert rate("basis:text") >= TEXT_LABELLED
    assert rate("split:holdout") >= HOLDOUT
    for key, was in blind.items():
        assert right[key] >= was["right"], (key, "worse than when blind")


def test_blind_figures_are_reproduced_at_their_commits() -> None:
    rounds = blind_record()["rounds"]
    if not all(pasted_blind.has_commit(r["commit"]) for r in rounds):
        pytest.skip("no git history with the blind figures' commits here")
    for round_ in rounds:
        paths = [ISSUES / f"{name}.yaml" for name in round_["files"]]
        for name, fig in pasted_blind.rescore_files(round_["commit"], paths).items():
            want = round_["parts"][f"file:{name}"]
            assert (fig["right"], fig["total"]) == (want["right"], want["total"]), name
