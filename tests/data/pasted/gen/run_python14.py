"""The fourteenth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python14.py CLIENT PLAN.json PORT CLOSED_PORT

ell-ai: ell's ``@ell.simple(model=<model>, client=OpenAI(base_url=..., api_key=...,
max_retries=0, timeout=...))`` on a function returning the prompt, called and its answer
printed, as ell's docs show for a custom client; ell streams every chat request itself
(``stream=True`` with ``stream_options``), so a streamed scenario runs the same program; no
key: the openai client itself refuses to start (no OPENAI_API_KEY either). No ell store.
phidata: phidata 2.x's ``Agent(model=OpenAILike(id=<model>, api_key=..., base_url=...,
max_retries=0, timeout=...), telemetry=False, monitoring=False)`` and ``agent.run("Say hello",
stream=...)`` (printing ``content``, or each streamed response's ``content``), as its docs
show for an OpenAI-compatible server; no key: ``api_key=None`` with no OPENAI_API_KEY.
together-py: Together's Python SDK, ``Together(api_key=..., base_url=..., max_retries=0,
timeout=...)`` and ``client.chat.completions.create(model=..., messages=..., stream=...)``, as
its README shows; no key: the client itself refuses to start (no TOGETHER_API_KEY either).
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
    base = rp.base_url(sc, port, closed)
    if client == "ell-ai":
        import ell
        from openai import OpenAI
        oc = OpenAI(base_url=base, api_key=key, max_retries=0, timeout=timeout)

        @ell.simple(model=model, client=oc)
        def hello() -> str:
            return "Say hello"

        print(hello())
    elif client == "phidata":
        from phi.agent import Agent
        from phi.model.openai.like import OpenAILike
        agent = Agent(model=OpenAILike(id=model, api_key=key, base_url=base, max_retries=0,
                                       timeout=timeout), telemetry=False, monitoring=False)
        if stream:
            for part in agent.run("Say hello", stream=True):
                print(part.content or "", end="")
            print()
            return
        print(agent.run("Say hello").content)
    elif client == "together-py":
        from together import Together
        tc = Together(api_key=key, base_url=base, max_retries=0, timeout=timeout)
        if stream:
            for chunk in tc.chat.completions.create(model=model, messages=rp.MESSAGES,
                                                    stream=True):
                print(chunk.choices[0].delta.content or "" if chunk.choices else "", end="")
            print()
            return
        r = tc.chat.completions.create(model=model, messages=rp.MESSAGES)
        print(r.choices[0].message.content)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    dists = {"together-py": "together"}
    return metadata.version(dists.get(client, client))


def main() -> None:
    for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_ORG_ID", "TOGETHER_API_KEY",
              "TOGETHER_BASE_URL", "PHI_API_KEY", "PHI_MONITORING"):
        os.environ.pop(k, None)
    # phidata reports runs to its own service unless told not to: traffic stays on loopback
    os.environ["PHI_TELEMETRY"] = "false"
    rp.main()


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
