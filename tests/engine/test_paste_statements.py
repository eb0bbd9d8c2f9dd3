"""More ways pasted text states a status or hides a timeout (real pastes, sixth round): a CLI's
"API Error (503 ...)", a status with its phrase after a colon mid-line, and undici's header
timeout named only in the cause of a bare "fetch failed"."""

from __future__ import annotations

import pytest
from triage.facts.paste import read_paste_text


@pytest.mark.parametrize(("text", "status"), [
    ("API Error (503 upstream connect error or disconnect/reset before headers. reset reason: "
     "remote connection failure, transport failure reason: delayed connect error: Connection "
     "refused) · Retrying in 4 seconds… (attempt 4/10)", 503),
    ("Failed to connect to OpenRouter API: 404 Not Found {\"error\":{\"message\":\"No endpoints "
     "found\",\"code\":404}}", 404),
    ("Translation failed: 429 Too Many Requests", 429),
])
def test_statuses_stated_mid_line(text: str, status: int) -> None:
    p = read_paste_text(text)
    assert p.status == status
    assert p.kind == ""          # an HTTP answer came back: not a connection failure


@pytest.mark.parametrize("text", [
    "Retrying: 3 attempts left",            # a colon and a number that is not a status
    "Elapsed: 404 ms",                      # no reason phrase after it
])
def test_no_status_without_a_phrase(text: str) -> None:
    assert read_paste_text(text).status is None


def test_undici_header_timeout_in_the_cause_is_a_timeout() -> None:
    text = ("TypeError: fetch failed\n    at node:internal/deps/undici/undici:13185:13 {\n"
            "  [cause]: HeadersTimeoutError: Headers Timeout Error\n"
            "      at Timeout.onParserTimeout (node:internal/deps/undici/undici:5995:32) {\n"
            "    code: 'UND_ERR_HEADERS_TIMEOUT'\n  }\n}")
    assert read_paste_text(text).kind == "timeout"


def test_node_documentation_example_output_reads_status_and_body_not_headers() -> None:
    text = ('STATUS: 400\nHEADERS: {"server":"nginx","date":"Wed, 02 Dec 2026 11:00:00 GMT",'
            '"content-type":"application/json","x-request-id":"req_1","content-length":"120"}\n'
            'BODY: {"error":{"message":"This model\'s maximum context length is 16385 tokens.",'
            '"code":"context_length_exceeded"}}\nNo more data in response.')
    p = read_paste_text(text)
    assert p.status == 400
    assert "maximum context length" in p.body and "content-type" not in p.body


def test_a_header_map_alone_is_not_a_body() -> None:
    p = read_paste_text('HTTP 502\n{"server": "cloudflare", "cf-ray": "8f1", "content-type": '
                        '"text/html"}')
    assert "cloudflare" not in p.body


@pytest.mark.parametrize(("text", "status"), [
    ('FetchError: [POST] "http://127.0.0.1:8000/v1/chat/completions": 400 Bad Request', 400),
    ("tornado.httpclient.HTTPClientError: HTTP 401: Unauthorized", 401),
])
def test_statements_of_the_status_alone_are_not_bodies(text: str, status: int) -> None:
    p = read_paste_text(text)
    assert (p.status, p.body) == (status, "")


def test_tornado_599_is_its_own_timeout_not_a_status() -> None:
    p = read_paste_text("tornado.httpclient.HTTPClientError: HTTP 599: Timeout during request")
    assert p.status is None and p.kind == "timeout"


def test_docker_compose_prefixes_are_taken_off() -> None:
    text = ("api-1     | error ConnectionError: Unable to make request: TypeError: fetch failed\n"
            "api-1     |   [cause]: TypeError: fetch failed\n"
            "api-1     |     [cause]: HeadersTimeoutError: Headers Timeout Error\n"
            "api-1     |       code: 'UND_ERR_HEADERS_TIMEOUT'")
    assert read_paste_text(text).kind == "timeout"


def test_a_markdown_table_keeps_its_bars() -> None:
    text = "| status | body |\n|---|---|\n| 401 | invalid key |"
    assert "| status |" in read_paste_text(text).message


def test_react_native_network_request_failed_is_a_connection_failure() -> None:
    assert read_paste_text("TypeError: Network request failed").kind == "connect"


def test_a_reason_phrase_after_http_error_is_a_status() -> None:
    text = ("#> HTTP error : Too Many Requests (RFC 6585)\n"
            "#> Error in messages(.): Invalid parameter value.")
    p = read_paste_text(text)
    assert p.status == 429 and p.body == ""


@pytest.mark.parametrize(("text", "status"), [
    ("API Error: 502 请求转发失败: 上游请求失败: client error (SendRequest).", 502),
    ("Error OpenAI API error (400): {\"code\":\"MissingParameter\"}", 400),
    ("单条翻译失败：错误代码：429 - {'error': {'code': 'limit_requests'}}", 429),
])
def test_more_status_wordings(text: str, status: int) -> None:
    assert read_paste_text(text).status == status


@pytest.mark.parametrize(("text", "kind"), [
    ("SocketException: Failed host lookup: 'api.openai.com' (OS Error: Host sconosciuto. , "
     "errno = 11001)", "dns"),
    ("Could not resolve: api.openai.com (Could not contact DNS servers)", "dns"),
    ("ClientConnectorError(ConnectionKey(host='localhost', port=11434), "
     "ConnectionRefusedError(22, '远程计算机拒绝网络连接。', None, 1225, None))", "connect"),
])
def test_more_failure_kinds(text: str, kind: str) -> None:
    p = read_paste_text(text)
    assert p.status is None and p.kind == kind
