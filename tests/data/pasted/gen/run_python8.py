"""The eighth round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python8.py CLIENT PLAN.json PORT CLOSED_PORT

dspy: a ``dspy.Predict("question -> answer")`` program on ``dspy.LM("openai/<model>",
api_base=..., api_key=...)`` (DSPy goes through LiteLLM; num_retries=0 and cache=False, as
max_retries=0 elsewhere), streamed through ``dspy.streamify`` with a listener on the answer.
aisuite: ``aisuite.Client`` with the provider config {"openai": {"base_url", "api_key", ...}}.
llm and shell-gpt are command-line programs, run as a subprocess per scenario in a throwaway
home, and what they print (stdout, then stderr, from a pipe: no colours) is the text: llm
(Simon Willison's) with LLM_USER_PATH holding an ``extra-openai-models.yaml`` that names the
base URL and a ``keys.json`` with the key (none for the no-key scenario); shell-gpt (``sgpt``)
with OPENAI_API_KEY, API_BASE_URL and REQUEST_TIMEOUT in its environment and its .sgptrc
as it writes it itself. Both stream unless the scenario does not (llm --no-stream,
DISABLE_STREAMING=true). For these two "full" is the terminal as pasted, the command line
typed and all it printed, and "last" the last line printed (the error line a user copies;
after sgpt's boxed traceback, the error below the box, which rich wraps at 80 columns).
llm has no timeout setting (the OpenAI client's ten minutes): it is left out of the
slow-answer scenario. Never imported by the test suite.
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import shlex
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import run_python as rp

BIN = Path(sys.executable).parent
NO_TIMEOUT = ("llm",)       # no timeout setting at all: no slow-answer case


def terminal(sc: dict[str, Any], args: list[str], env: dict[str, str]) -> None:
    """Run a command-line client and print what a user would paste from the terminal."""
    # standard input is a terminal, as for someone typing the command (sgpt reads a piped
    # stdin into the prompt); what it prints goes to a pipe
    master, slave = pty.openpty()
    try:
        done = subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True,
                              env=env, timeout=120, stdin=slave)
    finally:
        os.close(slave)
        os.close(master)
    out = done.stdout + done.stderr
    if sc["style"] == "full":
        print("$ " + shlex.join(args))
        print(out, end="")
    else:
        lines = [ln for ln in out.splitlines() if ln.strip()]
        # a rich traceback (sgpt's Typer) ends its box with "╰───╯", then the error,
        # wrapped at 80 columns over a few lines: the lines after the box are that last line
        boxed = [i for i, ln in enumerate(lines) if ln.startswith("╰")]
        if boxed and boxed[-1] + 1 < len(lines):
            print("\n".join(lines[boxed[-1] + 1:]))
        else:
            print(lines[-1] if lines else "")


def clean_env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("no_proxy", "openai_api_key", "openai_base_url")}
    env["HOME"] = home
    env["TERM"] = "dumb"
    env.pop("COLUMNS", None)
    return env


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    if client == "dspy":
        import dspy
        lm = dspy.LM("openai/" + model, api_base=base, api_key=key, num_retries=0, cache=False,
                     timeout=timeout)
        dspy.configure(lm=lm)
        qa = dspy.Predict("question -> answer")
        if stream:
            program = dspy.streamify(qa, stream_listeners=[
                dspy.streaming.StreamListener(signature_field_name="answer")])

            async def go() -> None:
                async for part in program(question="Say hello"):
                    if isinstance(part, dspy.streaming.StreamResponse):
                        print(part.chunk, end="")
                    elif isinstance(part, dspy.Prediction):
                        print()
                        print(part.answer)

            asyncio.run(go())
            return
        print(qa(question="Say hello").answer)
    elif client == "aisuite":
        import aisuite
        config: dict[str, Any] = {"base_url": base, "max_retries": 0, "timeout": timeout}
        if key is not None:
            config["api_key"] = key
        ac = aisuite.Client(provider_configs={"openai": config})
        if stream:
            for chunk in ac.chat.completions.create(model="openai:" + model,
                                                    messages=rp.MESSAGES, stream=True):
                print(chunk.choices[0].delta.content or "", end="")
            return
        r = ac.chat.completions.create(model="openai:" + model, messages=rp.MESSAGES)
        print(r.choices[0].message.content)
    elif client == "llm":
        with tempfile.TemporaryDirectory() as home:
            user = Path(home, ".config", "io.datasette.llm")
            user.mkdir(parents=True)
            (user / "extra-openai-models.yaml").write_text(
                f"- model_id: gateway-{model}\n  model_name: {model}\n"
                f"  api_base: \"{base}\"\n  api_key_name: gateway\n", "utf-8")
            if key is not None:     # as `llm keys set gateway` leaves it
                (user / "keys.json").write_text(json.dumps(
                    {"// Note": "This file stores secret API credentials. Do not share!",
                     "gateway": key}, indent=2) + "\n", "utf-8")
            env = clean_env(home)
            env["LLM_USER_PATH"] = str(user)
            args = ["llm", "-m", f"gateway-{model}", "Say hello"]
            if not stream:
                args.insert(1, "--no-stream")
            terminal(sc, args, env)
    elif client == "shell-gpt":
        with tempfile.TemporaryDirectory() as home:
            env = clean_env(home)
            env.update({"API_BASE_URL": base, "REQUEST_TIMEOUT": str(int(timeout)),
                        "DISABLE_STREAMING": "false" if stream else "true"})
            if key is not None:
                env["OPENAI_API_KEY"] = key
            # the .sgptrc sgpt writes on its first run (with the key from the environment,
            # which it leaves out), its caches inside the throwaway home
            cfg = Path(home, ".config", "shell_gpt")
            cfg.mkdir(parents=True)
            defaults = {"CHAT_CACHE_PATH": f"{home}/chat_cache", "CACHE_PATH": f"{home}/cache",
                        "CHAT_CACHE_LENGTH": "100", "CACHE_LENGTH": "100",
                        "REQUEST_TIMEOUT": "60", "DEFAULT_MODEL": model,
                        "DEFAULT_COLOR": "magenta",
                        "ROLE_STORAGE_PATH": f"{cfg}/roles", "DEFAULT_EXECUTE_SHELL_CMD": "false",
                        "DISABLE_STREAMING": "false", "CODE_THEME": "dracula",
                        "OPENAI_FUNCTIONS_PATH": f"{cfg}/functions",
                        "OPENAI_USE_FUNCTIONS": "true", "SHOW_FUNCTIONS_OUTPUT": "false",
                        "API_BASE_URL": "default", "PRETTIFY_MARKDOWN": "true",
                        "USE_LITELLM": "false", "SHELL_INTERACTION": "true", "OS_NAME": "auto",
                        "SHELL_NAME": "auto"}
            (cfg / ".sgptrc").write_text("".join(f"{k}={v}\n" for k, v in defaults.items()),
                                         "utf-8")
            terminal(sc, ["sgpt", "Say hello"], env)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    return metadata.version(client)


def main() -> None:
    # the scenarios a client has no way to meet are left out (llm cannot time out)
    client = sys.argv[1]
    if client in NO_TIMEOUT:
        path = Path(sys.argv[2])
        plan = [sc for sc in json.loads(path.read_text("utf-8")) if sc["name"] != "slow-answer"]
        fd, tmp = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        Path(tmp).write_text(json.dumps(plan), "utf-8")
        sys.argv[2] = tmp
    with tempfile.TemporaryDirectory() as cache:
        os.environ.setdefault("DSPY_CACHEDIR", cache)
        rp.main()
    if client in NO_TIMEOUT:
        os.unlink(sys.argv[2])


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
