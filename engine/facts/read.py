"""Reading fact sets from files or standard input (YAML or JSON), with clear errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.errors import FactsError
from triage.facts.strict import input_problems
from triage.facts.strict import loads as strict_loads
from triage.yamlmarks import parse_yaml

__all__ = ["MAX_FACTS_BYTES", "iter_jsonl", "parse_facts", "pasted_facts", "read_facts"]

MAX_FACTS_BYTES = 16 << 20


def _read_bytes(source: str) -> tuple[bytes, str]:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_FACTS_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_FACTS_BYTES + 1)
        except FileNotFoundError:
            raise FactsError(f"{source}: no such file") from None
        except IsADirectoryError:
            raise FactsError(f"{source}: is a folder; give a fact file") from None
        except OSError as exc:
            raise FactsError(f"{source}: cannot read it ({exc.strerror})") from None
        name = source
    if len(data) > MAX_FACTS_BYTES:
        raise FactsError(f"{name}: larger than {MAX_FACTS_BYTES >> 20} MiB; trim the body "
                         "to the error part")
    return data, name


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FactsError(f"{name}:{line}:{col}: not UTF-8 (byte 0x{data[exc.start]:02x}); "
                         "save the file as UTF-8") from None


def _json(text: str, name: str) -> Any:
    """Strict JSON: no NaN/Infinity, no duplicate keys, no absurdly long integers."""
    try:
        return strict_loads(text)
    except json.JSONDecodeError:
        raise  # the callers place it (line and column)
    except ValueError as exc:  # Refused, NaN, Infinity, out of range
        raise FactsError(f"{name}: {exc}") from None
    except RecursionError:
        raise FactsError(f"{name}: nested too deeply to read") from None


def _strict(data: dict[str, Any], name: str) -> dict[str, Any]:
    problems = input_problems(data)
    if problems:
        where, problem = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise FactsError(f"{name}: {where.lstrip('/').replace('/', '.')}: {problem}{more}; "
                         "fix the value or leave it out")
    return data


def parse_facts(text: str, name: str, *, json_only: bool = False) -> dict[str, Any]:
    """One fact set from YAML or JSON text (``json_only`` for a ``.json`` file)."""
    stripped = text.lstrip()
    if not stripped:
        raise FactsError(f"{name}: empty; give a fact set (YAML or JSON)")
    if json_only:
        try:
            data = _json(text, name)
        except json.JSONDecodeError as exc:
            raise FactsError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg} "
                             "(a .json file is read as JSON only)") from None
        if not isinstance(data, dict):
            raise FactsError(f"{name}: a fact set is a JSON object, not "
                             f"{type(data).__name__}")
        return _strict(data, name)
    if stripped[:1] in "{[":
        try:
            data = _json(text, name)
        except json.JSONDecodeError as exc:
            if stripped[:1] == "[":
                raise FactsError(f"{name}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
            data = None
            json_error: json.JSONDecodeError | None = exc
        else:
            json_error = None
        if data is None and json_error is not None:
            doc = parse_yaml(text, name)  # YAML flow mappings also start with "{"
            if _errors(doc.issues) and doc.data is not None:  # YAML, with a duplicate key
                raise FactsError(str(_errors(doc.issues)[0]))
            if _errors(doc.issues):
                raise FactsError(f"{name}:{json_error.lineno}:{json_error.colno}: "
                                 f"{json_error.msg}") from None
            data = doc.data
    else:
        doc = parse_yaml(text, name)
        errors = _errors(doc.issues)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise FactsError(f"{errors[0]}{more}")
        data = doc.data
    if not isinstance(data, dict):
        raise FactsError(f"{name}: a fact set is a mapping (request:, response:, ...), "
                         f"not {type(data).__name__}")
    return _strict(data, name)


def _errors(issues: list[Any]) -> list[Any]:
    return [i for i in issues if i.severity == "error"]


_SECTIONS = frozenset({"ticket", "request", "response", "error", "account", "platform", "task",
                       "probe"})
_PASTE_SUFFIXES = (".txt", ".log", ".text", ".out", ".err")


def _fact_set_like(text: str) -> bool:
    """Whether text reads as a fact set (JSON, or YAML opening with a contract section),
    told from its first meaningful line so that a pasted log is never fed to a YAML parser."""
    for line in text.lstrip("\ufeff").splitlines()[:200]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        if stripped[:1] in "{[":
            return True
        head = stripped.split(":", 1)[0].strip("'\" ")
        return ":" in stripped and head in _SECTIONS
    return False


def pasted_facts(text: str, name: str) -> dict[str, Any]:
    """A fact set holding free text (client output, a log, an HTTP dump) as the error
    message; the facts stage reads status, body, exception and URL out of it."""
    if not text.strip():
        raise FactsError(f"{name}: empty; give a fact set (YAML or JSON) or the error text")
    return {"error": {"message": text}}


def _is_ticket(data: dict[str, Any]) -> bool:
    keys = {k for k in data if isinstance(k, str)}
    if keys & (_SECTIONS - {"error"}):
        return True
    error = data.get("error")
    return keys == {"error"} and isinstance(error, dict) and set(error) <= {"message", "kind"}


def read_facts(source: str) -> dict[str, Any]:
    """Read one fact set from a file path or ``-``: YAML or JSON; free text (a ``.txt`` or
    ``.log`` file, or standard input that is not a fact set) is read as pasted client output."""
    data, name = _read_bytes(source)
    text = _decode(data, name)
    if source != "-" and source.lower().endswith(_PASTE_SUFFIXES):
        return pasted_facts(text, name)
    if source == "-":
        if not _fact_set_like(text):
            return pasted_facts(text, name)
        try:
            facts = parse_facts(text, name)
        except FactsError:
            return pasted_facts(text, name)
        return facts if _is_ticket(facts) else pasted_facts(text, name)
    return parse_facts(text, name, json_only=source.lower().endswith(".json"))


def iter_jsonl(source: str) -> Iterator[tuple[int, dict[str, Any] | FactsError]]:
    """(line number, fact set or the error for that line) for each non-blank line, streamed."""
    name = "<stdin>" if source == "-" else source
    try:
        fh = sys.stdin.buffer if source == "-" else Path(source).open("rb")  # noqa: SIM115
    except FileNotFoundError:
        raise FactsError(f"{source}: no such file") from None
    except OSError as exc:
        raise FactsError(f"{source}: cannot read it ({exc.strerror})") from None
    try:
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_FACTS_BYTES + 1), b""), 1):
            if len(raw) > MAX_FACTS_BYTES:
                yield number, FactsError(f"{name}:{number}:1: line longer than "
                                         f"{MAX_FACTS_BYTES >> 20} MiB")
                chunk = raw
                while chunk and not chunk.endswith(b"\n"):  # skip the rest of that line
                    chunk = fh.readline(1 << 20)
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
                item = strict_loads(line)
            except UnicodeDecodeError as exc:
                yield number, FactsError(f"{name}:{number}:{exc.start + 1}: not UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield number, FactsError(f"{name}:{number}:{exc.colno}: {exc.msg}")
                continue
            except ValueError as exc:  # Refused, NaN, Infinity, out of range
                yield number, FactsError(f"{name}:{number}:1: {exc}")
                continue
            except RecursionError:
                yield number, FactsError(f"{name}:{number}:1: nested too deeply to read")
                continue
            if not isinstance(item, dict):
                yield number, FactsError(f"{name}:{number}:1: a fact set is a JSON object")
                continue
            try:
                yield number, _strict(item, f"{name}:{number}:1")
            except FactsError as exc:
                yield number, exc
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
