"""The built site, read back: pages, links, machine files, schemas, sitemap, feeds, search."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from .conftest import Built
from .scan import SITE_URL, bad_url, markdown_tags, page_address, resolve

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGS = ("zh", "en")


def _md_link(scan_links: list[dict[str, str]]) -> list[str]:
    return [a.get("href", "") for a in scan_links
            if a.get("rel") == "alternate" and a.get("type") == "text/markdown"]


def test_every_internal_link_resolves(site: Built) -> None:
    missing = []
    for path, scan in site.pages.items():
        base = page_address(site.out, path)
        for tag, attr, url in scan.links:
            if url.startswith(("mailto:", "#")) and not url.startswith("#/"):
                if url.startswith("#") and len(url) > 1 and url[1:] not in scan.ids:
                    missing.append(f"{path.relative_to(site.out)}: {tag} {attr}={url}")
                continue
            target = resolve(site.out, base, url)
            if target is None:
                continue
            file, fragment = target
            if not file.is_file():
                missing.append(f"{path.relative_to(site.out)}: {tag} {attr}={url}")
            elif fragment and file.suffix == ".html" and fragment not in site.pages[file].ids:
                missing.append(f"{path.relative_to(site.out)}: {url} (no #{fragment})")
    assert not missing, "\n".join(missing[:20])


def test_pages_parse_and_have_one_language_and_a_canonical_link(site: Built) -> None:
    assert len(site.pages) > 50
    for path, scan in site.pages.items():
        rel = path.relative_to(site.out).as_posix()
        if rel == "404.html":
            continue
        assert scan.title.strip(), rel
        expected = rel.split("/", 1)[0] if rel.startswith(LANGS) else "en"
        assert scan.lang == expected, rel
        canonical = [a["href"] for a in scan.link_tags if a.get("rel") == "canonical"]
        assert canonical == [page_address(site.out, path)], rel
        assert not scan.handlers, (rel, scan.handlers[:3])
        assert not [u for _t, _a, u in scan.links if bad_url(u)], rel


def test_every_answer_in_both_languages_with_its_machine_copies(site: Built) -> None:
    assert site.kb.entries
    for ident, entry in site.kb.entries.items():
        for lang in LANGS:
            html = site.out / lang / "answers" / ident / "index.html"
            copy = html.with_name("index.html.md")
            assert html.is_file() and copy.is_file(), (ident, lang)
            scan = site.pages[html]
            assert _md_link(scan.link_tags) == ["index.html.md"], (ident, lang)
            hreflangs = {a.get("hreflang"): a["href"] for a in scan.link_tags
                         if a.get("rel") == "alternate" and a.get("hreflang")}
            assert set(hreflangs) == {"zh", "en", "x-default"}
            assert hreflangs["zh"] == f"{SITE_URL}zh/answers/{ident}/"
            assert hreflangs["en"] == f"{SITE_URL}en/answers/{ident}/"
            body = entry.body[lang]
            visible = scan.visible
            for field in ("question", "answer"):
                assert " ".join(str(body[field]).split())[:40] in visible, (ident, field)
            text = copy.read_text(encoding="utf-8")
            assert text.startswith(("[", "#")) and f"{SITE_URL}{lang}/answers/{ident}/" in text
            assert not markdown_tags(text), (ident, markdown_tags(text)[:3])


def test_json_ld_on_answer_pages(site: Built) -> None:
    for path, scan in site.pages.items():
        blocks = scan.jsonld()
        for raw in blocks:
            assert "</script" not in raw.lower() and "<" not in raw
            json.loads(raw)
        m = re.search(r"/(zh|en)/answers/([^/]+)/index\.html$", path.as_posix())
        if not m:
            continue
        lang, ident = m.groups()
        entry = site.kb.entries[ident]
        assert len(blocks) == 1, path
        graph = {node["@type"]: node for node in json.loads(blocks[0])["@graph"]}
        article, faq, crumbs = graph["TechArticle"], graph["FAQPage"], graph["BreadcrumbList"]
        assert article["dateModified"] == entry.changed
        assert article["inLanguage"] == lang and article["version"] == entry.version
        assert article["url"] == f"{SITE_URL}{lang}/answers/{ident}/"
        questions = [q["name"] for q in faq["mainEntity"]]
        assert questions == [" ".join(f["q"].split()) for f in entry.body[lang]["followups"]]
        assert all(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert items[-1]["item"] == article["url"]


def test_sitemap_dates_and_reciprocal_alternates(site: Built) -> None:
    root = ET.parse(site.out / "sitemap.xml").getroot()
    urls = {u.findtext(f"{SM}loc") or "": u for u in root.findall(f"{SM}url")}
    pages = {page_address(site.out, p) for p in site.pages if p.name == "index.html"}
    assert set(urls) == pages
    groups: dict[str, dict[str, str]] = {}
    for loc, u in urls.items():
        target = resolve(site.out, SITE_URL, loc)
        assert target is not None and target[0].is_file(), loc
        alts = {a.get("hreflang", ""): a.get("href", "") for a in u.findall(f"{XHTML}link")}
        if alts:
            assert {"zh", "en", "x-default"} <= set(alts), loc
            assert loc in alts.values(), loc
            groups[loc] = alts
    for loc, alts in groups.items():
        for other in alts.values():
            assert groups.get(other) == alts, f"{loc} → {other} is not reciprocal"
    for ident, entry in site.kb.entries.items():
        for lang in LANGS:
            node = urls[f"{SITE_URL}{lang}/answers/{ident}/"]
            assert node.findtext(f"{SM}lastmod") == entry.changed
    dates = [u.findtext(f"{SM}lastmod") or "" for u in urls.values()]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    for home in (SITE_URL, f"{SITE_URL}zh/", f"{SITE_URL}en/"):
        assert urls[home].findtext(f"{SM}lastmod") == max(dates)


def test_json_files_validate_against_the_schemas_beside_them(site: Built) -> None:
    names = sorted(p for p in (site.out / "data").glob("*.json")
                   if not p.name.endswith(".schema.json"))
    assert [p.stem for p in names] == ["checklists", "entries", "errors", "glossary", "rules"]
    for path in names:
        raw = path.read_text(encoding="utf-8")
        assert "<" not in raw and ">" not in raw
        data = json.loads(raw)
        schema_path = path.with_name(f"{path.stem}.schema.json")
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        errors = list(Draft202012Validator(schema).iter_errors(data))
        assert not errors, (path.name, errors[0].message)
        assert data["$schema"] == f"{SITE_URL}data/{path.stem}.schema.json"
        assert data["count"] == len(data[path.stem])
    entries = json.loads((site.out / "data" / "entries.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in entries["entries"]} == set(site.kb.entries)
    rules = json.loads((site.out / "data" / "rules.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in rules["rules"]} == {
        r.id for r in site.kb.rules if r.visibility == "public"}


def test_every_other_json_file_parses(site: Built) -> None:
    for path in site.out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["llms.txt", "zh/llms.txt", "en/llms.txt"])
def test_llms_txt_format(site: Built, name: str) -> None:
    lines = (site.out / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and lines[1] == ""
    assert lines[2].startswith("> ")
    sections = [i for i, line in enumerate(lines) if line.startswith("## ")]
    assert sections and not [line for line in lines[3:sections[0]] if line.startswith("#")]
    links = 0
    for line in lines[sections[0]:]:
        if line.startswith("- "):
            m = re.match(r"- \[(?:[^\]\\]|\\.)+\]\((https?://[^)\s]+)\)", line)
            assert m, line
            target = resolve(site.out, SITE_URL, m.group(1))
            assert target is not None and target[0].is_file(), m.group(1)
            links += 1
        else:
            assert line == "" or line.startswith("## "), line
    assert links >= len(site.kb.entries)
    assert not markdown_tags("\n".join(lines))
    full = (site.out / name.replace("llms.txt", "llms-full.txt")).read_text(encoding="utf-8")
    assert full.startswith("# ") and "\n> " in full


def test_feeds_parse_as_atom(site: Built) -> None:
    for lang in LANGS:
        root = ET.parse(site.out / lang / "feed.xml").getroot()
        assert root.tag == f"{ATOM}feed"
        for child in ("id", "title", "updated"):
            assert root.findtext(f"{ATOM}{child}"), child
        entries = root.findall(f"{ATOM}entry")
        assert entries
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(ids) == len(set(ids))
        for e in entries:
            assert e.findtext(f"{ATOM}title") and e.findtext(f"{ATOM}updated")
            href = e.find(f"{ATOM}link").get("href", "")  # type: ignore[union-attr]
            target = resolve(site.out, SITE_URL, href)
            assert target is not None and target[0].is_file(), href


def test_robots_names_sitemap_and_llms(site: Built) -> None:
    text = (site.out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in text.splitlines()
    assert f"{SITE_URL}llms.txt" in text


def test_home_pages_link_both_languages_and_the_root_has_x_default(site: Built) -> None:
    root = site.pages[site.out / "index.html"]
    alts = {a.get("hreflang"): a["href"] for a in root.link_tags if a.get("hreflang")}
    assert alts == {"zh": f"{SITE_URL}zh/", "en": f"{SITE_URL}en/", "x-default": SITE_URL}
    hrefs = {u for _t, _a, u in root.links}
    assert {"zh/", "en/"} <= hrefs
    for lang in LANGS:
        home = site.pages[site.out / lang / "index.html"]
        for ident in site.kb.entries:
            assert f"answers/{ident}/" in {u for _t, _a, u in home.links}


def test_rule_pages_explain_conditions_in_plain_words(site: Built) -> None:
    from triage.vocabulary import FACTS

    public = [r for r in site.kb.rules if r.visibility == "public"]
    assert public
    for rule in public:
        for lang in LANGS:
            scan = site.pages[site.out / lang / "rules" / rule.id / "index.html"]
            assert rule.text[lang].title in scan.visible
            conds = json.dumps(rule.when)
            for fact, spec in FACTS.items():
                if f'"fact": "{fact}"' in conds and '"says"' not in conds:
                    assert getattr(spec, lang) in scan.visible, (rule.id, fact)
            for faq in rule.faq:
                assert f"../../answers/{faq}/" in {u for _t, _a, u in scan.links}


def test_no_internal_rule_anywhere(site: Built) -> None:
    internal = [r for r in site.kb.rules if r.visibility == "internal"]
    blob = b"".join(p.read_bytes() for p in site.files() if p.suffix != ".gz")
    for rule in internal:
        assert rule.id.encode() not in blob


def _tokens(index_file: Path) -> dict[str, set[str]]:
    index = json.loads(index_file.read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens_by_page: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#", 1)[0]
        words = {t.lower() for t in separator.split(doc["title"] + " " + doc["text"]) if t}
        tokens_by_page.setdefault(page, set()).update(words)
    return tokens_by_page


def test_each_language_has_its_own_search_index_with_chinese_words(site: Built) -> None:
    zh = _tokens(site.out / "zh" / "search" / "search_index.json")
    en = _tokens(site.out / "en" / "search" / "search_index.json")
    # locations are relative to the language folder; no page of the other language
    assert "answers/insufficient-balance-402/" in zh and "answers/model-not-found/" in en
    assert not [p for p in [*zh, *en] if p.startswith(("zh/", "en/"))]
    # jieba's words, not single characters: 余额 and 不足 are terms of the page
    assert {"余额", "不足"} <= zh["answers/insufficient-balance-402/"]
    assert "余" not in zh["answers/insufficient-balance-402/"]
    assert {"timeout"} <= en["answers/timeouts-and-streaming/"]


def test_pages_carry_their_last_changed_date(site: Built) -> None:
    for ident, entry in site.kb.entries.items():
        scan = site.pages[site.out / "en" / "answers" / ident / "index.html"]
        meta = [a for _t, a in scan.tags if a.get("property") == "article:modified_time"]
        assert [m["content"] for m in meta] == [entry.changed]
        assert entry.version in scan.visible and entry.changed in scan.visible


def test_build_is_deterministic(site: Built, tmp_path: Path) -> None:
    from triage.publish import build_site

    again = tmp_path / "again"
    build_site(site.root, again, SITE_URL)
    for name in ("sitemap.xml", "llms.txt", "data/entries.json", "zh/feed.xml",
                 "en/answers/model-not-found/index.html.md"):
        assert (again / name).read_bytes() == (site.out / name).read_bytes(), name


def test_llms_txt_descriptions_end_with_a_whole_sentence(site: Built) -> None:
    """The audit: descriptions were cut mid-word at about 180 characters."""
    line = re.compile(r"^- \[[^\]]*\]\([^)]*\): (.*)$")
    checked = 0
    for name in ("llms.txt", "zh/llms.txt", "en/llms.txt"):
        for text in (site.out / name).read_text(encoding="utf-8").splitlines():
            m = line.match(text)
            if not m or m.group(1).startswith("JSON, schema"):
                continue
            checked += 1
            assert not m.group(1).endswith("…"), text
            assert m.group(1).rstrip("*_)”\"'）").endswith(tuple(".!?。！？")) or \
                len(m.group(1)) < 180, text
    assert checked > 40


def test_llms_txt_files_parse_with_the_reference_parser(site: Built) -> None:
    """The llms.txt family read by llms-txt (the reference parser of llmstxt.org)."""
    from llms_txt import parse_llms_file

    for name in ("llms.txt", "zh/llms.txt", "en/llms.txt"):
        text = (site.out / name).read_text(encoding="utf-8")
        parsed = parse_llms_file(text)
        assert parsed["title"].startswith("triage"), name
        assert parsed["summary"], name
        links = [link for section in parsed["sections"].values() for link in section]
        assert len(links) == text.count("\n- ["), name
        assert all(link["url"].startswith(SITE_URL) for link in links), name
        assert any("/errors/" in link["url"] for link in links), name
