"""The JSON Schemas in schemas/ are valid 2020-12 schemas, and examples validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from triage.facts.read import read_facts

SCHEMAS = sorted((Path(__file__).resolve().parents[2] / "schemas").rglob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_example_ticket_matches_the_facts_schema(root: Path) -> None:
    schema = json.loads((root / "schemas/facts.schema.json").read_text(encoding="utf-8"))
    for example in sorted((root / "examples").glob("*.yaml")):
        facts = read_facts(str(example))
        errors = list(Draft202012Validator(schema).iter_errors(facts))
        assert not errors, (example.name, errors[0].message)
