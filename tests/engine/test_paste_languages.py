"""What clients in other languages print (third round of the pasted corpus): Ruby's Faraday,
PHP's Guzzle, Go's net/http, Java's HttpClient, Node's axios and AI SDK, pydantic-ai and
mistralai. Each reader path has cases where it must read something and cases where it must
not."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from triage.facts.paste import read_paste_text, read_pasted

_AXIOS_FULL = """400 {
  error: {
    message: "litellm.BadRequestError: The response was filtered due to the prompt\\n" +
      '\\n' +
      "LiteLLM: model group 'gpt-4o-mini' failed.",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: [Object] }
  }
}
AxiosError: Request failed with status code 400
    at settle (/app/node_modules/axios/dist/node/axios.cjs:2090:12)
    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/dist/node/axios.cjs:3207:11) {
  code: 'ERR_BAD_REQUEST',
  status: 400
}"""


@pytest.mark.parametrize(("text", "status"), [
    ("Faraday::UnauthorizedError: the server responded with status 401", 401),
    ("Client error: `POST http://127.0.0.1:8000/v1/chat/completions` resulted in a `422 "
     "Unprocessable Entity` response:\n{\"error\":{\"message\":\"bad role\"} (truncated...)", 422),
    ("mistralai.client.errors.sdkerror.SDKError: API error occurred: Status 429. Body: {}", 429),
    ("413 Request Entity Too Large {\"type\":\"error\"}\n2026/12/02 15:12:44 request failed: "
     "413 Request Entity Too Large", 413),
    ("AI_APICallError: Not Found", 404),
    ("AI_APICallError: litellm.BadRequestError: LLM Provider NOT provided. You passed "
     "model=mistral-7b", 400),
    (_AXIOS_FULL, 400),
    ("System.Net.Http.HttpRequestException: Response status code does not indicate success: "
     "401 (Unauthorized).", 401),
    ("Invoke-RestMethod : The remote server returned an error: (429) Too Many Requests.", 429),
    ("Error: HTTP status client error (404 Not Found) for url "
     "(https://api.example.com/v1/chat/completions)", 404),
    ('Exception in thread "main" retrofit2.adapter.rxjava2.HttpException: HTTP 401 '
     "Unauthorized\n\tat retrofit2.adapter.rxjava2.BodyObservable.onNext(BodyObservable.java:57)",
     401),
    ("org.springframework.ai.retry.NonTransientAiException: HTTP 404 - 404 page not found", 404),
    ("org.springframework.ai.retry.NonTransientAiException: 400 - {\n  \"error\": {\n    "
     "\"code\": \"context_length_exceeded\"\n  }\n}\n\tat org.example.Chat.call(Chat.java:1)", 400),
    ("System.ClientModel.ClientResultException: HTTP 401 (invalid_request_error: "
     "invalid_api_key)", 401),
    ('10.0.0.5 - - [02/Dec/2026:11:00:00 +0000] "POST /v1/chat/completions HTTP/1.1" 404 153 '
     '"-" "OpenAI/Python 1.52.0"', 404),
    ("java.io.IOException: Unexpected code Response{protocol=http/1.1, code=429, "
     "message=Too Many Requests, url=http://127.0.0.1:8000/v1/chat/completions}", 429),
    # fifth round: Java's HttpURLConnection, Ruby's Net::HTTP, a PHP curl script
    ("java.io.IOException: Server returned HTTP response code: 429 for URL: "
     "https://api.example.com/v1/chat/completions\n\tat java.base/sun.net.www.protocol.http."
     "HttpURLConnection.getInputStream0(HttpURLConnection.java:2037)", 429),
    ("java.io.FileNotFoundException: https://api.example.com/v1/v1/chat/completions", 404),
    ('401 "Unauthorized"', 401),
    ("/usr/lib/ruby/3.1.0/net/http/response.rb:124:in `error!': 529 \"\" "
     "(Net::HTTPFatalError)\n\tfrom app.rb:12:in `<main>'", 529),
    ('HTTP 401: {"message":"Unauthorized","request_id":"abc"}', 401),
    ("azure.core.exceptions.HttpResponseError: (403) Public access is disabled.", 403),
    ("aiohttp.client_exceptions.ClientResponseError: 401, message='Unauthorized', "
     "url='https://api.example.com/v1/chat/completions'", 401),
    ("时间[请求失败: 429]: 稍后再试", 429),
    ("503 Service temporarily unavailable (1b1c5c13/17fedf72)", 503),
    ('Error: API request failed with status 422. Body: "Failed to deserialize"', 422),
    ("gtp request error: gtp api status code not equals 200,code is 401", 401),
])
def test_statuses_as_other_languages_print_them(text: str, status: int) -> None:
    assert read_paste_text(text).status == status


@pytest.mark.parametrize("text", [
    "the job finished with status complete",
    "Processed 404 records; 3 Not Found in the archive",
    "AI_APICallError: Bad Request for the new report builder",
    "Faraday::Error: could not connect",
    "We moved the site to HTTP 2 last week and saw http 404 pages",
    "the HTTP/1.1 parser returned 200 items",
    "java.io.FileNotFoundException: /etc/app/config.yaml (No such file or directory)",
    'He said 404 "was fine" yesterday and left',
    "aiohttp.client_exceptions.ClientPayloadError: Response payload is not completed: "
    "<TransferEncodingError: 400, message='Not enough data to satisfy transfer length header.'>",
    # the app's own access log beside a connection failure is not the API's answer
    "This error occurs: aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host "
    "chatgpt.com:443 ssl:default\nINFO:werkzeug:127.0.0.1 - - [23/May/2024 22:25:15] "
    '"POST /backend-api/v2/conversation HTTP/1.1" 200 -',
    "the build exit code is 137 after the status code check",
])
def test_no_status_where_none_was_given(text: str) -> None:
    assert read_paste_text(text).status is None


@pytest.mark.parametrize("text", [
    "Faraday::ServerError: the server responded with status 503",
    "Server error: `POST http://127.0.0.1:8000/v1/chat/completions` resulted in a `529 ` "
    "response",
    "AxiosError: Request failed with status code 503",
    "System.Net.Http.HttpRequestException: Response status code does not indicate success: "
    "503 (Service Unavailable).",
    "Error: HTTP status server error (503 Service Unavailable) for url "
    "(https://api.example.com/v1/chat/completions)",
    "retrofit2.HttpException: HTTP 503 Service Unavailable",
    "java.io.IOException: Unexpected code Response{protocol=h2, code=503, message=, "
    "url=https://api.example.com/v1/chat/completions}",
    "java.io.IOException: Server returned HTTP response code: 503 for URL: "
    "https://api.example.com/v1/chat/completions",
    '503 "Service Unavailable"',
    "response.rb:124:in `error!': 503 \"Service Unavailable\" (Net::HTTPFatalError)",
])
def test_a_statement_of_the_status_is_not_a_body(text: str) -> None:
    p = read_paste_text(text)
    assert p.status is not None and p.body == ""


def test_spring_nested_class_and_its_quoted_body() -> None:
    text = ("org.springframework.web.client.HttpClientErrorException$Unauthorized: 401 "
            'Unauthorized: "{"error":{"message":"Incorrect API key provided","code":'
            '"invalid_api_key"}}"\n\tat org.springframework.web.client.HttpClientErrorException'
            ".create(HttpClientErrorException.java:106)")
    p = read_paste_text(text)
    assert p.exception.endswith("HttpClientErrorException$Unauthorized")
    assert p.status == 401 and json.loads(p.body)["error"]["code"] == "invalid_api_key"


def test_node_object_dump_is_read_as_the_body() -> None:
    p = read_paste_text(_AXIOS_FULL)
    body = json.loads(p.body)
    assert body["error"]["code"] == "content_filter"
    assert body["error"]["message"].startswith("litellm.BadRequestError: The response was")
    assert "\n\nLiteLLM: model group" in body["error"]["message"]   # the + joins the parts
    assert body["error"]["innererror"]["content_filter_result"] is None    # [Object]


@pytest.mark.parametrize("text", [
    "400 { error: { message: getMessage(), code: 1 } }",         # a call is not data
    "400 { error: { message: 'unterminated } }",
    "400 { a: b }",
])
def test_code_like_objects_are_not_bodies(text: str) -> None:
    body = read_paste_text(text).body
    with pytest.raises(ValueError):
        json.loads(body)


def test_node_dump_of_a_task_envelope_in_a_2xx() -> None:
    text = ("200 {\n  id: '1700000000',\n  action: 'IMAGINE',\n  status: 'FAILURE',\n"
            "  failReason: 'Job failed'\n}\nTypeError: Cannot read properties of undefined "
            "(reading '0')\n    at main (/app/index.js:12:30)")
    p = read_paste_text(text)
    assert p.status == 200 and json.loads(p.body)["status"] == "FAILURE"


def test_java_caused_by_chain_gives_the_root_cause_kind() -> None:
    text = ("java.net.ConnectException\n\tat java.net.http/jdk.internal.net.http.HttpClientImpl"
            ".send(HttpClientImpl.java:573)\n\tat RunJava.main(RunJava.java:80)\nCaused by: "
            "java.net.ConnectException\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)"
            "\nCaused by: java.nio.channels.UnresolvedAddressException\n\tat java.base/sun.nio.ch"
            ".Net.checkAddress(Net.java:149)\n\t... 33 more\n")
    p = read_paste_text(text)
    assert p.exception == "java.nio.channels.UnresolvedAddressException"
    assert p.chain[0].startswith("java.net.ConnectException")
    assert p.kind == "dns"


@pytest.mark.parametrize(("text", "kind"), [
    ("java.net.ConnectException", "connect"),
    ("javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?", "tls"),
    ("Get \"https://127.0.0.1:8000/v1/models\": tls: first record does not look like a TLS "
     "handshake", "tls"),
    ("java.net.UnknownHostException: api.gateway-example.invalid", "dns"),
])
def test_java_and_go_failure_kinds(text: str, kind: str) -> None:
    assert read_paste_text(text).kind == kind


@pytest.mark.parametrize(("text", "exception"), [
    ("Faraday::ConnectionFailed: Failed to open TCP connection to 127.0.0.1:8001",
     "Faraday.ConnectionFailed"),
    ("pydantic_ai.exceptions.UnexpectedModelBehavior: Invalid response, expected JSON data",
     "pydantic_ai.exceptions.UnexpectedModelBehavior"),
])
def test_exception_names_without_an_error_suffix(text: str, exception: str) -> None:
    assert read_paste_text(text).exception == exception


@pytest.mark.parametrize("text", [
    "Note: the settings.page: was updated",            # a dotted word, not an exception module
    "app.errors: 3 rows were skipped",                  # a module path with no class after it
    "summary::totals: 3 rows",                          # Ruby-like, but not a class name
])
def test_ordinary_lines_are_not_exceptions(text: str) -> None:
    p = read_paste_text(text)
    assert p.exception == "" and p.status is None


def test_langchain_troubleshooting_link_is_not_evidence() -> None:
    text = ("Error: 404 Invalid URL (POST /v1/v1/chat/completions)\n\nTroubleshooting URL: "
            "https://docs.langchain.com/oss/javascript/langchain/errors/MODEL_NOT_FOUND/\n")
    p = read_paste_text(text)
    assert "MODEL_NOT_FOUND" not in p.message and "langchain.com" not in p.url


def test_a_long_chained_traceback_keeps_its_last_exception(diagnoser: Any) -> None:
    frames = "".join(f"  File \"/app/lib{i}.py\", line {i}, in call\n    x = y({i})\n"
                     f"RuntimeError: wrapped {i}\n\nThe above exception was the direct cause "
                     "of the following exception:\n\n" for i in range(60))
    text = ("Traceback (most recent call last):\n" + frames + "pydantic_ai.exceptions."
            "UnexpectedModelBehavior: Invalid response from openai chat completions endpoint, "
            "expected JSON data")
    facts, _ = read_pasted({"error": {"message": text}})
    assert facts["error"]["message"].endswith("expected JSON data")
    result = diagnoser.diagnose({"error": {"message": text}})
    assert result["diagnoses"][0]["cause"] == "base_url.web_page"


def test_hostile_node_dump_is_quick() -> None:
    text = "400 " + "{ a: [Object] +" * 20000 + "}" * 20000
    start = time.perf_counter()
    read_paste_text(text)
    assert time.perf_counter() - start < 1.0


def test_the_body_message_is_shown_once(diagnoser: Any) -> None:
    text = ("openai.AuthenticationError: Error code: 401 - {'error': {'message': '无效的令牌 "
            "(request id: 2025031409154419962040313884702)', 'type': 'new_api_error'}}")
    shown = diagnoser.diagnose({"error": {"message": text}})["facts"]["body.message"]
    assert shown == "无效的令牌 (request id: 2025031409154419962040313884702)"


def test_httpx_log_line_gives_status_and_url() -> None:
    text = ('2024-08-30 16:07:18,677 INFO: HTTP Request: POST http://127.0.0.1:11434/chat/'
            'completions "HTTP/1.1 404 Not Found"\n2024-08-30 16:07:18,678 ERROR: Error while '
            "generating response")
    p = read_paste_text(text)
    assert p.status == 404 and p.url == "http://127.0.0.1:11434/chat/completions"


def test_a_connect_timeout_is_a_network_failure() -> None:
    text = ("TimeoutError: [Errno 110] Connection timed out\n\nDuring handling of the above "
            "exception, another exception occurred:\n\nurllib3.exceptions.ConnectTimeoutError: "
            "(<urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to relay.example "
            "timed out. (connect timeout=10)')")
    assert read_paste_text(text).kind == "connect"



def test_an_apps_stock_network_hint_is_not_evidence(diagnoser: Any) -> None:
    text = ("出错了，下面是一些报错信息：\nRequest timed out after 12000 ms\n"
            "如果是网络问题，建议优化网络，比如打开/切换代理等。")
    facts, read = read_pasted({"error": {"message": text}})
    assert read == [] and "代理" not in facts["error"]["message"]
    result = diagnoser.diagnose({"error": {"message": text}})
    assert result["facts"]["error.kind"] == "timeout"
    assert result["diagnoses"][0]["cause"] == "timeout.client"


@pytest.mark.parametrize("lead", ["请求地址为 ", "请求地址：", "接口地址: ", "Request URL: "])
def test_a_url_named_in_words_is_read(lead: str) -> None:
    text = (f"获取模型失败，{lead}https://ark.cn-beijing.volces.com/api/coding/v3/v1/models\n"
            "加载该 API 凭据的模型失败，请求失败: 401")
    p = read_paste_text(text)
    assert p.url == "https://ark.cn-beijing.volces.com/api/coding/v3/v1/models"


def test_a_version_segment_after_another_is_a_doubled_path(diagnoser: Any) -> None:
    """A base URL that ends in its own version (/api/coding/v3) with the client's /v1 after it."""
    text = ("获取模型失败，请求地址为 https://ark.cn-beijing.volces.com/api/coding/v3/v1/models\n"
            "加载该 API 凭据的模型失败，请求失败: 401")
    first = diagnoser.diagnose({"error": {"message": text}})["diagnoses"][0]
    assert first["rule"] == "base-url-doubled-path"
    one = diagnoser.diagnose({"request": {"url": "https://gw.example.com/v1/models"}})
    assert one["facts"]["url.doubled_path"] is False
