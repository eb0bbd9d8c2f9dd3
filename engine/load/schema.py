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
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed[:12])
    elif validator_name == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        message = f"missing required field '{missing}' in {where}"
        hint = "add it; see the schema in schemas/ for what it holds"
    elif validator_name == "type":
        want = error.validator_value
        want_text = " or ".join(want) if isinstance(want, list) else str(want)
        message = f"{where} should be {want_text}, not {_type_name(error.instance)}"
        hint = "quote text values; write lists with '- ' items"
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


def _leaves(error: Any) -> list[Any]:
    """For oneOf/anyOf, descend to the branch that got furthest."""
    from jsonschema.exceptions import best_match

    if error.context:
        deepest = best_match(error.context)
        if deepest is not None and len(deepest.absolute_path) >= len(error.absolute_path):
            return _leaves(deepest)
    return [error]


def check(doc: Document, schema: str) -> list[Issue]:
    """Validate ``doc.data`` against a schema; one issue per place, best match first."""
    from jsonschema.exceptions import relevance

    errors = sorted(validator(schema).iter_errors(doc.data), key=relevance)
    by_place: dict[tuple[Any, ...], list[Any]] = {}  # (path, check) → errors
    for err in errors:
        for leaf in _leaves(err):
            key = (tuple(leaf.absolute_path), leaf.validator)
            by_place.setdefault(key, []).append(leaf)
    issues = []
    for _place, group in by_place.items():
        best = sorted(group, key=relevance)[-1] if len(group) > 1 else group[0]
        issue = _rewrite(best, doc)
        if len(group) > 1:
            issue = Issue(issue.location, f"{issue.message} (and {len(group) - 1} more here)",
                          issue.hint, issue.code)
        issues.append(issue)
    return issues
