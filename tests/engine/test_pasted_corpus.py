"""The pasted client-output corpus: size, coverage, and the first-cause family figures.

The split was fixed in tests/data/pasted/gen/generate.py before any rule for pasted text was
written: whole clients (HELD_OUT_CLIENTS) and 30% of the other clients' cases are ``holdout``.
Later rounds added clients (five, nine in five languages, six, nine, eight, seven, seven,
six, seven, five, five, five, then four), each scored blind before any change made because
of it; that first figure per held-out client (tests/data/pasted/blind.json, re-scored at its
commit by tests/pasted_blind.py) is the leave-one-client-out figure. The figures are printed
at the end of the test run.
"""

from __future__ import annotations

from typing import Any

import pytest
from triage.vocabulary import FAMILIES

from tests import pasted_blind
from tests.conftest import FIGURES
from tests.pasted import HELD_OUT_CLIENTS, blind_figures, pasted_cases, score

# The issue asks for 98% overall: reached over the first four rounds (2026-12-02: 979/994,
# 98.5%). The fifth to seventh rounds added clients that often print only the status (Java's
# HttpURLConnection "Server returned HTTP response code: 400", Ruby's Net::HTTP '400 "Bad
# Request"', a Perl script's "Request failed: 400 Bad Request at bot.pl line 62.", ofetch's
# '[POST] "url": 400 Bad Request', instructor and LlamaIndex "Error code: 400"): nothing in
# such a text tells a filtered prompt from an unknown model (the answer then asks for the body
# first, worded for the client). With them and the eighth round (DSPy, llm, shell-gpt,
# aisuite, groq-sdk, together-ai, LlamaIndex.TS), 1976/2076 (95.2%) on 2026-12-03; with the
# ninth to eleventh (Go and Node SDKs, agno, magentic, Semantic Kernel, mirascope, griptape,
# portkey-ai, Mastra, huggingface_hub, outlines, guidance, camel-ai, @huggingface/inference)
# 2551/2698 (94.6%); with the twelfth to fourteenth (kani, langchain-litellm, @openai/agents,
# multi-llm-ts, token.js, the Responses API, llama-index-llms-litellm, instructor-js, ell,
# phidata, together, modelfusion) 3024/3193 (94.7%), dev 98.6%, holdout 94.5%; on the texts
# that show a body or a message 2787/2839 (98.2%), on the 354 that show only a status 237;
# with the fifteenth to eighteenth (cerebras-cloud-sdk, fireworks-ai, langchain-deepseek,
# @ai-sdk/deepseek, volcengine Ark, langchain-groq, langchain-xai, litellm.Router, @ai-sdk/groq,
# @openrouter/sdk, zai-sdk, langchain-fireworks, langchain-together, @langchain/deepseek,
# @ai-sdk/xai, @ai-sdk/fireworks, langchain-nvidia, the openrouter Python SDK,
# @ai-sdk/togetherai, @ai-sdk/cerebras, @ai-sdk/deepinfra, @langchain/groq) 3757/3996 (94.0%),
# dev 98.6%, holdout 93.8%, with a body or message 3499/3580 (97.7%), status only 258/416.
# The floors sit just under those figures; a
# held-out client is at least 47% (@openrouter/sdk 47.1%: for a body not shaped like
# OpenRouter's it prints only "ResponseValidationError: Response validation failed";
# @huggingface/inference 53.1%: "an HTTP error occurred when requesting the provider" and
# `body: { error: [Object] }`; Perl's HTTP::Tiny 73.7%, ofetch 75.0%: mostly a bare status).
OVERALL = 0.935
WITH_BODY = 0.975      # texts that show a body or a message to read
DEV = 0.98
HOLDOUT = 0.935
HELD_OUT_CLIENT = 0.47
# the blind (leave-one-client-out) figures as recorded, never raised afterwards: 108 clients
# held out whole over eighteen rounds, 3433/3790 (90.6%) together (the first four rounds
# 727/788, 92.3%; the fifth 270/317, 85.2%; the sixth 223/278, 80.2%; the seventh 213/249,
# 85.5%; the eighth 221/238, 92.9%; the ninth 194/206, 94.2%; the tenth 227/240, 94.6%; the
# eleventh 152/176, 86.4%; the twelfth 171/177, 96.6%; the thirteenth 167/176, 94.9%; the
# fourteenth 135/142, 95.1%; the fifteenth 172/177, 97.2%; the sixteenth 180/209, 86.1%;
# the seventeenth 202/211, 95.7%; the eighteenth 179/206, 86.9%); the
# lowest client was Java's HttpURLConnection at 43.8%
# (fifth round: "Server returned HTTP response code: N for URL" was not read as a status yet)
BLIND_CLIENT = 0.43
BLIND_ALL = 0.90


@pytest.fixture(scope="module")
def scored(diagnoser: Any) -> dict[str, Any]:
    return score(diagnoser, pasted_cases())


def test_corpus_shape() -> None:
    cases = pasted_cases()
    assert len(cases) >= 200
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["client"] for c in cases}) >= 8
    assert {c["label"] for c in cases} == set(FAMILIES)
    for c in cases:
        assert c["client_version"] and c["generator"] and c["replayed"] and c["text"]
        assert c["split"] in ("dev", "holdout")
        assert (c["split"] == "holdout") or c["client"] not in HELD_OUT_CLIENTS


def test_first_cause_family(scored: dict[str, Any]) -> None:
    totals, right = scored["totals"], scored["right"]

    def rate(key: str) -> float:
        return right[key] / totals[key]

    parts = [f"all {right['all']}/{totals['all']} ({rate('all'):.1%})",
             f"dev {rate('split:dev'):.1%}", f"holdout {rate('split:holdout'):.1%}"]
    # what the text shows: a body or message to read, or only a status (the answer then asks
    # for the body first); nothing in a bare "Error code: 400" tells the causes apart
    parts += [f"texts with a body or message {right['shows:body']}/{totals['shows:body']} "
              f"({rate('shows:body'):.1%})",
              f"status-only texts {right['shows:status-only']}/{totals['shows:status-only']}"]
    parts += [f"{c} (held out) {rate('client:' + c):.1%}" for c in HELD_OUT_CLIENTS]
    FIGURES["pasted corpus, first-cause family"] = ", ".join(parts)
    assert rate("all") >= OVERALL, scored["misses"]
    assert rate("shows:body") >= WITH_BODY, scored["misses"]
    assert rate("split:dev") >= DEV, scored["misses"]
    assert rate("split:holdout") >= HOLDOUT, scored["misses"]
    for client in HELD_OUT_CLIENTS:
        assert rate("client:" + client) >= HELD_OUT_CLIENT, client


def test_leave_one_client_out(scored: dict[str, Any]) -> None:
    """Every held-out client has its blind figure, taken on the cases in the corpus now, and
    what the rules do on it today is not worse than that figure."""
    totals, right = scored["totals"], scored["right"]
    blind = blind_figures()
    assert set(blind) == set(HELD_OUT_CLIENTS)
    for client, (was_right, was_total) in blind.items():
        assert was_total == totals["client:" + client], (client, "blind.json is stale")
        assert was_right / was_total >= BLIND_CLIENT, client
        assert right["client:" + client] >= was_right, (client, "worse than when blind")
    all_right = sum(r for r, _ in blind.values())
    all_total = sum(t for _, t in blind.values())
    assert all_right / all_total >= BLIND_ALL
    FIGURES["pasted corpus, leave-one-client-out (blind)"] = ", ".join(
        [f"{c} {r / t:.1%}" for c, (r, t) in blind.items()]
        + [f"all held-out clients {all_right}/{all_total} ({all_right / all_total:.1%})",
           "target 92% per client: " + ("met" if min(r / t for r, t in blind.values()) >= 0.92
                                        else "NOT met")])


def test_every_case_gets_an_answer(diagnoser: Any) -> None:
    for case in pasted_cases()[::7]:
        result = diagnoser.diagnose({"error": {"message": case["text"]}})
        assert result["diagnoses"] or result["fallback"]["next_steps"], case["id"]


def test_blind_figures_are_reproduced_at_their_commits() -> None:
    """Each round of blind.json, scored again with the engine and sources of the commit it
    names (``git archive``), gives exactly the recorded figure: the figures were taken before
    any change made because of those clients, and nobody can have tuned them afterwards."""
    rounds = pasted_blind.rounds()
    missing = [r["commit"] for r in rounds if not pasted_blind.has_commit(r["commit"])]
    if missing:
        pytest.skip(f"no git history with the blind rounds' commits here: {missing[0][:10]}")
    for round_ in rounds:
        got = pasted_blind.rescore(round_["commit"], list(round_["clients"]))
        for client, fig in round_["clients"].items():
            assert (got[client]["right"], got[client]["total"]) == (fig["right"], fig["total"]), (
                round_["commit"][:10], client, got[client]["misses"])
