"""Files for machines: llms.txt, sitemap.xml, robots.txt, Atom feeds, alternates.

All are made from the page records, never by reading the built HTML back. Text that reaches
Markdown-like files (llms.txt) is Markdown-escaped; XML is written by ElementTree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from triage.escape import md, plain

from .error_pages import ERROR_WORDS
from .labels import LABELS, LANG_NAMES
from .pages import Page
from .sentences import sentences
from .site import LANGS, Site, copy_path, page_url, src_of

__all__ = ["alternates", "feed", "llms_full", "llms_txt", "robots", "sitemap"]

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_LIMIT = 200
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _XML_BAD.sub("", text)


def alternates(pages: Iterable[Page]) -> dict[str, list[tuple[str, str]]]:
    """hreflang → source, per page key; x-default is the chooser or the English page."""
    groups: dict[str, dict[str, str]] = {}
    for p in pages:
        groups.setdefault(p.key, {})[p.lang or "x-default"] = p.src
    out: dict[str, list[tuple[str, str]]] = {}
    for key, by_lang in groups.items():
        langs = [(lang, by_lang[lang]) for lang in LANGS if lang in by_lang]
        if len(langs) < 2:
            out[key] = []
            continue
        default = by_lang.get("x-default") or by_lang.get("en") or langs[0][1]
        out[key] = [*langs, ("x-default", default)]
    return out


_short = sentences


def link_text(text: str) -> str:
    """Link text for llms.txt: Markdown-escaped, and with no square bracket, which the
    reference parser (llms-txt) cannot read inside a link title, escaped or not."""
    return md(plain(text).replace("[", "(").replace("]", ")"))


def _section(title: str, pages: list[Page], site_url: str) -> list[str]:
    if not pages:
        return []
    lines = [f"## {md(title)}", ""]
    lines += [f"- [{link_text(p.title)}]({site_url}{copy_path(p.src)}): {md(_short(p.description))}"
              for p in pages]
    return [*lines, ""]


def llms_txt(site: Site, pages: list[Page], lang: str | None) -> str:
    """llms.txt (https://llmstxt.org): H1, a blockquote summary, then sections of links."""
    langs = [lang] if lang else list(LANGS)
    words = LABELS[lang or "en"]
    title = "triage" if lang is None else f"triage ({LANG_NAMES[lang]})"
    out = [f"# {title}", "", f"> {md(words['site_description'])}", ""]
    out += [md(words["home_intro"]), ""]
    out += [md({"zh": "链接指向每一页的 Markdown 副本；HTML 页面去掉 index.html.md 即可。",
                "en": "Links point to the Markdown copy of each page; drop index.html.md for "
                      "the HTML page."}[lang or "en"]), ""]
    by_kind: dict[tuple[str, str], list[Page]] = {}
    for p in pages:
        by_kind.setdefault((p.lang, p.kind), []).append(p)
    for code in langs:
        w, suffix = LABELS[code], f" ({LANG_NAMES[code]})" if lang is None else ""
        out += _section(w["answers"] + suffix, by_kind.get((code, "answer"), []), site.site_url)
        out += _section(w["checklists"] + suffix, by_kind.get((code, "checklist"), []),
                        site.site_url)
        out += _section(ERROR_WORDS[code]["errors"] + suffix,
                        by_kind.get((code, "errors"), []) + by_kind.get((code, "error"), []),
                        site.site_url)
    out += ["## Optional", ""]
    for code in langs:
        w, suffix = LABELS[code], f" ({LANG_NAMES[code]})" if lang is None else ""
        for kind in ("glossary", "rules", "changes"):
            for p in by_kind.get((code, kind), []):
                out.append(f"- [{link_text(p.title + suffix)}]({site.site_url}{copy_path(p.src)}): "
                           f"{md(_short(p.description))}")
        out += [f"- [{link_text(w['rules'] + suffix)}: {link_text(r.text[code].title)}]"
                f"({site.site_url}{copy_path(src_of('rule', code, r.id))})" for r in site.rules]
    prefix = f"{lang}/" if lang else ""
    full = {"zh": "全部页面的完整文本", "en": "the full text of every page"}[lang or "en"]
    out.append(f"- [llms-full.txt]({site.site_url}{prefix}llms-full.txt): {md(full)}")
    for name in ("entries", "rules", "glossary", "checklists", "errors"):
        out.append(f"- [{name}.json]({site.site_url}data/{name}.json): JSON, schema "
                   f"{site.site_url}data/{name}.schema.json")
    return "\n".join(out).rstrip() + "\n"


def llms_full(pages: list[Page], lang: str | None) -> str:
    """Every answer, checklist, glossary and rule page as Markdown, one after the other."""
    chosen = [p for p in pages if p.kind in ("answer", "checklist", "glossary", "rule")
              and (lang is None or p.lang == lang)]
    head = "# triage" + (f" ({LANG_NAMES[lang]})" if lang else "")
    summary = md(LABELS[lang or "en"]["site_description"])
    return f"{head}\n\n> {summary}\n\n" + "\n\n".join(p.copy for p in chosen)


def robots(site_url: str) -> str:
    return (f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n\n"
            f"# A guide to this site for language models (llms.txt): {site_url}llms.txt\n"
            f"# Per language: {site_url}zh/llms.txt {site_url}en/llms.txt\n")


def sitemap(site_url: str, pages: list[Page], alts: dict[str, list[tuple[str, str]]]) -> bytes:
    """sitemap.xml with each page's last change and reciprocal hreflang alternates."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for p in pages:
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = site_url + p.url
        if p.changed:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = p.changed
        for hreflang, src in alts.get(p.key, []):
            ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang,
                          href=site_url + page_url(src))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def site_summary(site: Site, c: Any, lang: str) -> str:
    """The text a feed entry summarises: an answer's direct answer, a rule's explanation."""
    if c.kind == "entry":
        e = site.entry(c.ident)
        return str(e.body[lang]["answer"]) if e is not None else ""
    r = site.public_rule(c.ident)
    return r.text[lang].explanation if r is not None else ""


def feed(site: Site, lang: str) -> bytes:
    """An Atom feed of the changes to answers and public rules, newest first."""
    ET.register_namespace("", ATOM)
    w = LABELS[lang]
    items = site.changes()[:FEED_LIMIT]
    updated = (items[0].date if items else site.dates()["root"] or "1970-01-01") + "T00:00:00Z"
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"{w['site_name']}: {w['changes']}"
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"{site.site_url}{lang}/feed.xml"
    ET.SubElement(root, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                  href=f"{site.site_url}{lang}/feed.xml")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=site.abs_url(src_of("changes", lang)))
    ET.SubElement(ET.SubElement(root, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "triage"
    for c in items:
        src = src_of("answer" if c.kind == "entry" else "rule", lang, c.ident)
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _x(
            f"{plain(c.titles[lang])} ({w[c.kind]} {c.version})")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = (
            f"{site.abs_url(src)}#v{c.version}-{c.date}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{c.date}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=site.abs_url(src))
        # what the page says (its first sentences), then what changed in this version
        summary = sentences(site_summary(site, c, lang), 300)
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = _x(
            f"{summary} ({w['changes']}{w['colon'].strip()} {plain(c.change)})" if summary
            else plain(c.change))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
