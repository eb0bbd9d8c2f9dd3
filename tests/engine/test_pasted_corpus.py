"""The pasted client-output corpus: size, coverage, and the first-cause family figures.

The split was fixed in tests/data/pasted/gen/generate.py before any rule for pasted text was
written: whole clients (HELD_OUT_CLIENTS) and 30% of the other clients' cases are ``holdout``.
The figures are printed at the end of the test run.
"""

from __future__ import annotations

from typing import Any

import pytest
from triage.vocabulary import FAMILIES

from tests.conftest import FIGURES
from tests.pasted import HELD_OUT_CLIENTS, pasted_cases, score

# Measured when the rules were written (see README, "Pasting what a client printed");
# a drop below these fails the test.
OVERALL = 0.95
DEV = 0.97
HOLDOUT = 0.93
HELD_OUT_CLIENT = 0.90


@pytest.fixture(scope="module")
def scored(diagnoser: Any) -> dict[str, Any]:
    return score(diagnoser, pasted_cases())


def test_corpus_shape() -> None:
    cases = pasted_cases()
    assert len(cases) >= 200
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["client"] for c in cases}) >= 8
    assert {c["label"] for c in cases} == set(FAMILIES)
    for c in cases:
        assert c["client_version"] and c["generator"] and c["replayed"] and c["text"]
        assert c["split"] in ("dev", "holdout")
        assert (c["split"] == "holdout") or c["client"] not in HELD_OUT_CLIENTS


def test_first_cause_family(scored: dict[str, Any]) -> None:
    totals, right = scored["totals"], scored["right"]

    def rate(key: str) -> float:
        return right[key] / totals[key]

    parts = [f"all {right['all']}/{totals['all']} ({rate('all'):.1%})",
             f"dev {rate('split:dev'):.1%}", f"holdout {rate('split:holdout'):.1%}"]
    parts += [f"{c} (held out) {rate('client:' + c):.1%}" for c in HELD_OUT_CLIENTS]
    FIGURES["pasted corpus, first-cause family"] = ", ".join(parts)
    assert rate("all") >= OVERALL, scored["misses"]
    assert rate("split:dev") >= DEV, scored["misses"]
    assert rate("split:holdout") >= HOLDOUT, scored["misses"]
    for client in HELD_OUT_CLIENTS:
        assert rate("client:" + client) >= HELD_OUT_CLIENT, client


def test_every_case_gets_an_answer(diagnoser: Any) -> None:
    for case in pasted_cases()[::7]:
        result = diagnoser.diagnose({"error": {"message": case["text"]}})
        assert result["diagnoses"] or result["fallback"]["next_steps"], case["id"]
