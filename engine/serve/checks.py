"""Which fact sets the API refuses with 422, and the request schema that says so.

The engine's normaliser never fails: it coerces values whose meaning is plain ("401" for a
status, 401 for a model name) and ignores others with a warning. Over HTTP a caller should
learn about a broken integration at once, so a value whose JSON type cannot be read as the
documented type is refused with 422 (an object where text is expected, ``"abc"`` for a
status, a section that is not an object). What the normaliser reads the same way is
accepted, and unknown keys or enum values stay warnings in the result, as on the command
line. Both the check and the OpenAPI request schema come from the one table below, built from
``schemas/facts.schema.json``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any

__all__ = ["batch_problems", "fact_problems", "fact_set_schema", "field_kinds", "tidy",
           "too_deep"]

_INT_TEXT = r"^\s*[+-]?[0-9]{1,18}\s*$"
_NUM_TEXT = r"^\s*[+-]?([0-9]{1,18}(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,2})?\s*$"
_BOOL_TEXT = r"^\s*(?i:true|false|yes|no|1|0)\s*$"
_INT_RE, _NUM_RE, _BOOL_RE = re.compile(_INT_TEXT), re.compile(_NUM_TEXT), re.compile(_BOOL_TEXT)


@functools.lru_cache(maxsize=1)
def field_kinds() -> dict[str, dict[str, tuple[str, tuple[str, ...]]]]:
    """section → field → (kind, enum values) from the facts schema.

    Kinds: int, number, bool, list, map, body (text, object or array) and text.
    """
    from triage.loader.schema import SCHEMA_DIR

    schema = json.loads((SCHEMA_DIR / "facts.schema.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
    for section, spec in schema["properties"].items():
        fields: dict[str, tuple[str, tuple[str, ...]]] = {}
        for name, fspec in spec.get("properties", {}).items():
            types = fspec.get("type", "string")
            types = {types} if isinstance(types, str) else set(types)
            types.discard("null")
            enum = tuple(str(v) for v in fspec.get("enum", ()))
            if "object" in types and len(types) > 1:
                kind = "body"
            elif types == {"integer"}:
                kind = "int"
            elif types == {"number"}:
                kind = "number"
            elif types == {"boolean"}:
                kind = "bool"
            elif types == {"array"}:
                kind = "list"
            elif types == {"object"}:
                kind = "map"
            else:
                kind = "text"
            fields[name] = (kind, enum)
        out[section] = fields
    return out


def _readable(kind: str, value: Any) -> bool:
    if value is None:
        return True
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "text":
        return isinstance(value, str) or number
    if kind == "int":  # JSON Schema counts 401.0 as an integer; so do we (see tidy)
        if isinstance(value, str):
            return bool(_INT_RE.match(value))
        return number and (isinstance(value, int) or float(value).is_integer())
    if kind == "number":
        if isinstance(value, str):
            return bool(_NUM_RE.match(value))
        return number and math.isfinite(value)
    if kind == "bool":
        return isinstance(value, bool) or (isinstance(value, str) and bool(_BOOL_RE.match(value)))
    if kind == "list":
        return isinstance(value, (list, str))
    if kind == "map":
        return isinstance(value, dict)
    return isinstance(value, (str, dict, list))  # body


_EXPECTED = {"text": "text or a number", "int": "a whole number (or its digits as text)",
             "number": "a number (or its digits as text)", "bool": "true or false",
             "list": "a list (or text with commas)", "map": "an object",
             "body": "text, an object or an array"}


def fact_problems(facts: dict[str, Any], at: str = "", max_depth: int = 64
                  ) -> list[dict[str, str]]:
    """The problems that make ``facts`` a 422, each with a JSON pointer ``at``."""
    problems: list[dict[str, str]] = []
    if _depth(facts, max_depth + 1) > max_depth:
        return [{"at": at or "/", "problem": f"nested deeper than {max_depth} levels"}]
    kinds = field_kinds()
    for section, content in facts.items():
        fields = kinds.get(section)
        if fields is None or content is None:
            continue  # unknown keys are kept and reported as warnings by the engine
        where = f"{at}/{section}"
        if not isinstance(content, dict):
            problems.append({"at": where, "problem": "should be an object"})
            continue
        for name, value in content.items():
            spec = fields.get(name)
            if spec is not None and not _readable(spec[0], value):
                problems.append({"at": f"{where}/{name}",
                                 "problem": f"should be {_EXPECTED[spec[0]]}"})
    from triage.facts.strict import input_problems  # the CLI refuses the same (exit 2)

    known = {p["at"] for p in problems}
    problems += [{"at": f"{at}{where}", "problem": problem}
                 for where, problem in input_problems(facts) if f"{at}{where}" not in known]
    return problems


def tidy(facts: dict[str, Any]) -> dict[str, Any]:
    """``facts`` made safe for the engine, without changing what they mean.

    - a whole-number float (401.0) where an integer is expected becomes an integer, as the
      schema reads it;
    - numbers are rounded to 4 decimals: durable-rules 2.0.28 cannot assert a fact holding
      a float below 1e-4 (Python writes it as ``1e-05``: error 204), so ``age_s: 0.00001``
      or ``Retry-After: 0.00001`` would be a 500. (To remove once the engine does this.)
    """
    out = dict(facts)
    for section, fields in field_kinds().items():
        content = facts.get(section)
        if not isinstance(content, dict):
            continue
        changed = dict(content)
        for name, (kind, _) in fields.items():
            value = content.get(name)
            if kind == "int" and isinstance(value, float) and value.is_integer():
                changed[name] = int(value)
            elif kind == "number" and _readable("number", value) and value is not None:
                changed[name] = _rounded(float(str(value).strip()))
            elif kind == "map" and isinstance(value, dict):
                changed[name] = {k: _tidy_header(k, v) for k, v in value.items()}
        out[section] = changed
    return out


def _rounded(value: float) -> float | int:
    value = round(value, 4)
    return int(value) if value.is_integer() and abs(value) < 2**63 else value


def _tidy_header(name: Any, value: Any) -> Any:
    if str(name).lower() == "retry-after" and isinstance(value, str) and _NUM_RE.match(value):
        return str(_rounded(float(value.strip())))
    return value


def batch_problems(body: dict[str, Any], max_items: int, max_depth: int
                   ) -> tuple[list[Any], list[dict[str, str]]]:
    """The items of a batch body and the problems that make it a 422."""
    extra = sorted(str(k) for k in body if k != "items")
    problems = [{"at": f"/{k[:60]}", "problem": "unknown field (only items is allowed)"}
                for k in extra]
    items = body.get("items")
    if not isinstance(items, list):
        problems.append({"at": "/items", "problem": "should be an array of fact sets"})
        return [], problems
    if len(items) > max_items:
        problems.append({"at": "/items",
                         "problem": f"has {len(items)} fact sets; the limit is {max_items}"})
        return [], problems
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append({"at": f"/items/{i}", "problem": "should be an object"})
        else:
            problems += fact_problems(item, f"/items/{i}", max_depth)
        if len(problems) >= 50:
            break
    return items, problems


def too_deep(value: Any, max_depth: int) -> bool:
    return _depth(value, max_depth + 1) > max_depth


def _depth(value: Any, cap: int) -> int:
    """The nesting depth of ``value`` (stops counting at ``cap``), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if level > deepest:
            deepest = level
            if deepest >= cap:
                return deepest
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def _field_schema(kind: str, enum: tuple[str, ...]) -> dict[str, Any]:
    null = {"type": "null"}
    if kind == "text":
        text: dict[str, Any] = {"type": "string"}
        if enum:
            text["examples"] = list(enum)
            text["description"] = ("one of " + ", ".join(enum) + "; another value is ignored "
                                   "with a warning")
        return {"anyOf": [text, {"type": "number"}, null]}
    if kind == "int":
        return {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": _INT_TEXT}, null]}
    if kind == "number":
        return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _NUM_TEXT}, null]}
    if kind == "bool":
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _BOOL_TEXT}, null]}
    if kind == "list":
        return {"anyOf": [{"type": "array", "description": "text or numbers; other items "
                                                           "are ignored"},
                          {"type": "string", "description": "comma-separated"}, null]}
    if kind == "map":
        return {"type": ["object", "null"]}
    return {"type": ["string", "object", "array", "null"]}


def fact_set_schema() -> dict[str, Any]:
    """The JSON Schema of a fact set as the API accepts it (what passes is never a 422)."""
    sections = {
        section: {"type": ["object", "null"],
                  "properties": {name: _field_schema(*spec) for name, spec in fields.items()},
                  "additionalProperties": True}
        for section, fields in field_kinds().items()
    }
    return {
        "type": "object",
        "description": (
            "A fact set (contract section 2). Every key is optional; unknown keys and unknown "
            "enum values are kept and reported in `warnings`. Values are read as in the "
            "command line (\"401\" is read as 401); a value that cannot be read as its "
            "type, a section that is not an object, or nesting deeper than 64 levels is "
            "refused with 422. `request.api_key` and credential headers are accepted and "
            "never come back."),
        "properties": sections,
        "additionalProperties": True,
    }
