"""Counts that partitions produce and merge: the same totals whatever the split.

A :class:`Tally` is plain data (dicts of counts, a few bounded samples) so that it travels
between processes, Dask workers or Spark executors as JSON. Merging is associative and
commutative; every collection is bounded (distinct names, examples, bad-line samples), so
memory stays flat in the number of lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EXAMPLES_PER_CAUSE", "MAX_DISTINCT", "OTHER", "UNKNOWN_CAUSE", "Tally"]

MAX_DISTINCT = 5000       # distinct models / keys / users / channels kept per dimension
EXAMPLES_PER_CAUSE = 3
BAD_SAMPLES = 10
OTHER = "(other)"
UNKNOWN_CAUSE = "unknown.undiagnosed"
DIMENSIONS = ("model", "key", "user", "channel")


def _bounded_add(counter: Counter[str], name: str, count: int = 1) -> None:
    if name in counter or len(counter) < MAX_DISTINCT:
        counter[name] += count
    else:
        counter[OTHER] += count


@dataclass
class Tally:
    """What one partition (or the whole run) counted."""

    lines: int = 0
    requests: int = 0
    failed: int = 0
    bad: int = 0
    bad_samples: list[str] = field(default_factory=list)
    causes: Counter[str] = field(default_factory=Counter)
    # cause -> {"family", "rule", "faq", "owner"}
    info: dict[str, dict[str, Any]] = field(default_factory=dict)
    hours: Counter[str] = field(default_factory=Counter)          # "<epoch hour>|<family>"
    requests_by_hour: Counter[str] = field(default_factory=Counter)
    dims: dict[str, Counter[str]] = field(
        default_factory=lambda: {d: Counter() for d in DIMENSIONS})
    # "<dimension>|<value>|<family>" for the top values' breakdown
    dim_family: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    first: int | None = None
    last: int | None = None

    def add_bad(self, where: str, reason: str) -> None:
        self.bad += 1
        if len(self.bad_samples) < BAD_SAMPLES:
            self.bad_samples.append(f"{where}: {reason}"[:300])

    def add_time(self, moment: int | None, family: str | None) -> None:
        if moment is None:
            return
        self.first = moment if self.first is None else min(self.first, moment)
        self.last = moment if self.last is None else max(self.last, moment)
        hour = str(moment // 3600)
        self.requests_by_hour[hour] += 1
        if family is not None:
            self.hours[f"{hour}|{family}"] += 1

    def add_failure(self, cause: str, info: dict[str, Any], values: dict[str, str],
                    example: str) -> None:
        self.failed += 1
        self.causes[cause] += 1
        if cause not in self.info:
            self.info[cause] = info
        family = info["family"]
        for dim in DIMENSIONS:
            value = values.get(dim) or ""
            if value:
                _bounded_add(self.dims[dim], value)
                if len(self.dim_family) < MAX_DISTINCT * 4 or (
                        f"{dim}|{value}|{family}" in self.dim_family):
                    self.dim_family[f"{dim}|{value}|{family}"] += 1
        shown = self.examples.setdefault(cause, [])
        if len(shown) < EXAMPLES_PER_CAUSE and example and example not in shown:
            shown.append(example)

    def merge(self, other: Tally) -> Tally:
        """Add ``other`` into this tally (in place) and return it."""
        self.lines += other.lines
        self.requests += other.requests
        self.failed += other.failed
        self.bad += other.bad
        room = BAD_SAMPLES - len(self.bad_samples)
        self.bad_samples.extend(other.bad_samples[:max(room, 0)])
        self.causes.update(other.causes)
        for cause, info in other.info.items():
            self.info.setdefault(cause, info)
        self.hours.update(other.hours)
        self.requests_by_hour.update(other.requests_by_hour)
        for dim in DIMENSIONS:
            for name, count in other.dims[dim].items():
                _bounded_add(self.dims[dim], name, count)
        self.dim_family.update(other.dim_family)
        for cause, lines in other.examples.items():
            shown = self.examples.setdefault(cause, [])
            for line in lines:
                if len(shown) < EXAMPLES_PER_CAUSE and line not in shown:
                    shown.append(line)
        for moment in (other.first, other.last):
            if moment is not None:
                self.first = moment if self.first is None else min(self.first, moment)
                self.last = moment if self.last is None else max(self.last, moment)
        return self

    def to_plain(self) -> dict[str, Any]:
        return {"lines": self.lines, "requests": self.requests, "failed": self.failed,
                "bad": self.bad, "bad_samples": list(self.bad_samples),
                "causes": dict(self.causes), "info": self.info, "hours": dict(self.hours),
                "requests_by_hour": dict(self.requests_by_hour),
                "dims": {d: dict(c) for d, c in self.dims.items()},
                "dim_family": dict(self.dim_family), "examples": self.examples,
                "first": self.first, "last": self.last}

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Tally:
        return cls(lines=data["lines"], requests=data["requests"], failed=data["failed"],
                   bad=data["bad"], bad_samples=list(data["bad_samples"]),
                   causes=Counter(data["causes"]), info=dict(data["info"]),
                   hours=Counter(data["hours"]),
                   requests_by_hour=Counter(data["requests_by_hour"]),
                   dims={d: Counter(data["dims"].get(d, {})) for d in DIMENSIONS},
                   dim_family=Counter(data["dim_family"]),
                   examples={k: list(v) for k, v in data["examples"].items()},
                   first=data["first"], last=data["last"])
