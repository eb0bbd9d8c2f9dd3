"""Reading fact sets from files or standard input (YAML or JSON), with clear errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.errors import FactsError
from triage.facts.strict import MAX_DIGITS, input_problems
from triage.yamlmarks import parse_yaml

__all__ = ["MAX_FACTS_BYTES", "iter_jsonl", "parse_facts", "read_facts"]

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


class _Refused(ValueError):
    pass


def _no_constants(name: str) -> Any:
    raise _Refused(f"{name} is not a number; write a finite number or leave the field out")


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a whole number of {len(text):,} digits is not a value anyone meant")
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key '{key[:60]}' appears twice in one object; keep one")
        out[key] = value
    return out


def _json(text: str, name: str) -> Any:
    """Strict JSON: no NaN/Infinity, no duplicate keys, no absurdly long integers."""
    try:
        return json.loads(text, parse_constant=_no_constants, parse_int=_whole,
                          object_pairs_hook=_no_duplicates)
    except _Refused as exc:
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


def read_facts(source: str) -> dict[str, Any]:
    """Read one fact set from a file path or ``-``."""
    data, name = _read_bytes(source)
    return parse_facts(_decode(data, name), name, json_only=source.lower().endswith(".json"))


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
                item = json.loads(line, parse_constant=_no_constants, parse_int=_whole,
                                  object_pairs_hook=_no_duplicates)
            except _Refused as exc:
                yield number, FactsError(f"{name}:{number}:1: {exc}")
                continue
            except UnicodeDecodeError as exc:
                yield number, FactsError(f"{name}:{number}:{exc.start + 1}: not UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield number, FactsError(f"{name}:{number}:{exc.colno}: {exc.msg}")
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
