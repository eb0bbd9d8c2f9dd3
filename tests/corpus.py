"""The shared dev corpus (tests/data/dev-errors.yaml, with its provenance fields) as fact sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent / "data" / "dev-errors.yaml"


def corpus_cases() -> list[dict[str, Any]]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def case_facts(case: dict[str, Any]) -> dict[str, Any]:
    """A corpus case as the facts a support engineer would have pasted."""
    request: dict[str, Any] = {}
    if case.get("endpoint"):
        request["endpoint"] = case["endpoint"]
    if case.get("model"):
        request["model"] = case["model"]
    facts: dict[str, Any] = {"request": request}
    if case.get("status") is None:
        facts["error"] = {"message": case["body"]}
    else:
        facts["response"] = {"status": case["status"], "body": case["body"]}
    return facts
