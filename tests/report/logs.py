"""Helpers for the report tests: generated logs with their truth, and checks against it."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from bench.loggen import generate

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas/report.schema.json").read_text(encoding="utf-8"))


def write_log(folder: Path, fmt: str, lines: int, *, gz: bool = False, bad_every: int = 0,
              seed: int = 7) -> tuple[Path, dict[str, Any]]:
    """A generated log of ``fmt`` and its truth (including the raw keys it contains)."""
    out = io.StringIO()
    truth = generate(fmt, lines, out, seed, bad_every=bad_every)
    data = out.getvalue().encode("utf-8")
    path = folder / (f"{fmt}.log.gz" if gz else f"{fmt}.log")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path, truth


def mismatches(report: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """Every count of the report that differs from the truth (empty when all agree)."""
    out = []
    totals = report["totals"]
    for name, key in (("lines", "lines"), ("requests", "requests"), ("failed", "failed"),
                      ("bad_lines", "bad")):
        if totals[name] != truth[key]:
            out.append(f"totals.{name}: {totals[name]} != {truth[key]}")
    causes = {c["cause"]: c["count"] for c in report["causes"]}
    if causes != truth["causes"]:
        out.append(f"causes: {causes} != {truth['causes']}")
    families: dict[str, int] = {}
    for cause, count in truth["causes"].items():
        family = cause.split(".")[0]
        families[family] = families.get(family, 0) + count
    if {f["family"]: f["count"] for f in report["families"]} != families:
        out.append("families differ")
    hours: dict[str, int] = {}
    for row in report["over_time"]:
        if row["failed"]:
            hours[row["start"][:13]] = row["failed"]
    if hours != truth["hours"]:
        out.append(f"hours: {hours} != {truth['hours']}")
    for dim, counts in truth["dims"].items():
        got = {r["name"]: r["failed"] for r in report["dimensions"].get(dim, [])}
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        if [(n, got.get(n)) for n, _ in ranked] != ranked:
            out.append(f"{dim}: {sorted(got.items())[:5]} != {ranked[:5]}")
    undiagnosed = truth["causes"].get("unknown.undiagnosed", 0)
    if totals["undiagnosed"] != undiagnosed:
        out.append(f"undiagnosed: {totals['undiagnosed']} != {undiagnosed}")
    return out


def leaked(text: str, truth: dict[str, Any]) -> list[str]:
    """Raw keys of the generated log that appear in ``text`` (whole or their secret part)."""
    return [k[:6] + "…" for k in truth["keys"] if k in text or k[3:20] in text]
