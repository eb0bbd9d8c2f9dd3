"""The fifteenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python15.py CLIENT PLAN.json PORT CLOSED_PORT

cerebras-py: Cerebras's Python SDK (cerebras-cloud-sdk), ``Cerebras(api_key=..., base_url=...,
max_retries=0, timeout=...)`` and ``client.chat.completions.create(model=..., messages=...,
stream=...)``, as its README shows; it posts to ``<base_url>/v1/chat/completions`` itself, so
the base URL is the server's root (``.../v1`` for the doubled one). Its client warms the TCP
connection on start (a GET of ``/v1/tcp_warming`` whose failure it logs at debug level only),
left on as it comes. A streamed chunk without a ``system_fingerprint`` (as the replay server's,
and many OpenAI-compatible servers') comes out of its union type as a whole response whose
``delta`` is a plain dict, so the program reads the text from either. No key: the client itself
refuses to start (no CEREBRAS_API_KEY either).
fireworks-py: Fireworks's Python SDK (fireworks-ai), ``Fireworks(api_key=..., base_url=...,
max_retries=0, timeout=...)`` and ``client.chat.completions.create(...)`` likewise; with a base
URL of the program's own it posts to ``<base_url>/v1/chat/completions``, so the root again. No
key: the client refuses to start (no FIREWORKS_API_KEY either).
langchain-deepseek: LangChain's ``ChatDeepSeek(model=..., api_key=..., api_base=<root>/v1,
max_retries=0, timeout=...)`` with ``invoke("Say hello")`` (or ``stream``), as its docs show for
a DeepSeek-compatible server; no key: ``api_key=None`` with no DEEPSEEK_API_KEY (with a base URL
of its own ChatDeepSeek lets that through, and the openai client under it refuses to start).
Never imported by the test suite.
"""

from __future__ import annotations

import os
from importlib import metadata
from typing import Any

import run_python as rp


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    if client in ("cerebras-py", "fireworks-py"):
        if client == "cerebras-py":
            from cerebras.cloud.sdk import Cerebras as Client
        else:
            from fireworks import Fireworks as Client
        # both SDKs add /v1/chat/completions to the base URL themselves
        c = Client(api_key=key, base_url=rp.base_url(sc, port, closed, anthropic=True),
                   max_retries=0, timeout=timeout)
        if stream:
            for chunk in c.chat.completions.create(model=model, messages=rp.MESSAGES,
                                                   stream=True):
                # Cerebras's SDK reads a chunk without a system_fingerprint as a whole
                # ChatCompletionResponse, whose delta then stays a plain dict
                delta = chunk.choices[0].delta if chunk.choices else None
                text = (delta.get("content") if isinstance(delta, dict)
                        else getattr(delta, "content", None))
                print(text or "", end="")
            print()
            return
        r = c.chat.completions.create(model=model, messages=rp.MESSAGES)
        print(r.choices[0].message.content)
    elif client == "langchain-deepseek":
        from langchain_deepseek import ChatDeepSeek
        llm = ChatDeepSeek(model=model, api_key=key, api_base=rp.base_url(sc, port, closed),
                           max_retries=0, timeout=timeout)
        if stream:
            for part in llm.stream("Say hello"):
                print(part.content, end="")
            print()
            return
        print(llm.invoke("Say hello").content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    dists = {"cerebras-py": "cerebras-cloud-sdk", "fireworks-py": "fireworks-ai"}
    return metadata.version(dists.get(client, client))


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_ORG_ID", "CEREBRAS_API_KEY",
              "CEREBRAS_BASE_URL", "FIREWORKS_API_KEY", "FIREWORKS_BASE_URL",
              "FIREWORKS_ACCOUNT_ID", "FIREWORKS_CUSTOM_HEADERS", "DEEPSEEK_API_KEY",
              "DEEPSEEK_API_BASE", "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        os.environ.pop(k, None)
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
