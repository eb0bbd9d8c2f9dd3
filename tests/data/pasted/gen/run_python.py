"""Run one Python client against the replay server for each scenario of the plan and print,
as JSON lines, exactly what the client printed (its output and the exception it raised).

    run_python.py CLIENT PLAN.json PORT CLOSED_PORT
Needs the client installed (the generator's own venv); never imported by the test suite.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import traceback
import urllib.request
from importlib import metadata
from typing import Any

KEY = "sk-pasted-demo"
MESSAGES = [{"role": "user", "content": "Say hello"}]


def base_url(sc: dict[str, Any], port: int, closed: int, anthropic: bool = False) -> str:
    proxy = os.environ.get("PASTED_LITELLM_PORT", "0")
    root = {"ok": f"http://127.0.0.1:{port}", "closed": f"http://127.0.0.1:{closed}",
            "litellm": f"http://127.0.0.1:{proxy}",
            "dns": "https://api.gateway-example.invalid", "tls": f"https://127.0.0.1:{port}",
            "proxy": "https://api.gateway-example.com", "root": f"http://127.0.0.1:{port}",
            "doubled": f"http://127.0.0.1:{port}/v1"}[sc["base"]]
    if sc["base"] == "root" or anthropic:
        return root
    return root + "/v1"


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    if client == "openai-python":
        from openai import OpenAI
        oc = OpenAI(base_url=base_url(sc, port, closed), api_key=key, max_retries=0,
                    timeout=timeout)
        if stream:
            for chunk in oc.chat.completions.create(model=model, messages=MESSAGES,  # type: ignore
                                                    stream=True):
                print(chunk.choices[0].delta.content or "", end="")
            return
        r = oc.chat.completions.create(model=model, messages=MESSAGES)  # type: ignore
        print(r.choices[0].message.content)
    elif client == "anthropic-python":
        from anthropic import Anthropic
        ac = Anthropic(base_url=base_url(sc, port, closed, anthropic=True), api_key=key,
                       max_retries=0, timeout=timeout)
        if stream:
            with ac.messages.stream(model=model, max_tokens=32, messages=MESSAGES) as s:  # type: ignore
                for text in s.text_stream:
                    print(text, end="")
            return
        m = ac.messages.create(model=model, max_tokens=32, messages=MESSAGES)  # type: ignore
        print(m.content[0].text)  # type: ignore
    elif client == "langchain-openai":
        from langchain_openai import ChatOpenAI
        llm = ChatOpenAI(model=model, base_url=base_url(sc, port, closed), api_key=key,  # type: ignore
                         max_retries=0, timeout=timeout)
        if stream:
            for part in llm.stream("Say hello"):
                print(part.content, end="")
            return
        print(llm.invoke("Say hello").content)
    elif client == "litellm":
        import litellm
        r = litellm.completion(model="openai/" + model, api_base=base_url(sc, port, closed),
                               api_key=key, messages=MESSAGES, timeout=timeout, num_retries=0,
                               max_retries=0, stream=stream)
        if stream:
            for chunk in r:
                print(chunk.choices[0].delta.content or "", end="")
            return
        print(r.choices[0].message.content)
    elif client == "httpx":
        import httpx
        url = base_url(sc, port, closed) + "/chat/completions"
        headers = {"Authorization": f"Bearer {key or ''}"}
        payload = {"model": model, "messages": MESSAGES, "stream": stream}
        if stream:
            with httpx.stream("POST", url, headers=headers, json=payload, timeout=timeout) as resp:
                for line in resp.iter_lines():
                    print(line)
            return
        resp = httpx.post(url, headers=headers, json=payload, timeout=timeout)
        if resp.status_code >= 400 or "choices" not in resp.text:
            print(resp.status_code, resp.text)
        resp.raise_for_status()
        print(resp.json()["choices"][0]["message"]["content"])
    elif client == "requests":
        import requests
        url = base_url(sc, port, closed) + "/chat/completions"
        headers = {"Authorization": f"Bearer {key or ''}"}
        payload = {"model": model, "messages": MESSAGES, "stream": stream}
        rr = requests.post(url, headers=headers, json=payload, timeout=timeout, stream=stream)
        if stream:
            for line in rr.iter_lines():
                print(line.decode())
            return
        if rr.status_code >= 400 or "choices" not in rr.text:
            print(rr.status_code, rr.text)
        rr.raise_for_status()
        print(rr.json()["choices"][0]["message"]["content"])
    elif client == "aiohttp":
        import asyncio

        import aiohttp

        async def go() -> None:
            url = base_url(sc, port, closed) + "/chat/completions"
            headers = {"Authorization": f"Bearer {key or ''}"}
            payload = {"model": model, "messages": MESSAGES, "stream": stream}
            # trust_env: the proxy settings of the environment apply, as behind a company proxy
            timeouts = aiohttp.ClientTimeout(total=timeout)
            async with aiohttp.ClientSession(trust_env=True, timeout=timeouts) as session, \
                    session.post(url, headers=headers, json=payload) as resp:
                if stream:
                    async for line in resp.content:
                        print(line.decode().rstrip())
                    return
                text = await resp.text()
                if resp.status >= 400 or "choices" not in text:
                    print(resp.status, text)
                resp.raise_for_status()
                data = await resp.json()
                print(data["choices"][0]["message"]["content"])

        asyncio.run(go())
    elif client == "urllib":
        import urllib.error

        url = base_url(sc, port, closed) + "/chat/completions"
        body = json.dumps({"model": model, "messages": MESSAGES, "stream": stream}).encode()
        req = urllib.request.Request(url, data=body, headers={
            "Authorization": f"Bearer {key or ''}", "Content-Type": "application/json"})
        opener = urllib.request.build_opener()      # reads the proxy settings now
        try:
            with opener.open(req, timeout=timeout) as resp:
                if stream:
                    for raw in resp:
                        print(raw.decode().rstrip())
                    return
                text = resp.read().decode()
                status = resp.status
        except urllib.error.HTTPError as err:
            print(err.code, err.read().decode())
            raise
        if "choices" not in text:
            print(status, text)
        print(json.loads(text)["choices"][0]["message"]["content"])
    elif client == "pydantic-ai":
        import asyncio

        from openai import AsyncOpenAI
        from pydantic_ai import Agent
        from pydantic_ai.models.openai import OpenAIChatModel
        from pydantic_ai.providers.openai import OpenAIProvider
        # no key: AsyncOpenAI itself refuses to start (no OPENAI_API_KEY either)
        oc = AsyncOpenAI(base_url=base_url(sc, port, closed), api_key=key, max_retries=0,
                         timeout=timeout)
        agent = Agent(OpenAIChatModel(model, provider=OpenAIProvider(openai_client=oc)))
        if stream:
            async def go() -> None:
                async with agent.run_stream("Say hello") as result:
                    async for text in result.stream_text(delta=True):
                        print(text, end="")

            asyncio.run(go())
            return
        print(agent.run_sync("Say hello").output)
    elif client == "mistralai":
        from mistralai.client import Mistral
        # the SDK posts to <server_url>/v1/chat/completions itself, like Anthropic's;
        # retry_config=None: no retries (the SDK's default too)
        mc = Mistral(api_key=key, server_url=base_url(sc, port, closed, anthropic=True),
                     timeout_ms=int(timeout * 1000), retry_config=None)
        if stream:
            with mc.chat.stream(model=model, messages=MESSAGES) as events:  # type: ignore
                for event in events:
                    print(event.data.choices[0].delta.content or "", end="")
            return
        res = mc.chat.complete(model=model, messages=MESSAGES)  # type: ignore
        print(res.choices[0].message.content)
    elif client == "google-genai":
        from google import genai
        from google.genai import types
        # the SDK posts to <base_url>/<api_version>/models/<model>:generateContent itself (v1 by
        # default), so it gets the root like Anthropic's; a LiteLLM proxy serves Gemini's API
        # at /v1beta/models/... only (its documented route). retry_options unset = one attempt
        litellm_base = sc["base"] == "litellm"
        opts = types.HttpOptions(base_url=base_url(sc, port, closed, anthropic=True),
                                 api_version="v1beta" if litellm_base else None,
                                 timeout=int(timeout * 1000))
        gc = genai.Client(api_key=key, http_options=opts)
        if stream:
            for part in gc.models.generate_content_stream(model=model, contents="Say hello"):
                print(part.text or "", end="")
            return
        print(gc.models.generate_content(model=model, contents="Say hello").text)
    elif client == "groq":
        from groq import DefaultHttpxClient, Groq
        # Groq's SDK always posts to <base_url>/openai/v1/chat/completions (no base URL gives
        # /v1/chat/completions), and a LiteLLM proxy passes /openai/... through to OpenAI;
        # like a gateway route, a request hook maps that /openai/v1/ onto /v1/ so the call
        # reaches <root>/v1/chat/completions (<root>/v1/v1/... for the doubled base)

        def to_v1(request: Any) -> None:
            request.url = request.url.copy_with(
                raw_path=request.url.raw_path.replace(b"/openai/v1/", b"/v1/", 1))

        gq = Groq(base_url=base_url(sc, port, closed, anthropic=True), api_key=key,
                  max_retries=0, timeout=timeout,
                  http_client=DefaultHttpxClient(event_hooks={"request": [to_v1]}))
        if stream:
            for chunk in gq.chat.completions.create(model=model, messages=MESSAGES,  # type: ignore
                                                    stream=True):
                print(chunk.choices[0].delta.content or "", end="")
            return
        r = gq.chat.completions.create(model=model, messages=MESSAGES)  # type: ignore
        print(r.choices[0].message.content)
    elif client == "zhipuai":
        from zhipuai import ZhipuAI
        # posts to <base_url>/chat/completions like openai's SDK, the key sent as it is
        # (disable_token_cache=True, the default); no key: api_key None, ZHIPUAI_API_KEY unset
        zc = ZhipuAI(api_key=key, base_url=base_url(sc, port, closed), max_retries=0,
                     timeout=timeout)
        if stream:
            for chunk in zc.chat.completions.create(model=model, messages=MESSAGES,  # type: ignore
                                                    stream=True):
                print(chunk.choices[0].delta.content or "", end="")
            return
        r = zc.chat.completions.create(model=model, messages=MESSAGES)  # type: ignore
        print(r.choices[0].message.content)
    elif client == "llama-index":
        from llama_index.core.llms import ChatMessage
        from llama_index.llms.openai_like import OpenAILike
        llm = OpenAILike(model=model, api_base=base_url(sc, port, closed), api_key=key,
                         is_chat_model=True, max_retries=0, timeout=timeout)
        chat = [ChatMessage(role="user", content="Say hello")]
        if stream:
            for part in llm.stream_chat(chat):
                print(part.delta or "", end="")
            return
        print(llm.chat(chat).message.content)
    elif client == "instructor":
        import instructor
        from openai import OpenAI
        from pydantic import BaseModel

        class Greeting(BaseModel):
            text: str

        # no key: OpenAI() itself refuses to start (no OPENAI_API_KEY either);
        # streaming goes through create_partial (partial Greeting objects as they come)
        ic = instructor.from_openai(OpenAI(base_url=base_url(sc, port, closed), api_key=key,
                                           max_retries=0, timeout=timeout))
        if stream:
            for partial in ic.chat.completions.create_partial(
                    model=model, response_model=Greeting, messages=MESSAGES,  # type: ignore
                    max_retries=1):
                print(partial)
            return
        g = ic.chat.completions.create(model=model, response_model=Greeting,
                                       messages=MESSAGES, max_retries=1)  # type: ignore
        print(g.text)
    elif client == "haystack":
        from haystack.components.generators.chat import OpenAIChatGenerator
        from haystack.dataclasses import ChatMessage as HsMessage
        from haystack.utils import Secret
        # no key: the default Secret.from_env_var("OPENAI_API_KEY"), which is unset
        secret = Secret.from_env_var("OPENAI_API_KEY") if key is None else Secret.from_token(key)
        gen = OpenAIChatGenerator(
            api_key=secret, api_base_url=base_url(sc, port, closed), model=model,
            timeout=timeout, max_retries=0,
            streaming_callback=(lambda c: print(c.content, end="")) if stream else None)
        result = gen.run([HsMessage.from_user("Say hello")])
        if not stream:
            print(result["replies"][0].text)
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    if client == "urllib":
        return sys.version.split()[0]
    if client == "pydantic-ai":     # installed as pydantic-ai-slim[openai] or the full one
        for dist in ("pydantic-ai-slim", "pydantic-ai"):
            with contextlib.suppress(metadata.PackageNotFoundError):
                return metadata.version(dist)
    dists = {"openai-python": "openai", "anthropic-python": "anthropic",
             "llama-index": "llama-index-llms-openai-like", "haystack": "haystack-ai"}
    dist = dists.get(client, client)
    return metadata.version(dist)


def main() -> None:
    client, plan_path, port, closed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(plan_path, encoding="utf-8") as fh:
        plan = json.load(fh)
    for k in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "MISTRAL_API_KEY",
              "GOOGLE_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY", "ZHIPUAI_API_KEY",
              "ZHIPUAI_BASE_URL", "NO_PROXY", "no_proxy"):
        os.environ.pop(k, None)
    # haystack sends usage telemetry by default: traffic stays on loopback here
    os.environ["HAYSTACK_TELEMETRY_ENABLED"] = "False"
    ver = version(client)
    for sc in plan:
        if client not in sc["clients"]:
            continue
        urllib.request.urlopen(f"http://127.0.0.1:{port}/__set/{sc['idx']}").read()
        if sc["base"] == "proxy":
            os.environ["HTTPS_PROXY"] = os.environ["HTTP_PROXY"] = f"http://127.0.0.1:{closed}"
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                call(client, sc, port, closed)
            text = out.getvalue()
        except BaseException as exc:
            printed = out.getvalue()
            if sc["style"] == "full":
                tb = traceback.format_exc()
            else:
                tb = "".join(traceback.format_exception_only(type(exc), exc))
            text = printed + tb
        finally:
            os.environ.pop("HTTPS_PROXY", None)
            os.environ.pop("HTTP_PROXY", None)
        print(json.dumps({"idx": sc["idx"], "client": client, "version": ver, "text": text}),
              flush=True)


if __name__ == "__main__":
    main()
