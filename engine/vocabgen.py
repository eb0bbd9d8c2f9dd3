"""Generate what the fact vocabulary decides: docs, schemas and tooltips, from one table.

``python -m triage.vocabgen`` rewrites

- ``schemas/facts.schema.json`` (from :data:`triage.vocabulary.INPUTS`),
- the ``fact`` enum and the ``confidence`` description of ``schemas/rule.schema.json``
  (from :data:`~triage.vocabulary.FACTS` and :data:`~triage.vocabulary.TIERS`),
- the two tables between ``<!-- generated: ... -->`` markers in ``docs/facts.md``;

``--check`` only reports the files that differ (exit 1), which is what the test suite does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from triage.vocabulary import FACTS, INPUTS, TIERS, FactSpec

__all__ = ["facts_schema", "main", "outputs", "rule_schema_text", "stale", "tier_words"]

ROOT = Path(__file__).resolve().parents[1]

# JSON Schema shape of each input kind; a few fields say more (bounds, ids, null).
_KIND_SCHEMA: dict[str, dict[str, Any]] = {
    "str": {"type": "string"}, "secret": {"type": "string"}, "int": {"type": "integer"},
    "number": {"type": "number"}, "bool": {"type": "boolean"},
    "list": {"type": "array", "items": {"type": "string"}}, "map": {"type": "object"},
    "body": {"type": ["string", "object", "array", "null"]}, "any": {},
}
_EXTRA: dict[str, dict[str, Any]] = {
    "ticket.id": {"type": ["string", "integer"]},
    "task.id": {"type": ["string", "integer"]},
    "request.model": {"type": ["string", "null"]},
    "request.sent_model": {"type": ["string", "null"]},
    "request.timeout_s": {"minimum": 0},
    "response.status": {"type": ["integer", "null"], "minimum": 100, "maximum": 999},
    "response.elapsed_ms": {"minimum": 0},
    "account.balance": {"type": ["number", "null"]},
    "account.key_quota_remaining": {"type": ["number", "null"]},
    "task.age_s": {"minimum": 0},
}
_BEGIN = "<!-- generated: {} (python -m triage.vocabgen) -->"
_END = "<!-- end generated: {} -->"


def _field(path: str, spec: FactSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"description": f"{spec.en} / {spec.zh}"}
    if spec.values:
        out["enum"] = list(spec.values)
    else:
        out.update(_KIND_SCHEMA[spec.type])
    out.update(_EXTRA.get(path, {}))
    return out


def facts_schema() -> dict[str, Any]:
    """schemas/facts.schema.json, from INPUTS."""
    sections: dict[str, Any] = {}
    for path, spec in INPUTS.items():
        section, _, name = path.partition(".")
        sec = sections.setdefault(section, {"type": "object", "properties": {}})
        if name == "*":
            del sec["properties"]
            sec["description"] = f"{spec.en} / {spec.zh}"
        else:
            sec["properties"][name] = _field(path, spec)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://triage.example/schemas/facts.schema.json",
        "title": "triage fact set",
        "description": "The input of `triage diagnose` (contract v1, section 2). Every key is "
        "optional; unknown keys are kept and reported as warnings. Generated from "
        "triage.vocabulary.INPUTS by `python -m triage.vocabgen`; do not edit by hand.",
        "type": "object",
        "properties": sections,
    }


def tier_words() -> str:
    """The tiers in words, as the rule schema's tooltip shows them."""
    parts = [f">={bound:g} {en}" for bound, en, _ in TIERS if bound > 0]
    return ", ".join(parts) + f", below that {TIERS[-1][1]}"


def _fact_enum() -> dict[str, Any]:
    return {"enum": list(FACTS), "description": "a normalised fact, see docs/facts.md"}


def _confidence() -> dict[str, Any]:
    return {"type": "number", "exclusiveMinimum": 0, "maximum": 1,
            "description": "how sure a match is; it sets the evidence tier diagnoses are "
            f"ranked by: {tier_words()}"}


def _swap_line(text: str, marker: str, key: str, value: dict[str, Any]) -> str:
    """Replace the one line holding ``marker`` with ``"key": value`` (same indent, comma)."""
    lines = text.split("\n")
    found = [i for i, line in enumerate(lines) if marker in line]
    if len(found) != 1:
        raise ValueError(f"schemas/rule.schema.json: expected one line with {marker}")
    line = lines[found[0]]
    indent = line[: len(line) - len(line.lstrip())]
    comma = "," if line.rstrip().endswith(",") else ""
    lines[found[0]] = f"{indent}\"{key}\": {json.dumps(value, ensure_ascii=False)}{comma}"
    return "\n".join(lines)


def rule_schema_text(text: str) -> str:
    """The rule schema with its fact enum and confidence tooltip taken from the vocabulary;
    only those two lines change, so edits elsewhere in the file merge cleanly."""
    text = _swap_line(text, '"description": "a normalised fact, see docs/facts.md"', "fact",
                      _fact_enum())
    return _swap_line(text, '"confidence": {', "confidence", _confidence())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def facts_table() -> str:
    rows = ["| fact | type | values | meaning (en) | 含义 (zh) |", "|---|---|---|---|---|"]
    for name, spec in FACTS.items():
        rows.append(f"| `{name}` | {spec.type} | {', '.join(spec.values)} | {_cell(spec.en)} "
                    f"| {_cell(spec.zh)} |")
    return "\n".join(rows)


def inputs_table() -> str:
    rows = ["| input | kind | values | meaning (en) | 含义 (zh) |", "|---|---|---|---|---|"]
    for name, spec in INPUTS.items():
        rows.append(f"| `{name}` | {spec.type} | {', '.join(spec.values)} | {_cell(spec.en)} "
                    f"| {_cell(spec.zh)} |")
    return "\n".join(rows)


def _replace_block(text: str, name: str, body: str) -> str:
    begin, end = _BEGIN.format(name), _END.format(name)
    if begin not in text or end not in text:
        raise ValueError(f"docs/facts.md has no {begin} ... {end} block")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}\n{end}{tail}"


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def outputs(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file with the text it should have."""
    rule_path = root / "schemas" / "rule.schema.json"
    docs_path = root / "docs" / "facts.md"
    docs = docs_path.read_text(encoding="utf-8")
    docs = _replace_block(docs, "facts", facts_table())
    docs = _replace_block(docs, "inputs", inputs_table())
    rule = rule_schema_text(rule_path.read_text(encoding="utf-8"))
    return {root / "schemas" / "facts.schema.json": _dump(facts_schema()),
            rule_path: rule, docs_path: docs}


def stale(root: Path = ROOT) -> list[Path]:
    """The generated files whose text differs from what the vocabulary gives."""
    out = []
    for path, text in outputs(root).items():
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = ""
        if current != text:
            out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m triage.vocabgen",
                                     description="regenerate the files the fact vocabulary "
                                     "decides (schemas, docs/facts.md)")
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    parser.add_argument("--root", default=str(ROOT), help="the repository (default: this one)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        if args.check:
            bad = stale(root)
            for path in bad:
                print(f"{path}: out of date; run python -m triage.vocabgen", file=sys.stderr)
            return 1 if bad else 0
        for path, text in outputs(root).items():
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            print(f"wrote {path}")
    except (OSError, ValueError) as exc:
        print(f"vocabgen: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
