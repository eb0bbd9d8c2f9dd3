"""Units of the answer-page anatomy: the who-can-fix slot and fenced code."""

from __future__ import annotations

import pytest
from triage.escape import fence
from triage.loader.sources import load_sources
from triage.publish import pages
from triage.publish.site import Site

from .conftest import REPO
from .scan import SITE_URL


def test_who_can_fix_slot_renders_what_the_hook_returns(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    kb, _ = load_sources(REPO)
    site = Site.of(kb, SITE_URL)
    entry = site.entries[0]
    before = next(p for p in pages.render_pages(site) if p.key == f"answer/{entry.id}")
    assert "Who can fix this" not in before.body
    monkeypatch.setattr(pages, "who_can_fix", lambda s, e, lang: f"the <b>gateway</b> ({lang})")
    after = [p for p in pages.render_pages(site) if p.key == f"answer/{entry.id}"]
    en = next(p for p in after if p.lang == "en")
    zh = next(p for p in after if p.lang == "zh")
    assert "**Who can fix this:** the &lt;b&gt;gateway&lt;/b&gt; (en)" in en.body
    assert "谁能解决" in zh.body and "(zh)" in zh.copy


def test_fence_cannot_be_closed_by_the_code() -> None:
    out = fence({"lang": "python", "code": "x = 1\n```\n<script>\n````"})
    assert out.startswith("`````python\n") and out.endswith("\n`````")
    assert fence({"lang": "evil\nhtml", "code": "a"}) == "```text\na\n```"
