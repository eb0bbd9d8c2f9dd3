"""The pasted client-output corpus (tests/data/pasted/<client>.yaml) and its scoring.

A case is right when the first diagnosis names the case's family. Run as a script to print
the figures: ``.venv/bin/python -m tests.pasted [--misses]``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

PASTED = Path(__file__).resolve().parent / "data" / "pasted"
# as fixed in gen/generate.py: the first round's two, then the five, nine, six, nine, eight,
# seven, seven, six, seven, five, five, five, four, five, six, six and six added later
HELD_OUT_CLIENTS = ("requests", "openai-node", "aiohttp", "urllib", "anthropic-node",
                    "node-fetch", "wget", "ai-sdk", "langchain-js", "axios", "pydantic-ai",
                    "mistralai", "go-net-http", "java-httpclient", "php-guzzle", "ruby-faraday",
                    "openai-node-7", "got", "httpie", "okhttp", "google-genai", "groq",
                    "zhipuai", "llama-index", "instructor", "haystack", "ky", "undici",
                    "java-urlconnection", "php-curl", "ruby-net-http", "openai-legacy",
                    "smolagents", "openai-agents", "superagent", "google-genai-js", "php-stream",
                    "perl-lwp", "perl-http-tiny", "tornado", "pycurl", "autogen", "ofetch",
                    "wretch", "needle", "node-https", "dspy", "llm", "shell-gpt", "aisuite",
                    "groq-sdk", "together-ai", "llamaindex-ts", "go-openai", "openai-go", "agno",
                    "magentic", "ai-sdk-compatible", "mistralai-js", "semantic-kernel-py",
                    "mirascope", "griptape", "portkey-py", "portkey-js", "openrouter-ai-sdk",
                    "mastra", "huggingface-hub", "outlines", "guidance", "camel-ai",
                    "huggingface-js", "kani", "langchain-litellm", "openai-agents-js",
                    "multi-llm-ts", "token-js", "openai-responses", "llama-index-litellm",
                    "openai-responses-js", "ai-sdk-responses", "instructor-js", "ell-ai",
                    "phidata", "together-py", "modelfusion", "cerebras-py", "fireworks-py",
                    "langchain-deepseek", "ai-sdk-deepseek", "cerebras-js", "volcengine-ark",
                    "langchain-groq", "langchain-xai", "litellm-router", "ai-sdk-groq",
                    "openrouter-sdk", "zai-sdk", "langchain-fireworks", "langchain-together",
                    "langchain-deepseek-js", "ai-sdk-xai", "ai-sdk-fireworks",
                    "langchain-nvidia", "openrouter-py", "ai-sdk-togetherai", "ai-sdk-cerebras",
                    "ai-sdk-deepinfra", "langchain-groq-js")
BLIND = PASTED / "blind.json"     # each held-out client's figure before any tuning on it


def pasted_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(PASTED.glob("*.yaml")):
        cases.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return cases


def blind_figures() -> dict[str, tuple[int, int]]:
    """(right, total) of every held-out client when it was first scored, before any rule or
    extractor was changed because of it: the leave-one-client-out figure."""
    out: dict[str, tuple[int, int]] = {}
    for round_ in json.loads(BLIND.read_text(encoding="utf-8"))["rounds"]:
        for client, fig in round_["clients"].items():
            out.setdefault(client, (int(fig["right"]), int(fig["total"])))
    return out


def first_family(diagnoser: Any, case: dict[str, Any]) -> str:
    result = diagnoser.diagnose({"error": {"message": case["text"]}}, "en")
    return str(result["diagnoses"][0]["family"]) if result["diagnoses"] else "none"


def asks_for_body(result: dict[str, Any]) -> bool:
    """The answer asks for the response body: the text showed a status and no
    body or message to read (a bare "Error code: 400", "HTTP 429")."""
    return any(a.get("fact") == "response.body" for a in result.get("ask", []))


def score(diagnoser: Any, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Right / total overall, per split, per client, by what the text shows, and the misses."""
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses = []
    for case in cases:
        result = diagnoser.diagnose({"error": {"message": case["text"]}}, "en")
        got = str(result["diagnoses"][0]["family"]) if result["diagnoses"] else "none"
        ok = got == case["label"]
        shows = "shows:status-only" if asks_for_body(result) else "shows:body"
        for key in ("all", f"split:{case['split']}", f"client:{case['client']}", shows):
            totals[key] += 1
            right[key] += ok
        if not ok:
            misses.append((case["id"], case["label"], got))
    return {"totals": totals, "right": right, "misses": misses}


def main() -> None:
    from triage.api import load_diagnoser
    from triage.loader.sources import find_root

    result = score(load_diagnoser(find_root()), pasted_cases())
    blind = blind_figures()
    for key in sorted(result["totals"]):
        t, r = result["totals"][key], result["right"][key]
        client = key.removeprefix("client:")
        note = ""
        if client in blind:
            br, bt = blind[client]
            note = f"   held out; blind {br}/{bt} ({100 * br / bt:.1f}%)"
        print(f"{key:28} {r:4}/{t:<4} {100 * r / t:6.1f}%{note}")
    if "--misses" in sys.argv:
        held = "--all" in sys.argv   # by default only dev misses are shown (tune on dev only)
        split = {c["id"]: c["split"] for c in pasted_cases()}
        for miss in result["misses"]:
            if held or split[miss[0]] == "dev":
                print("miss", *miss)


if __name__ == "__main__":
    main()
