"""A synthetic but realistic knowledge base and tickets, at any size, from a fixed seed.

The knowledge base grows the way a real one does: a core of about sixty family rules (status
hints, the family's common phrases, derived facts such as ``model.listed`` or ``url.*``), then
vendor-specific rules, one per *scenario* (a vendor, a cause family, one of the family's error
phrases or codes, and sometimes a situation such as "the model is not in the platform's list"),
taken in order of how common the scenario is. Tickets are drawn from the same scenarios with a
Zipf-like popularity, so a 50-rule knowledge base covers the common errors and a 2,000-rule one
the long tail, and a ticket matches a handful of rules, not all.

Every rule has cases (a ticket of its own scenario that fires it, one of another family that
does not); every ``faq`` names an entry that exists; entries have full zh and en sections.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import shutil
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.vocab import FAMILIES, VENDORS, Family, Vendor

__all__ = ["BUNDLED", "Scenario", "generate_kb", "generate_tickets", "scenarios", "ticket_for"]

BUNDLED = Path(__file__).resolve().parents[1]
SEED = 20261128
N_SCENARIOS = 6000
DATE = "2026-11-28"
FAMILY_BY_NAME = {f.name: f for f in FAMILIES}
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Phrases of another family that a rule excludes with ``not`` (as the bundled rules do).
_EXCLUDE = {
    "auth": "quota", "rate_limit": "quota", "quota": "rate_limit",
    "model_not_found": "model_access", "model_access": "model_not_found",
    "bad_request": "context_length", "upstream_error": "network", "timeout": "network",
    "permission": "model_access", "context_length": "rate_limit",
    "model_unavailable": "rate_limit", "base_url": "model_not_found",
    "content_policy": "bad_request", "task_failed": "content_policy", "network": "timeout",
}


@dataclass(frozen=True)
class Scenario:
    """One kind of failure: who answered, which cause, which phrase, in which situation."""

    index: int
    vendor: Vendor
    family: Family
    phrase: int              # index into family.phrases
    situation: str           # "" or one of family.situations
    kind: str                # the rule written for it: code | phrase | situation

    @property
    def code(self) -> str:
        """The error code this vendor sends for this phrase (as written in the body)."""
        v, f, p = self.vendor, self.family, self.family.phrases[self.phrase]
        if v.codes == "numeric":
            return str(v.base + FAMILIES.index(f) * 23 + self.phrase * 3 + 1)
        if v.codes == "camel":
            return "".join(w.capitalize() for w in p.slug.split("_"))
        return p.slug


def scenarios(seed: int = SEED, n: int = N_SCENARIOS) -> list[Scenario]:
    """The scenario list in popularity order (the most common first), always the same."""
    rng = random.Random(seed)
    vendor_weights = [1.0 / (i + 2) ** 0.7 for i in range(len(VENDORS))]
    family_weights = [1.0 / (i + 3) ** 0.5 for i in range(len(FAMILIES))]
    out: list[Scenario] = []
    seen: set[tuple[str, str, int, str, str]] = set()
    while len(out) < n:
        vendor = rng.choices(VENDORS, vendor_weights)[0]
        family = rng.choices(FAMILIES, family_weights)[0]
        phrase = rng.randrange(len(family.phrases))
        situation = rng.choice(family.situations) if rng.random() < 0.3 else ""
        kind = "situation" if situation and rng.random() < 0.6 else rng.choice(
            ("code", "code", "phrase"))
        if (family.name == "network" or situation == "client") and kind == "code":
            kind = "phrase"  # no HTTP answer, so no body code
        key = (vendor.name, family.name, phrase, situation, kind)
        if key in seen:
            continue
        seen.add(key)
        out.append(Scenario(len(out), vendor, family, phrase, situation, kind))
    return out


# ---------------------------------------------------------------------------------- tickets

def _rid(rng: random.Random) -> str:
    return "".join(rng.choices(string.digits, k=20)) + "".join(
        rng.choices(string.ascii_letters, k=6))


def _message(s: Scenario, model: str, rng: random.Random) -> str:
    p = s.family.phrases[s.phrase]
    return p.text.format(model=model, tail="".join(rng.choices("0123456789abcdef", k=4)),
                         rid=_rid(rng), host=s.vendor.host, group="default")


def body_for(s: Scenario, message: str, status: int, rng: random.Random) -> Any:
    """An error body in the vendor's shape, carrying the code, the message and the tag."""
    v, code = s.vendor, s.code
    style = "task" if s.family.name == "task_failed" else v.style
    err_type = "invalid_request_error" if status < 500 else "server_error"
    if style == "openai":
        return json.dumps({"error": {"message": f"{message} [{v.tag}]", "type": err_type,
                                     "param": None, "code": code}}, ensure_ascii=False)
    if style == "newapi":
        return json.dumps({"error": {"message": f"{message} (request id: {_rid(rng)})",
                                     "type": v.tag, "code": code}}, ensure_ascii=False)
    if style == "azure":
        return json.dumps({"error": {"message": f"Azure OpenAI: {message}", "type": None,
                                     "param": "prompt", "code": code, "status": status,
                                     "innererror": {"code": "ResponsibleAIPolicyViolation"}}},
                          ensure_ascii=False)
    if style == "anthropic":
        return json.dumps({"type": "error", "error": {"type": code, "message": message},
                           "request_id": f"req_{v.tag}_{_rid(rng)}"}, ensure_ascii=False)
    if style == "gemini":
        return json.dumps({"error": {"code": status, "message": message, "status": code,
                                     "details": [{"@type": f"type.{v.tag}.com/google.rpc."
                                                  "ErrorInfo", "reason": code}]}},
                          ensure_ascii=False)
    if style == "zhipu":
        return json.dumps({"error": {"code": code, "message": message}, "provider": v.tag},
                          ensure_ascii=False)
    if style == "qianfan":
        return json.dumps({"error_code": int(code), "error_msg": message, "code": code,
                           "log_id": f"{v.tag}-{_rid(rng)}"}, ensure_ascii=False)
    if style == "minimax":
        return json.dumps({"code": code, "message": message,
                           "base_resp": {"status_code": int(code), "status_msg": v.tag}},
                          ensure_ascii=False)
    if style == "litellm":
        exc = "".join(w.capitalize() for w in s.family.name.split("_"))
        return json.dumps({"error": {"message": f"litellm.{exc}Error: OpenAIException - "
                                     f"{message}", "type": None, "param": None,
                                     "code": code}}, ensure_ascii=False)
    if style == "openrouter":
        raw = json.dumps({"error": {"message": message, "code": code}})
        return json.dumps({"error": {"message": "Provider returned error", "code": status,
                                     "metadata": {"raw": raw, "provider_name": v.tag}},
                           "user_id": "user_***"}, ensure_ascii=False)
    if style == "fastapi":
        return json.dumps({"detail": f"{message} ({v.tag})", "type": code}, ensure_ascii=False)
    if style == "task":
        return json.dumps({"code": code, "message": v.tag, "data": {
            "task_id": f"task_{_rid(rng)}", "task_status": "failed",
            "task_status_msg": message}}, ensure_ascii=False)
    if style == "html":
        title = f"{status} {message}"
        return (f"<html><head><title>{title}</title></head><body><center><h1>{title}</h1>"
                f"</center><hr><center>{v.tag} code {code}</center></body></html>")
    if style == "text":
        return f"{message} ({v.tag}: {code})"
    return json.dumps({"code": code, "message": message, "request_id": _rid(rng),
                       "provider": v.tag}, ensure_ascii=False)  # bare {code, message}


def ticket_for(s: Scenario, rng: random.Random, number: int = 0) -> dict[str, Any]:
    """A realistic fact set for scenario ``s`` (as support would paste it)."""
    v, f = s.vendor, s.family
    model = rng.choice(v.models)
    kinds = ["chat"] * 30 + ["completion"] * 2 + ["embedding", "image"]
    request: dict[str, Any] = {
        "base_url": f"https://{v.host}/v1", "endpoint": "/v1/chat/completions",
        "kind": rng.choice(kinds), "model": model,
        "client": rng.choice(["openai-python 1.54", "Cherry Studio 1.4", "LobeChat",
                              "curl 8.5", "Dify 1.3", "langchain 0.3"]),
        # clearly fake ("example"): validate refuses real-looking keys in sources
        "api_key": "sk-example-" + "".join(rng.choices(string.ascii_letters + string.digits,
                                                       k=32)),
    }
    facts: dict[str, Any] = {"ticket": {"id": f"T-{number:06d}", "environment": "production"},
                             "request": request}
    status = rng.choice(f.statuses) if f.statuses else 0
    message = _message(s, model, rng)
    if f.name == "network" or (s.situation == "client"):
        facts["error"] = {"message": f"{message} (host='{v.host}', {v.tag})"}
        if s.situation == "client":
            facts["error"]["kind"] = "timeout"
            request["timeout_s"] = rng.choice([30, 60, 120])
    else:
        response: dict[str, Any] = {"status": status,
                                    "body": body_for(s, message, status, rng),
                                    "elapsed_ms": rng.randrange(80, 4000)}
        facts["response"] = response
    _situate(s, facts, model, rng)
    return facts


def _situate(s: Scenario, facts: dict[str, Any], model: str, rng: random.Random) -> None:
    req = facts["request"]
    others = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-20250514", "qwen-plus", "glm-4",
              "deepseek-chat", "text-embedding-3-small"]
    pool = [m for m in others if m.lower() != model.lower()]
    sit = s.situation
    if sit == "absent":
        facts["account"] = {"models": rng.sample(pool, 4)}
    elif sit == "case_only":
        facts["account"] = {"models": [*rng.sample(pool, 2), model]}
        req["model"] = model.upper()
    elif sit == "close":
        facts["account"] = {"models": [*rng.sample(pool, 2), model]}
        req["model"] = model.replace("-", "_", 1) if "-" in model else model + "x"
    elif sit == "retired":
        req["model"] = rng.choice(["gpt-4-32k", "claude-2.1", "text-davinci-003", "gemini-pro"])
    elif sit == "rewritten":
        req["sent_model"] = rng.choice(pool)
    elif sit == "key_denied":
        facts["account"] = {"models": [model, *rng.sample(pool, 2)],
                            "key_models": rng.sample(pool, 2)}
    elif sit == "listed":
        facts["account"] = {"models": [model, *rng.sample(pool, 3)]}
    elif sit == "key_disabled":
        facts["account"] = {"key_status": rng.choice(["disabled", "expired"])}
    elif sit == "no_balance":
        facts["account"] = {"balance": rng.choice([0, -0.25, -3])}
    elif sit == "key_quota":
        facts["account"] = {"key_quota_remaining": 0, "balance": 12.5}
    elif sit == "missing_v1":
        req["base_url"] = f"https://{s.vendor.host}"
        facts["platform"] = {"base_url": f"https://{s.vendor.host}/v1"}
    elif sit == "full_endpoint":
        req["base_url"] = f"https://{s.vendor.host}/v1/chat/completions"
    elif sit == "console":
        req["base_url"] = f"https://{s.vendor.host}/console/token"
    elif sit == "official":
        req["base_url"] = "https://api.openai.com/v1"
        facts["platform"] = {"base_url": "https://gw.example.com/v1"}
    elif sit == "kind":
        req["kind"] = rng.choice(["embedding", "audio"])
    elif sit == "big":
        req["kind"] = "chat"
        req["stream"] = True
    elif sit == "image":
        req["kind"] = "image"
        req["endpoint"] = "/v1/images/generations"
    elif sit == "retry_after":
        facts["response"]["headers"] = {"Retry-After": str(rng.choice([1, 5, 20, 60]))}
    elif sit == "slow" and "response" in facts:
        facts["response"]["elapsed_ms"] = rng.choice([61000, 120000, 300000])
    elif sit == "local":
        req["base_url"] = rng.choice(["http://localhost:3000/v1", "http://127.0.0.1:8080/v1"])
    elif sit in ("failed", "stuck"):
        req["kind"] = "video"
        req["endpoint"] = "/kling/v1/videos/text2video"
        task: dict[str, Any] = {"id": f"task_{_rid(rng)}",
                                "status": "failed" if sit == "failed" else "running"}
        if sit == "stuck":
            task["age_s"] = rng.choice([2400, 3600, 7200])
        facts["task"] = task
    elif sit == "channel_down":
        facts["platform"] = {"channel_status": rng.choice(["down", "degraded"])}


def generate_tickets(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """``n`` tickets drawn from the scenarios with Zipf-like popularity (fixed seed)."""
    scen = scenarios()
    rng = random.Random(seed + 1)
    weights = [1.0 / (i + 20) ** 0.8 for i in range(len(scen))]
    picks = rng.choices(scen, weights, k=n)
    for number, s in enumerate(picks):
        yield ticket_for(s, rng, number)


# ------------------------------------------------------------------------------------ rules

def _text(pattern: str, says_en: str = "", says_zh: str = "", scope: str = "") -> dict[str, Any]:
    node: dict[str, Any] = {"text": pattern}
    if scope:
        node["in"] = scope
    # every text condition says what it found (the loader requires it)
    node["says"] = {"zh": says_zh or "错误信息中有该原因的说法",
                    "en": says_en or "the message uses a wording of this cause"}
    return node


def _exclusion(family: Family) -> dict[str, Any]:
    other = FAMILY_BY_NAME[_EXCLUDE[family.name]]
    return {"not": _text("|".join(p.pattern for p in other.phrases[:5]))}


def _situation_condition(sit: str, rng: random.Random) -> dict[str, Any]:
    """The derived-fact condition a rule writes for a situation."""
    c: dict[str, dict[str, Any]] = {
        "absent": {"fact": "model.listed", "eq": "absent"},
        "case_only": {"fact": "model.listed", "eq": "case_only"},
        "close": {"fact": "model.listed", "in": ["close", "case_only"]},
        "retired": {"fact": "model.catalog", "eq": "retired"},
        "rewritten": {"fact": "model.rewritten", "eq": True},
        "key_denied": {"fact": "model.key_allowed", "eq": False},
        "listed": {"fact": "model.listed", "eq": "exact"},
        "key_disabled": {"fact": "account.key_status", "in": ["disabled", "expired"]},
        "no_balance": {"fact": "account.balance", "lte": rng.choice([0, 0.01])},
        "key_quota": {"fact": "account.key_quota_remaining", "lte": 0},
        "missing_v1": {"fact": "url.missing_v1", "eq": True},
        "full_endpoint": {"fact": "url.full_endpoint", "eq": True},
        "console": {"fact": "url.console_page", "eq": True},
        "official": {"fact": "url.official_with_gateway", "eq": True},
        "kind": {"fact": "request.kind", "not_in": ["chat", "completion"]},
        "big": {"fact": "request.stream", "eq": True},
        "image": {"fact": "request.kind", "in": ["image", "video"]},
        "retry_after": {"fact": "response.retry_after_s", "gte": 0},
        "slow": {"fact": "response.elapsed_ms", "gte": rng.choice([30000, 45000, 60000])},
        "client": {"fact": "error.kind", "eq": "timeout"},
        "local": {"fact": "url.local", "eq": True},
        "failed": {"fact": "task.status", "in": ["failed", "timeout"]},
        "stuck": {"fact": "task.stuck", "eq": True},
        "channel_down": {"fact": "platform.channel_status", "in": ["down", "degraded"]},
    }
    return c[sit]


def _code_condition(s: Scenario) -> dict[str, Any]:
    code = s.code.lower()
    if s.vendor.style in ("gemini", "anthropic", "fastapi", "openrouter"):
        return _text(rf"\b{code}\b", scope="code")
    if s.vendor.style in ("html", "text"):
        return _text(rf"\b{code}\b")
    return {"fact": "body.code", "eq": code}


def scenario_rule(s: Scenario, rng: random.Random) -> dict[str, Any]:
    """The vendor-specific rule written for a scenario."""
    f, v = s.family, s.vendor
    p = f.phrases[s.phrase]
    tag = _text(v.tag.replace(".", r"\."), f"the body comes from {v.label}",
                f"错误体来自 {v.label}")
    conds: list[dict[str, Any]] = []
    if s.kind == "code":
        conds.append(_code_condition(s))
        if v.codes == "snake":
            conds.append(tag)
        if f.statuses and rng.random() < 0.5:
            conds.append({"fact": "response.status", "in": list(f.statuses)})
        if rng.random() < 0.3 and f.name != "task_failed":
            conds.append({"not": {"fact": "status.class", "eq": "2xx"}})
        elif rng.random() < 0.2:
            conds.append({"fact": "request.kind", "ne": "models"})
    elif s.kind == "phrase":
        conds.append(_text(p.pattern, f"the message says {p.slug.replace('_', ' ')}",
                           f"错误信息提示 {p.slug}", "message" if rng.random() < 0.5 else ""))
        conds.append(tag)
        if rng.random() < 0.5:
            conds.append(_exclusion(f))
    else:
        conds.append(_situation_condition(s.situation, rng))
        conds.append(tag if rng.random() < 0.6 else _text(p.pattern))
        if f.statuses and rng.random() < 0.3 and s.situation not in ("client",):
            conds.append({"any": [{"fact": "response.status", "in": list(f.statuses)},
                                  {"fact": "response.status", "exists": False}]})
    if rng.random() < 0.15:
        conds.append({"fact": "model.given", "eq": True})
    when: dict[str, Any] = {"all": conds}
    if rng.random() < 0.1 and s.kind != "situation":
        when = {"any": [{"all": conds}, {"fact": "body.type", "eq": f"{v.tag}_{p.slug}"}]}
    slug = p.slug.replace("_", "-")
    return _rule_doc(f"{v.name}-{slug}-{s.index}", f, f"{v.name}_{p.slug}", when, rng,
                     f"{v.label}: {f.en} ({s.code})", f"{v.label}：{f.zh}（{s.code}）")


def core_rules(rng: random.Random) -> list[dict[str, Any]]:
    """About sixty family rules like the bundled ones: status hints, the family's common
    phrases with exclusions, and derived facts."""
    out: list[dict[str, Any]] = []
    for f in FAMILIES:
        half = (len(f.phrases) + 1) // 2
        family_rules: list[tuple[str, dict[str, Any], float, str, str]] = []
        if f.statuses and f.statuses != (200,):
            family_rules.append(("status", {"any": [
                {"fact": "response.status", "in": list(f.statuses)},
                {"fact": "body.inner_status", "in": list(f.statuses)}]}, 0.55,
                f"HTTP {'/'.join(map(str, f.statuses))}", "状态码提示"))
        for part, phrases in (("message", f.phrases[:half]), ("message-more", f.phrases[half:])):
            conds: list[dict[str, Any]] = [_text("|".join(p.pattern for p in phrases),
                                                 f"the message says {f.en}",
                                                 f"错误信息提示{f.zh}")]
            conds.append(_exclusion(f))
            family_rules.append((part, {"all": conds}, 0.9 if part == "message" else 0.85,
                                 f"the message says {f.en}", f"错误信息表明{f.zh}"))
        sit = f.situations[0]
        family_rules.append(("facts", {"all": [_situation_condition(sit, rng)]}, 0.9,
                             f"the facts show {f.en}", f"事实表明{f.zh}"))
        for part, when, conf, en, zh in family_rules:
            doc = _rule_doc(f"{f.name.replace('_', '-')}-{part}", f, part.replace("-", "_"),
                            when, rng, f"{en[:1].upper()}{en[1:]}", zh)
            doc["confidence"] = conf
            doc["priority"] = 10 + 10 * len(out) % 50
            out.append(doc)
    return out


def _rule_doc(rule_id: str, f: Family, sub: str, when: dict[str, Any], rng: random.Random,
              title_en: str, title_zh: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": rule_id, "version": "1.0.0", "status": "stable",
        "cause": f"{f.name}.{sub.lower()}", "priority": rng.randrange(5, 60),
        "visibility": "public" if rng.random() < 0.8 else "internal",
        "confidence": rng.choice([0.6, 0.75, 0.85, 0.88, 0.9, 0.92, 0.95]), "when": when,
        "text": {
            "zh": {"title": title_zh[:150],
                   "explanation": f"平台返回的错误说明这是{f.zh}。"
                                  "先按下面的步骤核对，再决定是否升级工单。",
                   "next_steps": [f"核对与{f.zh}相关的配置。", "用同一令牌在控制台复现一次。",
                                  "保留完整错误体和请求 ID。"],
                   "evidence": ["完整错误体", "请求 ID 和时间"]},
            "en": {"title": title_en[:150],
                   "explanation": f"The error the platform returned says this is {f.en}. Check "
                                  "the steps below before escalating.",
                   "next_steps": [f"Check the settings that lead to {f.en}.",
                                  "Reproduce once with the same key in the console.",
                                  "Keep the full error body and the request id."],
                   "evidence": ["The full error body", "The request id and time"]},
        },
        "faq": ["PLACEHOLDER"],
        "changelog": [{"version": "1.0.0", "date": DATE, "change": "Generated for the bench."}],
    }
    if rng.random() < 0.3:
        doc["ask"] = [{"fact": "response.headers", "why": {
            "zh": "响应头里的请求 ID 能让平台找到这次调用。",
            "en": "The request id in the headers lets the platform find the call."}}]
    return doc


def rule_plan(n_rules: int) -> list[tuple[str, int]]:
    """Which rules a knowledge base of ``n_rules`` holds: ("core", i) or ("scenario", i).
    Core rules come early (half of a 50-rule base), scenario rules fill the rest."""
    core = len(core_rules(random.Random(0)))
    positions = {2 * j if j < 25 else 50 + (j - 25) * 12 for j in range(core)}
    plan: list[tuple[str, int]] = []
    c = s = 0
    for pos in range(n_rules):
        if pos in positions and c < core:
            plan.append(("core", c))
            c += 1
        else:
            plan.append(("scenario", s))
            s += 1
    return plan


# ---------------------------------------------------------------------------------- entries

_SENTENCES_EN = (
    "Read the error body first: the code and the message usually name the cause more "
    "precisely than the status does.",
    "{vendor} sends {code} with HTTP {status} for this case, and gateways in front of it pass "
    "the body through unchanged most of the time.",
    "Compare the request with a working one from the same client: base URL, model id, key and "
    "group are the usual differences.",
    "If the platform shows a request id, keep it; support can find the exact call with it.",
    "Retrying does not help here unless the cause is temporary, and blind retries can make "
    "limits and bills worse.",
    "The console of the gateway shows the key's group, its model list and its remaining quota.",
    "Clients such as Cherry Studio, LobeChat or the OpenAI SDK add paths and headers of their "
    "own; check what was really sent.",
    "When several causes fit, start with what you control: the key, the model name and the "
    "base URL.",
)
_SENTENCES_ZH = (
    "先看错误体：错误码和错误信息通常比状态码更准确地说明原因。",
    "{vendor} 在这种情况下返回 {code}，状态码 {status}，前面的网关多数原样转发错误体。",
    "把这次请求和同一客户端里一次成功的请求对比：Base URL、模型名、令牌和分组最常不同。",
    "平台给出请求 ID 时请保留，支持人员可以据此找到那次调用。",
    "除非原因是暂时的，重试没有帮助；盲目重试还会让限流和账单更糟。",
    "网关控制台能看到令牌所属分组、可用模型列表和剩余额度。",
    "Cherry Studio、LobeChat、OpenAI SDK 等客户端会自己拼接路径和请求头，请确认实际发送的内容。",
    "多个原因都可能时，先查自己能控制的：令牌、模型名和 Base URL。",
)


def _para(bank: tuple[str, ...], n: int, rng: random.Random, **fill: Any) -> str:
    return " ".join(s.format(**fill) for s in rng.sample(bank, n))


def entry_doc(j: int, family: Family, vendor: Vendor, entry_id: str, related: list[str],
              glossary: list[str], checklists: list[str], rng: random.Random) -> dict[str, Any]:
    """One answer page with every zh and en section filled in."""
    phrase = family.phrases[j % len(family.phrases)]
    s = Scenario(0, vendor, family, j % len(family.phrases), "", "code")
    status = family.statuses[0] if family.statuses else "none"
    fill = {"vendor": vendor.label, "code": s.code, "status": status}

    def body(lang: str) -> dict[str, Any]:
        bank = _SENTENCES_EN if lang == "en" else _SENTENCES_ZH
        en = lang == "en"
        words = family.en if en else family.zh
        msg = phrase.text.format(model="gpt-4o", tail="1f2c", rid="2026", host=vendor.host,
                                 group="default")
        return {
            "title": (f"{vendor.label}: {words} ({s.code})" if en
                      else f"{vendor.label}：{words}（{s.code}）")[:118],
            "question": (f"Why does {vendor.label} answer “{msg[:60]}”?" if en
                         else f"为什么 {vendor.label} 返回“{msg[:60]}”？"),
            "variants": [msg[:80], s.code, f"{status} {words}"],
            "answer": _para(bank, 3, rng, **fill),
            "basis": _para(bank, 3, rng, **fill),
            "boundaries": _para(bank, 2, rng, **fill),
            "steps": [_para(bank, 1, rng, **fill) for _ in range(5)],
            "followups": [{"q": (f"Does {s.code} cost money?" if en else f"{s.code} 会扣费吗？"),
                           "a": _para(bank, 2, rng, **fill)},
                          {"q": ("Will a retry help?" if en else "重试有用吗？"),
                           "a": _para(bank, 2, rng, **fill)}],
            "evidence": (["The full error body and status", "The request id and time",
                          "The masked key id and the group", "Client name and version"] if en
                         else ["完整错误体和状态码", "请求 ID 和时间", "脱敏令牌标识和分组",
                               "客户端名称和版本"]),
            "never_ask": (["The full key or secret", "Console passwords"] if en
                          else ["完整令牌或密钥", "控制台密码"]),
            "handoff": (f"Ticket {{ticket_id}} | {words}\nVendor: {vendor.label}  Code: "
                        f"{s.code}  Status: {status}\nRequest IDs: {{request_ids}}\n" if en
                        else f"工单 {{ticket_id}}｜{words}\n厂商：{vendor.label}　错误码："
                        f"{s.code}　状态码：{status}\n请求 ID：{{request_ids}}\n"),
            "safety": ("This page shows no keys, internal limits or other users' data." if en
                       else "本页不公开令牌、内部限额或其他用户的数据。"),
        }

    return {
        "id": entry_id, "version": "1.0.0", "kind": "troubleshooting", "family": family.name,
        "owner": "support-docs", "tags": [family.name.replace("_", "-"), vendor.name,
                                          str(status)],
        "changed": DATE, "reviewed": DATE, "next_review": "2027-05-28", "related": related,
        "glossary": glossary, "checklists": checklists, "zh": body("zh"), "en": body("en"),
        "changelog": [{"version": "1.0.0", "date": DATE, "change": "Generated for the bench."}],
    }


def _glossary_doc(i: int) -> dict[str, Any]:
    return {"id": f"term-{i:03d}", "changed": DATE, "see": [f"term-{(i + 1) % 30:03d}"],
            "zh": {"term": f"术语 {i}", "aliases": [f"别名 {i}"],
                   "definition": f"第 {i} 个术语：网关排障中常见的概念，用于生成的知识库。"},
            "en": {"term": f"Term {i}", "aliases": [f"alias {i}"],
                   "definition": f"Term number {i}: a concept common in gateway troubleshooting."}}


def _checklist_doc(i: int, entries: list[str]) -> dict[str, Any]:
    items_en = ["The time with timezone", "The masked key id", "The full error body",
                "The request id", "The client and version"]
    items_zh = ["带时区的时间", "脱敏令牌标识", "完整错误体", "请求 ID", "客户端和版本"]
    return {"id": f"checklist-{i}", "version": "1.0.0", "changed": DATE, "entries": entries,
            "zh": {"title": f"检查清单 {i}", "intro": "提交工单前按顺序准备以下信息。",
                   "items": items_zh},
            "en": {"title": f"Checklist {i}", "intro": "Prepare these items before a ticket.",
                   "items": items_en}}


# ----------------------------------------------------------------------------------- writing

def _dump(path: Path, data: Any, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json\n"
                    + text, encoding="utf-8")


@functools.cache
def _regex(pattern: str) -> Any:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    return re2.compile(pattern, options=options)


@functools.lru_cache(maxsize=1)
def _catalog() -> Any:
    from triage.facts.models import ModelCatalog

    data = yaml.safe_load((BUNDLED / "kb" / "models.yaml").read_text(encoding="utf-8"))
    return ModelCatalog(frozenset(data["current"]), frozenset(data["retired"]))


def _text_leaves(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for child in node.get("all", node.get("any", [])):
        yield from _text_leaves(child)
    if "not" in node:
        yield from _text_leaves(node["not"])
    if "text" in node:
        yield node.get("in", "all"), node["text"]


def fires(when: dict[str, Any], raw: dict[str, Any]) -> bool:
    """Whether a condition tree holds for a raw ticket (the engine's own reading)."""
    from triage.evaluate.explain import holds
    from triage.facts.normalise import normalise

    norm = normalise(raw, _catalog())
    table: dict[tuple[str, str], str] = {}
    flags = set()
    for scope, pattern in _text_leaves(when):
        flag = table.setdefault((scope, pattern), f"p{len(table)}")
        if _regex(pattern).search(norm.texts.get(scope, "")):
            flags.add(flag)
    return holds(when, norm.values, flags, table)


def _contrast(s: Scenario, when: dict[str, Any], scen: list[Scenario],
              rng: random.Random) -> dict[str, Any]:
    """A ticket of another family and vendor that does not fire ``when``."""
    start = max(s.index, 0)
    for other in scen[start + 1:] + scen[:start]:
        if other.family is not s.family and other.vendor is not s.vendor:
            ticket = ticket_for(other, rng)
            if not fires(when, ticket):
                return ticket
    raise AssertionError("no contrasting scenario")


def generate_kb(root: Path, n_rules: int, n_entries: int, seed: int = SEED) -> dict[str, Any]:
    """Write a knowledge base of ``n_rules`` rules (with cases) and ``n_entries`` entries
    under ``root`` (replacing rules/ and kb/ there); return a summary."""
    for sub in ("rules", "kb"):
        shutil.rmtree(root / sub, ignore_errors=True)
    rng = random.Random(seed + 2)
    scen = scenarios()
    # Entries: one family after another, so every family has entries to link to.
    glossary = [f"term-{i:03d}" for i in range(30)]
    entries_by_family: dict[str, list[str]] = {f.name: [] for f in FAMILIES}
    entry_plan = []
    for j in range(n_entries):
        family = FAMILIES[j % len(FAMILIES)]
        vendor = VENDORS[(j // len(FAMILIES)) % len(VENDORS)]
        entry_id = f"{family.name.replace('_', '-')}-{vendor.name}-{j:04d}"
        entries_by_family[family.name].append(entry_id)
        entry_plan.append((j, family, vendor, entry_id))
    all_entries = [e[3] for e in entry_plan]
    checklists = [f"checklist-{i}" for i in range(3)]
    for j, family, vendor, entry_id in entry_plan:
        same = entries_by_family[family.name]
        related = [e for e in rng.sample(all_entries, min(3, len(all_entries))) if e != entry_id]
        related += [e for e in same[:2] if e != entry_id and e not in related]
        doc = entry_doc(j, family, vendor, entry_id, related, rng.sample(glossary, 3),
                        [checklists[j % 3]], rng)
        _dump(root / "kb" / "entries" / f"{entry_id}.yaml", doc, "kb-entry")
    for i in range(30):
        _dump(root / "kb" / "glossary" / f"term-{i:03d}.yaml", _glossary_doc(i), "glossary")
    for i in range(3):
        _dump(root / "kb" / "checklists" / f"checklist-{i}.yaml",
              _checklist_doc(i, all_entries[i::50][:5]), "checklist")
    for name in ("triage-order.yaml", "models.yaml"):
        shutil.copyfile(BUNDLED / "kb" / name, root / "kb" / name)

    core = core_rules(random.Random(seed + 3))
    kinds: dict[str, int] = {}
    misfits: list[str] = []
    for n, (what, i) in enumerate(rule_plan(n_rules)):
        if what == "core":
            doc = core[i]
            family = FAMILY_BY_NAME[doc["cause"].split(".")[0]]
            first_phrase = 0 if "more" not in doc["id"] else (len(family.phrases) + 1) // 2
            sit = family.situations[0] if doc["id"].endswith("-facts") else ""
            s = Scenario(-1, VENDORS[n % 4], family, first_phrase, sit,
                         "situation" if sit else "phrase")
            kinds["core"] = kinds.get("core", 0) + 1
        else:
            s = scen[i]
            doc = scenario_rule(s, rng)
            kinds[s.kind] = kinds.get(s.kind, 0) + 1
        family_entries = entries_by_family[s.family.name] or all_entries
        doc["faq"] = [family_entries[n % len(family_entries)]]
        folder = root / "rules" / s.family.name
        _dump(folder / f"{doc['id']}.yaml", doc, "rule")
        own = ticket_for(s, rng)
        if not fires(doc["when"], own):
            misfits.append(doc["id"])
        cases = {"rule": doc["id"], "fires": [{"name": "its own scenario", "facts": own}],
                 "not_fires": [{"name": "another family",
                                "facts": _contrast(s, doc["when"], scen, rng)}]}
        _dump(folder / f"{doc['id']}.cases.yaml", cases, "cases")
    return {"root": str(root), "rules": n_rules, "entries": n_entries, "rule_kinds": kinds,
            "cases_not_firing": misfits}


def write_tickets(path: Path, n: int, seed: int = SEED) -> Path:
    """Write ``n`` tickets as JSON Lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for t in generate_tickets(n, seed):
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    ap.add_argument("root", type=Path, help="folder to write rules/ and kb/ into")
    ap.add_argument("--rules", type=int, default=500)
    ap.add_argument("--entries", type=int, default=100)
    ap.add_argument("--tickets", type=int, default=0, help="also write tickets.jsonl")
    args = ap.parse_args(argv)
    print(json.dumps(generate_kb(args.root, args.rules, args.entries)))
    if args.tickets:
        write_tickets(args.root / "tickets.jsonl", args.tickets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
