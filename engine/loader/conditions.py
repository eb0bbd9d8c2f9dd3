"""Checks of a rule's condition tree against the fact vocabulary."""

from __future__ import annotations

from typing import Any

from triage.errors import Issue
from triage.loader.regex import pattern_problem
from triage.vocabulary import FACTS, INPUTS
from triage.yamlmarks import Document

__all__ = ["check_asks", "check_conditions"]

_OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists")


def check_conditions(doc: Document, node: Any, path: tuple[Any, ...]) -> list[Issue]:
    issues: list[Issue] = []
    _walk(doc, node, path, issues)
    return issues


def _walk(doc: Document, node: Any, path: tuple[Any, ...], issues: list[Issue]) -> None:
    if not isinstance(node, dict):
        return
    for group in ("all", "any"):
        if isinstance(node.get(group), list):
            for i, child in enumerate(node[group]):
                _walk(doc, child, (*path, group, i), issues)
    if "not" in node:
        _walk(doc, node["not"], (*path, "not"), issues)
    if isinstance(node.get("text"), str):
        problem = pattern_problem(node["text"])
        if problem:
            issues.append(Issue(doc.loc((*path, "text")), problem[0], problem[1], "regex"))
        _says(doc, node, path, issues)
    if isinstance(node.get("fact"), str):
        _fact(doc, node, path, issues)


def _says(doc: Document, node: dict[str, Any], path: tuple[Any, ...],
          issues: list[Issue]) -> None:
    """A text condition must say in words what it found: support never sees a raw pattern."""
    says = node.get("says")
    if isinstance(says, dict):
        return  # a partial or empty says is the schema's to report, once, at its own place
    missing = [lang for lang in ("zh", "en")
               if not (isinstance(says, dict) and isinstance(says.get(lang), str)
                       and says[lang].strip())]
    if missing:
        issues.append(Issue(doc.loc((*path, "text")),
                            "a text condition has no 'says' in " + " and ".join(missing),
                            "add says: {zh: ..., en: ...} telling in words what the text shows",
                            "says"))


def _fact(doc: Document, node: dict[str, Any], path: tuple[Any, ...],
          issues: list[Issue]) -> None:
    name = node["fact"]
    spec = FACTS.get(name)
    if spec is None:
        return  # the schema's fact enum reports it, with a did-you-mean
    ops = [op for op in _OPS if op in node]
    if any(k not in (*_OPS, "fact", "says") for k in node):
        return  # the schema reports the unknown key (did you mean eq?)
    if len(ops) != 1:
        issues.append(Issue(doc.loc(path), f"a condition on '{name}' needs exactly one of "
                            + ", ".join(_OPS), "write one comparison per condition", "fact"))
        return
    op = ops[0]
    value = node[op]
    if op == "exists":
        return
    values = value if isinstance(value, list) else [value]
    folded = {"lower": str.lower, "upper": str.upper}.get(spec.fold)
    for v in values:
        if folded is not None and isinstance(v, str) and folded(v) != v:
            issues.append(Issue(doc.loc((*path, op)), f"'{name}' is compared in "
                                f"{spec.fold} case, so {v!r} can never match",
                                f"write {folded(v)!r}", "fact", "warning"))
            break
        problem = _type_problem(spec.type, spec.values, op, v)
        if problem:
            issues.append(Issue(doc.loc((*path, op)), f"'{name}' {problem}",
                                _hint(spec.type, spec.values), "fact"))
            return


def _type_problem(kind: str, allowed: tuple[str, ...], op: str, v: Any) -> str:
    if isinstance(v, float) and ("e" in repr(v) or v != v or abs(v) >= 2**53):
        return f"has a number the rules engine cannot read ({v!r}); write it without an " \
            "exponent, with at most six decimals"
    if op in ("gt", "gte", "lt", "lte") and kind not in ("int", "number"):
        return f"is {kind}, so it cannot be compared with {op}"
    if kind == "int" and (isinstance(v, bool) or not isinstance(v, int)):
        return f"is a whole number, not {v!r}"
    if kind == "number" and (isinstance(v, bool) or not isinstance(v, (int, float))):
        return f"is a number, not {v!r}"
    if kind == "bool" and not isinstance(v, bool):
        return f"is true or false, not {v!r}"
    if kind == "str":
        if not isinstance(v, str):
            return f"is text, not {v!r}"
        if allowed and v not in allowed:
            return f"has no value {v!r}"
    return ""


def _hint(kind: str, allowed: tuple[str, ...]) -> str:
    if allowed:
        return "one of: " + ", ".join(allowed)
    return {"int": "write a plain number such as 401", "bool": "write true or false",
            "number": "write a number", "str": "quote the value"}.get(kind, "")


def check_asks(doc: Document, asks: Any) -> list[Issue]:
    """An ``ask`` names a fact support can ask for: an input (account.models) or a fact."""
    import difflib

    known = [p for p in INPUTS if not p.endswith(".*")] + list(FACTS)
    issues = []
    for i, ask in enumerate(asks if isinstance(asks, list) else []):
        name = ask.get("fact") if isinstance(ask, dict) else None
        if isinstance(name, str) and name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "see docs/facts.md"
            issues.append(Issue(doc.loc(("ask", i, "fact")), f"ask names an unknown fact "
                                f"'{name}'", hint, "fact"))
    return issues
