"""One table for the facts: the generated schemas and docs, the normaliser and the tiers agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from triage import vocabgen
from triage.evaluate import tier
from triage.facts import normalise as norm
from triage.publish.labels import tier as tier_words
from triage.vocabulary import FACTS, INPUTS, TIERS, FactSpec, tier_name


def test_generated_files_are_up_to_date(root: Path) -> None:
    assert vocabgen.stale(root) == [], "run: python -m triage.vocabgen"


def test_a_new_fact_makes_the_generated_files_stale(root: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FACTS, "client.library", FactSpec("str", "the client library",
                                                           "客户端库"))
    monkeypatch.setitem(INPUTS, "request.library", FactSpec("str", "a library", "库"))
    stale = {p.name for p in vocabgen.stale(root)}
    assert stale == {"facts.schema.json", "rule.schema.json", "facts.md"}
    outputs = {p.name: text for p, text in vocabgen.outputs(root).items()}
    assert "`client.library`" in outputs["facts.md"]
    assert "client.library" in json.loads(outputs["rule.schema.json"])["$defs"]["fact"][
        "properties"]["fact"]["enum"]
    assert "library" in json.loads(outputs["facts.schema.json"])["properties"]["request"][
        "properties"]


def test_regenerating_keeps_the_rule_schema_layout(root: Path) -> None:
    before = (root / "schemas/rule.schema.json").read_text(encoding="utf-8").splitlines()
    after = vocabgen.rule_schema_text("\n".join(before)).splitlines()
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 0


def test_check_command(root: Path, tmp_path: Path) -> None:
    assert vocabgen.main(["--check", "--root", str(root)]) == 0
    for rel in ("schemas/facts.schema.json", "schemas/rule.schema.json", "docs/facts.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text((root / rel).read_text(encoding="utf-8"), encoding="utf-8")
    doc = tmp_path / "docs/facts.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("| `response.status` | int",
                                                           "| `response.status` | str"),
                   encoding="utf-8")
    assert vocabgen.main(["--check", "--root", str(tmp_path)]) == 1
    assert vocabgen.main(["--root", str(tmp_path)]) == 0
    assert vocabgen.main(["--check", "--root", str(tmp_path)]) == 0


def test_normaliser_types_and_enums_come_from_the_table() -> None:
    kinds = {f"{sec}.{name}": kind for sec, fields in norm._SCHEMA.items()
             for name, kind in fields.items()}
    assert kinds == {path: spec.type for path, spec in INPUTS.items()}
    for path, spec in INPUTS.items():
        if spec.values:
            assert norm._ENUMS[path] == set(spec.values)
            assert FACTS[path].values == spec.values  # the same closed values on both sides


def test_api_checks_read_every_input(root: Path) -> None:
    from triage.serve.checks import field_kinds

    kinds = field_kinds()
    for path in INPUTS:
        section, _, name = path.partition(".")
        assert section in kinds
        assert name == "*" or name in kinds[section], path


@pytest.mark.parametrize("confidence", [0.01, 0.3, 0.59, 0.6, 0.7, 0.84, 0.85, 0.9, 0.94,
                                        0.95, 0.99, 1.0])
def test_tiers_agree_everywhere(root: Path, confidence: float) -> None:
    names = [en for _, en, _ in TIERS]
    assert 3 - names.index(tier_name(confidence)) == tier(confidence)
    assert tier_words(confidence, "en") == tier_name(confidence, "en")
    assert tier_words(confidence, "zh") == tier_name(confidence, "zh")


def test_tier_bounds_in_schema_and_docs(root: Path) -> None:
    schema = json.loads((root / "schemas/rule.schema.json").read_text(encoding="utf-8"))
    tooltip = schema["properties"]["confidence"]["description"]
    for bound, en, _ in TIERS[:-1]:
        assert f">={bound:g} {en}" in tooltip
        for doc in ("docs/architecture.md", "docs/contract.md"):
            text = " ".join((root / doc).read_text(encoding="utf-8").split())
            assert f"≥{bound:g} {en}" in text, doc


def test_every_family_has_reader_names() -> None:
    from triage.vocabulary import FAMILIES, FAMILY_NAMES

    assert list(FAMILY_NAMES) == list(FAMILIES)
    assert all(set(names) == {"zh", "en"} and all(names.values())
               for names in FAMILY_NAMES.values())
