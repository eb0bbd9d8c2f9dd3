"""Collected facts, handed to the engine, give the right first diagnosis.

These run once the engine (``triage.api``) and its rules are in the tree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

api = pytest.importorskip("triage.api")

_RULES = Path(__file__).resolve().parents[2] / "rules"
if not any(_RULES.rglob("*.yaml")):
    pytest.skip("the knowledge base has no rules yet", allow_module_level=True)

from triage.collect import cli  # noqa: E402  (after the skips on purpose)


def _family(result: dict) -> str:
    assert result["diagnoses"], result
    return str(result["diagnoses"][0]["cause"]).split(".", 1)[0]


@pytest.mark.parametrize(
    ("scenario", "model", "overrides", "family"),
    [
        ("badkey", "gpt-4o-mini", {}, "auth"),
        ("nobalance", "gpt-4o-mini", {}, "quota"),
        ("ratelimit", "gpt-4o-mini", {}, "rate_limit"),
        ("unknown", "gpt-4o-minii", {}, "model_not_found"),
        ("noaccess", "gpt-4o", {}, "model_access"),
        ("slow", "gpt-4o-mini", {"read_timeout": 0.5}, "timeout"),
        ("drop", "gpt-4o-mini", {}, "network"),
        ("reset", "gpt-4o-mini", {}, "network"),
        ("html", "gpt-4o-mini", {}, "upstream_error"),
    ],
)
def test_first_diagnosis(probe, scenario, model, overrides, family):
    facts = probe(scenario, model=model, **overrides)
    assert _family(api.diagnose(facts, lang="en")) == family


def test_cli_diagnose_prints_the_diagnosis(gateway, fake_key, monkeypatch, capsys):
    monkeypatch.setenv("TRIAGE_API_KEY", fake_key)
    argv = ["--base-url", gateway.base("badkey"), "--model", "gpt-4o-mini", "--quiet",
            "--diagnose"]
    assert cli.main([*argv, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert _family(json.loads(out)) == "auth"
    assert fake_key not in out
    assert cli.main(argv) == 0  # text by default
    out, err = capsys.readouterr()
    assert out.strip() and fake_key not in out + err
