"""The seventh round's Python clients, run like run_python.py (same arguments, same JSON lines):

    run_python7.py CLIENT PLAN.json PORT CLOSED_PORT

tornado: its HTTPClient, raising HTTPClientError ("HTTP 401: Unauthorized"; 599 for a
timeout); the program prints the status and the body first on "full", as with requests.
pycurl: libcurl from Python; pycurl.error for a failure of its own, and for a status >= 400
the program prints it and raises an error of its own. autogen: AutoGen's
OpenAIChatCompletionClient (autogen-ext), as an AutoGen agent calls it. Never imported by the
test suite; kept apart from run_python.py so that earlier texts keep their line numbers.
"""

from __future__ import annotations

import asyncio
import io
import json
from importlib import metadata
from typing import Any

import run_python as rp


def call(client: str, sc: dict[str, Any], port: int, closed: int) -> None:
    key = None if sc["key"] == "none" else "sk-proxy-demo" if sc["base"] == "litellm" else rp.KEY
    model = sc["model"]
    timeout = float(sc.get("timeout", 10))
    stream = bool(sc.get("stream"))
    base = rp.base_url(sc, port, closed)
    payload = json.dumps({"model": model, "messages": rp.MESSAGES, "stream": stream})
    headers = {"Authorization": f"Bearer {key or ''}", "Content-Type": "application/json"}
    if client == "tornado":
        from tornado.httpclient import HTTPClient, HTTPClientError
        hc = HTTPClient()
        try:
            resp = hc.fetch(base + "/chat/completions", method="POST", headers=headers,
                            body=payload, request_timeout=timeout,
                            streaming_callback=(lambda b: print(b.decode(), end=""))
                            if stream else None)
        except HTTPClientError as err:
            if sc["style"] == "full" and err.response is not None and err.response.body:
                print(err.code, err.response.body.decode())
            raise
        finally:
            hc.close()
        if not stream:
            text = resp.body.decode()
            if "choices" not in text:
                print(resp.code, text)
            print(json.loads(text)["choices"][0]["message"]["content"])
    elif client == "pycurl":
        import pycurl
        buf = io.BytesIO()
        c = pycurl.Curl()
        c.setopt(pycurl.URL, base + "/chat/completions")
        c.setopt(pycurl.POSTFIELDS, payload)
        c.setopt(pycurl.HTTPHEADER, [f"{k}: {v}" for k, v in headers.items()])
        c.setopt(pycurl.TIMEOUT, int(timeout))
        if stream:
            c.setopt(pycurl.WRITEFUNCTION, lambda b: print(b.decode(), end="") and None)
        else:
            c.setopt(pycurl.WRITEDATA, buf)
        c.perform()
        code = c.getinfo(pycurl.RESPONSE_CODE)
        c.close()
        if stream:
            return
        text = buf.getvalue().decode()
        if code >= 400 or "choices" not in text:
            print(code, text)
        if code >= 400:
            raise RuntimeError(f"HTTP error {code}")
        print(json.loads(text)["choices"][0]["message"]["content"])
    elif client == "autogen":
        from autogen_core.models import UserMessage
        from autogen_ext.models.openai import OpenAIChatCompletionClient
        oc = OpenAIChatCompletionClient(
            model=model, base_url=base, api_key=key, max_retries=0, timeout=timeout,
            model_info={"vision": False, "function_calling": False, "json_output": False,
                        "family": "unknown", "structured_output": False})
        messages = [UserMessage(content="Say hello", source="user")]

        async def go() -> None:
            if stream:
                async for part in oc.create_stream(messages):
                    if isinstance(part, str):
                        print(part, end="")
                return
            print((await oc.create(messages)).content)

        asyncio.run(go())
    else:
        raise SystemExit(f"unknown client {client}")


def version(client: str) -> str:
    return metadata.version({"autogen": "autogen-ext"}.get(client, client))


if __name__ == "__main__":
    rp.call = call
    rp.version = version
    rp.main()
