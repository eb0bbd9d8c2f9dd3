"""The mined message corpus (tests/data/messages): its shape, and how well the rules rank it.

The figures (whole corpus, per family, the kept-out part and the confusion pairs) are printed
at the end of the test run. The kept-out part is fixed by a hash of the template id (see
tests/messages.py) and was not looked at while the rules were written.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path
from typing import Any

import pytest
from triage.facts.normalise import normalise
from triage.loader.sources import load_sources
from triage.vocabulary import FAMILIES

from tests import pasted_blind
from tests.conftest import FIGURES
from tests.corpus import case_facts
from tests.messages import (
    MESSAGES,
    PROVENANCE,
    Score,
    blind_record,
    cases_by_round,
    expected_split,
    message_cases,
    score,
)

CASES = message_cases()
ORIGINS_REQUIRED = {"new-api", "one-api", "litellm", "openai", "anthropic", "gemini", "azure",
                    "bedrock", "vertex", "deepseek", "zhipu", "moonshot", "dashscope",
                    "siliconflow", "openrouter", "groq", "mistral", "xai", "ollama", "vllm"}


def test_corpus_size_coverage_and_languages() -> None:
    assert len(CASES) >= 500
    per_family = collections.Counter(c["label"] for c in CASES)
    assert set(per_family) == set(FAMILIES)
    assert min(per_family.values()) >= 20, per_family
    assert sum(c["lang"] == "zh" for c in CASES) >= 60
    assert {c["origin"] for c in CASES} >= ORIGINS_REQUIRED


def test_every_case_is_well_formed_with_provenance() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "ids are unique"
    for case in CASES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(--[a-z0-9-]+)?", case["id"]), case["id"]
        assert PROVENANCE.match(case["source"]), (case["id"], case["source"])
        assert case["lang"] in ("en", "zh"), case["id"]
        assert case["label"] in FAMILIES, case["id"]
        assert case["status"] is None or isinstance(case["status"], int), case["id"]
        assert isinstance(case["body"], str) and case["body"], case["id"]
        if case["lang"] == "zh":
            assert re.search(r"[\u4e00-\u9fff]", case["body"]), case["id"]


def test_the_split_is_the_documented_hash() -> None:
    for case in CASES:
        assert case["split"] == expected_split(case["id"]), case["id"]
    share = sum(c["split"] == "holdout" for c in CASES) / len(CASES)
    assert 0.25 <= share <= 0.35, share


FIRST, LATER = cases_by_round()
# Later rounds (blind.json): scored blind when added, then only their dev half was worked on.
# Blind: second round (22 origins) 223/335, third (23 origins: AI gateways, self-hosted
# servers, hosted providers) 159/249, fourth (16: relays, inference servers, GitHub Models,
# Runway) 142/209, fifth (15: relays, free-api servers, Dify, LM Studio, fal.ai) 118/163,
# sixth (21: self-hosted routers and servers, relays, Coze, Stability AI, BFL) 124/169,
# seventh (15: GeekAI, gpt4free, chatgpt-web, Gemini proxies, TEI, Infinity, Venice, Vidu)
# 100/158, eighth (16: RAGFlow, MaxKB, FastGPT, QAnything, Huawei MaaS, Baidu AppBuilder,
# Cloudflare AI Gateway, web-to-API relays, PixVerse) 94/186, ninth (13: the chat apps and
# coding tools themselves: LobeChat, NextChat, LibreChat, Chatbox, Cherry Studio, Cline,
# Roo Code...) 110/181, tenth (12: Chutes, Featherless and other hosted APIs; gpt_academic,
# chatgpt-on-wechat, LangBot, AstrBot, OpenHands, aider) 93/146, eleventh (11: coding CLIs
# and editor plugins) 115/143, twelfth (11: workflow builders, translators, JVM/.NET
# frameworks) 137/157, thirteenth (12: operators' log lines) 97/126, fourteenth (13: how SDKs
# of other languages print errors) 145/150, fifteenth (13: async media task APIs) 67/106,
# sixteenth (23: endpoints other than chat) 90/127; then (2026-12-03) 4 providers 38/47, 9
# open-source gateways 73/110, 5 async media APIs 33/45, 10 provider SDKs 88/101, 8 web
# relays 62/80, 6 enterprise gateways 45/74, 10 agent platforms from China 73/96, 9
# inference servers 58/87, 8 chat UIs 45/84, 3 Chinese platforms 38/50, 6 Go/Rust/Kotlin
# frameworks 63/69, 5 image APIs 22/27, 5 speech APIs 40/50, 5 coding-agent proxies 40/48,
# 4 guardrail services 26/39, 4 chat-bot plugins 24/36, 6 Python agent frameworks 38/44, 2
# providers 14/16; then (a second 2026-12-03 session) gateways and routers outside China
# 49/66, Chinese API relays 52/64, apps users call models through (Vercel AI SDK, Cody, Zed,
# Home Assistant...) 71/94, CLI and desktop LLM tools 62/72, async 3D/avatar/music APIs
# 47/65, plugins of translation and note apps and chat bots 59/75, SDKs in Rust, Go, Java,
# .NET, PHP, Ruby and Elixir 67/72, model-serving frameworks and routers 44/68, automation
# platforms 53/61, browser extensions 59/75, vector databases and search engines 53/64,
# cloud AI platforms 19/33, evaluation harnesses 65/82, AI apps and SDKs from China 45/60,
# agent SDKs 63/82, role-play frontends and proxies 53/73, coding agents and review bots
# 73/86, proxies in front of the clouds' models 38/52, ComfyUI API and custom nodes 61/74,
# mobile chat clients 72/89 (twenty rounds, 179 origins, 1105/1407, 78.5%); together
# 3739/5115 (73.1%). After their dev halves were worked on: 4500/5115 (88.0%), dev
# 3342/3604 (92.7%), holdout 1158/1511 (76.6%). Floors a little under those.
LATER_ALL = 0.875
LATER_DEV = 0.925
LATER_HOLDOUT = 0.755


@pytest.fixture(scope="module")
def scores(diagnoser: Any) -> dict[str, Score]:
    return {"all": score(diagnoser, FIRST),
            "holdout": score(diagnoser, [c for c in FIRST if c["split"] == "holdout"]),
            "later": score(diagnoser, LATER),
            "later dev": score(diagnoser, [c for c in LATER if c["split"] == "dev"]),
            "later holdout": score(diagnoser, [c for c in LATER if c["split"] == "holdout"])}


def test_first_diagnosis_on_the_mined_corpus(scores: dict[str, Score]) -> None:
    every, kept = scores["all"], scores["holdout"]
    FIGURES["mined corpus (tests/data/messages), first round, first diagnosis = label"] = \
        every.line()
    FIGURES["mined corpus, first round, kept-out part (split: holdout)"] = kept.line()
    pairs = ", ".join(f"{a}->{b} {n}" for (a, b), n in every.confusions.most_common())
    FIGURES["mined corpus, confusion pairs (label->first)"] = pairs or "none"
    assert every.overall >= 0.98, every.misses
    weak = {f: every.family(f) for f in every.total if every.family(f) < 0.95}
    assert not weak, (weak, every.misses)
    assert kept.overall >= 0.93, kept.misses
    weak_kept = {f: kept.family(f) for f in kept.total if kept.family(f) < 0.85}
    assert not weak_kept, (weak_kept, kept.misses)


def test_model_facts_are_judged_on_the_name_sent() -> None:
    base = {"request": {"model": "gpt-4o", "sent_model": "openai/gpt-4o"},
            "account": {"models": ["gpt-4o"], "key_models": ["gpt-4o"]},
            "response": {"status": 404, "body": "model openai/gpt-4o not found"}}
    values = normalise(base, None).values
    assert values["model.rewritten"] is True
    assert values["model.listed"] != "exact"
    assert values["model.key_allowed"] is False
    assert values["model.in_message"] is True
    same = {**base, "request": {"model": "gpt-4o", "sent_model": "gpt-4o"}}
    values = normalise(same, None).values
    assert values["model.listed"] == "exact" and values["model.key_allowed"] is True


def test_a_text_condition_without_says_is_refused(kb_copy: Path) -> None:
    rule = kb_copy / "rules/auth/client-missing-credentials.yaml"
    text = rule.read_text(encoding="utf-8")
    start = text.index("    says:\n", text.index("- text:"))
    end = text.index("\n", text.index("      en:", start)) + 1
    rule.write_text(text[:start] + text[end:], encoding="utf-8")
    _, issues = load_sources(kb_copy)
    found = [str(i) for i in issues if "says" in str(i)]
    assert found and found[0].startswith("rules/auth/client-missing-credentials.yaml:"), found
    assert re.match(r"rules/auth/client-missing-credentials\.yaml:\d+:\d+: a text condition "
                    r"has no 'says'", found[0])


def test_every_bundled_text_condition_says_what_it_found(root: Path) -> None:
    _, issues = load_sources(root)
    assert not [i for i in issues if "says" in str(i)]


def test_reasons_never_show_a_pattern(diagnoser: Any) -> None:
    regex_bits = re.compile(r"\[\^|\{0,|\\[bnsd]|\(\?|\|[a-z_]+\||\.\*")
    for case in CASES[::3]:
        for lang in ("en", "zh"):
            result = diagnoser.diagnose(case_facts(case), lang)
            for diagnosis in result["diagnoses"]:
                for reason in diagnosis["because"]:
                    assert not regex_bits.search(reason), (case["id"], lang, reason)


def test_later_rounds_against_their_blind_figures(scores: dict[str, Score]) -> None:
    blind: dict[str, dict[str, int]] = {}
    for round_ in blind_record()["rounds"]:
        for key, fig in round_["parts"].items():
            part = blind.setdefault(key, {"right": 0, "total": 0})
            part["right"] += fig["right"]
            part["total"] += fig["total"]
    now = {"all": scores["later"], "split:dev": scores["later dev"],
           "split:holdout": scores["later holdout"]}
    FIGURES["mined corpus, later rounds (blind when added)"] = ", ".join(
        f"{key.removeprefix('split:')} {sum(got.right.values())}/{sum(got.total.values())} "
        f"(blind {blind[key]['right']}/{blind[key]['total']})" for key, got in now.items())
    for key, got in now.items():
        assert sum(got.total.values()) == blind[key]["total"], (key, "blind.json is stale")
        assert sum(got.right.values()) >= blind[key]["right"], (key, "worse than when blind")
    assert now["all"].overall >= LATER_ALL, now["all"].misses
    assert now["split:dev"].overall >= LATER_DEV, now["split:dev"].misses
    assert now["split:holdout"].overall >= LATER_HOLDOUT


def test_later_rounds_blind_figures_are_reproduced_at_their_commits() -> None:
    rounds = blind_record()["rounds"]
    if not all(pasted_blind.has_commit(r["commit"]) for r in rounds):
        pytest.skip("no git history with the blind figures' commits here")
    for round_ in rounds:
        paths = [MESSAGES / f"{name}.yaml" for name in round_["files"]]
        got = pasted_blind.rescore_files(round_["commit"], paths, kind="message")
        for name, fig in got.items():
            want = round_["parts"][f"file:{name}"]
            assert (fig["right"], fig["total"]) == (want["right"], want["total"]), name
