"""A rule's condition tree → plain durable-rules expressions (pure data, no engine here).

Text conditions become boolean flags (``p<n>``) computed in Python with RE2; negation is
pushed down to the leaves because durable-rules has no NOT of a sub-expression; ``in``
becomes ``$or``; ``ne`` is "missing or different" so that it is the exact negation of ``eq``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PatternTable", "fact_key", "to_durable"]

SCOPES = ("all", "message", "code", "task")


def fact_key(name: str) -> str:
    """The flat field name a fact has in the durable fact (no dots)."""
    return "f_" + name.replace(".", "_")


class PatternTable:
    """Distinct (scope, pattern) pairs, each with a flag name."""

    def __init__(self) -> None:
        self.flags: dict[tuple[str, str], str] = {}

    def flag(self, scope: str, pattern: str) -> str:
        key = (scope, pattern)
        if key not in self.flags:
            self.flags[key] = f"p{len(self.flags)}"
        return self.flags[key]

    def by_scope(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {s: [] for s in SCOPES}
        for (scope, pattern), flag in self.flags.items():
            out[scope].append((flag, pattern))
        return out


def _negate(node: dict[str, Any]) -> dict[str, Any]:
    if "all" in node:
        return {"any": [_negate(c) for c in node["all"]]}
    if "any" in node:
        return {"all": [_negate(c) for c in node["any"]]}
    if "not" in node:
        return dict(node["not"])
    if "text" in node:
        return {**node, "negated": not node.get("negated", False)}
    out = {"fact": node["fact"]}
    flips = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in", "gt": "not_gt",
             "gte": "not_gte", "lt": "not_lt", "lte": "not_lte"}
    for op, value in node.items():
        if op == "exists":
            out["exists"] = not value
        elif op in flips:
            out[flips[op]] = value
        elif op.startswith("not_") and op[4:] in ("gt", "gte", "lt", "lte"):
            out[op[4:]] = value
    return out


def _leaf(node: dict[str, Any], table: PatternTable) -> dict[str, Any]:
    if "text" in node:
        flag = table.flag(node.get("in", "all"), node["text"])
        return {"$nex": {flag: 1}} if node.get("negated") else {"$ex": {flag: 1}}
    key = fact_key(node["fact"])
    for op, value in node.items():
        if op == "eq":
            return {key: value}
        if op == "ne":
            return {"$or": [{"$nex": {key: 1}}, {"$neq": {key: value}}]}
        if op == "in":
            return {"$or": [{key: v} for v in value]} if len(value) > 1 else {key: value[0]}
        if op == "not_in":
            checks = [{"$neq": {key: v}} for v in value]
            inner = {"$and": checks} if len(checks) > 1 else checks[0]
            return {"$or": [{"$nex": {key: 1}}, inner]}
        if op in ("gt", "gte", "lt", "lte"):
            return {f"${op}": {key: value}}
        if op.startswith("not_"):
            opposite = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}[op[4:]]
            return {"$or": [{"$nex": {key: 1}}, {opposite: {key: value}}]}
        if op == "exists":
            return {"$ex": {key: 1}} if value else {"$nex": {key: 1}}
    raise ValueError(f"no comparison in condition {node!r}")


def to_durable(node: dict[str, Any], table: PatternTable) -> dict[str, Any]:
    """The durable expression for a condition tree (as validated by the rule schema)."""
    if "all" in node:
        parts = [to_durable(c, table) for c in node["all"]]
        return parts[0] if len(parts) == 1 else {"$and": parts}
    if "any" in node:
        parts = [to_durable(c, table) for c in node["any"]]
        return parts[0] if len(parts) == 1 else {"$or": parts}
    if "not" in node:
        return to_durable(_negate(node["not"]), table)
    return _leaf(node, table)
