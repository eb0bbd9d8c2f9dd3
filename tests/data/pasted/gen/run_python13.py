"""The thirteenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python13.py CLIENT PLAN.json PORT CLOSED_PORT

openai-responses: the openai SDK's Responses API, ``OpenAI(base_url=..., api_key=...,
max_retries=0, timeout=...)`` and ``client.responses.create(model=..., input="Say hello")``
(printing ``output_text``; ``stream=True`` when streaming, printing the
``response.output_text.delta`` events' text), as the SDK's README shows it; no key: the client
itself refuses to start (no OPENAI_API_KEY either).
llama-index-litellm: LlamaIndex's LiteLLM integration, ``LiteLLM(model="openai/<model>",
api_base=..., api_key=..., max_retries=1, additional_kwargs={"timeout": ..., "num_retries":
0})`` (one attempt by LlamaIndex's retry decorator, none by LiteLLM's openai client) and
``llm.chat([ChatMessage(role="user", content=...)])`` / ``llm.stream_chat(...)``, as the
integration's docs show for an OpenAI-compatible server. TIKTOKEN_CACHE_DIR points at the
copies of tiktoken's encodings LiteLLM ships (as run_python12.py does for kani).
Never imported by the test suite.
"""

from __future__ import annotations

import importlib.util
import os
from importlib import metadata
from typing import Any

import run_python as rp


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    if client == "openai-responses":
        from openai import OpenAI
        oc = OpenAI(base_url=base, api_key=key, max_retries=0, timeout=timeout)
        if stream:
            for event in oc.responses.create(model=model, input="Say hello", stream=True):
                if event.type == "response.output_text.delta":
                    print(event.delta, end="")
            print()
            return
        r = oc.responses.create(model=model, input="Say hello")
        print(r.output_text)
    elif client == "llama-index-litellm":
        from llama_index.core.llms import ChatMessage
        from llama_index.llms.litellm import LiteLLM
        llm = LiteLLM(model="openai/" + model, api_base=base, api_key=key, max_retries=1,
                      additional_kwargs={"timeout": timeout, "num_retries": 0})
        messages = [ChatMessage(role="user", content="Say hello")]
        if stream:
            for part in llm.stream_chat(messages):
                print(part.delta or "", end="")
            print()
            return
        print(llm.chat(messages).message.content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    dists = {"openai-responses": "openai", "llama-index-litellm": "llama-index-llms-litellm"}
    return metadata.version(dists.get(client, client))


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "LITELLM_API_KEY", "OPENAI_ORG_ID"):
        os.environ.pop(k, None)
    # LiteLLM fetches its model-cost map from the internet unless told to use its own copy
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    # tiktoken's encodings (LlamaIndex counts tokens with them): the copies LiteLLM ships
    spec = importlib.util.find_spec("litellm")
    if spec and spec.origin:
        os.environ["TIKTOKEN_CACHE_DIR"] = os.path.join(
            os.path.dirname(spec.origin), "litellm_core_utils", "tokenizers")
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
