"""Error envelopes some providers send with HTTP 200, and error envelopes that are not tasks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from triage.facts.body import parse_body
from triage.facts.normalise import normalise


@pytest.mark.parametrize("body", [
    {"code": 10500, "msg": "Internal error"},                                   # Baichuan
    {"base_resp": {"status_code": 1001, "status_msg": "request timeout"}},      # MiniMax
    {"Response": {"Error": {"Code": "InternalError", "Message": "x"}, "RequestId": "r"}},
    {"error_code": 2, "error_msg": "Service temporarily unavailable"},         # Qianfan v1
    {"code": 9, "description": "提交失败，系统异常", "result": None},           # Midjourney proxy
    {"error": {"message": "bad", "type": "invalid_request_error"}},
    {"success": False, "errors": [{"message": "x", "code": 3036}]},            # Cloudflare
])
def test_failures_inside_a_2xx_are_seen(body: dict[str, Any]) -> None:
    assert parse_body(json.dumps(body)).error_envelope
    values = normalise({"response": {"status": 200, "body": json.dumps(body)}}).values
    assert values.get("body.error_in_2xx") is True


@pytest.mark.parametrize("body", [
    {"code": 0, "msg": "ok", "data": {"text": "fine"}},
    {"base_resp": {"status_code": 0, "status_msg": "success"}, "reply": "hi"},
    {"code": 1, "description": "提交成功", "result": "1730000000"},
    {"code": 22, "description": "排队中", "result": "1730000000"},
    {"choices": [{"message": {"content": "an internal error is ..."}}]},
    {"error": None, "data": []},
])
def test_successes_are_not_error_envelopes(body: dict[str, Any]) -> None:
    assert not parse_body(json.dumps(body)).error_envelope
    values = normalise({"response": {"status": 200, "body": json.dumps(body)}}).values
    assert "body.error_in_2xx" not in values


def test_a_failure_envelope_on_a_4xx_is_not_called_an_error_in_a_2xx() -> None:
    body = json.dumps({"code": 10500, "msg": "Internal error"})
    assert "body.error_in_2xx" not in normalise({"response": {"status": 500, "body": body}}).values


def test_a_plain_failure_envelope_is_not_a_task() -> None:
    portkey = parse_body('{"status":"failure","message":"Invalid custom host"}')
    assert portkey.task_status == ""
    task = parse_body('{"id": "17", "action": "IMAGINE", "status": "FAILURE", '
                      '"failReason": "banned prompt"}')
    assert task.task_status == "failure"


def test_a_plain_failed_envelope_with_empty_data_is_an_error_not_a_task() -> None:
    p = parse_body('{"status":"Fail","message":"Too many request from this IP in 1 hour",'
                   '"data":null}')
    assert p.task_status == "" and p.error_envelope
    task = parse_body('{"code":0,"data":{"task_id":"t1","status":"failed","fail_reason":"x"}}')
    assert task.task_status == "failed" and task.task_id == "t1"


def test_a_responses_api_failure_is_the_calls_not_a_tasks() -> None:
    event = parse_body('{"type":"response.failed","response":{"id":"resp_1","object":"response",'
                       '"status":"failed","error":{"code":"server_is_overloaded","message":'
                       '"Our servers are currently overloaded."}}}')
    assert (event.task_status, event.task_id) == ("", "") and event.error_envelope
    assert "overloaded" in event.message


def test_a_whole_event_stream_is_read_for_its_error_event() -> None:
    body = ('data: {"id":"c1","choices":[{"delta":{"content":"Hi"}}]}\n\n'
            'data: {"error": {"message": "No available tokens for video generation.", '
            '"type": "server_error", "code": null}}\n\ndata: [DONE]\n')
    parsed = parse_body(body)
    assert parsed.shape != "text" and parsed.message.startswith("No available tokens")
    named = parse_body('event:message\ndata:{"body":"您的账号已经过期","type":"error"}\n\n')
    assert "您的账号已经过期" in named.strings


def test_an_event_stream_cut_mid_event_stays_text() -> None:
    body = 'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {"choices":[{"delta":{"con'
    assert parse_body(body).shape == "text"


def test_a_stream_of_successful_chunks_is_no_error() -> None:
    body = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n'
    assert not parse_body(body).error_envelope


def test_a_streamed_error_record_without_a_job_is_not_a_task() -> None:
    """Apps that end a stream with {"status": "error", "error_message": ...} report a failed
    request; a record that names a job (an id, a webhook payload) is still a failed task."""
    app = parse_body(json.dumps({
        "request_id": "5b1d", "response": None, "status": "error",
        "error_type": "unexpected_error",
        "error_message": "Error streaming messages: Error code: 401 - {'error': {'message': "
                         "'Authentication Fails, Your api key: ****7c2e is invalid'}}",
        "meta": {"agent_id": "ChatbotAgent"}}))
    assert app.task_status == ""
    webhook = parse_body(json.dumps({"error": "Invalid status code: 404", "payload": None,
                                     "request_id": "c97b", "status": "ERROR"}))
    assert webhook.task_status == "error"
    job = parse_body(json.dumps({"id": "gen_1", "status": "error", "error": "x"}))
    assert job.task_status == "error"
