"""Every shape injected into every field, scanned for in every output of `triage diagnose`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from triage.cli import main

from .shapes import hostile_facts, leaks

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_diagnose_outputs_hold_no_secret(tmp_path: Path, fmt: str, lang: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(hostile_facts()), encoding="utf-8")
    code = main(["diagnose", str(path), "--format", fmt, "--lang", lang, "--root", str(ROOT)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
    assert leaks(out) == [] and leaks(err) == []


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_batch_outputs_hold_no_secret(tmp_path: Path, fmt: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "batch.jsonl"
    bad = '{"request": {"api_key": "' + hostile_facts()["task_id"] + '"'  # cut short
    path.write_text(json.dumps(hostile_facts()) + "\n" + bad + "\n", encoding="utf-8")
    code = main(["diagnose", str(path), "--batch", "--format", fmt, "--root", str(ROOT)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out.count("\n") >= 2
    assert leaks(out) == [] and leaks(err) == []
