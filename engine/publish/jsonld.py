"""JSON-LD for answer pages: TechArticle, FAQPage for the follow-ups, BreadcrumbList.

Values are plain text (JSON escapes them); :func:`triage.escape.json_script` makes
the serialised block safe inside ``<script>``.
"""

from __future__ import annotations

from typing import Any

from triage.escape import plain
from triage.model import Entry

__all__ = ["answer_graph", "page_graph"]


def _breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": plain(name), "item": url}
        for i, (name, url) in enumerate(trail, start=1)]}


def _site(site_name: str, site_url: str) -> dict[str, Any]:
    return {"@type": "WebSite", "name": site_name, "url": site_url}


def answer_graph(entry: Entry, lang: str, url: str, site_url: str, site_name: str,
                 home: tuple[str, str], section: str) -> dict[str, Any]:
    """The JSON-LD graph of one answer page in one language."""
    body = entry.body[lang]
    title = plain(body["title"])
    published = min((c.date for c in entry.changelog), default=entry.changed)
    org = {"@type": "Organization", "name": site_name, "url": site_url}
    article: dict[str, Any] = {
        "@type": "TechArticle", "@id": url + "#article", "url": url,
        "mainEntityOfPage": url, "headline": title[:110], "name": title,
        "description": plain(body["answer"]), "abstract": plain(body["question"]),
        "inLanguage": lang, "version": entry.version, "dateModified": entry.changed,
        "datePublished": published, "keywords": ", ".join(plain(t) for t in entry.tags),
        "articleSection": section, "author": org, "publisher": org,
        "isPartOf": _site(site_name, site_url),
    }
    faq = {
        "@type": "FAQPage", "@id": url + "#faq", "url": url, "inLanguage": lang,
        "dateModified": entry.changed,
        "mainEntity": [{"@type": "Question", "name": plain(f["q"]),
                        "acceptedAnswer": {"@type": "Answer", "text": plain(f["a"])}}
                       for f in body["followups"]],
    }
    crumbs = _breadcrumbs([home, (title, url)])
    return {"@context": "https://schema.org", "@graph": [article, faq, crumbs]}


def page_graph(kind: str, title: str, url: str, site_url: str, site_name: str, lang: str,
               changed: str, trail: list[tuple[str, str]]) -> dict[str, Any]:
    """A small graph for the other pages: a WebPage (or CollectionPage) and its breadcrumbs."""
    page: dict[str, Any] = {
        "@type": "CollectionPage" if kind in ("home", "rules", "checklists", "changes",
                                              "glossary") else "WebPage",
        "@id": url, "url": url, "name": plain(title), "inLanguage": lang,
        "isPartOf": _site(site_name, site_url),
    }
    if changed:
        page["dateModified"] = changed
    graph: list[dict[str, Any]] = [page]
    if len(trail) > 1:
        graph.append(_breadcrumbs(trail))
    return {"@context": "https://schema.org", "@graph": graph}
