"""The sixteenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python16.py CLIENT PLAN.json PORT CLOSED_PORT

volcengine-ark: Volcano Engine's Ark runtime (volcengine-python-sdk[ark]),
``Ark(base_url=..., api_key=..., max_retries=0, timeout=...)`` and
``client.chat.completions.create(model=..., messages=..., stream=...)``, as its docs show; it
posts to ``<base_url>/chat/completions`` (its default base URL is Ark's ``.../api/v3``), so the
base URL is the server's /v1. No key: the client itself refuses to start (no ARK_API_KEY, nor
VOLC_ACCESSKEY and VOLC_SECRETKEY, either).
langchain-groq: LangChain's ``ChatGroq(model=..., api_key=..., base_url=<root>, max_retries=0,
timeout=...)`` with ``invoke("Say hello")`` (or ``stream``). The groq SDK under it always posts
to ``<base_url>/openai/v1/chat/completions``: as for the groq client of run_python.py, a request
hook of the program's own httpx client (``http_client=groq.DefaultHttpxClient(...)``) maps
that ``/openai/v1/`` onto ``/v1/`` like a gateway route, so the call reaches
``<root>/v1/chat/completions``. No key: ``api_key=None`` with no GROQ_API_KEY.
langchain-xai: LangChain's ``ChatXAI(model=..., api_key=..., base_url=<root>/v1, max_retries=0,
timeout=...)`` (a BaseChatOpenAI with xAI's defaults) with ``invoke``/``stream`` likewise; no
key: ``api_key=None`` with no XAI_API_KEY.
litellm-router: LiteLLM's ``Router(model_list=[{"model_name": MODEL, "litellm_params":
{"model": "openai/MODEL", "api_base": <root>/v1, "api_key": ..., "timeout": ...}}],
num_retries=0, timeout=...)`` and ``router.completion(model=MODEL, messages=..., stream=...)``,
as LiteLLM's docs show a one-deployment router; a new router for each call (no cooldown carried
over). No key: ``api_key`` None and OPENAI_API_KEY unset.
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
    if client == "volcengine-ark":
        from volcenginesdkarkruntime import Ark
        c = Ark(base_url=rp.base_url(sc, port, closed), api_key=key, max_retries=0,
                timeout=timeout)
        if stream:
            for chunk in c.chat.completions.create(model=model, messages=rp.MESSAGES,
                                                   stream=True):
                if chunk.choices:
                    print(chunk.choices[0].delta.content or "", end="")
            print()
            return
        r = c.chat.completions.create(model=model, messages=rp.MESSAGES)
        print(r.choices[0].message.content)
    elif client in ("langchain-groq", "langchain-xai"):
        if client == "langchain-groq":
            from groq import DefaultHttpxClient
            from langchain_groq import ChatGroq

            def to_v1(request: Any) -> None:
                request.url = request.url.copy_with(
                    raw_path=request.url.raw_path.replace(b"/openai/v1/", b"/v1/", 1))

            llm: Any = ChatGroq(model=model, api_key=key,
                                base_url=rp.base_url(sc, port, closed, anthropic=True),
                                max_retries=0, timeout=timeout,
                                http_client=DefaultHttpxClient(
                                    event_hooks={"request": [to_v1]}))
        else:
            from langchain_xai import ChatXAI
            llm = ChatXAI(model=model, api_key=key, base_url=rp.base_url(sc, port, closed),
                          max_retries=0, timeout=timeout)
        if stream:
            for part in llm.stream("Say hello"):
                print(part.content, end="")
            print()
            return
        print(llm.invoke("Say hello").content)
    elif client == "litellm-router":
        import litellm
        router = litellm.Router(model_list=[{"model_name": model, "litellm_params": {
            "model": "openai/" + model, "api_base": rp.base_url(sc, port, closed),
            "api_key": key, "timeout": timeout}}], num_retries=0, timeout=timeout)
        r: Any = router.completion(model=model, messages=rp.MESSAGES, stream=stream)
        if stream:
            for chunk in r:
                print(chunk.choices[0].delta.content or "", end="")
            print()
            return
        print(r.choices[0].message.content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    dists = {"volcengine-ark": "volcengine-python-sdk", "litellm-router": "litellm"}
    return metadata.version(dists.get(client, client))


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_ORG_ID", "ARK_API_KEY",
              "VOLC_ACCESSKEY", "VOLC_SECRETKEY", "GROQ_API_KEY", "GROQ_API_BASE",
              "GROQ_PROXY", "XAI_API_KEY", "XAI_API_BASE", "LANGSMITH_TRACING",
              "LANGCHAIN_TRACING_V2"):
        os.environ.pop(k, None)
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
