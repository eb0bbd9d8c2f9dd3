"""The twelfth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python12.py CLIENT PLAN.json PORT CLOSED_PORT

kani: ``Kani(OpenAIEngine(api_key=..., model=..., api_base=..., api_type="chat_completions",
retry=0, timeout=...))`` (``retry`` is the openai client's max_retries; ``timeout`` is one of
the hyperparameters the engine passes on with every request) and ``ai.chat_round_str(...)``,
``ai.chat_round_stream(...)`` when streaming, as kani's docs show them; no key: the openai
client itself refuses to start (no OPENAI_API_KEY either). kani counts tokens with tiktoken,
whose encodings it would download: TIKTOKEN_CACHE_DIR points at the copies LiteLLM ships
(what LiteLLM's own import does), as on a machine that has them cached.
langchain-litellm: ``ChatLiteLLM(model="openai/<model>", api_base=..., api_key=...,
request_timeout=..., max_retries=1, model_kwargs={"max_retries": 0})`` (one attempt by
LangChain's retry decorator, none by LiteLLM's openai client) and ``invoke``/``stream``, as the
package's docs show for an OpenAI-compatible server.
Never imported by the test suite.
"""

from __future__ import annotations

import asyncio
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
    if client == "kani":
        from kani import Kani
        from kani.engines.openai import OpenAIEngine

        async def go() -> None:
            engine = OpenAIEngine(api_key=key, model=model, api_base=base,
                                  api_type="chat_completions", retry=0, timeout=timeout)
            ai = Kani(engine)
            try:
                if stream:
                    async for token in ai.chat_round_stream("Say hello"):
                        print(token, end="")
                    print()
                    return
                print(await ai.chat_round_str("Say hello"))
            finally:
                await engine.close()

        asyncio.run(go())
    elif client == "langchain-litellm":
        from langchain_litellm import ChatLiteLLM
        llm = ChatLiteLLM(model="openai/" + model, api_base=base, api_key=key,
                          request_timeout=timeout, max_retries=1,
                          model_kwargs={"max_retries": 0})
        if stream:
            for part in llm.stream("Say hello"):
                print(part.content, end="")
            print()
            return
        print(llm.invoke("Say hello").content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    return metadata.version(client)


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "LITELLM_API_KEY", "OPENAI_ORG_ID"):
        os.environ.pop(k, None)
    # LiteLLM fetches its model-cost map from the internet unless told to use its own copy
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    spec = importlib.util.find_spec("litellm")
    if spec and spec.origin:
        os.environ["TIKTOKEN_CACHE_DIR"] = os.path.join(
            os.path.dirname(spec.origin), "litellm_core_utils", "tokenizers")
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
