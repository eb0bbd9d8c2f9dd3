"""The eleventh round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python11.py CLIENT PLAN.json PORT CLOSED_PORT

huggingface-hub: ``InferenceClient(base_url=..., api_key=..., timeout=...)`` and its
``chat_completion(messages, model=..., stream=...)``, as its docs show for any
OpenAI-compatible server (it appends ``/chat/completions`` to the base URL itself); no key:
``api_key=None`` with no HF token anywhere (HF_TOKEN unset, an empty HF_HOME), so it sends
no Authorization header.
outlines: Outlines 1.x's ``outlines.from_openai(OpenAI(base_url=..., api_key=..., max_retries=0,
timeout=...), <model>)`` called with a prompt (``model.stream(...)`` when streaming); no key:
the openai client itself refuses to start (no OPENAI_API_KEY either).
guidance: ``guidance.models.OpenAI(<model>, echo=False, api_key=..., base_url=...,
max_retries=0, timeout=...)`` (the keyword arguments go to the openai client) and a chat
program ``with user(): ...`` / ``with assistant(): gen("answer")``; guidance streams every
request itself, so a streamed scenario runs the same program (and a web page answered with 200
gives it an empty answer, no error: generate.py leaves it out of web-page).
camel-ai: CAMEL's ``ModelFactory.create(model_platform=ModelPlatformType.OPENAI_COMPATIBLE_MODEL,
model_type=<model>, url=..., api_key=..., timeout=..., max_retries=0,
model_config_dict={"stream": ...})`` and the backend's ``run(messages)``. (Its ``ChatAgent``
does not import beside the venv's mcp 2.x, which has no ``mcp.server.FastMCP``: the model
backend is called directly, as CAMEL's model docs also show.)
Never imported by the test suite.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import metadata
from typing import Any

import run_python as rp


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    if client == "huggingface-hub":
        from huggingface_hub import InferenceClient
        hf = InferenceClient(base_url=base, api_key=key, timeout=timeout)
        if stream:
            for chunk in hf.chat_completion(rp.MESSAGES, model=model, stream=True):
                print(chunk.choices[0].delta.content or "" if chunk.choices else "", end="")
            print()
            return
        r = hf.chat_completion(rp.MESSAGES, model=model)
        print(r.choices[0].message.content)
    elif client == "outlines":
        import outlines
        from openai import OpenAI
        om = outlines.from_openai(OpenAI(base_url=base, api_key=key, max_retries=0,
                                         timeout=timeout), model)
        if stream:
            for chunk in om.stream("Say hello"):
                print(chunk, end="")
            print()
            return
        print(om("Say hello"))
    elif client == "guidance":
        from guidance import assistant, gen, models, user
        lm = models.OpenAI(model, echo=False, api_key=key, base_url=base, max_retries=0,
                           timeout=timeout)
        with user():
            lm += "Say hello"
        with assistant():
            lm += gen("answer", max_tokens=32)
        print(lm["answer"])
    elif client == "camel-ai":
        from camel.models import ModelFactory
        from camel.types import ModelPlatformType
        backend = ModelFactory.create(
            model_platform=ModelPlatformType.OPENAI_COMPATIBLE_MODEL, model_type=model,
            url=base, api_key=key, timeout=timeout, max_retries=0,
            model_config_dict={"stream": stream})
        r = backend.run(list(rp.MESSAGES))  # type: ignore[arg-type]
        if stream:
            for chunk in r:  # type: ignore[union-attr]
                print(chunk.choices[0].delta.content or "" if chunk.choices else "", end="")
            print()
            return
        print(r.choices[0].message.content)  # type: ignore[union-attr]
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    dists = {"huggingface-hub": "huggingface_hub"}
    return metadata.version(dists.get(client, client))


def main() -> None:
    for k in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_API_TOKEN", "OPENAI_BASE_URL",
              "OPENAI_COMPATIBILITY_API_KEY", "OPENAI_COMPATIBILITY_API_BASE_URL",
              "MODEL_TIMEOUT"):
        os.environ.pop(k, None)
    # no stored Hugging Face token and no telemetry: traffic stays on loopback
    hf_home = tempfile.mkdtemp(prefix="hf-home-")
    os.environ["HF_HOME"] = hf_home
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    try:
        rp.main()
    finally:
        shutil.rmtree(hf_home, ignore_errors=True)


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    main()
