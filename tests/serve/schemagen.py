"""Hypothesis strategies from the JSON Schemas of an OpenAPI document (the subset it uses)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

__all__ = ["any_json", "from_schema", "validator"]

_SCALARS = (st.none() | st.booleans() | st.integers(-(2**40), 2**40)
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12))


def any_json(max_leaves: int = 8) -> st.SearchStrategy[Any]:
    return st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                        max_leaves=max_leaves)


def validator(document: dict[str, Any], name: str) -> Any:
    """A Draft 2020-12 validator for ``#/components/schemas/<name>`` of ``document``."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": f"#/components/schemas/{name}",
                                 "components": document["components"]})


def from_schema(schema: dict[str, Any], document: dict[str, Any],
                depth: int = 0) -> st.SearchStrategy[Any]:
    """Values valid for ``schema`` (refs resolved in ``document``)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return from_schema(document["components"]["schemas"][name], document, depth)
    if "anyOf" in schema:
        return st.one_of([from_schema(s, document, depth) for s in schema["anyOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type")
    if kinds is None:
        return any_json()
    if isinstance(kinds, list):
        return st.one_of([from_schema({**schema, "type": k}, document, depth) for k in kinds])
    if kinds == "null":
        return st.none()
    if kinds == "boolean":
        return st.booleans()
    if kinds == "integer":
        return st.integers(schema.get("minimum", -(2**53)), schema.get("maximum", 2**53))
    if kinds == "number":
        return st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
    if kinds == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"])
        return st.text(max_size=40) | st.sampled_from(schema.get("examples", ["x"]))
    if kinds == "array":
        items = schema.get("items")
        inner = from_schema(items, document, depth + 1) if items else any_json(4)
        return st.lists(inner, max_size=min(schema.get("maxItems", 3), 3 if depth < 2 else 1))
    if kinds == "object":
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        if depth > 3:
            return st.fixed_dictionaries({k: from_schema(props[k], document, depth + 1)
                                          for k in required})
        fixed = {k: from_schema(v, document, depth + 1) for k, v in props.items()
                 if k in required}
        optional = {k: from_schema(v, document, depth + 1) for k, v in props.items()
                    if k not in required}
        base = st.fixed_dictionaries(fixed, optional=optional)
        if schema.get("additionalProperties", True) is not False and not props:
            return st.dictionaries(st.text(max_size=8), any_json(4), max_size=3)
        return base
    raise AssertionError(f"schemagen does not know {schema}")
