"""The hand-written Python evaluator a team would write without a rules engine.

Each rule's condition tree is compiled once into nested Python closures; a ticket is checked
against every rule in turn. It reads the same flat fact the engine asserts into durable-rules
(``f_<fact>`` values and ``p<n>`` pattern flags, computed by the same normalisation and the
same RE2 pass), so the two differ only in how the conditions are matched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from triage.compile.conditions import PatternTable, fact_key

__all__ = ["BaselineEngine", "compile_condition"]

Check = Callable[[Mapping[str, Any]], bool]


def _leaf(node: dict[str, Any], table: PatternTable) -> Check:
    if "text" in node:
        flag = table.flag(node.get("in", "all"), node["text"])
        return lambda f: flag in f
    key = fact_key(node["fact"])
    for op, want in node.items():
        if op == "eq":
            return lambda f: key in f and f[key] == want
        if op == "ne":
            return lambda f: key not in f or f[key] != want
        if op == "in":
            return lambda f: key in f and f[key] in want
        if op == "not_in":
            return lambda f: key not in f or f[key] not in want
        if op in ("gt", "gte", "lt", "lte"):
            return _compare(key, op, want)
        if op == "exists":
            return (lambda f: key in f) if want else (lambda f: key not in f)
    raise ValueError(f"no comparison in {node!r}")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(key: str, op: str, want: Any) -> Check:
    if op == "gt":
        return lambda f: _number(f.get(key)) and f[key] > want
    if op == "gte":
        return lambda f: _number(f.get(key)) and f[key] >= want
    if op == "lt":
        return lambda f: _number(f.get(key)) and f[key] < want
    return lambda f: _number(f.get(key)) and f[key] <= want


def compile_condition(node: dict[str, Any], table: PatternTable) -> Check:
    """A closure that says whether ``node`` holds for a flat fact."""
    if "all" in node:
        parts = [compile_condition(c, table) for c in node["all"]]
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            a, b = parts
            return lambda f: a(f) and b(f)
        if len(parts) == 3:
            a, b, c = parts
            return lambda f: a(f) and b(f) and c(f)
        return lambda f: all(p(f) for p in parts)
    if "any" in node:
        parts = [compile_condition(c, table) for c in node["any"]]
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            a, b = parts
            return lambda f: a(f) or b(f)
        return lambda f: any(p(f) for p in parts)
    if "not" in node:
        inner = compile_condition(node["not"], table)
        return lambda f: not inner(f)
    return _leaf(node, table)


class BaselineEngine:
    """Same interface as ``triage.compile.durable.DurableEngine``: ``evaluate(fact) -> ids``."""

    def __init__(self, compiled: Any) -> None:
        table = PatternTable()
        for scope, items in compiled.patterns.items():
            for flag, pattern in items:
                table.flags[(scope, pattern)] = flag
        known = len(table.flags)
        self.rules: list[tuple[str, Check]] = [
            (rule_id, compile_condition(compiled.rules[rule_id]["when"], table))
            for shard in compiled.shards for rule_id in shard]
        if len(table.flags) != known:
            raise ValueError("a rule uses a pattern the compiled knowledge base does not have")

    def evaluate(self, fact: Mapping[str, Any]) -> list[str]:
        """The ids of every rule whose conditions hold, in the compiled order."""
        return [rule_id for rule_id, check in self.rules if check(fact)]
