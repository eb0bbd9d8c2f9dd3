"""Perl and PHP as they print a failed call (sixth round of clients): PHP's http stream
wrapper states the status in its warning; Perl's LWP and HTTP::Tiny make up a status (500,
599) for a failure of their own, which is no HTTP answer at all; the openai package before
1.0 words a status as "HTTP code N from API"."""

from __future__ import annotations

from typing import Any

import pytest
from triage.facts.paste import read_paste_text

PHP = ("PHP Warning:  file_get_contents(http://127.0.0.1:8000/v1/chat/completions): Failed to "
       "open stream: ")


@pytest.mark.parametrize(("text", "status"), [
    (PHP + "HTTP request failed! HTTP/1.1 401 Unauthorized\n in /var/www/chat.php on line 35",
     401),
    (PHP + "HTTP request failed! HTTP/1.0 429 Too Many Requests\r\n in /app/x.php on line 9",
     429),
    ("openai.error.APIError: HTTP code 502 from API (<html><head><title>502 Bad Gateway"
     "</title></head></html>)", 502),
    ("Request failed: 404 Not Found at bot.pl line 62.", 404),
])
def test_the_status_they_state(text: str, status: int) -> None:
    assert read_paste_text(text).status == status


@pytest.mark.parametrize(("text", "kind"), [
    ("Request failed: 500 Can't connect to api.gateway-example.invalid:443 (Name or service "
     "not known) at bot.pl line 62.", "dns"),
    ("Request failed: 500 Can't connect to 127.0.0.1:8000 (SSL connect attempt failed "
     "error:0A00010B:SSL routines::wrong version number) at bot.pl line 62.", "tls"),
    ("Request failed: 500 Can't connect to 127.0.0.1:8001 (Connection refused)", "connect"),
    ("500 read timeout\nClient-Warning: Internal response", "timeout"),
    ("Request failed: 599 Internal Exception\nCould not connect to 'api.example.invalid:443': "
     "Name or service not known", "dns"),
    ("Request failed: 599 Internal Exception\nTimed out while waiting for socket to become "
     "ready for reading", "timeout"),
    ("Request failed: 599 Internal Exception at bot.pl line 62.", "connect"),
    (PHP + "HTTP request failed! in /var/www/chat.php on line 35", "timeout"),
    (PHP + "Connection refused in /var/www/chat.php on line 35", "connect"),
    ("AbortError: This operation was aborted", "timeout"),
])
def test_no_http_answer_and_its_kind(text: str, kind: str) -> None:
    p = read_paste_text(text)
    assert p.status is None, text
    assert p.kind == kind


def test_a_real_500_from_lwp_is_still_a_status() -> None:
    assert read_paste_text("Request failed: 500 Internal Server Error\n{\"error\": {\"message\": "
                           "\"upstream failed\"}}").status == 500


def test_php_warning_asks_for_the_body_the_php_way(diagnoser: Any) -> None:
    text = PHP + "HTTP request failed! HTTP/1.1 401 Unauthorized\n in /var/www/chat.php on line 35"
    result = diagnoser.diagnose({"error": {"message": text}}, "en")
    assert result["diagnoses"][0]["family"] == "auth"
    assert result["ask"][0]["fact"] == "response.body"
    assert "ignore_errors" in result["ask"][0]["why"]
