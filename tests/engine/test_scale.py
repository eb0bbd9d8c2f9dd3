"""A generated knowledge base of 2,000 rules loads, compiles into sharded rulesets and
evaluates correctly (durable-rules alone hangs or fails past a few hundred rules)."""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path
from typing import Any

import yaml
from triage.compile import SHARD_SIZE, compile_kb
from triage.evaluate import Diagnoser
from triage.evaluate.explain import holds
from triage.loader.sources import load_sources

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = ["auth", "quota", "rate_limit", "timeout", "bad_request", "upstream_error"]
STATUSES = [400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 524, 529]
PHRASES = ["quota", "rate limit", "余额不足", "timed out", "invalid key", "overloaded",
           "not found", "internal error"]


def _rule(i: int, rng: random.Random) -> dict[str, Any]:
    family = FAMILIES[i % len(FAMILIES)]
    conditions: list[dict[str, Any]] = [{"fact": "body.code", "eq": f"err_{i}"}]
    if rng.random() < 0.5:
        conditions.append({"fact": "response.status", "in": rng.sample(STATUSES, 3)})
    if rng.random() < 0.4:
        conditions.append({"text": f"{rng.choice(PHRASES)}|code {i}\\b",
                           "says": {"zh": "错误信息有这种说法", "en": "the message says so"}})
    if rng.random() < 0.3:
        conditions.append({"not": {"fact": "model.listed", "eq": "exact"}})
    if rng.random() < 0.2:
        conditions = [{"any": [{"all": conditions}, {"fact": "body.type", "eq": f"t_{i}"}]}]
    text = {"title": f"Generated cause {i}", "explanation": "A generated rule for scale.",
            "next_steps": ["Check it."], "evidence": ["The body."]}
    return {"id": f"gen-{i:04d}", "version": "1.0.0", "status": "stable",
            "cause": f"{family}.generated", "priority": i % 100, "visibility": "internal",
            "confidence": round(0.5 + (i % 50) / 100, 2), "when": {"all": conditions},
            "text": {"zh": text, "en": copy.deepcopy(text)}, "faq": ["model-not-found"],
            "changelog": [{"version": "1.0.0", "date": "2026-11-28", "change": "Generated."}]}


def _ticket(rng: random.Random, n: int) -> dict[str, Any]:
    i = rng.randrange(n)
    body = {"error": {"code": f"err_{i}" if rng.random() < 0.8 else "nothing",
                      "type": f"t_{rng.randrange(n)}",
                      "message": f"{rng.choice(PHRASES)} code {i}"}}
    facts: dict[str, Any] = {"response": {"status": rng.choice(STATUSES), "body": body}}
    if rng.random() < 0.5:
        facts["request"] = {"model": "gpt-4o"}
        facts["account"] = {"models": rng.choice([["gpt-4o"], ["GPT-4O"], ["other"]])}
    return facts


def test_two_thousand_rules_load_and_evaluate_correctly(tmp_path: Path) -> None:
    n = 2000
    rng = random.Random(7)
    shutil.copytree(ROOT / "kb", tmp_path / "kb")
    for family in FAMILIES:
        (tmp_path / "rules" / family).mkdir(parents=True)
    for i in range(n):
        rule = _rule(i, rng)
        folder = tmp_path / "rules" / rule["cause"].split(".")[0]
        (folder / f"{rule['id']}.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True),
                                                    encoding="utf-8")
        cases = {"rule": rule["id"], "fires": [{"name": "code", "facts": {}}],
                 "not_fires": [{"name": "nothing", "facts": {}}]}
        (folder / f"{rule['id']}.cases.yaml").write_text(yaml.safe_dump(cases),
                                                          encoding="utf-8")
    kb, issues = load_sources(tmp_path)
    assert not [i for i in issues if i.severity == "error"], issues[:3]
    assert len(kb.rules) == n
    compiled = compile_kb(kb, "scale")
    assert len(compiled.shards) == n // SHARD_SIZE
    diagnoser = Diagnoser(compiled)
    table = diagnoser.table
    fired_total = 0
    for _ in range(600):
        ticket = _ticket(rng, n)
        norm, ids, flags = diagnoser.fired(ticket)
        expected = {r.id for r in kb.rules if holds(r.when, norm.values, flags, table)}
        assert set(ids) == expected, ticket
        assert ids == diagnoser.order(list(expected))
        fired_total += len(ids)
    assert fired_total > 300  # the tickets really exercise the rules
