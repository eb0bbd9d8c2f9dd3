"""The HTML report opened from a file in headless Chromium (zh and en): it renders, logs no
error (the page's CSP forbids every fetch, so any outside reference would be one), shows its
charts as inline SVG, and contains no key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from triage.cli import main

from tests.report.logs import leaked, write_log
from tests.serve.cdp import CHROMIUM, browser

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM, reason="needs Debian's chromium")]


def _problems(events: list[dict]) -> list[str]:
    out = []
    for event in events:
        if event.get("method") == "Log.entryAdded" and event["params"]["entry"]["level"] in (
                "error", "warning"):
            out.append(event["params"]["entry"].get("text", ""))
        if event.get("method") == "Runtime.exceptionThrown":
            out.append(str(event["params"])[:300])
        if event.get("method") == "Runtime.consoleAPICalled" and event["params"]["type"] in (
                "error", "warning", "assert"):
            out.append(str(event["params"])[:300])
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_renders_from_a_file(lang: str, tmp_path: Path) -> None:
    log, truth = write_log(tmp_path, "new-api-csv", 3000, bad_every=400)
    out = tmp_path / f"report-{lang}.html"
    assert main(["report", str(log), "--lang", lang, "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    html = out.read_text(encoding="utf-8")
    assert leaked(html, truth) == []
    assert not re.search(r"""(?:src|href)=["']?(?!https://triage\.example\.com/)[a-z]+:""",
                         html)
    assert "<script" not in html and "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only the SVG's own clip paths
    with browser(tmp_path / "profile") as chromium:
        page = chromium.new_page()
        try:
            page.navigate(out.as_uri())
            charts = page.evaluate("""Array.from(document.querySelectorAll('[data-chart] svg'))
                .map(s => [s.parentElement.dataset.chart, s.getBoundingClientRect().width,
                           s.getBoundingClientRect().height, s.querySelectorAll('path').length])""")
            title = page.evaluate("document.querySelector('h1').textContent")
            rows = page.evaluate("document.querySelectorAll('table tr').length")
            text = page.evaluate("document.body.innerText")
            page.screenshot(tmp_path / f"report-{lang}.png")
            problems = _problems(page.events)
        finally:
            page.close()
    assert problems == []
    assert {c[0] for c in charts} == {"sides", "families", "over_time", "models"}
    assert all(w > 200 and h > 50 and paths > 10 for _n, w, h, paths in charts)
    assert title == ("失败请求原因报告" if lang == "zh" else "Failed requests: causes")
    assert rows > 30
    assert f"{truth['failed']:,}" in text
    assert leaked(text, truth) == []
    assert (tmp_path / f"report-{lang}.png").stat().st_size > 10_000
