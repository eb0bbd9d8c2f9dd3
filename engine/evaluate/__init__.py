"""Run the compiled rules on normalised facts; rank, explain and compute ``ask``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.compile import CompiledKB
from triage.compile.conditions import fact_key
from triage.compile.durable import DurableEngine
from triage.compile.patterns import PatternMatcher
from triage.evaluate.bodyask import body_ask
from triage.evaluate.explain import because, flag_table
from triage.facts.models import ModelCatalog, closest
from triage.facts.normalise import Normalised, normalise
from triage.facts.platform import with_platform
from triage.secrets import mask_text

__all__ = ["CONTRACT_VERSION", "Diagnoser", "tier"]

CONTRACT_VERSION = "1"

# Facts that an ``ask`` may name, and how to tell that the ticket already has them.
_PRESENT_BY_VALUE = {"task.id": "task.has_id"}


def tier(confidence: float) -> int:
    """Evidence strength: 3 decisive (≥0.95: facts that settle it, or a code that names the
    cause), 2 strong (≥0.85), 1 likely (≥0.6), 0 a hint (a bare status code)."""
    return 3 if confidence >= 0.95 else 2 if confidence >= 0.85 else 1 if confidence >= 0.6 else 0


class Diagnoser:
    """One loaded knowledge base, ready to diagnose tickets (thread-safe)."""

    def __init__(self, compiled: CompiledKB, platform_base_url: str = "") -> None:
        self.compiled = compiled
        # the support desk's platform (triage.facts.platform): filled into tickets silent on it
        self.platform_base_url = platform_base_url
        self.engine = DurableEngine(compiled.shards, compiled.key[:8] or "kb")
        self.matcher = PatternMatcher(compiled.patterns)
        self.table = flag_table(compiled.patterns)
        self.catalog = ModelCatalog(frozenset(compiled.catalog[0]),
                                    frozenset(compiled.catalog[1]))
        self.rank = {f: i for i, f in enumerate(compiled.order)}
        # the rules a partial match may name (last-resort rules are words only)
        self.partial_rules = {i: r for i, r in compiled.rules.items() if not r.get("last_resort")}

    def facts(self, raw: Mapping[str, Any]) -> tuple[Normalised, dict[str, Any], list[str]]:
        """Normalised facts, the flat durable fact, and the true pattern flags."""
        norm = normalise(with_platform(raw, self.platform_base_url), self.catalog)
        flags = self.matcher.flags(norm.texts)
        fact: dict[str, Any] = {fact_key(k): v for k, v in norm.values.items()}
        for flag in flags:
            fact[flag] = True
        return norm, fact, flags

    def fired(self, raw: Mapping[str, Any]) -> tuple[Normalised, list[str], set[str]]:
        """The rules that fire, in triage order. Last-resort rules (a family named by the
        words of the message alone) count only when no other rule fires."""
        norm, fact, flags = self.facts(raw)
        ids = self.order(self.engine.evaluate(fact))
        main = [i for i in ids if not self.compiled.rules[i].get("last_resort")]
        return norm, main or ids, set(flags)

    def last_resort(self, ids: list[str]) -> bool:
        """Whether ``ids`` (as :meth:`fired` gives them) are only last-resort rules."""
        return bool(ids) and all(self.compiled.rules[i].get("last_resort") for i in ids)

    def order(self, ids: list[str]) -> list[str]:
        """The triage order: decisive evidence first, then the knowledge base's family order
        (the user's own configuration before platform incidents), then rule priority."""
        rules = self.compiled.rules
        return sorted(ids, key=lambda i: (-tier(rules[i]["confidence"]),
                                          self.rank.get(rules[i]["family"], 99),
                                          rules[i]["priority"], -rules[i]["confidence"], i))

    def diagnose(self, raw: Mapping[str, Any], lang: str = "en") -> dict[str, Any]:
        """The contract's diagnosis for one fact set (every secret masked)."""
        if not isinstance(raw, Mapping):
            raise TypeError("a fact set is a mapping")
        norm, ids, flags = self.fired(raw)
        words_only = self.last_resort(ids)
        if words_only:  # a rule that matches in part comes before the words alone
            last, ids = ids, []
        seen: set[str] = set()
        shown = []
        for rule_id in ids:  # one diagnosis per cause: the best-ranked rule speaks for it
            cause = self.compiled.rules[rule_id]["cause"]
            if cause not in seen:
                seen.add(cause)
                shown.append(rule_id)
        diagnoses = [self._one(rule_id, norm, flags, lang) for rule_id in shown]
        # Knowledge-base texts were masked when compiled; what comes from the ticket (reasons,
        # facts, warnings) is masked where it is made.
        result: dict[str, Any] = {
            "contract": CONTRACT_VERSION,
            "lang": lang,
            "diagnoses": diagnoses,
            "ask": self._ask(ids, norm, lang),
            "facts": norm.public(),
            "warnings": norm.warnings,
        }
        if norm.read:  # what a pasted text said, shown as such (worded by the renderers)
            result["read"] = [{"item": item, "value": value} for item, value in norm.read]
        if not diagnoses:  # the message may match rules whose other facts are not known yet
            result["diagnoses"] = diagnoses = self._partial(norm, flags, lang, result)
        if not diagnoses and words_only:  # then what the words of the message point at
            result["diagnoses"] = diagnoses = self._words(last, norm, flags, lang)
            result["ask"] = self._ask(last, norm, lang)
        if not diagnoses:  # never a dead end
            from triage.evaluate.fallback import fallback, fallback_asks

            result["fallback"] = fallback(norm.values, lang)
            result["ask"] = result["ask"] or fallback_asks(norm.present, lang)
        response = raw.get("response")
        stated = isinstance(response, Mapping) and "body" in response
        body = body_ask(norm, stated, [d["rule"] for d in diagnoses], lang)
        if body is not None:  # an error status without its body: the body comes first
            result["ask"] = [body] + [a for a in result["ask"] if a["fact"] != "response.body"]
        return result

    def _partial(self, norm: Normalised, flags: set[str], lang: str,
                 result: dict[str, Any]) -> list[dict[str, Any]]:
        """Partial matches (see :mod:`triage.evaluate.partial`), best first, one per cause,
        at most three; the facts that would confirm them lead ``ask``."""
        from triage.evaluate.partial import PARTIAL_FACTOR, partial_matches, ticket_facts
        from triage.vocabulary import INPUTS

        found = dict(partial_matches(self.partial_rules, norm.values, flags, self.table))
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for rule_id in self.order(list(found)):
            cause = self.compiled.rules[rule_id]["cause"]
            needs = list(ticket_facts(found[rule_id]))
            if cause in seen or not needs:
                continue
            seen.add(cause)
            one = self._one(rule_id, norm, flags, lang)
            one["confidence"] = round(one["confidence"] * PARTIAL_FACTOR, 3)
            names = ", ".join((INPUTS[f].zh if lang == "zh" else INPUTS[f].en) for f in needs)
            one["because"].append(f"尚未确认（缺少：{names}）" if lang == "zh"
                                  else f"not confirmed yet (missing: {names})")
            one["partial"] = needs
            out.append(one)
            if len(out) == 3:
                break
        if out:
            from triage.evaluate.fallback import fallback_asks

            asks = self._ask([d["rule"] for d in out], norm, lang)
            general = {a["fact"]: a["why"] for a in fallback_asks(frozenset(), lang)}
            first: list[dict[str, Any]] = []
            for fact in dict.fromkeys(f for d in out for f in d["partial"]):
                found_ask = next((a for a in asks if a["fact"] == fact), None)
                if found_ask is None:
                    why = general.get(fact) or (INPUTS[fact].zh if lang == "zh"
                                                else INPUTS[fact].en)
                    found_ask = {"fact": fact, "why": why,
                                 "for": [d["rule"] for d in out if fact in d["partial"]]}
                first.append(found_ask)
            result["ask"] = first + [a for a in asks if a not in first]
        return out

    def _words(self, ids: list[str], norm: Normalised, flags: set[str],
               lang: str) -> list[dict[str, Any]]:
        """Last-resort diagnoses, one per family, at most two."""
        out: list[dict[str, Any]] = []
        for rule_id in ids:
            if any(d["family"] == self.compiled.rules[rule_id]["family"] for d in out):
                continue
            one = self._one(rule_id, norm, flags, lang)
            one["because"].append("没有更具体的规则匹配，只能从错误信息的用词判断" if lang == "zh"
                                  else "no more specific rule matched; only the words of the "
                                  "message point here")
            one["last_resort"] = True
            out.append(one)
            if len(out) == 2:
                break
        return out

    def _one(self, rule_id: str, norm: Normalised, flags: set[str], lang: str) -> dict[str, Any]:
        rule = self.compiled.rules[rule_id]
        text = rule["text"][lang]
        reasons = [mask_text(r, norm.secrets)
                   for r in because(rule["when"], norm.values, flags, self.table, lang)]
        hint = self._model_hint(norm, lang)
        if hint and rule["family"] in ("model_not_found", "model_access"):
            reasons.append(hint)
        out = {
            "rule": rule_id, "rule_version": rule["version"], "cause": rule["cause"],
            "family": rule["family"], "title": text["title"],
            "explanation": text["explanation"], "confidence": rule["confidence"],
            "because": reasons, "next_steps": list(text["next_steps"]),
            "evidence": list(text["evidence"]), "faq": list(rule["faq"]),
        }
        owner = rule.get("owner")
        if owner:  # who must act (kb/owners.yaml, or the rule's own attribution)
            out["owner"] = owner["owner"]
            out["escalate"] = owner["escalate"]
            out["owner_reason"] = owner["reason"][lang]
        if rule["status"] == "draft":
            out["status"] = "draft"
        return out

    @staticmethod
    def _model_hint(norm: Normalised, lang: str) -> str:
        model = norm.given.get("request", {}).get("model")
        names = norm.given.get("account", {}).get("models")
        if not model or not names or model in names:
            return ""
        near = closest(model, names)
        if not near:
            return ""
        shown = mask_text(near)
        if lang == "zh":
            return f"模型列表中最接近的名称是 {shown}"
        return f"the closest name in the model list is {shown}"

    def _ask(self, ids: list[str], norm: Normalised, lang: str) -> list[dict[str, Any]]:
        asks: dict[str, dict[str, Any]] = {}
        for position, rule_id in enumerate(ids):
            for index, item in enumerate(self.compiled.rules[rule_id]["ask"]):
                fact = item["fact"]
                if fact in norm.present or norm.values.get(_PRESENT_BY_VALUE.get(fact, "")):
                    continue
                entry = asks.setdefault(fact, {"fact": fact, "why": item["why"][lang],
                                               "for": [], "_first": (position, index)})
                entry["for"].append(rule_id)
        # most useful first: asked by the best-ranked diagnosis (in the order its rule lists
        # them), then by how many diagnoses it would help to confirm or rule out
        ranked = sorted(asks.values(), key=lambda a: (a["_first"][0], -len(a["for"]),
                                                      a["_first"][1]))
        for a in ranked:
            del a["_first"]
        return ranked
