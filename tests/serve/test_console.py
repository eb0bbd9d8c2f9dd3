"""The console in-process: language redirect, the form, paste detection, the result page,
answer entries, and untrusted content that stays text."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from triage.serve.forms import form_facts, read_paste
from triage.serve.i18n import pick_lang

from tests.corpus import corpus_cases

from .conftest import KEY, Client


def _case(case_id: str) -> dict[str, Any]:
    return next(c for c in corpus_cases() if c["id"] == case_id)


def _first(page: str) -> str:
    match = re.search(r'<section class="diagnosis first" id="first">.*?<h1>(.*?)</h1>.*?'
                      r'<code class="family">(.*?)</code>', page, re.S)
    assert match, page[:2000]
    return html.unescape(match.group(2))


def _asked(page: str) -> list[str]:
    block = re.search(r'<fieldset class="next" id="next">(.*?)</fieldset>', page, re.S)
    return re.findall(r'data-fact="([^"]+)"', block.group(1)) if block else []


@pytest.mark.parametrize(("header", "lang"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9", "en"), ("", "en"),
    ("fr-FR,fr;q=0.9", "en"), ("en;q=0.5, zh-TW;q=0.8", "zh"), ("zh;q=bad, en", "en"),
])
def test_root_redirects_by_accept_language(client: Client, header: str, lang: str) -> None:
    response = client.get("/", headers={"accept-language": header} if header else {})
    assert response.status_code == 303 and response.headers["location"] == f"/{lang}/"
    assert pick_lang(header) == lang


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_form_page(client: Client, lang: str) -> None:
    page = client.get(f"/{lang}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in text
    assert f'<form method="post" action="/{lang}/diagnose"' in text
    assert '<textarea id="f-text" name="text"' in text
    for name in ("response.status", "request.model", "request.base_url", "task.id"):
        assert f'name="{name}"' in text
    assert "api_key" not in text
    # everything it needs is local
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert client.get("/en").status_code in (200, 307)


@pytest.mark.parametrize(("case_id", "status", "family", "asks"), [
    ("oneapi-403-token-model-forbidden", "403", "model_access", "account.group"),
    ("openai-insufficient-quota-429-code", "429", "quota", "account.balance"),
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_paste_a_corpus_error(client: Client, case_id: str, status: str, family: str,
                              asks: str, lang: str) -> None:
    case = _case(case_id)
    form = {"text": case["body"], "response.status": status,
            "request.model": case.get("model") or ""}
    page = client.post(f"/{lang}/diagnose", data=form)
    assert page.status_code == 200, page.text[:500]
    assert _first(page.text).split(".")[0] == family
    assert asks in _asked(page.text)
    # the same through GET (no JavaScript, a link can carry it)
    again = client.get(f"/{lang}/diagnose", params=form)
    assert _first(again.text) == _first(page.text)
    # the form comes back filled in, the next questions are inputs of the same form
    assert f'name="{asks}"' in page.text and f'value="{status}"' in page.text
    assert '<textarea id="handoff" readonly' in page.text
    assert "## " in page.text  # the Markdown handoff note
    assert (">复制</button>" if lang == "zh" else ">Copy</button>") in page.text


def test_answering_the_next_question_changes_the_diagnosis(client: Client) -> None:
    form = {"request.model": "gpt-4o", "response.status": "404",
            "text": '{"error":{"message":"The model `gpt-4o` does not exist","type":'
                    '"invalid_request_error","code":"model_not_found"}}'}
    first = client.post("/en/diagnose", data=form).text
    assert "account.models" in _asked(first)
    second = client.post("/en/diagnose", data={**form, "account.models": "gpt-4o-mini\nGPT-4o"})
    assert 'name="account.models"' in second.text and "GPT-4o" in second.text
    assert "account.models" not in _asked(second.text)
    assert _first(second.text).startswith("model_not_found")


def test_links_to_answer_entries(client: Client) -> None:
    page = client.post("/en/diagnose", data={"text": '{"error":{"message":"该令牌无权使用模型：'
                                                     'gpt-4o","type":"one_api_error"}}',
                                             "response.status": "403"}).text
    links = re.findall(r'href="/en/kb/([a-z0-9-]+)"', page)
    assert "model-access-denied" in links
    entry = client.get("/en/kb/model-access-denied")
    assert entry.status_code == 200
    for part in ("<h2>Question</h2>", "<h2>Answer</h2>", '<ol class="steps">'):
        assert part in entry.text
    zh = client.get("/zh/kb/model-access-denied").text
    assert "<h2>问题</h2>" in zh
    assert client.get("/en/kb/no-such-entry").status_code == 404
    assert "model-not-found" in client.get("/zh/kb/").text


@pytest.mark.parametrize(("text", "how", "facts"), [
    ("", "empty", {}),
    ('{"error":{"message":"bad","type":"x"}}', "body",
     {"response": {"body": '{"error":{"message":"bad","type":"x"}}'}}),
    ("<html><body>502 Bad Gateway</body></html>", "body",
     {"response": {"body": "<html><body>502 Bad Gateway</body></html>"}}),
    ("connect ECONNREFUSED 127.0.0.1:11434", "message",
     {"error": {"message": "connect ECONNREFUSED 127.0.0.1:11434"}}),
    ("Error: timed out", "message", {"error": {"message": "Error: timed out"}}),
    ("request:\n  model: gpt-4o\nresponse:\n  status: 404\n", "ticket",
     {"request": {"model": "gpt-4o"}, "response": {"status": 404}}),
    ('{"response": {"status": 401}}', "ticket", {"response": {"status": 401}}),
    ("error:\n  message: boom\n  kind: timeout\n", "ticket",
     {"error": {"message": "boom", "kind": "timeout"}}),
    ("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 20\r\n\r\n{\"error\":{}}", "http",
     {"response": {"status": 429, "headers": {"retry-after": "20"}, "body": '{"error":{}}'}}),
])
def test_read_paste(text: str, how: str, facts: dict[str, Any]) -> None:
    assert read_paste(text) == (facts, how)


def test_form_fields_override_and_convert() -> None:
    facts, how, values = form_facts([
        ("text", "request:\n  model: a\n"), ("request.model", "b"), ("response.status", "401"),
        ("account.models", "x, y\nz"), ("request.stream", "true"), ("account.balance", "0.5"),
        ("response.headers", "Retry-After: 3\nx-y: z"), ("request.api_key", KEY),
        ("nonsense", "1"), ("task.id", "  "),
    ])
    assert how == "ticket"
    assert facts == {"request": {"model": "b", "stream": True},
                     "response": {"status": 401, "headers": {"Retry-After": "3", "x-y": "z"}},
                     "account": {"models": ["x", "y", "z"], "balance": 0.5}}
    assert "request.api_key" not in values and "nonsense" not in values
    plain, how, _ = form_facts([("text", "upstream timeout"), ("response.status", "504")])
    assert how == "body" and plain == {"response": {"status": 504, "body": "upstream timeout"}}


HOSTILE = ('<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }}{% raw %}'
           '" onmouseover="x" \'><a href="javascript:alert(3)">x</a>')


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_untrusted_content_stays_text(client: Client, lang: str) -> None:
    body = '{"error":{"message":"' + HOSTILE.replace('"', '\\"') + '","type":"' + HOSTILE.replace(
        '"', '\\"') + '"}}'
    page = client.post(f"/{lang}/diagnose", data={
        "text": body, "response.status": "400", "request.model": HOSTILE,
        "account.group": HOSTILE, "response.headers": f"x-h: {HOSTILE}"}).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page and '" onmouseover="x"' not in page
    assert "{{ 7*7 }}" in html.unescape(page) and "49" not in re.sub(r"\d{3,}", "", page)
    assert page.count("<script") == 1  # ours, from /static


def test_console_post_needs_a_form(client: Client) -> None:
    response = client.post("/en/diagnose", content=b'{"text": "x"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 415 and "text/html" in response.headers["content-type"]
    bad = client.post("/en/diagnose", content=b"text=%ff%fe",
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert bad.status_code == 400
    empty = client.get("/zh/diagnose")
    assert empty.status_code == 303 and empty.headers["location"] == "/zh/"


def test_static_files(client: Client) -> None:
    js = client.get("/static/console.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "http" not in js.text.replace("https://", "")  # fetches nothing
    assert client.get("/static/console.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/nope.js").status_code == 404
