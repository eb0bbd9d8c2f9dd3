"""The platform's request id: found in headers, body or pasted text, shown in the handoff."""

from __future__ import annotations

import json
from typing import Any

import pytest
from triage.facts.normalise import normalise
from triage.facts.requestid import clean_request_id
from triage.rendering import render


def _rid(raw: dict[str, Any]) -> Any:
    return normalise(raw).public().get("response.request_id")


@pytest.mark.parametrize(("raw", "want"), [
    ({"response": {"status": 401, "headers": {"X-Request-Id": "req_0a1b2c3d"}, "body": "{}"}},
     "req_0a1b2c3d"),
    ({"response": {"status": 529, "headers": {"request-id": "req_011CSHoEeqs5C35K2UUqRDFB"},
                   "body": '{"type":"error","error":{"type":"overloaded_error",'
                           '"message":"Overloaded"}}'}}, "req_011CSHoEeqs5C35K2UUqRDFB"),
    # new-api / one-api put it in the message
    ({"response": {"status": 503, "body": json.dumps({"error": {
        "message": "当前分组 default 下对于模型 gpt-5 无可用渠道 "
                   "(request id: 2025120211000012345678)",
        "type": "new_api_error"}})}}, "2025120211000012345678"),
    # DashScope: a field at the top of the body
    ({"response": {"status": 400, "body": {"code": "InvalidParameter", "message": "bad",
                                           "request_id": "e6b1a5d4-8e2b-9d61-a4b1-0c6f1a2b3c4d"}}},
     "e6b1a5d4-8e2b-9d61-a4b1-0c6f1a2b3c4d"),
    # a header outranks the body; the ticket's own value outranks both
    ({"response": {"status": 500, "headers": {"x-request-id": "from-header"},
                   "body": {"request_id": "from-body"}}}, "from-header"),
    ({"response": {"status": 500, "request_id": "given-by-ticket",
                   "headers": {"x-request-id": "from-header"}}}, "given-by-ticket"),
    # read from what a client printed
    ({"error": {"message": "anthropic.InternalServerError: Error code: 500 - {'type': 'error', "
                           "'error': {'type': 'api_error', 'message': 'Internal server error'},"
                           " 'request_id': 'req_011CVxyz1234'}"}}, "req_011CVxyz1234"),
    # nothing that looks like an id
    ({"response": {"status": 500, "headers": {"x-request-id": "<script>alert(1)</script>"},
                   "body": {"request_id": "a b c"}}}, None),
    ({"response": {"status": 404, "body": "Not Found"}}, None),
])
def test_request_id_is_found_where_platforms_put_it(raw: dict[str, Any], want: Any) -> None:
    assert _rid(raw) == want


def test_clean_request_id_bounds_what_it_accepts() -> None:
    assert clean_request_id("abc-123_x.y:z") == "abc-123_x.y:z"
    assert clean_request_id(12345) == "12345"
    for bad in ("", "ab", "x" * 101, "a\nb", "id with space", True, None, {"a": 1}):
        assert clean_request_id(bad) == ""


def test_handoff_shows_the_request_id(diagnoser: Any) -> None:
    raw = {"response": {"status": 401, "headers": {"x-request-id": "req_handoff_42"},
                        "body": '{"error":{"message":"Incorrect API key provided",'
                                '"code":"invalid_api_key"}}'}}
    result = diagnoser.diagnose(raw, "en")
    assert result["facts"]["response.request_id"] == "req_handoff_42"
    md = render(result, "markdown", "en")
    assert "| Request id (give it to the platform) | req\\_handoff\\_42 |" in md
    assert "Request id (give it to the platform): req_handoff_42" in render(result, "text", "en")
    assert "请求 ID（提供给平台）" in render(diagnoser.diagnose(raw, "zh"), "markdown", "zh")
    without = diagnoser.diagnose({"response": {"status": 401}}, "en")
    assert "Request id" not in render(without, "markdown", "en").split("## ")[0]
