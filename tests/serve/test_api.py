"""The HTTP API in-process: every endpoint, bad input, limits, and keys that never come back."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from triage.api import diagnose
from triage.serve.app import SECURITY_HEADERS, create_app
from triage.serve.settings import Settings

from tests.corpus import case_facts, corpus_cases

from .conftest import KEY, KEY_CORE, Client, copy_root

JSON = {"content-type": "application/json"}


def _post_json(client: Client, url: str, body: Any) -> httpx.Response:
    return client.post(url, content=json.dumps(body).encode(), headers=JSON)


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    data: dict[str, Any] = response.json()
    assert set(data) == {"error"} and data["error"]["code"] == code, data
    assert data["error"]["message"]
    return data


def test_healthz(client: Client, kb_root: Path) -> None:
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and isinstance(data["pid"], int)
    assert data["kb"]["rules"] >= 50 and data["kb"]["entries"] >= 10 and data["kb"]["key"]
    assert data["probe"] is False
    assert data["platform_base_url"] is None      # no desk platform set


@pytest.mark.parametrize("case_id", ["oneapi-403-token-model-forbidden",
                                     "openai-insufficient-quota-429-code",
                                     "node-fetch-econnrefused-ollama"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_diagnose_matches_the_library(client: Client, kb_root: Path, case_id: str,
                                      lang: str) -> None:
    case = next(c for c in corpus_cases() if c["id"] == case_id)
    facts = case_facts(case)
    response = _post_json(client, f"/v1/diagnose?lang={lang}", facts)
    assert response.status_code == 200
    result = response.json()
    assert result == diagnose(facts, lang=lang, root=kb_root)
    assert result["diagnoses"][0]["family"] == case["label"]
    assert result["lang"] == lang


def test_every_corpus_case_answers(client: Client) -> None:
    items = [case_facts(c) for c in corpus_cases()]
    response = _post_json(client, "/v1/diagnose/batch", {"items": items})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == len(items)
    for item, result in zip(items, results, strict=True):  # same order
        assert result["facts"].get("response.status") == item.get("response", {}).get("status")


def test_batch_order_and_limits(client: Client, app: Any) -> None:
    items = [{"response": {"status": s}} for s in (401, 404, 429, 502)]
    results = _post_json(client, "/v1/diagnose/batch?lang=zh", {"items": items}).json()
    assert [r["facts"]["response.status"] for r in results["results"]] == [401, 404, 429, 502]
    assert all(r["lang"] == "zh" for r in results["results"])
    cap = app.state.settings.max_batch
    too_many = _post_json(client, "/v1/diagnose/batch", {"items": [{}] * (cap + 1)})
    assert "limit" in _error(too_many, 422, "invalid_facts")["error"]["message"]
    _error(_post_json(client, "/v1/diagnose/batch", {"items": [{}, 3]}), 422, "invalid_facts")
    _error(_post_json(client, "/v1/diagnose/batch", {"facts": []}), 422, "invalid_facts")
    _error(_post_json(client, "/v1/diagnose/batch", {"items": {}}), 422, "invalid_facts")
    bad = _post_json(client, "/v1/diagnose/batch", {"items": [{}, {"response": {"status": []}}]})
    details = _error(bad, 422, "invalid_facts")["error"]["details"]
    assert details == [{"at": "/items/1/response/status",
                        "problem": "should be a whole number (or its digits as text)"}]
    assert _post_json(client, "/v1/diagnose/batch", {"items": []}).json() == {"results": []}


@pytest.mark.parametrize(("body", "code"), [
    (b"{", "malformed_json"),
    (b'{"response": {"status": 401,}}', "malformed_json"),
    (b"", "malformed_json"),
    (b"\xff\xfe{}", "malformed_json"),
    (b'{"response": {"elapsed_ms": NaN}}', "malformed_json"),
    (b'{"x": 1e999}', "malformed_json"),
    (b"[" * 100_000 + b"]" * 100_000, "malformed_json"),
    (b"[]", "not_an_object"),
    (b'[{"response": {"status": 401}}]', "not_an_object"),
    (b'"response"', "not_an_object"),
    (b"null", "not_an_object"),
])
def test_malformed_bodies_are_400(client: Client, body: bytes, code: str) -> None:
    for url in ("/v1/diagnose", "/v1/diagnose/batch"):
        _error(client.post(url, content=body, headers=JSON), 400, code)


@pytest.mark.parametrize(("facts", "at"), [
    ({"response": {"status": {}}}, "/response/status"),
    ({"response": {"status": "four oh one"}}, "/response/status"),
    ({"response": {"status": True}}, "/response/status"),
    ({"response": {"status": 401.5}}, "/response/status"),
    ({"response": "401"}, "/response"),
    ({"request": ["gpt-4o"]}, "/request"),
    ({"request": {"model": {"name": "gpt-4o"}}}, "/request/model"),
    ({"request": {"stream": "maybe"}}, "/request/stream"),
    ({"request": {"headers": "authorization: x"}}, "/request/headers"),
    ({"account": {"models": 5}}, "/account/models"),
    ({"account": {"balance": "lots"}}, "/account/balance"),
    ({"response": {"body": 42}}, "/response/body"),
    ({"task": {"age_s": [1]}}, "/task/age_s"),
])
def test_wrong_types_are_422(client: Client, facts: dict[str, Any], at: str) -> None:
    data = _error(_post_json(client, "/v1/diagnose", facts), 422, "invalid_facts")
    assert [d["at"] for d in data["error"]["details"]] == [at]


def test_deep_nesting_is_422(client: Client) -> None:
    deep: Any = "x"
    for _ in range(200):
        deep = {"a": deep}
    response = _post_json(client, "/v1/diagnose", {"response": {"body": deep}})
    assert "nested deeper" in _error(response, 422, "invalid_facts")["error"]["message"]


def test_readable_values_pass_with_warnings(client: Client) -> None:
    facts = {"response": {"status": "401", "elapsed_ms": "1200"}, "request": {"stream": "yes"},
             "account": {"models": "gpt-4o, gpt-4o-mini"}, "extra": {"x": 1},
             "ticket": {"id": 12345}}
    result = _post_json(client, "/v1/diagnose", facts).json()
    assert result["facts"]["response.status"] == 401
    assert any("extra" in w for w in result["warnings"])
    assert result["diagnoses"][0]["family"] == "auth"
    floats = _post_json(client, "/v1/diagnose", {"response": {"status": 401.0}}).json()
    assert floats["facts"]["response.status"] == 401 and floats["warnings"] == []


def test_lang_must_be_zh_or_en(client: Client) -> None:
    for url in ("/v1/diagnose?lang=fr", "/v1/diagnose/batch?lang=EN"):
        _error(_post_json(client, url, {"items": []}), 422, "invalid_lang")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_wrong_content_type_is_415(client: Client, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/diagnose", content=b"{}", headers=headers)
    _error(response, 415, "unsupported_media_type")
    ok = client.post("/v1/diagnose", content=b"{}",
                     headers={"content-type": "application/json; charset=utf-8"})
    assert ok.status_code == 200
    assert client.post("/v1/diagnose", content=b"{}",
                       headers={"content-type": "application/problem+json"}).status_code == 200


class Upload:
    """A 10 MB body in 64 KiB chunks that counts how much the server pulled."""

    def __init__(self, total: int = 10 * 1024 * 1024, chunk: int = 64 * 1024,
                 pause: float = 0.0) -> None:
        self.total, self.chunk, self.pause = total, chunk, pause
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            if self.pause:
                await asyncio.sleep(self.pause)
            self.sent += self.chunk
            yield b" " * self.chunk


def _upload(app: Any, url: str, upload: Upload, headers: dict[str, str]) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post(url, content=upload, headers=headers)

    return asyncio.run(go())


@pytest.mark.parametrize("url", ["/v1/diagnose", "/v1/diagnose/batch", "/en/diagnose"])
def test_ten_megabytes_are_refused_while_reading(app: Any, url: str) -> None:
    media = "application/x-www-form-urlencoded" if url.startswith("/en") else "application/json"
    limit = app.state.settings.max_body
    streamed = Upload()  # chunked: no Content-Length, the limit is found while reading
    response = _upload(app, url, streamed, {"content-type": media})
    assert response.status_code == 413
    assert streamed.sent <= limit + 2 * streamed.chunk  # stopped at the limit, not at 10 MB
    declared = Upload()
    headers = {"content-type": media, "content-length": str(declared.total)}
    response = _upload(app, url, declared, headers)
    assert response.status_code == 413 and declared.sent <= declared.chunk
    if url.startswith("/v1"):
        _error(response, 413, "too_large")
    else:
        assert response.headers["content-type"].startswith("text/html")


def test_slow_body_is_408(kb_root: Path) -> None:
    app = create_app(kb_root, Settings(timeout=0.3))
    upload = Upload(total=1024, chunk=16, pause=0.05)
    started = time.monotonic()
    response = _upload(app, "/v1/diagnose", upload, JSON)
    _error(response, 408, "request_timeout")
    assert time.monotonic() - started < 3


class _Slow:
    def diagnose(self, facts: Any, lang: str) -> dict[str, Any]:
        time.sleep(1.0)
        return {}


class _Broken:
    def diagnose(self, facts: Any, lang: str) -> dict[str, Any]:
        raise RuntimeError("engine exploded while reading " + KEY)


def _with_diagnoser(kb_root: Path, diagnoser: Any, timeout: float = 30) -> Client:
    app = create_app(kb_root, Settings(timeout=timeout))
    knowledge = app.state.knowledge
    app.state.knowledge = dataclasses.replace(knowledge, diagnoser=diagnoser)
    return Client(app)


def test_slow_diagnosis_is_504(kb_root: Path) -> None:
    client = _with_diagnoser(kb_root, _Slow(), timeout=0.3)
    _error(_post_json(client, "/v1/diagnose", {}), 504, "timeout")
    _error(_post_json(client, "/v1/diagnose/batch", {"items": [{}]}), 504, "timeout")
    page = client.post("/en/diagnose", data={"text": "boom"})
    assert page.status_code == 504 and "text/html" in page.headers["content-type"]


def test_internal_errors_are_masked_500(kb_root: Path,
                                        server_logs: Callable[[], list[str]]) -> None:
    client = _with_diagnoser(kb_root, _Broken())
    response = _post_json(client, "/v1/diagnose", {"request": {"api_key": KEY}})
    data = _error(response, 500, "internal")
    assert response.headers["x-request-id"] in data["error"]["message"]
    assert "exploded" not in response.text
    lines = server_logs()
    assert any('"event": "error"' in line and "RuntimeError" in line for line in lines)
    assert not any(KEY in line or KEY_CORE in line for line in lines)


def test_unknown_paths_and_methods(client: Client) -> None:
    _error(client.get("/v2/diagnose"), 404, "not_found")
    _error(client.get("/fr/"), 404, "not_found")
    _error(client.post("/v1/collect", json={}), 404, "not_found")  # no --allow-probe
    response = client.get("/v1/diagnose")
    _error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["allow"]
    _error(client.request("DELETE", "/v1/rules"), 405, "method_not_allowed")
    _error(client.post("/healthz"), 405, "method_not_allowed")


def test_rules_are_public_only(kb_root: Path, tmp_path: Path) -> None:
    root = copy_root(tmp_path / "root")
    rule = root / "rules" / "permission" / "forbidden-status.yaml"
    rule.write_text(rule.read_text().replace("visibility: public", "visibility: internal"))
    entry = root / "kb" / "entries" / "team-cost-control.yaml"
    entry.write_text(entry.read_text().replace("tags:\n", "tags:\n  - internal\n", 1))
    client = Client(create_app(root, Settings()))
    rules = client.get("/v1/rules").json()["rules"]
    ids = {r["id"] for r in rules}
    assert "forbidden-status" not in ids and "model-access-message" in ids
    assert all(set(r) == {"id", "version", "status", "cause", "family", "confidence", "title",
                          "faq", "owner"} for r in rules)
    assert all(set(r["title"]) == {"zh", "en"} for r in rules)
    _error(client.get("/v1/kb/team-cost-control"), 404, "not_found")
    assert client.get("/en/kb/team-cost-control").status_code == 404
    # an internal rule is still evaluated: only publication hides it
    result = _post_json(client, "/v1/diagnose", {"response": {"status": 403}}).json()
    assert "forbidden-status" in [d["rule"] for d in result["diagnoses"]]


def test_kb_entry_is_public_content(client: Client) -> None:
    entry = client.get("/v1/kb/model-not-found").json()
    assert entry["id"] == "model-not-found" and entry["family"] == "model_not_found"
    for lang in ("zh", "en"):
        assert entry[lang]["question"] and entry[lang]["answer"] and entry[lang]["steps"]
        assert not {"handoff", "safety"} & set(entry[lang])
    assert "owner" not in entry and "next_review" not in entry and "path" not in entry
    _error(client.get("/v1/kb/no-such-entry"), 404, "not_found")
    _error(client.get("/v1/kb/" + KEY), 404, "not_found")


def _secret_facts() -> dict[str, Any]:
    return {
        "ticket": {"id": "T-1", "summary": f"user pasted {KEY} in the ticket"},
        "request": {"api_key": KEY, "model": "gpt-4o", "headers": {"Authorization":
                                                                   f"Bearer {KEY}"},
                    "url": f"https://gw.example.com/v1/chat/completions?key={KEY}"},
        "response": {"status": 401, "body": json.dumps({"error": {
            "message": f"Incorrect API key provided: {KEY}", "code": "invalid_api_key"}})},
        "error": {"message": f"AuthenticationError: bad key {KEY}"},
        f"note {KEY}": KEY,
    }


def test_keys_never_come_back(client: Client, server_logs: Callable[[], list[str]]) -> None:
    facts = _secret_facts()
    responses = [
        _post_json(client, "/v1/diagnose", facts),
        _post_json(client, "/v1/diagnose?lang=zh", facts),
        _post_json(client, "/v1/diagnose/batch", {"items": [facts, facts]}),
        _post_json(client, "/v1/diagnose", {"response": {"status": KEY}}),  # 422
        _post_json(client, "/v1/diagnose", {"response": {KEY: {}}, KEY: []}),
        client.post("/v1/diagnose", content=json.dumps(facts)[:-3].encode(), headers=JSON),
        client.get(f"/v1/kb/{KEY}?key={KEY}"),
        client.get(f"/{KEY}/", headers={"x-request-id": KEY}),
        client.post("/en/diagnose", data={"text": json.dumps(facts), "request.model": KEY}),
        client.get("/zh/diagnose", params={"text": f"Incorrect API key provided: {KEY}",
                                           "response.status": "401"}),
    ]
    assert responses[0].status_code == 200 and responses[0].json()["diagnoses"]
    assert responses[3].status_code == 422
    for response in responses:
        text = response.text + json.dumps(dict(response.headers))
        assert KEY not in text and KEY_CORE not in text, response.request.url
    lines = server_logs()
    assert len([x for x in lines if '"event": "access"' in x]) == len(responses)
    for line in lines:
        assert KEY not in line and KEY_CORE not in line


def test_access_log_lines(client: Client, server_logs: Callable[[], list[str]]) -> None:
    client.get("/healthz?verbose=1&key=" + KEY, headers={"x-request-id": "abc-123"})
    client.post("/v1/diagnose", content=b"[]", headers=JSON)
    access = [json.loads(x) for x in server_logs() if '"event": "access"' in x]
    first, second = access
    assert set(first) >= {"time", "method", "path", "status", "duration_ms", "bytes",
                          "request_id", "pid"}
    assert first["method"] == "GET" and first["path"] == "/healthz" and first["status"] == 200
    assert first["query"] == ["key", "verbose"] and first["request_id"] == "abc-123"
    assert first["bytes"] > 0 and first["duration_ms"] >= 0
    assert second["status"] == 400 and second["method"] == "POST"


def test_security_headers(client: Client) -> None:
    for url in ("/healthz", "/en/", "/static/console.js", "/v1/nope"):
        response = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (url, name)
        assert response.headers["x-request-id"]
    assert client.get("/healthz").headers["cache-control"] == "no-store"
    assert "default-src 'self'" in client.get("/en/").headers["content-security-policy"]


def test_the_desk_platform_comes_from_the_environment(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from triage.facts.platform import PLATFORM_ENV

    monkeypatch.setenv(PLATFORM_ENV, "https://gw.example.com/v1")
    client = Client(create_app(copy_root(tmp_path / "root"), Settings()))
    text = ("openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API "
            "key provided: sk-ab12****cd34.', 'type': 'invalid_request_error', 'code': "
            "'invalid_api_key'}}\nPOST https://api.openai.com/v1/chat/completions")
    result = _post_json(client, "/v1/diagnose", {"error": {"message": text}}).json()
    assert result["diagnoses"][0]["cause"] == "base_url.official_host", result["diagnoses"]
    assert client.get("/healthz").json()["platform_base_url"] == "https://gw.example.com/v1"
