"""The console in headless Chromium against a real server: paste a corpus error, read the
first cause and the next question, answer it, and take a screenshot."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.corpus import corpus_cases

from .cdp import CHROMIUM, Page, browser
from .conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed")]


def _case(case_id: str) -> dict[str, Any]:
    return next(c for c in corpus_cases() if c["id"] == case_id)


def _type(page: Page, element_id: str, text: str) -> None:
    """Focus a field and insert text as a paste would."""
    page.evaluate(f"document.getElementById({json.dumps(element_id)}).focus()")
    page.call("Input.insertText", text=text)


def _submit(page: Page, selector: str) -> None:
    page.events = [e for e in page.events if e.get("method") != "Page.loadEventFired"]
    page.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
    page.wait_event("Page.loadEventFired")


def _problems(page: Page) -> list[str]:
    """Errors the page logged: CSP violations, failed loads, script exceptions."""
    out = []
    for event in page.events:
        if event.get("method") == "Log.entryAdded" and event["params"]["entry"]["level"] in (
                "error", "warning"):
            out.append(event["params"]["entry"].get("text", ""))
        if event.get("method") == "Runtime.exceptionThrown":
            out.append(str(event["params"])[:300])
    return out


def test_paste_in_the_console(live_server: LiveServer, tmp_path: Path) -> None:
    case = _case("oneapi-403-token-model-forbidden")
    shots = Path(os.environ.get("TRIAGE_SCREENSHOT_DIR") or tmp_path)
    with browser(tmp_path / "profile") as chromium:
        page = chromium.new_page()
        page.navigate(live_server.url)  # / → /en/ by the browser's Accept-Language
        assert page.evaluate("location.pathname") == "/en/"
        _type(page, "f-text", case["body"])
        _type(page, "f-response-status", "403")
        _type(page, "f-request-model", case["model"])
        _submit(page, "form.diagnose button.primary")

        assert page.evaluate("location.pathname") == "/en/diagnose"
        first = page.evaluate("document.querySelector('#first code.family').textContent")
        assert first.split(".")[0] == case["label"] == "model_access"
        asked = page.evaluate(
            "[...document.querySelectorAll('#next [data-fact]')].map(e => e.dataset.fact)")
        assert "account.key_models" in asked and "account.group" in asked
        # the local script ran under the strict CSP: the copy button is shown
        assert page.evaluate("document.querySelector('button.copy').hidden") is False
        handoff = page.evaluate("document.getElementById('handoff').value")
        assert "model_access.forbidden" in handoff and handoff.startswith("# Support handoff")
        page.screenshot(shots / "console-result.png")

        # answer the next question in the pre-filled form
        _type(page, "f-account-key-models", "gpt-4o-mini")
        _submit(page, "#next button")
        asked = page.evaluate(
            "[...document.querySelectorAll('#next [data-fact]')].map(e => e.dataset.fact)")
        assert "account.key_models" not in asked
        assert page.evaluate("document.getElementById('f-account-key-models').value") == \
            "gpt-4o-mini"
        first = page.evaluate("document.querySelector('#first code.family').textContent")
        assert first.startswith("model_access")

        # the answer entry it links to
        _submit(page, "#first .faq a")
        assert page.evaluate("location.pathname") == "/en/kb/model-access-denied"
        assert page.evaluate("document.querySelector('h1').textContent")
        assert _problems(page) == []
        page.close()


def test_dump_dom_of_a_get_submission(live_server: LiveServer, tmp_path: Path) -> None:
    case = _case("openai-insufficient-quota-429-code")
    url = live_server.url + "zh/diagnose?" + urlencode({"text": case["body"],
                                                        "response.status": "429"})
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-proxy-server",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True, timeout=60, check=False, start_new_session=True)
    dom = done.stdout.decode("utf-8", errors="replace")
    assert '<html lang="zh-CN">' in dom, done.stderr[-2000:]
    family = re.search(r'id="first">.*?<code class="family">([^<]+)</code>', dom, re.S)
    assert family and family.group(1).startswith(case["label"] + ".")
    assert 'data-fact="account.balance"' in dom and "优先检查" in dom
