"""A ticket with an error status and no body: the first thing to ask for is the body, worded
for the client that printed the text (engine/evaluate/bodyask.py)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("text", "hint"), [
    ("Faraday::BadRequestError: the server responded with status 400", "e.response[:body]"),
    ("/usr/lib/ruby/3.1.0/net/http/response.rb:124:in `error!': 401 \"Unauthorized\" "
     "(Net::HTTPServerException)", "res.body"),
    ("java.io.IOException: Server returned HTTP response code: 400 for URL: "
     "http://127.0.0.1:8000/v1/chat/completions", "getErrorStream()"),
    ("instructor.v2.core.errors.InstructorRetryException: Error code: 400", "e.__cause__"),
    ("BadRequestError: 400 status code (no body)", "curl -i"),
    ("curl: (22) The requested URL returned error: 429", "-i"),
    ('400 "Bad Request"', "curl -i"),
    # a "body" that is only the reason phrase is no body
    ("AI_APICallError: Bad Request", "error.responseBody"),
    ("Error: Bad Request", "curl -i"),
])
def test_the_body_is_asked_for_first(diagnoser: Any, text: str, hint: str) -> None:
    for lang in ("en", "zh"):
        result = diagnoser.diagnose({"error": {"message": text}}, lang)
        first = result["ask"][0]
        assert first["fact"] == "response.body", (text, result["ask"])
        assert hint in first["why"], (lang, first["why"])
        assert sum(a["fact"] == "response.body" for a in result["ask"]) == 1
    zh = diagnoser.diagnose({"error": {"message": text}}, "zh")["ask"][0]["why"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)


@pytest.mark.parametrize("facts", [
    {"error": {"message": "openai.BadRequestError: Error code: 400 - {'error': {'message': "
                          "'Invalid model name', 'code': 'invalid_model'}}"}},
    {"response": {"status": 401, "body": '{"error": {"message": "Invalid API key"}}'}},
    {"response": {"status": 200, "body": ""}},
    {"response": {"status": 429, "body": ""}},      # the answer really had no body
    {"error": {"message": "httpx.ConnectError: [Errno 111] Connection refused"}},
])
def test_no_body_ask_when_the_body_is_there_or_no_error_status(diagnoser: Any,
                                                                facts: dict[str, Any]) -> None:
    result = diagnoser.diagnose(facts, "en")
    assert not any("the body names which" in a["why"] or "curl -i" in a["why"]
                   for a in result["ask"] if a["fact"] == "response.body"), result["ask"]


def test_a_status_given_as_a_fact_without_a_body_asks_for_it(diagnoser: Any) -> None:
    result = diagnoser.diagnose({"response": {"status": 403}}, "en")
    assert result["ask"][0]["fact"] == "response.body"
    assert "the body names which" in result["ask"][0]["why"]
    assert result["ask"][0]["for"] == [d["rule"] for d in result["diagnoses"]][:3]


@pytest.mark.parametrize(("text", "hint"), [
    ('FetchError: [POST] "http://127.0.0.1:8000/v1/chat/completions": 403 Forbidden', "err.data"),
    ("tornado.httpclient.HTTPClientError: HTTP 400: Bad Request", "e.response.body"),
])
def test_more_clients_get_their_own_hint(diagnoser: Any, text: str, hint: str) -> None:
    first = diagnoser.diagnose({"error": {"message": text}}, "en")["ask"][0]
    assert first["fact"] == "response.body" and hint in first["why"]
