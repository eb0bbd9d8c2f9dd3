"""Fact sets checked against the vocabulary, before anything reads them.

Two uses, one table (:data:`triage.vocabulary.INPUTS`):

- :func:`case_problems`: the facts of a ``*.cases.yaml`` case must name real inputs with values
  of the right type (a typo in a key would otherwise test nothing);
- :func:`input_problems`: what ``triage diagnose`` and ``POST /v1/diagnose`` refuse outright
  (exit 2 / 422), because no reading of it is safe: NaN or infinity, integers too long to
  be a number anyone meant, digits that are not ASCII (``²``) where a number is read;
- :func:`loads`: the JSON reader both use: duplicate keys and over-long integers raise
  :class:`Refused` (exit 2 / 422), NaN and Infinity are not JSON (a plain ``ValueError``).
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

from triage.vocabulary import INPUTS

__all__ = ["MAX_DIGITS", "Refused", "case_problems", "input_problems", "loads"]

MAX_DIGITS = 30          # a longer integer is not a status, a size or a time anyone meant
Path = tuple[Any, ...]


class Refused(ValueError):
    """Valid enough to parse, but no reading of it is safe."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number; write a finite number or leave the field out")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is out of range")
    return value


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Refused(f"a whole number of {len(text):,} digits is not a value anyone meant")
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise Refused(f"the key '{key[:60]}' appears twice in one object; keep one")
        out[key] = value
    return out


def loads(text: str) -> Any:
    """Strict JSON. Raises :class:`Refused`, ``json.JSONDecodeError`` or ``ValueError``
    (NaN, Infinity, a number out of range), ``RecursionError`` when nested too deeply."""
    return json.loads(text, parse_constant=_no_constants, parse_float=_finite,
                      parse_int=_whole, object_pairs_hook=_no_duplicates)

_SECTIONS: dict[str, dict[str, str]] = {}
for _path, _spec in INPUTS.items():
    _sec, _, _name = _path.partition(".")
    _SECTIONS.setdefault(_sec, {})[_name] = _spec.type
_NUMERIC = {"int", "number"}
_WANT = {"str": "text", "secret": "text", "int": "a whole number", "number": "a number",
         "bool": "true or false", "list": "a list of names", "map": "a mapping",
         "body": "text, a mapping or a list"}


def _near(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _type_ok(kind: str, value: Any) -> bool:
    if value is None:
        return True
    if kind in ("str", "secret"):
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if kind == "int":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "map":
        return isinstance(value, Mapping)
    if kind == "body":
        return isinstance(value, (str, Mapping, list))
    return True


def case_problems(facts: Any) -> Iterator[tuple[Path, bool, str, str]]:
    """(path inside the facts, at the key?, message, hint) for each problem of a case."""
    if not isinstance(facts, Mapping):
        return
    for section, content in facts.items():
        fields = _SECTIONS.get(str(section))
        if fields is None:
            yield ((section,), True, f"unknown fact section '{section}'",
                   _near(str(section), list(_SECTIONS)) or "sections: " + ", ".join(_SECTIONS))
            continue
        if "*" in fields or content is None:
            continue
        if not isinstance(content, Mapping):
            yield ((section,), False, f"'{section}' should be a mapping of facts",
                   f"write {section}: {{name: value}}")
            continue
        for name, value in content.items():
            path = f"{section}.{name}"
            kind = fields.get(str(name))
            if kind is None:
                close = difflib.get_close_matches(str(name), list(fields), n=1, cutoff=0.6)
                yield ((section, name), True, f"unknown fact '{path}'",
                       f"did you mean '{section}.{close[0]}'?" if close
                       else f"{section} has: " + ", ".join(fields))
                continue
            if not _type_ok(kind, value):
                yield ((section, name), False, f"'{path}' should be {_WANT[kind]}, not "
                       f"{value!r}"[:160], "write the value as the contract says (docs/facts.md)")
                continue
            allowed = INPUTS[path].values
            if allowed and isinstance(value, str) and value.lower() not in allowed and \
                    path != "task.status":
                yield ((section, name), False, f"'{path}' has no value {value!r}",
                       _near(value.lower(), list(allowed)) or "one of: " + ", ".join(allowed))


def _bad_number(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a number"
    if isinstance(value, int) and not isinstance(value, bool) and \
            abs(value) >= 10 ** MAX_DIGITS:
        return f"a whole number longer than {MAX_DIGITS} digits"
    return ""


def _bad_digits(text: str) -> str:
    stripped = text.strip()
    if any(c.isdigit() and not c.isascii() for c in stripped):
        return f"{stripped[:20]!r} holds digits that are not 0-9"
    return ""


def input_problems(facts: Mapping[str, Any], max_nodes: int = 200_000) -> list[tuple[str, str]]:
    """(where, problem) for values no one can read safely, anywhere in the fact set."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", facts)]
    seen = 0
    while stack and len(out) < 20:
        where, node = stack.pop()
        seen += 1
        if seen > max_nodes:
            out.append((where or "/", "too many values"))
            break
        if isinstance(node, Mapping):
            stack.extend((f"{where}/{k}", v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((f"{where}/{i}", v) for i, v in enumerate(node))
        else:
            problem = _bad_number(node)
            if problem:
                out.append((where or "/", problem))
    for path, spec in INPUTS.items():
        section, _, name = path.partition(".")
        content = facts.get(section)
        if spec.type in _NUMERIC and isinstance(content, Mapping) and \
                isinstance(content.get(name), str):
            problem = _bad_digits(content[name])
            if problem:
                out.append((f"/{section}/{name}", problem))
    headers = facts.get("response")
    headers = headers.get("headers") if isinstance(headers, Mapping) else None
    if isinstance(headers, Mapping):
        for key, value in headers.items():
            if str(key).lower() == "retry-after" and isinstance(value, str):
                problem = _bad_digits(value)
                if problem:
                    out.append((f"/response/headers/{key}", problem))
    return sorted(out)
