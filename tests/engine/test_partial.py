"""Partial matches: when no rule fires, a rule whose text matches and whose other conditions
only lack facts is offered as a hint, with the facts that would confirm it asked first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from triage.evaluate.partial import partial_matches, ticket_facts

ROOT = Path(__file__).resolve().parents[2]
TABLE = {("all", "wrong key"): "p1", ("all", "proxy"): "p2"}


def _rule(when: dict[str, Any]) -> dict[str, Any]:
    return {"when": when}


RULES = {
    "text-and-status": _rule({"all": [{"text": "wrong key"}, {"fact": "response.status",
                                                               "eq": 401}]}),
    "text-and-class": _rule({"all": [{"text": "wrong key"}, {"not": {"fact": "status.class",
                                                                    "in": ["5xx"]}}]}),
    "status-only": _rule({"fact": "response.status", "eq": 401}),
    "text-missing": _rule({"all": [{"text": "proxy"}, {"fact": "response.status", "eq": 407}]}),
    "contradicted": _rule({"all": [{"text": "wrong key"}, {"fact": "error.kind", "eq": "dns"}]}),
    "text-only-in-not": _rule({"all": [{"not": {"text": "proxy"}},
                                       {"fact": "response.status", "eq": 401}]}),
}


def test_only_rules_whose_text_holds_and_that_lack_facts() -> None:
    found = dict(partial_matches(RULES, {"error.kind": "other"}, {"p1"}, TABLE))
    assert found == {"text-and-status": ("response.status",),
                     "text-and-class": ("status.class",)}


def test_a_known_fact_that_contradicts_is_not_partial() -> None:
    found = dict(partial_matches(RULES, {"error.kind": "other", "response.status": 500,
                                         "status.class": "5xx"}, {"p1"}, TABLE))
    assert found == {}


def test_derived_facts_are_asked_as_ticket_facts() -> None:
    assert ticket_facts(("status.class", "body.code", "model.listed", "response.status")) == (
        "response.status", "response.body", "request.model")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(json.loads((ROOT / "schemas" / "diagnosis.schema.json").read_text("utf-8")))


def test_a_bare_not_found_is_a_hint_that_asks_for_the_status(diagnoser: Any,
                                                              schema: dict[str, Any]) -> None:
    result = diagnoser.diagnose({"error": {"message": "not found"}}, "en")
    first = result["diagnoses"][0]
    assert first["partial"] and "response.status" in first["partial"]
    assert first["confidence"] < 0.5
    assert first["because"][-1].startswith("not confirmed yet (missing: ")
    assert result["ask"][0]["fact"] in first["partial"]
    assert "fallback" not in result
    jsonschema.validate(result, schema)
    zh = diagnoser.diagnose({"error": {"message": "not found"}}, "zh")["diagnoses"][0]
    assert zh["because"][-1].startswith("尚未确认")


def test_a_full_match_is_never_partial(diagnoser: Any) -> None:
    result = diagnoser.diagnose({"response": {"status": 401, "body": "invalid api key"}})
    assert all("partial" not in d for d in result["diagnoses"])


def test_nothing_to_go_on_is_still_the_fallback(diagnoser: Any) -> None:
    result = diagnoser.diagnose({"error": {"message": "it does not work"}}, "en")
    assert result["diagnoses"] == [] and result["fallback"]["next_steps"]
