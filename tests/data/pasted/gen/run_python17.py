"""The seventeenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python17.py CLIENT PLAN.json PORT CLOSED_PORT

zai-sdk: Z.ai's Python SDK (zai-sdk), ``ZaiClient(api_key=..., base_url=..., max_retries=0,
timeout=...)`` and ``client.chat.completions.create(model=..., messages=..., stream=...)``, as
its README shows; it posts to ``<base_url>/chat/completions`` (its default base URL is Z.ai's
``.../api/paas/v4``), so the base URL is the server's /v1, the key sent as it is
(``disable_token_cache=True``, the default). No key: the client itself refuses to start (no
ZAI_API_KEY either).
langchain-fireworks: LangChain's ``ChatFireworks(model=..., api_key=..., base_url=<root>,
max_retries=0, timeout=...)`` with ``invoke("Say hello")`` (or ``stream``); the fireworks-ai SDK
under it adds /v1/chat/completions to the base URL itself, so the base URL is the server's
root (as for fireworks-py). No key: ``api_key=None`` with no FIREWORKS_API_KEY (ChatFireworks
refuses to start).
langchain-together: LangChain's ``ChatTogether(model=..., api_key=..., base_url=<root>/v1,
max_retries=0, timeout=...)`` (a BaseChatOpenAI with Together's defaults) with ``invoke`` /
``stream`` likewise; no key: ``api_key=None`` with no TOGETHER_API_KEY (the openai client under
it refuses to start).
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
    if client == "zai-sdk":
        from zai import ZaiClient
        c = ZaiClient(api_key=key, base_url=rp.base_url(sc, port, closed), max_retries=0,
                      timeout=timeout)
        if stream:
            for chunk in c.chat.completions.create(model=model, messages=rp.MESSAGES,
                                                   stream=True):
                if chunk.choices:
                    print(chunk.choices[0].delta.content or "", end="")
            print()
            return
        r: Any = c.chat.completions.create(model=model, messages=rp.MESSAGES)
        print(r.choices[0].message.content)
    elif client in ("langchain-fireworks", "langchain-together"):
        if client == "langchain-fireworks":
            from langchain_fireworks import ChatFireworks
            llm: Any = ChatFireworks(model=model, api_key=key,
                                     base_url=rp.base_url(sc, port, closed, anthropic=True),
                                     max_retries=0, timeout=timeout)
        else:
            from langchain_together import ChatTogether
            llm = ChatTogether(model=model, api_key=key, base_url=rp.base_url(sc, port, closed),
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
    return metadata.version(client)


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_ORG_ID", "ZAI_API_KEY",
              "ZAI_BASE_URL", "FIREWORKS_API_KEY", "FIREWORKS_API_BASE", "TOGETHER_API_KEY",
              "TOGETHER_API_BASE", "LANGSMITH_GATEWAY", "LANGSMITH_GATEWAY_API_KEY",
              "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        os.environ.pop(k, None)
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
