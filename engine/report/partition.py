"""The per-partition work: parse lines, diagnose the failed requests, count.

:func:`diagnose_partition` is the one function every engine runs: the local process pool,
a Dask ``map_partitions`` and a Spark ``mapInPandas`` all hand it lines and merge the
:class:`~triage.report.aggregate.Tally` it returns. Each process loads the knowledge base
once (``triage.api.load_diagnoser`` keeps one per process) and reuses the answer for a
failure it has already seen (a bounded cache: gateways repeat the same errors).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.report.aggregate import UNKNOWN_CAUSE, Tally
from triage.report.formats import parse_line, parse_row
from triage.report.records import Record
from triage.secrets import mask_text

__all__ = ["Spec", "diagnose_lines", "diagnose_partition", "owner_side"]

EXAMPLE_CHARS = 400
_CACHE_LIMIT = 20_000

def owner_side(owner: str) -> str:
    """user (fixable by the caller), platform (gateway or upstream), network, unknown."""
    if owner == "user":
        return "user"
    if owner in ("gateway", "upstream"):
        return "platform"
    return owner if owner == "network" else "unknown"


@dataclass(frozen=True)
class Spec:
    """How to read a partition's lines; plain data, so it pickles and serialises."""

    fmt: str                       # a row format of triage.report.formats, or one-api-log
    container: str = "jsonl"       # jsonl | csv | lines | objects
    header: tuple[str, ...] = ()   # CSV column names
    root: str = ""                 # knowledge-base root ("" = the default one)
    source: str = ""               # the input's name, for bad-line samples


_cache: dict[tuple[Any, ...], tuple[str, dict[str, Any]]] = {}


def _diagnoser(root: str) -> Any:
    from triage.api import load_diagnoser

    return load_diagnoser(Path(root) if root else None)


def _diagnosis(diagnoser: Any, record: Record) -> tuple[str, dict[str, Any]]:
    key = record.key_of()
    hit = _cache.get(key)
    if hit is not None:
        return hit
    _norm, ids, _flags = diagnoser.fired(record.facts())
    if ids:
        rule = diagnoser.compiled.rules[ids[0]]
        owner = str(rule["owner"]["owner"])  # kb/owners.yaml or the rule's attribution
        answer = (rule["cause"], {"family": rule["family"], "rule": rule["id"],
                                  "faq": list(rule["faq"]), "owner": owner})
    else:
        answer = (UNKNOWN_CAUSE, {"family": "unknown", "rule": "", "faq": [],
                                  "owner": "unknown"})
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[key] = answer
    return answer


def _record(spec: Spec, payload: Any) -> Record | None:
    if spec.fmt == "one-api-log":
        return parse_line(payload)
    if spec.container == "csv":
        if len(payload) != len(spec.header):
            raise ValueError(f"{len(payload)} fields where the header has {len(spec.header)}")
        return parse_row(spec.fmt, dict(zip(spec.header, payload, strict=True)))
    if spec.container == "objects":
        return parse_row(spec.fmt, payload)
    try:
        row = json.loads(payload)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON (column {exc.colno}: {exc.msg})") from None
    return parse_row(spec.fmt, row)


def _shown(payload: Any) -> str:
    if isinstance(payload, list):
        text = ",".join(payload)
    elif isinstance(payload, str):
        text = payload
    else:
        text = json.dumps(payload, ensure_ascii=False)
    text = text.strip()
    return mask_text(text[:EXAMPLE_CHARS] + ("…" if len(text) > EXAMPLE_CHARS else ""))


def diagnose_lines(units: Iterable[tuple[int, Any]], spec: Spec) -> Tally:
    """Count and diagnose ``(line number, payload)`` units: a JSON line, a CSV row (a list
    of fields), an already parsed object, or a text line."""
    diagnoser = _diagnoser(spec.root)
    tally = Tally()
    for number, payload in units:
        tally.lines += 1
        if isinstance(payload, str) and not payload.strip():
            continue
        try:
            record = _record(spec, payload)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            tally.add_bad(f"{spec.source}:{number}", str(exc) or type(exc).__name__)
            continue
        if record is None:
            continue
        tally.requests += 1
        if not record.failed:
            tally.add_time(record.time, None)
            continue
        cause, info = _diagnosis(diagnoser, record)
        tally.add_time(record.time, info["family"])
        tally.add_failure(cause, info, {"model": record.model, "key": record.key,
                                        "user": record.user, "channel": record.channel},
                          _shown(payload))
    return tally


def diagnose_partition(lines: Iterable[str], spec: Spec, first_line: int = 1) -> Tally:
    """The partition function: raw text lines of one partition in, one Tally out.

    CSV partitions are parsed here (a repeated header line is skipped); this is what
    Dask's ``map_partitions`` and Spark's ``mapInPandas`` call (see docs/report.md)."""
    if spec.container == "csv":
        header = list(spec.header)
        rows = ((first_line + i, row) for i, row in enumerate(csv.reader(
            line.rstrip("\r\n") for line in lines)) if row != header)
        return diagnose_lines(rows, spec)
    return diagnose_lines(((first_line + i, line.rstrip("\r\n"))
                           for i, line in enumerate(lines)), spec)
