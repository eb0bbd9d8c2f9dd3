"""``triage diagnose --explain RULE TICKET``: condition by condition, why a rule did or did
not fire on a ticket, with the part of the text a pattern matched.

The verdict of each condition is computed in Python with the same meaning the compiled
rules have (:func:`triage.evaluate.explain.holds`); the last line says what the rules engine
itself decided, so a difference would show.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.errors import UsageError

__all__ = ["explain_lines", "run_explain"]

_MARK = {True: "yes", False: "no "}
_CONTEXT = 30  # characters shown on each side of a text match


def _text_match(pattern: str, text: str) -> tuple[int, int] | None:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    found = re2.compile(pattern, options).search(text)
    return found.span() if found else None


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)


def _leaf(node: dict[str, Any], values: dict[str, Any], texts: dict[str, str]
          ) -> tuple[bool, str]:
    if "text" in node:
        scope = node.get("in", "all")
        text = texts.get(scope, "")
        span = _text_match(node["text"], text) if text else None
        pattern = node["text"] if len(node["text"]) <= 70 else node["text"][:67] + "..."
        if span is None:
            why = "nothing matched" if text else f"the ticket has no {scope} text"
            return False, f"text /{pattern}/ in {scope}: {why}"
        start, end = span
        before = text[max(0, start - _CONTEXT):start].replace("\n", " ")
        after = text[end:end + _CONTEXT].replace("\n", " ")
        return True, (f"text /{pattern}/ in {scope}: matched {text[start:end]!r} in "
                      f"\"...{before}[{text[start:end]}]{after}...\"")
    from triage.evaluate.explain import _leaf_holds

    name = node["fact"]
    op = next(k for k in node if k not in ("fact", "says"))
    have = f"the ticket has {_show(values[name])}" if name in values else \
        "the ticket does not have it"
    ok = _leaf_holds(node, values, set(), {})
    return ok, f"{name} {op} {_show(node[op])}: {have}"


def _walk(node: dict[str, Any], values: dict[str, Any], texts: dict[str, str],
          depth: int) -> Iterator[tuple[bool, str]]:
    """(holds, line) for this node and every node below it."""
    pad = "  " * depth
    for group, word in (("all", "all of"), ("any", "any of")):
        if group in node:
            children = [list(_walk(c, values, texts, depth + 1)) for c in node[group]]
            heads = [c[0][0] for c in children]
            ok = all(heads) if group == "all" else any(heads)
            yield ok, f"{pad}[{_MARK[ok]}] {word} {len(children)}:"
            for lines in children:
                yield from lines
            return
    if "not" in node:
        inner = list(_walk(node["not"], values, texts, depth + 1))
        ok = not inner[0][0]
        yield ok, f"{pad}[{_MARK[ok]}] not:"
        yield from inner
        return
    ok, line = _leaf(node, values, texts)
    yield ok, f"{pad}[{_MARK[ok]}] {line}"


def explain_lines(rule_id: str, when: dict[str, Any], values: dict[str, Any],
                  texts: dict[str, str], fired: list[str]) -> list[str]:
    lines = [f"rule {rule_id}: why it did or did not fire on this ticket"]
    walked = list(_walk(when, values, texts, 1))
    lines += [line for _, line in walked]
    verdict = walked[0][0]
    engine = rule_id in fired
    lines.append(f"conditions: {'they hold' if verdict else 'they do not hold'}; rules "
                 f"engine: {'fired' if engine else 'did not fire'}"
                 + (f" (position {fired.index(rule_id) + 1} of {len(fired)})" if engine else ""))
    return lines


def run_explain(rule_id: str, source: str, root: Path, platform_base_url: str = "") -> int:
    import sys

    from triage.api import load_diagnoser
    from triage.facts.read import read_facts
    from triage.rendering import visible
    from triage.secrets import mask_text

    facts = read_facts(source)
    diagnoser = load_diagnoser(root, platform_base_url)
    rules = diagnoser.compiled.rules
    if rule_id not in rules:
        close = difflib.get_close_matches(rule_id, list(rules), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; see rules/"
        raise UsageError(f"--explain {rule_id}: no such rule{hint}")
    norm, fired, _ = diagnoser.fired(facts)
    lines = explain_lines(rule_id, rules[rule_id]["when"], norm.values, norm.texts, fired)
    for line in lines:
        print(visible(mask_text(line, norm.secrets)))
    sys.stdout.flush()
    return 0
