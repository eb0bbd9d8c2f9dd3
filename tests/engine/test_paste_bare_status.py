"""A client that printed only the status (no body): the reader keeps the status, reads no
body out of the status phrase, and a bare 404 still gets an answer."""

from __future__ import annotations

import time
from typing import Any

import pytest
from triage.facts.paste import read_paste_text, read_pasted


@pytest.mark.parametrize(("text", "status"), [
    ("openai.NotFoundError: Error code: 404", 404),
    ("langchain_openai.chat_models.base.OpenAIModelNotFoundError: Error code: 404", 404),
    ("litellm.exceptions.BadRequestError: litellm.BadRequestError: OpenAIException - "
     "Error code: 400", 400),
    ("BadRequestError: 400 status code (no body)", 400),
    ("urllib.error.HTTPError: HTTP Error 404: Not Found", 404),
    ("Error: 503 Service Unavailable", 503),
])
def test_status_phrase_alone_is_not_a_body(text: str, status: int) -> None:
    p = read_paste_text(text)
    assert p.status == status
    assert p.body == ""
    facts, read = read_pasted({"error": {"message": text}})
    assert "body" not in facts.get("response", {})
    assert ("status", str(status)) in read and ("body", "") not in read


@pytest.mark.parametrize(("text", "body"), [
    ("openai.BadRequestError: Error code: 400 - Invalid model name", "Invalid model name"),
    ("openai.NotFoundError: Error code: 404 - model: claude-3-5-sonnet",
     "model: claude-3-5-sonnet"),
    ("openai.RateLimitError: Error code: 429 - 当前分组负载已饱和", "当前分组负载已饱和"),
    ("openai.NotFoundError: Error code: 404 - Not Found because the route is gone",
     "Not Found because the route is gone"),
])
def test_a_message_after_the_status_is_kept(text: str, body: str) -> None:
    assert read_paste_text(text).body == body


def test_http_error_status_is_read_in_a_traceback() -> None:
    text = ("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n"
            "    urlopen(req)\nurllib.error.HTTPError: HTTP Error 429: Too Many Requests\n")
    assert read_paste_text(text).status == 429


def test_long_hostile_status_line_is_quick() -> None:
    text = "Error code: 404 " + "Not Found " * 200_000
    start = time.monotonic()
    p = read_paste_text(text)
    assert time.monotonic() - start < 1.0
    assert p.status == 404


def test_bare_404_is_a_path_first_and_the_model_name_next(diagnoser: Any) -> None:
    """A 404 with no body at all: an API that cannot find a model says so in JSON, so the
    path comes first (likely), the model name next (a hint)."""
    result = diagnoser.diagnose({"error": {"message": "openai.NotFoundError: Error code: 404"}})
    rules = [d["rule"] for d in result["diagnoses"]]
    assert rules[:2] == ["not-found-page", "not-found-status"]
    assert result["diagnoses"][0]["family"] == "base_url"
    assert result["diagnoses"][1]["confidence"] < 0.5


def test_a_bare_404_whose_exception_names_the_model(diagnoser: Any) -> None:
    text = "langchain_openai.chat_models.base.OpenAIModelNotFoundError: Error code: 404"
    first = diagnoser.diagnose({"error": {"message": text}}, "en")["diagnoses"][0]
    assert first["rule"] == "not-found-status" and first["family"] == "model_not_found"
    assert first["confidence"] < 0.5


def test_a_404_with_a_path_message_is_not_the_bare_rule(diagnoser: Any) -> None:
    body = ('{"error": {"message": "Invalid URL (POST /v1/v1/chat/completions)", '
            '"type": "invalid_request_error"}}')
    result = diagnoser.diagnose({"response": {"status": 404, "body": body}}, "en")
    assert result["diagnoses"][0]["family"] == "base_url"
