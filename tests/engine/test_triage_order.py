"""Facts beat messages, and the user's own configuration is checked before the platform."""

from __future__ import annotations

import json
from typing import Any


def _first(diagnoser: Any, facts: dict[str, Any]) -> str:
    result = diagnoser.diagnose(facts, "en")
    return str(result["diagnoses"][0]["cause"])


def test_model_on_platform_list_but_not_on_key_is_access(diagnoser: Any) -> None:
    facts = {"request": {"model": "gpt-4o"},
             "account": {"models": ["gpt-4o", "gpt-4o-mini"], "key_models": ["gpt-4o-mini"]},
             "response": {"status": 404, "body": json.dumps(
                 {"error": {"message": "The model `gpt-4o` does not exist",
                            "code": "model_not_found"}})}}
    assert _first(diagnoser, facts).startswith("model_access.")


def test_official_host_401_with_a_gateway_is_base_url(diagnoser: Any) -> None:
    facts = {"request": {"base_url": "https://api.openai.com/v1", "model": "gpt-4o"},
             "platform": {"base_url": "https://gw.example.com/v1"},
             "response": {"status": 401, "body": json.dumps(
                 {"error": {"message": "Incorrect API key provided: sk-...abcd",
                            "code": "invalid_api_key"}})}}
    assert _first(diagnoser, facts) == "base_url.official_host"


def test_name_before_channel_before_platform(diagnoser: Any) -> None:
    """A 503 'no channel' for a misspelt model: the name is checked first."""
    facts = {"request": {"model": "gpt-4o-mini "},
             "account": {"models": ["gpt-4o-mini"]},
             "response": {"status": 503,
                          "body": "当前分组 default 下对于模型 gpt-4o-mini 无可用渠道"}}
    result = diagnoser.diagnose(facts, "en")
    families = [d["family"] for d in result["diagnoses"]]
    assert families[0] == "model_not_found"
    assert families.index("model_unavailable") < families.index("upstream_error")


def test_insufficient_quota_sent_as_429_is_quota_not_rate(diagnoser: Any) -> None:
    facts = {"response": {"status": 429, "body": json.dumps(
        {"error": {"message": "You exceeded your current quota",
                   "type": "insufficient_quota"}})}}
    result = diagnoser.diagnose(facts, "en")
    assert result["diagnoses"][0]["family"] == "quota"
    assert "rate_limit" in [d["family"] for d in result["diagnoses"]]


def test_client_rewrite_beats_not_found(diagnoser: Any) -> None:
    facts = {"request": {"model": "gpt-4o", "sent_model": "openai/gpt-4o"},
             "response": {"status": 404, "body": "model openai/gpt-4o not found"}}
    assert _first(diagnoser, facts) == "model_not_found.client_rewrite"


def test_bundled_examples(diagnoser: Any) -> None:
    from triage.facts.read import read_facts

    from tests.conftest import ROOT

    expected = {"model-not-found": "model_not_found", "official-host-401": "base_url",
                "quota-as-429": "quota", "video-task-failed": "task_failed"}
    for name, family in expected.items():
        result = diagnoser.diagnose(read_facts(str(ROOT / "examples" / f"{name}.yaml")), "en")
        assert result["diagnoses"][0]["family"] == family, name
    lines = (ROOT / "examples/tickets.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected)
