"""The editor-facing docs list every fact the rules may test."""

from __future__ import annotations

from pathlib import Path

from triage.vocabulary import FACTS


def test_every_fact_is_documented(root: Path) -> None:
    text = (root / "docs/facts.md").read_text(encoding="utf-8")
    missing = [name for name in FACTS if f"`{name}`" not in text]
    assert not missing, f"add these to docs/facts.md: {missing}"
