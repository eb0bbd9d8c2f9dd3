"""A paste that states no status but whose body names one (Azure's {"error": {"code": "401"}},
{"message": "Unauthorized"}), the openai package's pre-1.0 classes, LiteLLM's passed-on
provider headers, and a body whose message is only a reason phrase."""

from __future__ import annotations

import json
from typing import Any

import pytest
from triage.facts.body import parse_body
from triage.facts.paste import read_paste_text
from triage.facts.statusline import phrase_status, status_in_body


@pytest.mark.parametrize(("text", "status"), [
    ('Error: {"error":{"code":"401","message":"Access denied due to invalid subscription key '
     'or wrong API endpoint."}}', 401),
    ('ApiError: {"message":"Unauthorized","request_id":"abc"}', 401),
    ('Error: {"status": 429, "message": "slow down"}', 429),
    ("openai.error.InvalidRequestError: Provider returned error", 400),
    ("error while generating text：request failed， status 404", 404),
    # Dart's Dio, gpt4free, a google-api-core error kept in a log line
    ("flutter: GeminiException => This exception was thrown because the response has a status "
     "code of 500 and RequestOptions.validateStatus was configured to throw", 500),
    ("g4f.errors.ResponseStatusError: Response 500:", 500),
    ("[Gemini]请求失败:error='429 Resource has been exhausted (e.g. check quota).'", 429),
    ("在Sydney对话时有时会发生 Error: Unexpected server response: 502", 502),   # ws
    ("[Translator] Status 400 Error 400 max_tokens is too large: 17220.", 400),
    # an SDK's class inside an app's own wrapper
    ("模型请求失败: 请求过于频繁或余额不足: litellm.RateLimitError: RateLimitError: "
     "OpenAIException - Rate limit reached", 429),
    ("okou generate avatar-video\n\n503: JoggAI avatar video generation is temporarily "
     "unavailable", 503),
    # DSPy's classes and the status it puts after a provider's message
    ("dspy.utils.exceptions.LMRateLimitError: [openai/gpt-4o-mini] slow down", 429),
    ("dspy.utils.exceptions.LMAuthError: [openai/gpt-4o-mini] Access denied due to invalid "
     "subscription key or wrong API endpoint. (401)", 401),
])
def test_status_read_where_the_text_states_none(text: str, status: int) -> None:
    assert read_paste_text(text).status == status


@pytest.mark.parametrize("text", [
    # a top-level "code" is an envelope's own number, often sent with HTTP 200
    "Video generation failed: {'code': '500', 'message': 'ComfyUI internal error'}",
    'Error: {"code": 401, "msg": "ok"}',
    # the same class name in other libraries is not an HTTP answer
    "sqlalchemy.exc.InvalidRequestError: Object is already attached to session",
    "PermissionError: [Errno 13] Permission denied: '/etc/triage.yaml'",
    # a connection failure with a body-like dump keeps no status
    'Error: connect ECONNREFUSED 127.0.0.1:4000 {"error": {"code": "401"}}',
    "Response 500 was cached",                      # no exception before it
    "error='404s are logged elsewhere'",            # no status and phrase
])
def test_no_status_made_up(text: str) -> None:
    assert read_paste_text(text).status is None


def test_status_in_body_places() -> None:
    assert status_in_body({"error": {"code": "403", "message": "x"}}) == 403
    assert status_in_body({"statusCode": 502}) == 502
    assert status_in_body({"error": {"message": "Too Many Requests"}}) == 429
    assert status_in_body({"code": 500, "msg": "x"}) is None
    assert status_in_body({"error": {"code": 200}}) is None
    assert status_in_body({"status": True}) is None
    assert status_in_body(["not", "a", "dict"]) is None


def test_phrase_status_is_whole_text_only() -> None:
    assert phrase_status(" Service temporarily unavailable ") == 503
    assert phrase_status("Not Found.") == 404
    assert phrase_status("Model not found") is None
    assert phrase_status("x" * 100) is None


def test_litellm_passed_on_provider_headers_are_not_the_body() -> None:
    headers = {"llm_provider-server": "BaseHTTP/0.6", "llm_provider-date": "Wed",
               "content-type": "application/json", "x-litellm-call-id": "6ee5"}
    body = {"error": {"message": "litellm.BadRequestError: User location is not supported "
                                 "for the API use.", "code": "400"}}
    text = f"STATUS: 400\nHEADERS: {json.dumps(headers)}\nBODY: {json.dumps(body)}\n"
    p = read_paste_text(text)
    assert p.status == 400
    assert "location is not supported" in p.body and "llm_provider" not in p.body


@pytest.mark.parametrize(("body", "status"), [
    ({"error_code": 2, "error_msg": "Service temporarily unavailable"}, 503),   # Qianfan v1
    ({"status": "Unauthorized", "message": "Error: 无访问权限", "data": None}, 401),
    ({"message": "Forbidden"}, 403),                                            # AWS API GW
])
def test_body_whose_message_or_status_is_a_phrase_names_the_status(
        body: dict[str, Any], status: int) -> None:
    assert parse_body(json.dumps(body)).inner_status == status


def test_body_with_a_sentence_names_no_status() -> None:
    assert parse_body(json.dumps({"message": "Unauthorized access to this workspace"})) \
        .inner_status is None


@pytest.mark.parametrize(("text", "kind"), [
    ("TypeError: Failed to fetch", "connect"),
    ("NetworkError when attempting to fetch resource.", "connect"),
    ("No internet connection. Switch to an on-device model or check connection.", "connect"),
    ("Could not get a reply from API. Check your connection settings / API key.", "connect"),
    ("Failed to fetch models: 401 Unauthorized", "connect"),
    ("我连接不到你的网络", "connect"),
    ("我没有收到你的消息", "timeout"),
])
def test_browser_fetch_failures_are_connection_failures(text: str, kind: str) -> None:
    from triage.facts.exceptions import error_kind

    assert error_kind(text) == kind


def test_failed_to_fetch_with_a_status_is_an_answer() -> None:
    p = read_paste_text("Failed to fetch models: 401 Unauthorized")
    assert p.status == 401 and p.kind == ""


@pytest.mark.parametrize(("text", "kind"), [
    ('Post "https://api.openai.com/v1/chat/completions": dial tcp 103.252.115.59:443: '
     "connect: connection timed out", "connect"),
    ('Post "https://api.openai.com/v1/chat/completions": dial tcp 10.0.0.7:443: i/o timeout',
     "connect"),
    ('Post "https://api.openai.com/v1/chat/completions": net/http: timeout awaiting response '
     "headers", "timeout"),
    ("read tcp 10.0.0.2:51544->10.0.0.7:443: i/o timeout", "timeout"),
    ("[BricksLLM] failed to send http request to openai", "connect"),
    ('{"error":{"message":"connection_error","type":"connection_error","code":503}}', "connect"),
    ("'headers': {'Server': 'squid/5.2', 'X-Squid-Error': 'ERR_ACCESS_DENIED 0'}, "
     "'status_code': 403", "proxy"),
])
def test_go_connect_timeouts_are_connection_failures(text: str, kind: str) -> None:
    """Go's dialer timing out is a host that cannot be reached; a read that timed out after
    the connection was made stays a timeout."""
    from triage.facts.exceptions import error_kind

    assert error_kind(text) == kind
