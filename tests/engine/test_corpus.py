"""The engine on real errors: tests/data/dev-errors.yaml (the figure is printed)."""

from __future__ import annotations

import collections
from typing import Any

import pytest

from tests.conftest import FIGURES
from tests.corpus import case_facts, corpus_cases

CASES = corpus_cases()


@pytest.fixture(scope="module")
def outcomes(diagnoser: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(case, diagnoser.diagnose(case_facts(case), "en")) for case in CASES]


def test_first_diagnosis_family_on_the_dev_corpus(outcomes: list[Any]) -> None:
    total = collections.Counter()
    right = collections.Counter()
    misses = []
    for case, result in outcomes:
        label = case["label"]
        total[label] += 1
        first = result["diagnoses"][0]["family"] if result["diagnoses"] else None
        if first == label:
            right[label] += 1
        else:
            misses.append(f"{case['id']}: {label} -> {first}")
    overall = sum(right.values()) / sum(total.values())
    per_family = {f: right[f] / total[f] for f in total}
    FIGURES["dev corpus, first diagnosis = labelled family"] = (
        f"{sum(right.values())}/{sum(total.values())} ({overall:.1%}); per family: "
        + ", ".join(f"{f} {right[f]}/{total[f]}" for f in sorted(total)))
    assert overall >= 0.95, misses
    weak = {f: r for f, r in per_family.items() if r < 0.8}
    assert not weak, (weak, misses)
    assert len(total) == 15, "every cause family is in the corpus"


def test_every_case_gets_an_entry_that_answers_its_family(outcomes: list[Any],
                                                          diagnoser: Any) -> None:
    entries = diagnoser.compiled.entries
    for case, result in outcomes:
        assert result["diagnoses"][0]["faq"], case["id"]
        for diagnosis in result["diagnoses"]:
            for faq in diagnosis["faq"]:  # every linked entry answers the diagnosed family
                assert faq in entries, (case["id"], faq)
                covered = {entries[faq]["family"], *entries[faq].get("families", [])}
                assert diagnosis["family"] in covered, (case["id"], diagnosis["rule"], faq)


def test_each_case_asks_only_for_missing_facts(outcomes: list[Any]) -> None:
    for case, result in outcomes:
        for item in result["ask"]:
            assert item["fact"] not in ("response.status", "response.body"), case["id"]
            assert item["why"]


def test_second_sample_of_errors(diagnoser: Any) -> None:
    import yaml

    from tests.conftest import ROOT

    cases = yaml.safe_load((ROOT / "tests/data/holdout.yaml").read_text(encoding="utf-8"))
    right, misses = 0, []
    for case in cases:
        facts = case_facts({"endpoint": None, **case})
        if case["id"] == "html-200-console":
            facts["request"]["kind"] = "chat"
        result = diagnoser.diagnose(facts, "en")
        first = result["diagnoses"][0]["family"] if result["diagnoses"] else None
        if first == case["label"]:
            right += 1
        else:
            misses.append(f"{case['id']}: {case['label']} -> {first}")
    FIGURES["second sample (tests/data/holdout.yaml)"] = f"{right}/{len(cases)}"
    assert right / len(cases) >= 0.95, misses
