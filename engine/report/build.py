"""From a :class:`Tally` to the report (plain JSON data, schemas/report.schema.json).

Every string that came from a log was masked when it was read; the whole report is masked
once more here (``mask_obj``) so that no later change can let a key through.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from triage.report.aggregate import DIMENSIONS, UNKNOWN_CAUSE, Tally
from triage.report.partition import owner_side
from triage.report.run import Input
from triage.secrets import mask_obj

__all__ = ["REPORT_VERSION", "build_report", "iso"]

REPORT_VERSION = "1"
TOP = 20
SIDES = ("user", "platform", "network", "unknown")


def iso(moment: int | None) -> str | None:
    if moment is None:
        return None
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _share(count: int, total: int) -> float:
    return round(count / total, 6) if total else 0.0


def _answers(faq: list[str], lang: str, site_url: str) -> list[dict[str, str]]:
    base = site_url.rstrip("/") + "/"
    return [{"id": f, "url": f"{base}{lang}/answers/{f}/"} for f in faq]


def _over_time(tally: Tally) -> tuple[str, list[dict[str, Any]]]:
    hours = sorted({int(h) for h in tally.requests_by_hour})
    span = (hours[-1] - hours[0]) if hours else 0
    bucket = "hour" if span <= 72 else "day"
    width = 1 if bucket == "hour" else 24
    rows: dict[int, dict[str, Any]] = {}
    for hour, count in tally.requests_by_hour.items():
        slot = int(hour) // width * width
        rows.setdefault(slot, {"requests": 0, "failed": 0, "families": {}})
        rows[slot]["requests"] += count
    for key, count in tally.hours.items():
        hour, family = key.split("|", 1)
        slot = int(hour) // width * width
        row = rows.setdefault(slot, {"requests": 0, "failed": 0, "families": {}})
        row["failed"] += count
        row["families"][family] = row["families"].get(family, 0) + count
    return bucket, [{"start": iso(slot * 3600), **rows[slot]} for slot in sorted(rows)]


def _dimension(tally: Tally, dim: str) -> list[dict[str, Any]]:
    families: dict[str, dict[str, int]] = {}
    for key, count in tally.dim_family.items():
        d, _, rest = key.partition("|")
        if d == dim:
            value, _, family = rest.rpartition("|")
            families.setdefault(value, {})[family] = count
    top = sorted(tally.dims[dim].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    return [{"name": name, "failed": count, "share": _share(count, tally.failed),
             "families": dict(sorted(families.get(name, {}).items(),
                                     key=lambda kv: (-kv[1], kv[0])))}
            for name, count in top]


def build_report(tally: Tally, inputs: list[Input], *, lang: str, site_url: str,
                 baseline: dict[str, Any] | None = None, baseline_name: str = "",
                 now: datetime | None = None) -> dict[str, Any]:
    """The report as plain data (counts, shares, top lists, examples, links)."""
    failed = tally.failed
    families: dict[str, int] = {}
    sides = dict.fromkeys(SIDES, 0)
    causes = []
    for cause, count in sorted(tally.causes.items(), key=lambda kv: (-kv[1], kv[0])):
        info = tally.info[cause]
        families[info["family"]] = families.get(info["family"], 0) + count
        side = owner_side(info["owner"])
        sides[side] += count
        causes.append({"cause": cause, "family": info["family"], "count": count,
                       "share": _share(count, failed), "owner": info["owner"], "side": side,
                       "rule": info["rule"], "answers": _answers(info["faq"], lang, site_url),
                       "examples": list(tally.examples.get(cause, []))})
    bucket, over_time = _over_time(tally)
    undiagnosed = tally.causes.get(UNKNOWN_CAUSE, 0)
    report: dict[str, Any] = {
        "report": "triage-report", "version": REPORT_VERSION, "lang": lang,
        "generated": (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "inputs": [{"name": i.name, "format": i.format, "container": i.container}
                   for i in inputs],
        "period": {"first": iso(tally.first), "last": iso(tally.last), "bucket": bucket},
        "totals": {"lines": tally.lines, "requests": tally.requests, "failed": failed,
                   "diagnosed": failed - undiagnosed, "undiagnosed": undiagnosed,
                   "bad_lines": tally.bad},
        "bad_lines": {"count": tally.bad, "samples": list(tally.bad_samples)},
        "sides": {s: {"count": n, "share": _share(n, failed)} for s, n in sides.items()},
        "families": [{"family": f, "count": n, "share": _share(n, failed)}
                     for f, n in sorted(families.items(), key=lambda kv: (-kv[1], kv[0]))],
        "causes": causes,
        "over_time": over_time,
        "dimensions": {d: _dimension(tally, d) for d in DIMENSIONS if tally.dims[d]},
        "baseline": compare(causes, baseline, baseline_name) if baseline is not None else None,
    }
    masked: dict[str, Any] = mask_obj(report)
    return masked


def compare(causes: list[dict[str, Any]], baseline: dict[str, Any], name: str
            ) -> dict[str, Any]:
    """New causes (absent from the baseline) and rising ones (a larger share of failures
    than before, by at least one percentage point), largest change first."""
    before = {c["cause"]: c for c in baseline.get("causes", [])}
    new, rising = [], []
    for cause in causes:
        old = before.get(cause["cause"])
        if old is None or not old.get("count"):
            new.append({"cause": cause["cause"], "family": cause["family"],
                        "count": cause["count"], "share": cause["share"]})
            continue
        change = round(cause["share"] - float(old.get("share", 0.0)), 6)
        if change >= 0.01 and cause["count"] > int(old["count"]):
            rising.append({"cause": cause["cause"], "family": cause["family"],
                           "count": cause["count"], "share": cause["share"],
                           "before_count": int(old["count"]),
                           "before_share": float(old.get("share", 0.0)), "change": change})
    new.sort(key=lambda c: (-c["count"], c["cause"]))
    rising.sort(key=lambda c: (-c["change"], c["cause"]))
    gone = sorted(c for c in before if c not in {x["cause"] for x in causes})
    return {"source": name, "generated": baseline.get("generated"),
            "failed_before": int(baseline.get("totals", {}).get("failed", 0)),
            "new": new[:TOP], "rising": rising[:TOP], "gone": gone[:TOP]}
