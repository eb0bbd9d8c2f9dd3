"""Last-resort rules (``last_resort: true``): a family named by the words of the message alone,
offered only when no other rule fires and none matches in part (docs/contract.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from triage.loader.sources import load_sources
from triage.rendering import render

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(json.loads((ROOT / "schemas" / "diagnosis.schema.json").read_text("utf-8")))


def test_the_words_speak_only_when_nothing_else_does(diagnoser: Any,
                                                     schema: dict[str, Any]) -> None:
    result = diagnoser.diagnose({"error": {"message": "Translate error: Unauthorized"}}, "en")
    first = result["diagnoses"][0]
    assert (first["rule"], first["family"], first["last_resort"]) == ("auth-words", "auth", True)
    assert first["confidence"] < 0.6
    assert first["because"][-1].startswith("no more specific rule matched")
    assert "fallback" not in result
    assert result["ask"] and result["ask"][0]["fact"] == "request.base_url"
    jsonschema.validate(result, schema)
    zh = diagnoser.diagnose({"error": {"message": "Translate error: Unauthorized"}}, "zh")
    assert zh["diagnoses"][0]["because"][-1].startswith("没有更具体的规则匹配")


def test_a_rule_that_fires_silences_the_words(diagnoser: Any) -> None:
    facts = {"response": {"status": 401, "body": "Unauthorized"}}
    _, ids, _ = diagnoser.fired(facts)
    assert ids and not any(diagnoser.compiled.rules[i]["last_resort"] for i in ids)
    result = diagnoser.diagnose(facts, "en")
    assert result["diagnoses"][0]["family"] == "auth"
    assert not any(d.get("last_resort") for d in result["diagnoses"])


def test_a_partial_match_comes_before_the_words(diagnoser: Any) -> None:
    # "unauthorized" alone is auth-words; "not found" matches rules that lack the status
    result = diagnoser.diagnose({"error": {"message": "not found, unauthorized"}}, "en")
    assert result["diagnoses"] and all(d.get("partial") for d in result["diagnoses"])
    assert not any(d.get("last_resort") for d in result["diagnoses"])


def test_at_most_two_one_per_family(diagnoser: Any) -> None:
    result = diagnoser.diagnose({"error": {"message": "access denied, upstream unavailable"}})
    families = [d["family"] for d in result["diagnoses"]]
    assert families == ["permission", "upstream_error"]
    assert all(d["last_resort"] for d in result["diagnoses"])


def test_words_answers_are_labelled_as_such(diagnoser: Any) -> None:
    result = diagnoser.diagnose({"error": {"message": "服务器繁忙，请稍后再试"}}, "zh")
    assert result["diagnoses"][0]["rule"] == "model-unavailable-words"
    assert "可能（仅凭错误信息的用词判断）" in render(result, "text", "zh")
    en = diagnoser.diagnose({"error": {"message": "Translate error: Unauthorized"}}, "en")
    assert "Possibly (from the words of the message alone)" in render(en, "markdown", "en")


def test_every_family_has_one_last_resort_rule(diagnoser: Any) -> None:
    rules = diagnoser.compiled.rules
    words = sorted(r["family"] for r in rules.values() if r["last_resort"])
    assert words == sorted(diagnoser.compiled.order)
    assert all(r["confidence"] < 0.6 for r in rules.values() if r["last_resort"])


def test_a_confident_last_resort_rule_is_refused(kb_copy: Path) -> None:
    rel = "rules/auth/auth-words.yaml"
    path = kb_copy / rel
    path.write_text(path.read_text("utf-8").replace("confidence: 0.4", "confidence: 0.7", 1),
                    "utf-8")
    _, issues = load_sources(kb_copy)
    shown = [str(i) for i in issues]
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text.startswith("confidence:"))
    assert any(s.startswith(f"{rel}:{line}:") and "last-resort rule is a hint" in s
               and "below 0.6" in s for s in shown), shown
