"""The sixth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python6.py CLIENT PLAN.json PORT CLOSED_PORT

openai-legacy is the openai package before 1.0 (0.28, module-level ``openai.ChatCompletion``;
run with its own venv, see generate.py); smolagents drives an ``OpenAIServerModel`` from a
one-step ``CodeAgent`` as its users do; openai-agents runs an ``Agent`` on a Chat Completions
model. Kept apart from run_python.py so that regenerated texts of the earlier clients keep
their line numbers. Never imported by the test suite.
"""

from __future__ import annotations

import asyncio
from importlib import metadata
from typing import Any

import run_python as rp


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    if client == "openai-legacy":
        import openai
        openai.api_key = key
        openai.api_base = base
        r = openai.ChatCompletion.create(model=model, messages=rp.MESSAGES,
                                         request_timeout=timeout, stream=stream)
        if stream:
            for chunk in r:
                print(chunk["choices"][0]["delta"].get("content", ""), end="")
            return
        print(r["choices"][0]["message"]["content"])
    elif client == "smolagents":
        from smolagents import CodeAgent, OpenAIServerModel
        # retry=False: no waiting out a 429 (60 s, three times), as max_retries=0 elsewhere
        model_ = OpenAIServerModel(model_id=model, api_base=base, api_key=key, retry=False,
                                   client_kwargs={"max_retries": 0, "timeout": timeout})
        agent = CodeAgent(tools=[], model=model_, max_steps=1, stream_outputs=stream)
        print(agent.run("Say hello"))
    elif client == "openai-agents":
        from agents import Agent, OpenAIChatCompletionsModel, Runner, set_tracing_disabled
        from openai import AsyncOpenAI
        set_tracing_disabled(True)          # no trace upload: traffic stays on loopback
        oc = AsyncOpenAI(base_url=base, api_key=key, max_retries=0, timeout=timeout)
        agent = Agent(name="assistant", instructions="Answer briefly.",
                      model=OpenAIChatCompletionsModel(model=model, openai_client=oc))
        if stream:
            async def go() -> None:
                result = Runner.run_streamed(agent, "Say hello")
                async for event in result.stream_events():
                    delta = getattr(getattr(event, "data", None), "delta", None)
                    if event.type == "raw_response_event" and isinstance(delta, str):
                        print(delta, end="")

            asyncio.run(go())
            return
        print(Runner.run_sync(agent, "Say hello").final_output)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    return metadata.version({"openai-legacy": "openai"}.get(client, client))


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    rp.main()
