"""The compiled knowledge base is cached, and the cache follows every source change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import triage.loader.sources as sources
from triage.api import load_compiled
from triage.evaluate import Diagnoser

FACTS = {"response": {"status": 402, "body": ""}}


def _first(root: Path) -> str:
    result = Diagnoser(load_compiled(root)).diagnose(FACTS)
    return str(result["diagnoses"][0]["title"])


def test_cache_is_used_and_invalidated(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIAGE_NO_CACHE", raising=False)
    monkeypatch.setenv("TRIAGE_CACHE_DIR", str(kb_copy / "cache"))
    calls = []
    real = sources.load_sources
    monkeypatch.setattr(sources, "load_sources",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _first(kb_copy) == "Payment required (402)"
    assert _first(kb_copy) == "Payment required (402)"
    assert len(calls) == 1, "the second run reads the cache, not the YAML"
    assert len(list((kb_copy / "cache").glob("kb-*.marshal"))) == 1

    rule = kb_copy / "rules/quota/payment-required-status.yaml"
    text = rule.read_text(encoding="utf-8").replace("title: Payment required (402)",
                                                    "title: Payment needed (402)")
    rule.write_text(text, encoding="utf-8")
    stat = rule.stat()
    os.utime(rule, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert _first(kb_copy) == "Payment needed (402)"
    assert len(calls) == 2
    assert len(list((kb_copy / "cache").glob("kb-*.marshal"))) == 1, "old caches are removed"


def test_a_new_source_file_invalidates(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGE_CACHE_DIR", str(kb_copy / "cache"))
    first = load_compiled(kb_copy).key
    src = kb_copy / "rules/quota/payment-required-status.yaml"
    (kb_copy / "rules/quota/payment-required-status-2.yaml").write_text(
        src.read_text(encoding="utf-8").replace("id: payment-required-status",
                                                "id: payment-required-status-2"),
        encoding="utf-8")
    (kb_copy / "rules/quota/payment-required-status-2.cases.yaml").write_text(
        (kb_copy / "rules/quota/payment-required-status.cases.yaml").read_text(
            encoding="utf-8").replace("rule: payment-required-status",
                                      "rule: payment-required-status-2"), encoding="utf-8")
    second = load_compiled(kb_copy)
    assert second.key != first
    assert "payment-required-status-2" in second.rules


def test_a_broken_cache_file_is_ignored(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGE_CACHE_DIR", str(kb_copy / "cache"))
    key = load_compiled(kb_copy).key
    (kb_copy / "cache" / f"kb-{key}.marshal").write_bytes(b"\x00garbage")
    assert load_compiled(kb_copy).key == key


def test_checked_files_are_trusted_only_while_unchanged(
        kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGE_CACHE_DIR", str(kb_copy / "cache"))
    from triage.loader import schema

    _, issues = sources.load_sources(kb_copy)          # validate: checks all, records
    assert not issues
    assert (kb_copy / "cache" / "checked.json").exists()
    calls = []
    real = schema.check
    monkeypatch.setattr(sources, "check", lambda *a: calls.append(a[0].path) or real(*a))
    _, issues = sources.load_sources(kb_copy, trust_checked=True)
    assert not issues and calls == [], "unchanged files are not checked again"

    rule = kb_copy / "rules/quota/payment-required-status.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("priority: 30", "priority: high"),
                    encoding="utf-8")
    _, issues = sources.load_sources(kb_copy, trust_checked=True)
    assert calls == ["rules/quota/payment-required-status.yaml"]
    assert any("priority should be integer" in str(i) for i in issues)
    calls.clear()
    sources.load_sources(kb_copy)                      # validate never trusts the record
    assert len(calls) > 100
