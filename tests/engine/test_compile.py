"""The durable-rules compilation means exactly what the conditions say.

Every compiled condition tree is checked against the pure-Python reading of the same tree
(triage.evaluate.explain.holds) on many random fact sets: operators, negation pushed down,
missing facts, booleans, ``in`` lists and text flags.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from triage.compile.conditions import PatternTable, fact_key, to_durable
from triage.compile.durable import DurableEngine
from triage.evaluate.explain import flag_table, holds
from triage.facts.normalise import normalise

FACTS: dict[str, list[Any]] = {
    "response.status": [200, 400, 401, 402, 403, 404, 429, 500, 503, 524],
    "body.code": ["insufficient_quota", "1113", "model_not_found", "x"],
    "model.listed": ["exact", "case_only", "close", "absent"],
    "model.key_allowed": [True, False],
    "account.balance": [-1, 0, 0.5, 10],
}
PATTERNS = ["quota", "rate limit", "余额不足", "not found"]


def _leaf(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.25:
        return {"text": rng.choice(PATTERNS)}
    name = rng.choice(list(FACTS))
    values = FACTS[name]
    numeric = isinstance(values[0], (int, float)) and not isinstance(values[0], bool)
    ops = ["eq", "ne", "in", "not_in", "exists"] + (["gt", "gte", "lt", "lte"] if numeric else [])
    op = rng.choice(ops)
    if op in ("in", "not_in"):
        return {"fact": name, op: rng.sample(values, rng.randint(1, len(values)))}
    if op == "exists":
        return {"fact": name, "exists": rng.random() < 0.5}
    return {"fact": name, op: rng.choice(values)}


def _tree(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    roll = rng.random()
    if depth < 3 and roll < 0.35:
        return {rng.choice(["all", "any"]): [_tree(rng, depth + 1)
                                             for _ in range(rng.randint(1, 3))]}
    if depth < 3 and roll < 0.5:
        return {"not": _tree(rng, depth + 1)}
    return _leaf(rng)


def _facts(rng: random.Random) -> tuple[dict[str, Any], set[str]]:
    values = {name: rng.choice(vals) for name, vals in FACTS.items() if rng.random() < 0.6}
    texts = {p for p in PATTERNS if rng.random() < 0.3}
    return values, texts


def test_durable_agrees_with_the_python_reading() -> None:
    rng = random.Random(20261128)
    table = PatternTable()
    trees = {f"r{i}": _tree(rng) for i in range(150)}
    exprs = {rid: to_durable(tree, table) for rid, tree in trees.items()}
    engine = DurableEngine([exprs], "prop")
    flags_by_pattern = {pattern: flag for (_, pattern), flag in table.flags.items()}
    lookup = flag_table(table.by_scope())
    mismatches = []
    for _ in range(400):
        values, texts = _facts(rng)
        flags = {flags_by_pattern[p] for p in texts if p in flags_by_pattern}
        fact = {fact_key(k): v for k, v in values.items()}
        fact.update({f: True for f in flags})
        fired = set(engine.evaluate(fact))
        expected = {rid for rid, tree in trees.items() if holds(tree, values, flags, lookup)}
        if fired != expected:
            mismatches.append((values, texts, sorted(fired ^ expected)))
    assert not mismatches, mismatches[:3]


@settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["request", "response", "status", "body", "model",
                                       "account", "task", "error", "models", "x"]),
                      children, max_size=5),
    max_leaves=20))
def test_normalise_never_raises_on_any_shape(raw: Any) -> None:
    facts = raw if isinstance(raw, dict) else {"response": raw}
    norm = normalise(facts)
    assert isinstance(norm.values, dict) and isinstance(norm.warnings, list)


@pytest.mark.parametrize("body", ["{" * 5000 + "}" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
                                  "<html>" + "<b>" * 50000, "\x00\ud800" * 1000])
def test_pathological_bodies_are_bounded(body: str) -> None:
    norm = normalise({"response": {"status": 500, "body": body}})
    assert norm.values["response.status"] == 500


@pytest.mark.parametrize("value", [0.00001, 1e-12, 1e300, float("nan"), float("inf"), 2**70,
                                   "0.0000001"])
def test_numbers_durable_cannot_read_are_made_safe(diagnoser: Any, value: Any) -> None:
    facts = {"task": {"status": "running", "age_s": value},
             "response": {"status": 429, "headers": {"retry-after": "0.00001"}, "body": ""},
             "account": {"balance": value}}
    result = diagnoser.diagnose(facts, "en")
    assert result["diagnoses"], result


def test_secret_shaped_keys_are_masked_too(diagnoser: Any) -> None:
    key = "sk-" + "Ab9" * 11
    result = diagnoser.diagnose({key: {"x": 1}, "request": {key: "v"}}, "en")
    import json

    assert key not in json.dumps(result)
