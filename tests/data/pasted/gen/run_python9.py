"""The ninth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python9.py CLIENT PLAN.json PORT CLOSED_PORT

agno: an ``agno.agent.Agent`` on ``OpenAILike(id=<model>, base_url=..., api_key=...,
timeout=..., max_retries=0)``, as its docs show for an OpenAI-compatible server; the program
prints ``agent.run(...).content`` (streaming: the content of each event). Agno logs a failed
call itself ("ERROR   ..." lines) and hands back a run whose content is the error: "full" is
the log lines and then that content, "last" the content alone.
magentic: a ``@prompt`` function inside ``with OpenaiChatModel(<model>, base_url=...,
api_key=...)`` (returning ``StreamedStr`` when streaming); magentic builds its own openai
client (its default two retries, no timeout setting: it is left out of the slow-answer
scenario). Never imported by the test suite.
"""

# no `from __future__ import annotations`: magentic reads the return annotation of a @prompt
# function as a type, not as a string
import contextlib
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

NO_TIMEOUT = ("magentic",)      # no timeout setting at all: no slow-answer case


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    if client == "agno":
        from agno.agent import Agent
        from agno.models.openai.like import OpenAILike
        # Agno's log handler, made when it is first imported, writes to the sys.stdout of that
        # moment (a plain StreamHandler when stdout is no terminal): pointed at this case's
        # stdout on "full" (the terminal: its log lines, then what the program prints) and
        # away from it on "last" (only the line the program printed)
        for name, logger in list(logging.Logger.manager.loggerDict.items()):
            if name.startswith("agno") and isinstance(logger, logging.Logger):
                for handler in logger.handlers:
                    if isinstance(handler, logging.StreamHandler):
                        handler.setStream(sys.stdout if sc["style"] == "full"
                                          else io.StringIO())
        agent = Agent(model=OpenAILike(id=model, base_url=base, api_key=key, timeout=timeout,
                                       max_retries=0))
        # what Agno logs goes to the terminal beside what the program prints
        with contextlib.redirect_stderr(sys.stdout):
            if stream:
                for event in agent.run("Say hello", stream=True):
                    print(getattr(event, "content", None) or "", end="")
                print()
                return
            print(agent.run("Say hello").content)
    elif client == "magentic":
        from magentic import OpenaiChatModel, StreamedStr, prompt
        if stream:
            @prompt("Say hello")
            def hello_stream() -> StreamedStr: ...

            with OpenaiChatModel(model, base_url=base, api_key=key):
                for chunk in hello_stream():
                    print(chunk, end="")
            print()
            return

        @prompt("Say hello")
        def hello() -> str: ...

        with OpenaiChatModel(model, base_url=base, api_key=key):
            print(hello())
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    return metadata.version(client)


def main() -> None:
    # the scenarios a client has no way to meet are left out (magentic cannot time out)
    client = sys.argv[1]
    os.environ["AGNO_TELEMETRY"] = "false"      # Agno reports each run home by default
    if client in NO_TIMEOUT:
        path = Path(sys.argv[2])
        plan = [sc for sc in json.loads(path.read_text("utf-8")) if sc["name"] != "slow-answer"]
        fd, tmp = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        Path(tmp).write_text(json.dumps(plan), "utf-8")
        sys.argv[2] = tmp
    rp.main()
    if client in NO_TIMEOUT:
        os.unlink(sys.argv[2])


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
