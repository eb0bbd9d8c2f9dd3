"""Rules that the message matches but whose other conditions cannot be checked yet.

A pasted text often carries the platform's message without the HTTP status (an app shows
"API Key 错误" and nothing else). When no rule fires, each rule is read again in three-valued
logic: a condition on a fact the ticket does not have is *unknown*, not false. A rule whose
text conditions hold and whose only open conditions are unknown is a *partial* match: it
is offered at half its confidence (so always "a hint"), names the facts that would confirm
it, and those facts lead ``ask``. Pure status rules never become partial (they need a
matching text condition), so an empty ticket still gets the general fallback.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PARTIAL_FACTOR", "partial_matches", "ticket_facts"]

PARTIAL_FACTOR = 0.5          # a partial match's confidence is the rule's times this
YES, NO, UNKNOWN = 1, 0, -1


def _leaf(node: dict[str, Any], values: dict[str, Any], flags: set[str],
          table: dict[tuple[str, str], str], missing: set[str], texts: list[bool]) -> int:
    from triage.evaluate.explain import holds

    if "text" in node:
        flag = table.get((node.get("in", "all"), node["text"]))
        ok = flag in flags
        texts.append(ok)
        return YES if ok else NO
    name = node["fact"]
    if name not in values and "exists" not in node:
        missing.add(name)
        return UNKNOWN
    return YES if holds(node, values, flags, table) else NO


def _state(node: dict[str, Any], values: dict[str, Any], flags: set[str],
           table: dict[tuple[str, str], str], missing: set[str], texts: list[bool]) -> int:
    if "all" in node:
        states = [_state(c, values, flags, table, missing, texts) for c in node["all"]]
        return NO if NO in states else UNKNOWN if UNKNOWN in states else YES
    if "any" in node:
        states = [_state(c, values, flags, table, missing, texts) for c in node["any"]]
        return YES if YES in states else UNKNOWN if UNKNOWN in states else NO
    if "not" in node:
        inner = _state(node["not"], values, flags, table, missing, [])
        return UNKNOWN if inner == UNKNOWN else YES if inner == NO else NO
    return _leaf(node, values, flags, table, missing, texts)


# derived facts → the ticket fact that would settle them
_INPUT_OF = (("status.", "response.status"), ("response.answered", "response.status"),
             ("body.", "response.body"), ("model.", "request.model"),
             ("url.", "request.base_url"), ("task.", "task.status"))


def ticket_facts(missing: tuple[str, ...]) -> tuple[str, ...]:
    """The ticket facts (as a user can give them) behind the missing derived facts."""
    from triage.vocabulary import INPUTS

    out: list[str] = []
    for name in missing:
        fact = next((to for prefix, to in _INPUT_OF if name.startswith(prefix)), name)
        if fact in INPUTS and fact not in out:
            out.append(fact)
    return tuple(out)


def partial_matches(rules: dict[str, dict[str, Any]], values: dict[str, Any],
                    flags: set[str], table: dict[tuple[str, str], str]
                    ) -> list[tuple[str, tuple[str, ...]]]:
    """(rule id, facts that would confirm it) of every rule that could fire once the missing
    facts are known, and whose text conditions hold now. Unordered."""
    out = []
    for rule_id, rule in rules.items():
        missing: set[str] = set()
        texts: list[bool] = []
        if _state(rule["when"], values, flags, table, missing, texts) != UNKNOWN:
            continue
        if not any(texts) or not missing:
            continue
        out.append((rule_id, tuple(sorted(missing))))
    return out
