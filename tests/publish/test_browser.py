"""What a reader sees: the built site served on loopback, opened in headless chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from .browser import dump_dom, evaluate, have_chromium, page_requests, screenshot, serve
from .conftest import Built
from .scan import scan_html

pytestmark = [pytest.mark.slow, pytest.mark.browser,
              pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed")]

ENTRY = "model-not-found"


@pytest.fixture(scope="module")
def served(site: Built) -> Iterator[str]:
    with serve(site.out) as url:
        yield url


def _seen(dom: str, tmp_path: Path) -> str:
    page = tmp_path / "dom.html"
    return scan_html(page, dom).visible


def _words(text: str, n: int = 40) -> str:
    return " ".join(str(text).split())[:n]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_page_shows_the_questions(site: Built, served: str, tmp_path: Path,
                                       lang: str) -> None:
    dom = dump_dom(f"{served}{lang}/", tmp_path / "profile")
    assert f'<html lang="{lang}"' in dom
    seen = _seen(dom, tmp_path)
    for entry in site.kb.entries.values():
        assert _words(entry.body[lang]["title"]) in seen
        assert _words(entry.body[lang]["question"]) in seen
    assert "alert(" not in seen


def test_answer_page_shows_question_and_direct_answer(site: Built, served: str,
                                                      tmp_path: Path) -> None:
    body = site.kb.entries[ENTRY].body["zh"]
    url = f"{served}zh/answers/{ENTRY}/"
    seen = _seen(dump_dom(url, tmp_path / "profile"), tmp_path)
    for field in ("title", "question", "answer"):
        assert _words(body[field], 60) in seen, field
    assert seen.index(_words(body["answer"])) < seen.index(_words(body["basis"]))
    assert site.kb.entries[ENTRY].version in seen
    png = tmp_path / "answer.png"
    screenshot(url, png, tmp_path / "profile2")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_root_page_offers_both_languages(served: str, tmp_path: Path) -> None:
    seen = _seen(dump_dom(served, tmp_path / "profile"), tmp_path)
    assert "中文" in seen and "English" in seen


def test_chinese_search_finds_the_answer(site: Built, served: str, tmp_path: Path) -> None:
    title = _words(site.kb.entries["insufficient-balance-402"].body["zh"]["title"], 200)
    found = evaluate(f"{served}zh/?q={quote('余额不足')}",
                     "Array.from(document.querySelectorAll('.md-search-result__item h1'))"
                     ".map(e => e.textContent.trim()).join('\\n')", tmp_path / "profile")
    assert found, "no search results"
    # the index keeps jieba's word breaks as zero-width spaces; a reader does not see them
    titles = found.replace("\u200b", "").split("\n")
    assert titles[0] == title, titles[:5]


NETWORK_PAGES = ["", "zh/", "en/", f"zh/answers/{ENTRY}/", f"en/answers/{ENTRY}/",
                 "zh/rules/", "en/glossary/", "zh/errors/", "en/errors/"]


def test_no_page_makes_a_request_that_fails(site: Built, served: str, tmp_path: Path) -> None:
    """The audit: every page asked for several sitemap.xml files that do not exist."""
    rule = site.kb.rules[0].id if site.kb.rules[0].visibility == "public" else next(
        r.id for r in site.kb.rules if r.visibility == "public")
    bad: list[str] = []
    seen = 0
    for i, path in enumerate([*NETWORK_PAGES, f"en/rules/{rule}/"]):
        if not (site.out / path / "index.html").is_file():
            bad.append(f"{path}: no such page")
            continue
        log = page_requests(served + path, tmp_path / f"profile{i}")
        seen += len(log)
        for url, outcome in log:
            if url.startswith("data:"):
                continue
            if not url.startswith(served):
                bad.append(f"{path}: {url} left the site ({outcome})")
            elif outcome == "pending":
                # a worker's own requests are answered in the worker's session: the file
                # must exist all the same
                if not (site.out / url[len(served):].split("?")[0]).is_file():
                    bad.append(f"{path}: {url} -> no such file")
            elif outcome not in ("200", "304"):
                bad.append(f"{path}: {url} -> {outcome}")
        assert any(url.endswith(("search_index.json", ".js")) for url, _o in log), path
    assert seen > 10
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_language_searches_only_its_own_index(served: str, tmp_path: Path,
                                                lang: str) -> None:
    # "model" and "API" are words of both languages' pages
    found = evaluate(f"{served}{lang}/?q=model%20API",
                     "Array.from(document.querySelectorAll('.md-search-result__item a'))"
                     ".map(e => e.href).join('\\n')", tmp_path / "profile")
    assert found, "no search results"
    hrefs = found.split("\n")
    assert len(hrefs) > 3
    assert all(h.startswith(f"{served}{lang}/") for h in hrefs), hrefs[:5]


def test_a_pasted_chinese_error_message_lands_on_its_error_page(site: Built, served: str,
                                                                tmp_path: Path) -> None:
    import json

    data = json.loads((site.out / "data" / "errors.json").read_text(encoding="utf-8"))
    item = next(e for e in data["errors"] if e["id"] == "newapi-403-token-no-model-access")
    pasted = item["message"].split(" (request id")[0]      # what a user would paste
    found = evaluate(f"{served}zh/?q={quote(pasted)}",
                     "Array.from(document.querySelectorAll('.md-search-result__item a'))"
                     ".map(e => e.href).join('\\n')", tmp_path / "profile")
    assert found, "no search results"
    page = item["urls"]["zh"]["html"].split("#")[0].removeprefix("https://triage.example.com/")
    assert found.split("\n")[0].startswith(f"{served}{page}?"), found.split("\n")[:3]
