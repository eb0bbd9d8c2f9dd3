"""JSON Schema checks whose errors are rewritten for people.

The best match comes first with its place in the file; the number of other problems at the
same place is added, and a hint says how to fix it (did-you-mean for unknown fields).
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterable
from typing import Any

from triage.errors import Issue
from triage.roots import bundled_root
from triage.yamlmarks import Document

__all__ = ["SCHEMA_DIR", "check", "validator"]

SCHEMA_DIR = bundled_root() / "schemas"


@functools.cache
def validator(name: str) -> Any:
    """A compiled Draft 2020-12 validator for ``schemas/<name>.schema.json``."""
    from jsonschema import Draft202012Validator  # imported only when sources are validated

    path = SCHEMA_DIR / f"{name}.schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        from triage.errors import EngineError

        raise EngineError(f"the schema {path} is missing: this installation of triage is "
                          "incomplete; reinstall it (pip install triage, or pip install -e . "
                          "in a checkout)") from None
    return Draft202012Validator(schema)  # the schemas themselves are checked by a test


def _describe(path: Iterable[Any]) -> str:
    parts = []
    for p in path:
        parts.append(f"[{p}]" if isinstance(p, int) else f".{p}")
    return "".join(parts).lstrip(".") or "the document"


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a mapping", type(None): "nothing (null)"}.get(
        type(value), type(value).__name__)


def _rewrite(error: Any, doc: Document) -> Issue:
    path = tuple(error.absolute_path)
    where = _describe(path)
    validator_name = error.validator
    at_key = False
    hint = ""
    if validator_name == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed] if isinstance(
            error.instance, dict) else []
        name = extra[0] if extra else "?"
        path = (*path, name)
        at_key = True
        message = f"unknown field '{name}'" + (f" in {where}" if where != "the document" else "")
        if isinstance(error.instance, dict) and isinstance(error.instance.get("fact"), str):
            message = f"unknown operator '{name}' in the condition on " \
                f"'{error.instance['fact']}' ({where})"
        hint = _did_you_mean(str(name), allowed) or "allowed: " + ", ".join(allowed[:12])
    elif validator_name == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        message = f"missing required field '{missing}' in {where}"
        hint = "add it; see the schema in schemas/ for what it holds"
        if missing in _LANG_NAMES:
            owner = "the file" if where == "the document" else where
            message = f"{owner} has no {missing}: {_LANG_NAMES[missing]} is missing"
            hint = f"add {missing}: next to the other language"
            at_key = bool(path)
    elif validator_name == "type":
        want = error.validator_value
        want_text = " or ".join(want) if isinstance(want, list) else str(want)
        message = f"{where} should be {want_text}, not {_type_name(error.instance)}"
        hint = _type_hint(set(want) if isinstance(want, list) else {want}, error.instance)
    elif validator_name == "enum" and path and path[-1] == "fact":
        message = f"unknown fact '{error.instance}'"
        hint = _did_you_mean(str(error.instance), [str(x) for x in error.validator_value]) or \
            "see docs/facts.md for the facts"
    elif validator_name == "oneOf" and _is_condition(error):
        keys = list(error.instance) if isinstance(error.instance, dict) else []
        message = f"{where} is not a condition: it needs one of fact, text, all, any or not"
        guesses = [_did_you_mean(str(k), list(_BRANCHES)) for k in keys]
        hint = next((g for g in guesses if g), "write fact: NAME with an operator, or text: "
                    "PATTERN")
    elif validator_name == "enum":
        message = f"{where} must be one of {', '.join(map(str, error.validator_value))}"
        close = difflib.get_close_matches(str(error.instance),
                                          [str(x) for x in error.validator_value], n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
    elif validator_name == "pattern":
        desc = error.schema.get("description", "")
        message = f"{where} has the wrong form: {str(error.instance)[:60]!r}"
        hint = desc or f"it must match {error.validator_value}"
    elif validator_name in ("minItems", "minLength", "minProperties"):
        message = f"{where} is too short or empty"
        hint = "fill it in"
    elif validator_name in ("maxItems", "maxLength", "maxProperties"):
        message = f"{where} is too long"
        hint = "split or shorten it" if validator_name != "maxProperties" else (
            "write one condition per list item")
    elif validator_name == "const":
        message = f"{where} must be {error.validator_value!r}"
    else:
        message = f"{where}: {error.message[:200]}"
    loc = doc.loc(path, key=at_key)
    return Issue(loc, message, hint, "schema")


# Words editors write for an operator or field, and what they meant.
_ALIASES = {
    "equals": "eq", "equal": "eq", "is": "eq", "==": "eq", "=": "eq", "value": "eq",
    "not_equals": "ne", "not_equal": "ne", "neq": "ne", "!=": "ne", "is_not": "ne",
    "one_of": "in", "any_of": "in", "values": "in", "none_of": "not_in", "notin": "not_in",
    "not in": "not_in", "greater_than": "gt", ">": "gt", ">=": "gte", "less_than": "lt",
    "<": "lt", "<=": "lte", "min": "gte", "max": "lte", "present": "exists",
    "regex": "text", "pattern": "text", "match": "text", "matches": "text", "contains": "text",
    "scope": "in", "where": "in", "reason": "says", "why": "says", "and": "all", "or": "any",
    "cn": "zh", "zh-cn": "zh", "zh_cn": "zh", "chinese": "zh", "english": "en", "en-us": "en",
    "en_us": "en",
}
_BRANCHES = ("all", "any", "not", "text", "fact")  # a condition's kind, by its first key
_LANG_NAMES = {"zh": "the Chinese (zh) text", "en": "the English (en) text"}


def _branch(instance: Any) -> str | None:
    if not isinstance(instance, dict):
        return None
    for key in instance:
        if key in _BRANCHES:
            return "group" if key in ("all", "any") else str(key)
    return None


@functools.cache
def _branch_validator(schema_name: str, branch: str) -> Any:
    from jsonschema import Draft202012Validator

    root = validator(schema_name).schema
    return Draft202012Validator({"$ref": f"#/$defs/{branch}", "$defs": root["$defs"]})


def _is_condition(error: Any) -> bool:
    one_of = error.schema.get("oneOf") if isinstance(error.schema, dict) else None
    return isinstance(one_of, list) and {"$ref": "#/$defs/fact"} in one_of


def _condition_errors(error: Any, schema_name: str) -> list[Any]:
    """A condition that matched none of its kinds: check it as the kind its keys say."""
    branch = _branch(error.instance)
    if branch is None:
        return [error]  # reported by _rewrite as "not a condition"
    errors = list(_branch_validator(schema_name, branch).iter_errors(error.instance))
    for err in errors:  # place them in the document
        err.path.extendleft(reversed(list(error.absolute_path)))
    out: list[Any] = []
    for err in errors:
        out.extend(_leaves(err, schema_name))
    return out or [error]


def _type_hint(want: set[str], value: Any) -> str:
    if want & {"number", "integer"} and isinstance(value, str):
        return "write a number, without quotes"
    if "string" in want and not isinstance(value, (dict, list)):
        return "put the text in quotes"
    if "array" in want:
        return "write a list: one '- ' item a line"
    if "object" in want:
        return "write a mapping: 'name: value' lines, indented below"
    if "boolean" in want:
        return "write true or false"
    return "see the schema in schemas/ for what it holds"


def _did_you_mean(name: str, allowed: list[str]) -> str:
    alias = _ALIASES.get(name.lower().strip())
    if alias in allowed:
        return f"did you mean '{alias}'?"
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _leaves(error: Any, schema_name: str = "") -> list[Any]:
    """For oneOf/anyOf, descend to the branch that got furthest."""
    from jsonschema.exceptions import best_match

    if schema_name and error.validator == "oneOf" and _is_condition(error):
        return _condition_errors(error, schema_name)
    if error.context:
        deepest = best_match(error.context)
        if deepest is not None and len(deepest.absolute_path) >= len(error.absolute_path):
            return _leaves(deepest, schema_name)
    return [error]


def _others(n: int) -> str:
    return "1 other problem" if n == 1 else f"{n} other problems"


def check(doc: Document, schema: str) -> list[Issue]:
    """Validate ``doc.data`` against a schema; one issue per place, best match first."""
    from jsonschema.exceptions import relevance

    errors = sorted(validator(schema).iter_errors(doc.data), key=relevance)
    by_place: dict[tuple[Any, ...], list[Any]] = {}  # (path, check) → errors
    for err in errors:
        for leaf in _leaves(err, schema):
            if leaf.validator in ("minProperties", "maxProperties") and isinstance(
                    leaf.instance, dict) and "fact" in leaf.instance:
                continue  # the condition check says which operators are missing or extra
            key = (tuple(leaf.absolute_path), leaf.validator)
            by_place.setdefault(key, []).append(leaf)
    issues = []
    for _place, group in by_place.items():
        best = sorted(group, key=relevance)[-1] if len(group) > 1 else group[0]
        issue = _rewrite(best, doc)
        if len(group) > 1:
            issue = Issue(issue.location, f"{issue.message} (and {_others(len(group) - 1)} here)",
                          issue.hint, issue.code)
        issues.append(issue)
    return issues
