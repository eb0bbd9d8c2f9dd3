"""Python-side reading of a rule's conditions: which ones held, in plain words.

Used only for rules that fired (to say why) and as the reference evaluator in tests and
benchmarks; durable-rules decides what fires.
"""

from __future__ import annotations

from typing import Any

from triage.vocabulary import FACTS, VALUE_WORDS

__all__ = ["because", "holds"]


def _leaf_holds(node: dict[str, Any], values: dict[str, Any], flags: set[str],
                table: dict[tuple[str, str], str]) -> bool:
    if "text" in node:
        flag = table.get((node.get("in", "all"), node["text"]))
        return flag in flags
    name = node["fact"]
    present = name in values
    value = values.get(name)
    for op, want in node.items():
        if op == "eq":
            return present and value == want
        if op == "ne":
            return not present or value != want
        if op == "in":
            return present and value in want
        if op == "not_in":
            return not present or value not in want
        if op in ("gt", "gte", "lt", "lte"):
            if not present or isinstance(value, (bool, str)):
                return False
            return {"gt": value > want, "gte": value >= want, "lt": value < want,
                    "lte": value <= want}[op]
        if op == "exists":
            return present is want
    return False


def holds(node: dict[str, Any], values: dict[str, Any], flags: set[str],
          table: dict[tuple[str, str], str]) -> bool:
    """Whether a condition tree holds (the same meaning the durable compilation has)."""
    if "all" in node:
        return all(holds(c, values, flags, table) for c in node["all"])
    if "any" in node:
        return any(holds(c, values, flags, table) for c in node["any"])
    if "not" in node:
        return not holds(node["not"], values, flags, table)
    return _leaf_holds(node, values, flags, table)


def _describe(node: dict[str, Any], values: dict[str, Any], lang: str) -> str:
    if "says" in node:
        return str(node["says"][lang])
    if "text" in node:  # never a raw pattern: the loader requires ``says``; this is a fallback
        known = ("错误信息中有一种已知的说法", "the error text has a known wording")
        return known[0] if lang == "zh" else known[1]
    name = node["fact"]
    spec = FACTS.get(name)
    label = (spec.zh if lang == "zh" else spec.en) if spec else name
    if name not in values:
        return f"{label}：未知" if lang == "zh" else f"{label} is not known"
    value = values[name]
    words = VALUE_WORDS.get(name, {}).get(str(value))
    if words:
        return words[1] if lang == "zh" else words[0]
    if isinstance(value, bool):
        if lang == "zh":
            return label if value else f"{label}：否"
        return label if value else f"not: {label}"
    return f"{label}为 {value}" if lang == "zh" else f"{label} is {value}"


def because(node: dict[str, Any], values: dict[str, Any], flags: set[str],
            table: dict[tuple[str, str], str], lang: str) -> list[str]:
    """Plain-words reasons: the positive leaves that held and made the rule fire."""
    if "all" in node or "any" in node:
        out: list[str] = []
        for child in node.get("all", node.get("any", [])):
            if "not" not in child and holds(child, values, flags, table):
                out.extend(because(child, values, flags, table, lang))
        return out
    if "not" in node:
        return []
    return [_describe(node, values, lang)]


def flag_table(patterns: dict[str, list[tuple[str, str]]]) -> dict[tuple[str, str], str]:
    return {(scope, pattern): flag for scope, items in patterns.items()
            for flag, pattern in items}

