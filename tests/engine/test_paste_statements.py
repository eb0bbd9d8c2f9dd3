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
