"""The pasted-text reader: status, body, exception chain, client, URL, retry-after from what
clients print; explicit ticket facts win; hostile pastes answer or exit 2 without a trace."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from triage.facts.paste import MAX_READ, read_paste_text, read_pasted
from triage.facts.read import read_facts

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-" + "Qx9" * 12          # key-shaped at run time only

OPENAI_401 = ("openai.AuthenticationError: Error code: 401 - {'error': {'message': "
              "'Incorrect API key provided.', 'type': 'invalid_request_error', 'param': None, "
              "'code': 'invalid_api_key'}}")
CHAINED = """Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/httpx/_transports/default.py", line 101, in map_
    yield
httpcore.ConnectError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/openai/_base_client.py", line 982, in request
    response = self._client.send(request, timeout=timeout)
httpx.ConnectError: [Errno 111] Connection refused

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "app.py", line 3, in <module>
    client.chat.completions.create(model="gpt-4o-mini", messages=[])
openai.APIConnectionError: Connection error.
"""


def test_openai_python_repr_body() -> None:
    p = read_paste_text(OPENAI_401)
    assert p.status == 401
    assert p.exception == "openai.AuthenticationError"
    assert p.client == "openai-python"
    assert '"code": "invalid_api_key"' in p.body and '"param": null' in p.body


def test_last_exception_wins_with_its_chain() -> None:
    p = read_paste_text(CHAINED)
    assert p.exception == "openai.APIConnectionError"
    assert p.chain == ("httpcore.ConnectError: [Errno 111] Connection refused",
                       "httpx.ConnectError: [Errno 111] Connection refused")
    assert p.status is None and p.kind == "connect"
    assert "File \"" not in p.message and "timeout=timeout" not in p.message
    _, read = read_pasted({"error": {"message": CHAINED}})
    assert ("caused_by", "httpx.ConnectError: [Errno 111] Connection refused") in read


def test_frames_do_not_decide_the_kind() -> None:
    # "timeout" in a code line of the traceback must not make this a timeout
    p = read_paste_text(CHAINED.replace("Connection refused", "No route to host"))
    assert p.kind == "connect"


@pytest.mark.parametrize(("text", "status"), [
    ("httpx.HTTPStatusError: Client error '404 Not Found' for url "
     "'https://gw.example.com/v1/v1/chat/completions'", 404),
    ("requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: "
     "https://gw.example.com/v1/chat/completions", 429),
    ("curl: (22) The requested URL returned error: 502", 502),
    ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nretry-after: 7\r\n\r\n"
     "{\"error\": {\"message\": \"busy\"}}", 503),
    ("请求失败，状态码：502，上游无响应", 502),
    ("level=error msg=\"relay failed\" status=429 model=gpt-4o", 429),
    ("AuthenticationError: 401 Incorrect API key provided\n    at APIError.generate "
     "(/app/node_modules/openai/error.js:44:20)", 401),
])
def test_status_in_many_shapes(text: str, status: int) -> None:
    assert read_paste_text(text).status == status


def test_url_retry_after_model_client() -> None:
    p = read_paste_text("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 20\r\n"
                        "x-request-id: req_abc123456\r\n\r\n"
                        "{\"error\": {\"message\": \"slow down\"}}")
    assert (p.status, p.retry_after, p.request_id, p.client) == (429, "20", "req_abc123456", "curl")
    p = read_paste_text("httpx.HTTPStatusError: Client error '404 Not Found' for url "
                        "'https://gw.example.com/v1/v1/chat/completions'\nFor more information")
    assert p.url == "https://gw.example.com/v1/v1/chat/completions" and p.client == "httpx"
    p = read_paste_text("litellm.NotFoundError: model=gpt-5-turbo. Received Model Group=gpt-5")
    assert p.model == "gpt-5-turbo"


def test_ansi_crlf_and_cut_text() -> None:
    text = "\x1b[1;31mopenai.BadRequestError\x1b[0m: Error code: 400 - {'error': {'message': 'ma"
    p = read_paste_text(text.replace("\n", "\r\n"))
    assert p.exception == "openai.BadRequestError" and p.status == 400
    assert p.body.startswith("{'error'")    # cut in the middle: the rest is kept as text


def test_ticket_facts_outrank_the_paste_and_are_noted(diagnoser: Any) -> None:
    raw = {"response": {"status": 500}, "error": {"message": OPENAI_401}}
    facts, read = read_pasted(raw)
    assert facts["response"]["status"] == 500
    assert read and ("status", "401") not in read   # the ticket's 500 stands
    result = diagnoser.diagnose({"error": {"message": OPENAI_401}})
    assert result["facts"]["response.status"] == 401
    assert result["facts"]["error.client"] == "openai-python"
    assert result["read"][0] == {"item": "status", "value": "401"}
    assert not any("pasted" in w for w in result["warnings"])
    assert result["diagnoses"][0]["family"] == "auth"
    from triage.rendering import render

    assert "Read from the pasted text: status 401; the error body" in render(result, "text", "en")
    zh = render(diagnoser.diagnose({"error": {"message": OPENAI_401}}, "zh"), "text", "zh")
    assert "从粘贴的文本中读取: 状态码 401；错误响应体" in zh
    assert "read from" not in zh


def test_plain_message_is_left_alone() -> None:
    raw = {"error": {"message": "something odd happened"}}
    assert read_pasted(raw) == (raw, [])


def test_deep_nesting_and_unterminated_quotes_are_text() -> None:
    deep = "openai.BadRequestError: Error code: 400 - " + "{'a': " * 5000 + "1" + "}" * 5000
    p = read_paste_text(deep)
    assert p.status == 400
    quotes = "Error code: 400 - {'error': {'message': 'x" + "'abc" * 20000
    assert read_paste_text(quotes).status == 400
    big = "x" * (MAX_READ * 8) + "\nopenai.RateLimitError: Error code: 429 - {'error': {}}"
    assert read_paste_text(big).status == 429


def _cli(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "triage", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120, check=False)


@pytest.mark.parametrize("payload", [
    ("openai.RateLimitError: Error code: 429 - {'error': {'message': 'limit for " + KEY + "'}}\n"
     + "y" * 100 + "\n") * 1 + ("z" * 99 + "\n") * 100_000,
    "Error code: 400 - " + "{'a': [" * 20000,
    "Error code: 401 - {'error': {'message': 'bad key " + KEY + "'" + "\"'" * 200_000,
])
def test_hostile_paste_answers_masked(payload: str) -> None:
    done = _cli(["diagnose", "-"], payload.encode())
    out = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0, out[-500:]
    assert "Traceback" not in out and KEY not in out
    assert done.stdout.strip()


def test_binary_paste_exits_2_with_one_line() -> None:
    done = _cli(["diagnose", "-"], bytes(range(256)) * 4000)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1 and "Traceback" not in done.stderr.decode()


def test_txt_and_log_files_and_stdin_text(tmp_path: Path, diagnoser: Any) -> None:
    for name in ("err.txt", "client.log"):
        path = tmp_path / name
        path.write_text("request: this is not YAML here\n" + OPENAI_401, encoding="utf-8")
        facts = read_facts(str(path))
        assert facts == {"error": {"message": path.read_text(encoding="utf-8")}}
    done = _cli(["diagnose", "-", "--format", "json"], OPENAI_401.encode())
    assert done.returncode == 0 and b'"family": "auth"' in done.stdout
    # a fact set on stdin is still a fact set
    done = _cli(["diagnose", "-", "--format", "json"], b"response: {status: 402}\n")
    assert b'"response.status": 402' in done.stdout
    # an error body alone (not a ticket) is read as pasted text, body included
    done = _cli(["diagnose", "-", "--format", "json"],
                b'{"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}')
    assert done.returncode == 0 and b'"family": "auth"' in done.stdout


def test_never_a_dead_end(diagnoser: Any) -> None:
    for facts, key in (({"response": {"status": 418}}, "4xx"),
                       ({"response": {"status": 599}}, "5xx"),
                       ({"error": {"message": "weird", "kind": "other"}}, "unknown"),
                       ({}, "unknown")):
        for lang in ("en", "zh"):
            result = diagnoser.diagnose(facts, lang)
            assert not result["diagnoses"]
            assert result["fallback"]["by"] == key
            assert result["fallback"]["next_steps"] and result["fallback"]["evidence"]
            assert result["ask"], facts
    from triage.rendering import render
    text = render(diagnoser.diagnose({"response": {"status": 418}}, "zh"), "text", "zh")
    assert "一般性建议" in text
    assert diagnoser.diagnose({"response": {"status": 401}})["diagnoses"]
    assert "fallback" not in diagnoser.diagnose({"response": {"status": 401}})


def test_wget_status_lines() -> None:
    """wget prints the status after the body it saved, in its own words."""
    body = '{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}}'
    quiet = read_paste_text(body + "http://127.0.0.1:8000/v1/messages:\n"
                            "2026-12-02 11:40:40 ERROR 404: Not Found.\n")
    assert quiet.status == 404 and "not_found_error" in quiet.body
    verbose = read_paste_text("Connecting to 127.0.0.1:8000... connected.\n"
                              "HTTP request sent, awaiting response... 429 Too Many Requests\n")
    assert verbose.status == 429
    assert read_paste_text("error 404 pages are cached for 5 minutes").status is None


def test_unset_node_property_is_not_a_kind() -> None:
    """'timeout: undefined' in a Node object dump does not make the failure a timeout."""
    dump = ("TypeError: terminated\n  [cause]: SocketError: other side closed\n"
            "    socket: {\n      timeout: undefined,\n      bytesRead: 622\n    }\n}")
    assert read_paste_text(dump).kind == "other"
    assert read_paste_text(dump.replace("undefined", "30000")).kind == "timeout"


@pytest.mark.parametrize("text", [
    "GnuTLS: An unexpected TLS packet was received.\nUnable to establish SSL connection.",
    "curl: (35) error:0A00010B:SSL routines::wrong version number",
    "OpenSSL: error:0A0000C6:SSL routines::packet length too long",
])
def test_tls_wordings_of_other_clients(text: str) -> None:
    from triage.facts.exceptions import error_kind
    assert error_kind(text) == "tls"
