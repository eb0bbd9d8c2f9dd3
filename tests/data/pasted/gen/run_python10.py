"""The tenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python10.py CLIENT PLAN.json PORT CLOSED_PORT

semantic-kernel-py: Semantic Kernel's ``OpenAIChatCompletion(ai_model_id=<model>,
async_client=AsyncOpenAI(base_url=..., api_key=..., max_retries=0, timeout=...))``, as its
docs show for an OpenAI-compatible server, asked through ``get_chat_message_content`` (streaming:
``get_streaming_chat_message_content``) with a ``ChatHistory``; SK wraps the openai error in its
own ``ServiceResponseException``.
mirascope: Mirascope v2's ``llm.register_provider("openai", base_url=..., api_key=...)`` and an
``@llm.call("openai/<model>:completions")`` function (the Chat Completions API, as for any
OpenAI-compatible server); it builds its own openai client (default two retries, no timeout
setting: it is left out of the slow-answer scenario).
griptape: a Griptape ``Agent`` on ``OpenAiChatPromptDriver(model=..., base_url=...,
api_key=...)`` (``stream=True`` when streaming), the program printing ``agent.output``.
Griptape's own retries (two attempts) and the openai client's defaults are left as they are
(no timeout setting: no slow-answer case). Its agent logs the run through Rich ("full": those
log lines and then what the program printed; "last": what it printed alone); a failed task
gives an error artifact as the output rather than an exception.
portkey-py: ``Portkey(base_url=..., api_key=<the key>, provider="openai",
Authorization="Bearer <the key>")``, the Portkey SDK pointed at the loopback server as if it
were the gateway; the timeout is the request's (``create(..., timeout=...)``, as with openai:
its ``request_timeout`` is a header for the gateway). Without a key its openai client still
sends a placeholder one ("Bearer OPENAI_API_KEY"): there is no missing key to show, so it is
left out of the no-key scenario.
Never imported by the test suite.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import run_python as rp

# the scenarios a client has no way to meet: no timeout setting at all (no slow-answer case);
# never without a key (portkey-py)
SKIP = {"mirascope": ("slow-answer",), "griptape": ("slow-answer",), "portkey-py": ("no-key",)}


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    if client == "semantic-kernel-py":
        from openai import AsyncOpenAI
        from semantic_kernel.connectors.ai.open_ai import (
            OpenAIChatCompletion,
            OpenAIChatPromptExecutionSettings,
        )
        from semantic_kernel.contents import ChatHistory

        async def go() -> None:
            service = OpenAIChatCompletion(
                ai_model_id=model,
                async_client=AsyncOpenAI(base_url=base, api_key=key, max_retries=0,
                                         timeout=timeout))
            history = ChatHistory()
            history.add_user_message("Say hello")
            settings = OpenAIChatPromptExecutionSettings()
            if stream:
                async for parts in service.get_streaming_chat_message_content(history,
                                                                              settings):
                    print(str(parts or ""), end="")
                print()
                return
            print(await service.get_chat_message_content(history, settings))

        asyncio.run(go())
    elif client == "mirascope":
        from mirascope import llm
        llm.register_provider("openai", base_url=base, api_key=key)

        @llm.call(f"openai/{model}:completions")
        def hello() -> str:
            return "Say hello"

        if stream:
            response = hello.stream()
            for chunk in response.text_stream():
                print(chunk, end="")
            print()
            return
        print(hello().text())
    elif client == "griptape":
        from griptape.drivers.prompt.openai import OpenAiChatPromptDriver
        from griptape.structures import Agent
        # Griptape's Rich log handler writes to the sys.stdout of each moment: this case's
        # stdout on "full" (the terminal), away from it on "last" (what the program printed)
        logging.getLogger("griptape").disabled = sc["style"] != "full"
        # its retries warn through the root logger (logging.warning: a basicConfig handler on
        # stderr), shown on the terminal likewise
        if not logging.getLogger().handlers:
            logging.basicConfig()
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(sys.stdout if sc["style"] == "full" else io.StringIO())
        agent = Agent(prompt_driver=OpenAiChatPromptDriver(model=model, base_url=base,
                                                           api_key=key, stream=stream))
        agent.run("Say hello")
        print(agent.output)
    elif client == "portkey-py":
        from portkey_ai import Portkey
        pk = Portkey(base_url=base, api_key=key, provider="openai",
                     Authorization=f"Bearer {key}")
        if stream:
            for chunk in pk.chat.completions.create(model=model, messages=rp.MESSAGES,  # type: ignore
                                                    stream=True, timeout=timeout):
                print(chunk.choices[0].delta.content or "" if chunk.choices else "", end="")
            print()
            return
        r = pk.chat.completions.create(model=model, messages=rp.MESSAGES,  # type: ignore
                                       timeout=timeout)
        print(r.choices[0].message.content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    dists = {"semantic-kernel-py": "semantic-kernel", "portkey-py": "portkey-ai"}
    return metadata.version(dists.get(client, client))


def main() -> None:
    client = sys.argv[1]
    for k in ("PORTKEY_API_KEY", "PORTKEY_BASE_URL", "OPENAI_BASE_URL"):
        os.environ.pop(k, None)
    # telemetry off where a client sends it by default: traffic stays on loopback
    os.environ["SEMANTICKERNEL_TELEMETRY_ENABLED"] = "false"
    os.environ["GRIPTAPE_TELEMETRY"] = "false"
    if client in SKIP:
        path = Path(sys.argv[2])
        plan = [sc for sc in json.loads(path.read_text("utf-8"))
                if sc["name"] not in SKIP[client]]
        fd, tmp = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        Path(tmp).write_text(json.dumps(plan), "utf-8")
        sys.argv[2] = tmp
    rp.main()
    if client in SKIP:
        os.unlink(sys.argv[2])


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
