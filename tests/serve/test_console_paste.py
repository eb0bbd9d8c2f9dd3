"""The console's paste box takes what a client printed: a traceback, curl output, a log."""

from __future__ import annotations

import html
import re

import pytest

from .conftest import KEY, Client

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "app.py", line 7, in <module>\n'
    "    r = client.chat.completions.create(model=\"gpt-4o\", messages=msgs, timeout=30)\n"
    "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key "
    f"provided: {KEY}', 'type': 'invalid_request_error', 'param': None, "
    "'code': 'invalid_api_key'}}\n")


def _family(page: str) -> str:
    m = re.search(r'<code class="family">(.*?)</code>', page, re.S)
    assert m, page[:2000]
    return html.unescape(m.group(1))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_paste_a_traceback(client: Client, lang: str) -> None:
    page = client.post(f"/{lang}/diagnose", data={"text": TRACEBACK.replace("\n", "\r\n")})
    assert page.status_code == 200
    assert _family(page.text).split(".")[0] == "auth"
    assert ("Read from the pasted text" if lang == "en" else "从粘贴的文本中读取") in page.text
    assert ("status 401" if lang == "en" else "状态码 401") in page.text
    assert KEY not in page.text


def test_paste_curl_web_page(client: Client) -> None:
    text = ("HTTP/1.1 200 OK\ncontent-type: text/html\n\n<!doctype html><html><head><title>"
            "Console</title></head><body><div id=\"root\"></div></body></html>")
    page = client.post("/en/diagnose", data={"text": text})
    assert _family(page.text).split(".")[0] == "base_url"


def test_a_paste_no_rule_explains_still_answers(client: Client) -> None:
    page = client.post("/en/diagnose", data={"text": "curl: (56) Recv failure: weird"})
    assert page.status_code == 200
    assert "No rule matched" in page.text
    assert "Not enough facts to point at a cause" in page.text


@pytest.mark.parametrize(("lang", "label"), [
    ("en", "Possibly (the message matches; not confirmed yet)"),
    ("zh", "可能（错误信息吻合，尚未确认）")])
def test_a_partial_match_is_labelled_as_such(client: Client, lang: str, label: str) -> None:
    page = client.post(f"/{lang}/diagnose", data={"text": "not found"})
    assert page.status_code == 200
    assert label in html.unescape(page.text)
    assert _family(page.text).split(".")[0] == "model_not_found"
