"""A rule's condition tree in plain words, from the fact vocabulary and the ``says`` texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage.escape import code, md
from triage.vocabulary import FACTS

from .labels import GROUPS, OPS, TEXT_IN

__all__ = ["Line", "condition_lines", "lines_markdown", "lines_plain"]


@dataclass(frozen=True)
class Line:
    """One line of the explained tree: its depth, the plain words, the technical form."""

    depth: int
    words: str
    technical: str = ""


def _value(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return {"en": "true", "zh": "是"}[lang] if v else {"en": "false", "zh": "否"}[lang]
    if isinstance(v, list):
        return ", ".join(_value(x, lang) for x in v)
    return str(v)


def _technical(node: dict[str, Any]) -> str:
    if "text" in node:
        return f"text ~ /{node['text']}/" + (f" in {node['in']}" if node.get("in") else "")
    for op in ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists"):
        if op in node:
            v = node[op]
            shown = "[" + ", ".join(str(x) for x in v) + "]" if isinstance(v, list) else (
                str(v).lower() if isinstance(v, bool) else str(v))
            return f"{node['fact']} {op} {shown}"
    return str(node.get("fact", ""))


def _fact_words(node: dict[str, Any], lang: str) -> str:
    name = str(node["fact"])
    spec = FACTS.get(name)
    label = getattr(spec, lang) if spec is not None else name
    if "exists" in node:
        return GROUPS["known" if node["exists"] else "unknown"][lang].format(f=label)
    if spec is not None and spec.type == "bool" and ("eq" in node or "ne" in node):
        truth = bool(node["eq"]) if "eq" in node else not bool(node["ne"])
        return GROUPS["true" if truth else "false"][lang].format(f=label)
    for op, phrase in OPS.items():
        if op in node:
            joiner = " " if lang == "en" else ""
            return f"{label}{joiner}{phrase[lang].format(v=_value(node[op], lang))}"
    return label


def _walk(node: Any, lang: str, depth: int, out: list[Line]) -> None:
    if not isinstance(node, dict):
        return
    for group in ("all", "any"):
        if isinstance(node.get(group), list):
            out.append(Line(depth, GROUPS[group][lang]))
            for child in node[group]:
                _walk(child, lang, depth + 1, out)
            return
    if "not" in node:
        out.append(Line(depth, GROUPS["not"][lang]))
        _walk(node["not"], lang, depth + 1, out)
        return
    says = node.get("says") if isinstance(node.get("says"), dict) else None
    if "text" in node:
        where = TEXT_IN.get(str(node.get("in", "all")), TEXT_IN["all"])[lang]
        words = says[lang] if says and says.get(lang) else GROUPS["text"][lang].format(
            where=where, p={"en": "a known wording", "zh": "已知的说法"}[lang])
    else:
        words = says[lang] if says and says.get(lang) else _fact_words(node, lang)
    out.append(Line(depth, str(words), _technical(node)))


def condition_lines(when: dict[str, Any], lang: str) -> list[Line]:
    """The tree as indented lines; a top-level group keeps its own line."""
    out: list[Line] = []
    _walk(when, lang, 0, out)
    return out


def lines_markdown(lines: list[Line]) -> str:
    """Nested Markdown list; every piece of rule content escaped."""
    rows = []
    for line in lines:
        tech = f" {code(line.technical)}" if line.technical else ""
        rows.append(f"{'    ' * line.depth}- {md(line.words)}{tech}")
    return "\n".join(rows)


def lines_plain(lines: list[Line]) -> list[str]:
    """One string per line, indented with two spaces a level (for JSON and text)."""
    return [f"{'  ' * line.depth}{line.words}"
            + (f" [{line.technical}]" if line.technical else "") for line in lines]
