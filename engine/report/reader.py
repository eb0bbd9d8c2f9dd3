"""Opening logs (plain or gzip), recognising their format, and streaming them in chunks.

Nothing is read whole except a JSON document (an API answer or a JSON array), which is
bounded by :data:`MAX_DOCUMENT`; every other input streams line by line, so memory does not
grow with the file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from triage.errors import UsageError
from triage.report.formats import FORMATS, format_of_header, format_of_row
from triage.report.partition import Spec

__all__ = ["MAX_DOCUMENT", "Source", "chunks", "detect", "open_source"]

MAX_DOCUMENT = 256 << 20
_SNIFF_LINES = 20
csv.field_size_limit(16 << 20)


@dataclass
class Source:
    """An open input: the text stream and the raw byte stream under it (for progress)."""

    name: str
    text: IO[str]
    raw: IO[bytes]
    size: int
    gzip: bool = False
    damage: str = ""     # why reading stopped early (a truncated or damaged gzip stream)

    def position(self) -> int:
        try:
            return self.raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self.text.close()
        self.raw.close()


def open_source(name: str) -> Source:
    """Open a log file (``-`` for standard input); gzip is recognised by its magic bytes."""
    raw: Any
    if name == "-":
        raw = sys.stdin.buffer
        size = 0
    else:
        path = Path(name)
        if path.is_dir():
            raise UsageError(f"{name}: is a folder; give log files")
        try:
            raw = path.open("rb")
        except FileNotFoundError:
            raise UsageError(f"{name}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{name}: cannot read it ({exc.strerror})") from None
        size = path.stat().st_size
    buffered: Any = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    stream: Any = buffered
    compressed = buffered.peek(2)[:2] == b"\x1f\x8b"
    if compressed:
        stream = gzip.GzipFile(fileobj=buffered, mode="rb")
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    return Source(name, text, buffered, size, compressed)


def _first_lines(source: Source) -> list[str]:
    lines: list[str] = []
    try:
        while len(lines) < _SNIFF_LINES:
            line = source.text.readline()
            if not line:
                break
            lines.append(line)
    except (EOFError, OSError, zlib.error) as exc:
        if not lines:
            raise UsageError(f"{source.name}: cannot read it ({exc}); give a log file, "
                             "plain or gzip") from None
        source.damage = f"the stream ends early or is damaged ({exc})"
    return lines


def detect(source: Source, forced: str | None, root: str) -> tuple[Spec, list[str]]:
    """The spec of ``source`` (format named or recognised) and the lines read to tell it
    (the caller feeds them back first)."""
    lines = _first_lines(source)
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    first = next((ln.lstrip("\ufeff").strip() for ln in lines if ln.strip()), "")
    where = f"{source.name}:1:1"
    if not first:
        return Spec(forced or "triage-batch", "jsonl", (), root, source.name), lines
    if forced == "one-api-log" or (forced is None and _one_api_log(lines)):
        return Spec("one-api-log", "lines", (), root, source.name), lines
    if first.startswith(("{", "[")):
        row = _json_or_none(first)
        if isinstance(row, dict) and not _is_envelope(row):
            fmt = forced or format_of_row(row)
            if fmt is None:
                raise UsageError(f"{where}: a JSON line with none of the columns of a known "
                                 f"log ({', '.join(FORMATS)}); name it with --input-format")
            return Spec(fmt, "jsonl", (), root, source.name), lines
        return Spec(forced or "", "objects", (), root, source.name), lines
    header = next(csv.reader([first]))
    fmt = forced or format_of_header(header)
    if fmt is None or len(header) < 2:
        raise UsageError(f"{where}: cannot tell the log format (not JSON Lines, not a CSV "
                         "header of a known log, not one-api's server log); name it with "
                         f"--input-format ({', '.join(FORMATS)})")
    return Spec(fmt, "csv", tuple(h.strip() for h in header), root, source.name), lines


def _one_api_log(lines: list[str]) -> bool:
    return any(ln.startswith(("[ERR]", "[INFO]", "[SYS]", "[WARN]", "[DEBUG]", "[FATAL]"))
               for ln in lines[:5])


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _is_envelope(row: dict[str, Any]) -> bool:
    """An API answer that wraps the rows ({"success", "data": [...] or {"items": [...]}})."""
    data = row.get("data")
    return "data" in row and (isinstance(data, list) or (
        isinstance(data, dict) and isinstance(data.get("items"), list)))


def _document_rows(source: Source, head: list[str], spec: Spec) -> tuple[Spec, list[Any]]:
    text = "".join(head) + source.text.read(MAX_DOCUMENT)
    if source.text.read(1):
        raise UsageError(f"{source.name}: a JSON document larger than {MAX_DOCUMENT >> 20} "
                         "MiB; export it as JSON Lines (one row a line) to stream it")
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except RecursionError:
        raise UsageError(f"{source.name}: nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{source.name}:{exc.lineno}:{exc.colno}: {exc.msg}; give JSON "
                         "Lines, a JSON array of rows or the gateway's log API answer") from None
    rows = data
    if isinstance(data, dict):
        rows = data.get("data")
        if isinstance(rows, dict):
            rows = rows.get("items")
    if not isinstance(rows, list):
        raise UsageError(f"{source.name}:1:1: a JSON document without a list of rows "
                         "(expected [...], {\"data\": [...]} or {\"data\": {\"items\": [...]}})")
    fmt = spec.fmt
    if not fmt:
        sample = next((r for r in rows if isinstance(r, dict)), {})
        fmt = format_of_row(sample) or ""
        if not fmt:
            raise UsageError(f"{source.name}:1:1: rows with none of the columns of a known log"
                             f" ({', '.join(FORMATS)}); name it with --input-format")
    return Spec(fmt, "objects", (), spec.root, spec.source), rows


def chunks(source: Source, spec: Spec, head: list[str], size: int = 2000
           ) -> Iterator[tuple[Spec, list[tuple[int, Any]]]]:
    """Chunks of ``(line number, payload)`` units, in order."""
    if spec.container == "objects":
        spec, rows = _document_rows(source, head, spec)
        for start in range(0, len(rows), size):
            yield spec, [(start + i + 1, r) for i, r in enumerate(rows[start:start + size])]
        return
    lines = _chain(head, source)
    if spec.container == "csv":
        reader = csv.reader(lines)
        header_seen = False
        batch: list[tuple[int, Any]] = []
        for row in reader:
            if not header_seen:
                header_seen = True
                continue
            if not row:
                continue
            batch.append((reader.line_num, row))
            if len(batch) >= size:
                yield spec, batch
                batch = []
        if batch:
            yield spec, batch
        return
    batch = []
    for number, line in enumerate(lines, 1):
        batch.append((number, line.rstrip("\r\n")))
        if len(batch) >= size:
            yield spec, batch
            batch = []
    if batch:
        yield spec, batch


def _chain(head: list[str], source: Source) -> Iterator[str]:
    """The sniffed lines, then the rest; a damaged stream ends the file instead of the run."""
    yield from head
    try:
        yield from source.text
    except (EOFError, OSError, zlib.error) as exc:
        source.damage = (f"the {'gzip ' if source.gzip else ''}stream ends early or is damaged "
                         f"({exc}); the lines before were read")
