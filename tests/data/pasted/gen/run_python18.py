"""The eighteenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python18.py CLIENT PLAN.json PORT CLOSED_PORT

langchain-nvidia: LangChain's NVIDIA chat model (langchain-nvidia-ai-endpoints),
``ChatNVIDIA(model=..., api_key=..., base_url=<root>/v1, timeout=...)`` as its docs show it for
a self-hosted NIM, with ``invoke("Say hello")`` (or ``stream``); it posts with requests (no
retries of its own) to ``<base_url>/chat/completions`` and adds /v1 to a base URL that lacks it
(the web page's root becomes <root>/v1). For a base URL other than NVIDIA's own it lists no
models first and sends no usage telemetry (NVIDIA_USAGE_TELEMETRY_ENABLED=false all the same).
No key: not run (with ``api_key=None`` and no NVIDIA_API_KEY it sends its header template's
``Bearer **********`` as the key; see ROUND18_SKIP).
openrouter-py: OpenRouter's Python SDK (openrouter), ``OpenRouter(api_key=..., server_url=...,
retry_config=None, timeout_ms=...)`` used as a context manager, and
``client.chat.send(model=..., messages=..., stream=...)`` as its README shows (a stream is
iterated for its events); it posts to ``<server_url>/chat/completions`` (the default server is
``https://openrouter.ai/api/v1``), so the base URL is the server's /v1. No key: ``api_key=None``
with no OPENROUTER_API_KEY.
Never imported by the test suite.
"""

from __future__ import annotations

import os
from importlib import metadata
from typing import Any

import run_python as rp

PACKAGES = {"langchain-nvidia": "langchain-nvidia-ai-endpoints", "openrouter-py": "openrouter"}


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    if client == "langchain-nvidia":
        from langchain_nvidia_ai_endpoints import ChatNVIDIA
        llm = ChatNVIDIA(model=model, api_key=key, base_url=rp.base_url(sc, port, closed),
                         timeout=timeout)
        if stream:
            for part in llm.stream("Say hello"):
                print(part.content, end="")
            print()
            return
        print(llm.invoke("Say hello").content)
    elif client == "openrouter-py":
        from openrouter import OpenRouter
        with OpenRouter(api_key=key, server_url=rp.base_url(sc, port, closed), retry_config=None,
                        timeout_ms=int(timeout * 1000)) as c:
            if stream:
                events: Any = c.chat.send(model=model, messages=rp.MESSAGES,  # type: ignore
                                          stream=True)
                with events as event_stream:
                    for event in event_stream:
                        choices = getattr(event, "choices", None) or []
                        if choices:
                            print(choices[0].delta.content or "", end="")
                print()
                return
            r: Any = c.chat.send(model=model, messages=rp.MESSAGES)  # type: ignore
            print(r.choices[0].message.content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    return metadata.version(PACKAGES[client])


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "NVIDIA_API_KEY", "NVIDIA_BASE_URL",
              "NGC_API_KEY", "OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "LANGSMITH_TRACING",
              "LANGCHAIN_TRACING_V2"):
        os.environ.pop(k, None)
    os.environ["NVIDIA_USAGE_TELEMETRY_ENABLED"] = "false"
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
