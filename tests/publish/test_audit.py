"""One test per defect the audit of the built site found (see issue 16)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from .conftest import Built
from .scan import SITE_URL

LANGS = ("zh", "en")
ATOM = "{http://www.w3.org/2005/Atom}"


def _graph(scan: object) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for body in scan.jsonld():  # type: ignore[attr-defined]
        out += json.loads(body)["@graph"]
    return out


def test_every_page_has_open_graph_and_twitter_tags(site: Built) -> None:
    for path, scan in site.pages.items():
        if path.name != "index.html":
            continue
        meta = {a.get("property") or a.get("name"): a.get("content", "")
                for t, a in scan.tags if t == "meta"}
        rel = path.relative_to(site.out).as_posix()
        for key in ("og:title", "og:type", "og:url", "og:site_name", "twitter:card",
                    "twitter:title"):
            assert meta.get(key), (rel, key)
        assert meta["og:url"] == SITE_URL + rel.removesuffix("index.html"), rel
        if rel.startswith("zh/"):
            assert meta["og:locale"] == "zh_CN" and meta["og:locale:alternate"] == "en_US"
        if "/answers/" in rel:
            assert meta["og:type"] == "article" and meta.get("og:description"), rel


def test_root_page_marks_chinese_and_does_not_repeat_its_title(site: Built) -> None:
    root = site.out / "index.html"
    scan = site.pages[root]
    assert scan.title.strip() == "triage"
    sections = [a.get("lang") for t, a in scan.tags if t == "section"]
    assert sections == ["zh", "en"]
    html = root.read_text(encoding="utf-8")
    zh_part = html[html.index('<section lang="zh">'):html.index('<section lang="en">')]
    assert "中文" in zh_part and "故障排查" in zh_part


def test_structured_breadcrumbs_have_the_visible_middle_level(site: Built) -> None:
    rule = next(r for r in site.kb.rules if r.visibility == "public")
    checklist = next(iter(site.kb.checklists))
    for lang in LANGS:
        for page, middle in ((f"{lang}/rules/{rule.id}/", f"{lang}/rules/"),
                             (f"{lang}/checklists/{checklist}/", f"{lang}/checklists/")):
            scan = site.pages[site.out / page / "index.html"]
            crumbs = next(g for g in _graph(scan) if g["@type"] == "BreadcrumbList")
            items = crumbs["itemListElement"]
            assert [i["item"] for i in items] == [  # type: ignore[index]
                f"{SITE_URL}{lang}/", SITE_URL + middle, SITE_URL + page]
            visible = [a.get("href") for t, a in scan.tags if t == "a"]
            assert "../" in visible  # the middle level is a link on the page too


def test_feed_summaries_say_what_the_page_says(site: Built) -> None:
    for lang in LANGS:
        root = ET.fromstring((site.out / lang / "feed.xml").read_bytes())
        summaries = [e.findtext(f"{ATOM}summary") or "" for e in root.iter(f"{ATOM}entry")]
        assert summaries
        for text in summaries:
            assert len(text) > 40 and not text.startswith("First version"), text


def test_no_placeholder_shows_literally_on_rule_pages(site: Built) -> None:
    placeholder = re.compile(r"\{[a-z_]+\}")
    with_one = [r for r in site.kb.rules if r.visibility == "public" and any(
        "{base_url}" in s for s in r.text["en"].next_steps)]
    assert with_one, "the bundled rules no longer use {base_url}; pick another placeholder"
    for path, scan in site.pages.items():
        if "/rules/" in path.as_posix():
            assert not placeholder.search(scan.visible), path
    scan = site.pages[site.out / "en" / "rules" / with_one[0].id / "index.html"]
    assert "$BASE_URL/models" in scan.visible


def test_reader_text_names_no_internal_ids(site: Built) -> None:
    ids = sorted(site.kb.entries, key=len, reverse=True)
    token = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, ids)) + r")(?![\w/-])")
    mentioned = 0
    for ident, entry in site.kb.entries.items():
        for lang in LANGS:
            raw = json.dumps(entry.body[lang], ensure_ascii=False)
            mentioned += bool(token.search(raw.replace(entry.body[lang]["handoff"], "")))
            scan = site.pages[site.out / lang / "answers" / ident / "index.html"]
            found = token.findall(scan.visible)
            assert not found, (ident, lang, found[:3])
    assert mentioned, "no entry mentions another by id any more; the test needs one"
    boundaries = site.pages[site.out / "en/answers/model-not-found/index.html"]
    title = site.kb.entries["model-access-denied"].body["en"]["title"]
    assert title in boundaries.visible


def test_code_samples_are_real_code_blocks_everywhere(site: Built) -> None:
    with_code = [e for e in site.kb.entries.values() if e.body["en"].get("code")]
    assert with_code
    full = (site.out / "llms-full.txt").read_text(encoding="utf-8")
    for entry in with_code:
        for lang in LANGS:
            page = site.out / lang / "answers" / entry.id
            html = (page / "index.html").read_text(encoding="utf-8")
            copy = (page / "index.html.md").read_text(encoding="utf-8")
            for sample in entry.body[lang]["code"]:
                first = sample["code"].strip().split("\n")[0]
                assert f'<code class="language-{sample["lang"]}">' in html
                assert f"```{sample['lang']}\n{first}" in copy
                assert f"```{sample['lang']}\n{first}" in full


def test_answer_pages_have_the_ai_summary_and_more_short_answers(site: Built) -> None:
    for ident, entry in site.kb.entries.items():
        for lang in LANGS:
            scan = site.pages[site.out / lang / "answers" / ident / "index.html"]
            summary = [a for t, a in scan.tags if "triage-summary" in a.get("class", "")]
            assert len(summary) == 1, (ident, lang)
            article = next(g for g in _graph(scan) if g["@type"] == "TechArticle")
            assert article["speakable"]["cssSelector"] == [".triage-summary"]  # type: ignore
            assert str(article["abstract"]) in scan.visible
            if entry.related:
                other = site.kb.entries[entry.related[0]].body[lang]["question"]
                assert " ".join(str(other).split()) in scan.visible, (ident, lang)
