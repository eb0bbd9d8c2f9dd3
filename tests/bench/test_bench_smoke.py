"""The benchmark's generator and its --quick run, at tiny sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from triage.api import load_compiled
from triage.evaluate import Diagnoser
from triage.loader.sources import load_sources

from bench.generate import fires, generate_kb, generate_tickets, scenarios

ROOT = Path(__file__).resolve().parents[2]


def test_generated_kb_is_valid_and_its_cases_pass(tmp_path: Path) -> None:
    summary = generate_kb(tmp_path, 40, 20)
    assert summary["cases_not_firing"] == []
    kb, issues = load_sources(tmp_path)
    assert [i for i in issues if i.severity == "error"] == []
    assert len(kb.rules) == 40 and len(kb.entries) == 20
    for entry in kb.entries.values():
        assert entry.body["zh"]["answer"] and entry.body["en"]["answer"]
    diagnoser = Diagnoser(load_compiled(tmp_path))
    for case in kb.cases:
        ids = diagnoser.fired(case.facts)[1]
        assert (case.rule in ids) is case.fires, (case.rule, case.name)


def test_generation_is_deterministic_and_tickets_match_a_handful(tmp_path: Path) -> None:
    assert [s.code for s in scenarios()[:50]] == [s.code for s in scenarios()[:50]]
    first = list(generate_tickets(30))
    assert first == list(generate_tickets(30))
    generate_kb(tmp_path, 60, 10)
    kb, _ = load_sources(tmp_path)
    fired = [sum(fires(r.when, t) for r in kb.rules) for t in first]
    assert 0 < sum(fired) / len(fired) < 10   # a handful, not all of them


@pytest.mark.slow
def test_quick_run_prints_every_ratio(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    # How long it took is the benchmark's business (bench/, README), not a unit test's:
    # a shared CI machine took 64 s once. This checks that every part ran and agreed.
    assert results["total_s"] > 0
    for section in ("cold_start", "throughput", "memory"):
        assert "error" not in results[section], results[section]
    for size in results["throughput"].values():
        assert size["in_process"]["mismatches"] == 0
        assert size["output_lines_differing"] == 0
    inv = results["cold_start"]["invalidation"]
    assert inv["recompiled_after_edit"] and inv["answer_shows_edit"]
    assert inv["next_run_reused_cache"] and inv["recompiled_after_touch"]
    for label in ("cold start, warm cache", "--batch tickets/s", "per ticket p50/p99",
                  "RSS over", "validate", "build"):
        assert label in proc.stdout, proc.stdout
