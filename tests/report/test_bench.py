"""The report benchmark runs end to end at a tiny size and its counts equal the truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_report_quick(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "bench.report", "--sizes", "3000",
                           "--no-dask", "--out", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    row = json.loads(out.read_text(encoding="utf-8"))["rows"][0]
    assert row["lines"] == 3000 and row["counts_equal_truth"] is True
    assert row["workers_2_s"] > 0 and row["workers_2_peak_mb"] > 10 and row["floor_s"] > 0
