"""JSON copies of the entries, public rules, glossary and checklists, with their schemas.

Each ``data/<name>.json`` names ``data/<name>.schema.json`` (copied from
``schemas/public/``) in ``$schema``. Internal rules are never included. The JSON is written
with ``<``, ``>`` and ``&`` as ``\\u`` escapes, so it stays inert even if served as HTML.
"""

from __future__ import annotations

import json
from typing import Any

from triage.errors import BuildError
from triage.roots import bundled_root

from .conditions import condition_lines, lines_plain
from .site import LANGS, Site, copy_path, src_of, view

__all__ = ["DATA_FILES", "SCHEMA_SOURCE", "data_files", "dump"]

SCHEMA_SOURCE = bundled_root() / "schemas" / "public"
DATA_FILES = ("entries", "rules", "glossary", "checklists")


def dump(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            + "\n").encode("utf-8")


def _urls(site: Site, kind: str, ident: str, anchor: str = "") -> dict[str, Any]:
    out = {}
    for lang in LANGS:
        src = src_of(kind, lang, ident)
        out[lang] = {"html": site.abs_url(src) + (f"#{anchor}" if anchor else ""),
                     "markdown": site.site_url + copy_path(src)}
    return out


def _changes(changes: Any) -> list[dict[str, str]]:
    return [{"version": c.version, "date": c.date, "change": c.change} for c in changes]


def _head(site: Site, name: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$schema": f"{site.site_url}data/{name}.schema.json", "generator": "triage",
            "site": site.site_url, "languages": list(LANGS), "count": len(items), name: items}


def entries(site: Site) -> dict[str, Any]:
    items = []
    for e in site.entries:
        item: dict[str, Any] = {
            "id": e.id, "version": e.version, "kind": e.kind, "family": e.family,
            "families": list(e.families), "tags": list(e.tags), "changed": e.changed,
            "reviewed": e.reviewed, "next_review": e.next_review, "related": list(e.related),
            "glossary": list(e.glossary), "checklists": list(e.checklists),
            "rules": [r.id for r in site.rules_for(e.id)],
            "urls": _urls(site, "answer", e.id), "changelog": _changes(e.changelog)}
        for lang in LANGS:
            item[lang] = view(e.body[lang])
        items.append(item)
    return _head(site, "entries", items)


def rules(site: Site) -> dict[str, Any]:
    items = []
    for r in site.rules:               # public only
        items.append({
            "id": r.id, "version": r.version, "status": r.status, "cause": r.cause,
            "family": r.family, "priority": r.priority, "confidence": r.confidence,
            "replaced_by": r.replaced_by if site.public_rule(r.replaced_by) else "",
            "tags": list(r.tags), "when": r.when,
            "conditions": {lang: lines_plain(condition_lines(r.when, lang)) for lang in LANGS},
            "text": {lang: {"title": t.title, "explanation": t.explanation,
                            "next_steps": list(t.next_steps), "evidence": list(t.evidence)}
                     for lang, t in r.text.items()},
            "faq": list(r.faq), "ask": [{"fact": a.fact, "why": dict(a.why)} for a in r.ask],
            "urls": _urls(site, "rule", r.id), "changelog": _changes(r.changelog)})
    return _head(site, "rules", items)


def glossary(site: Site) -> dict[str, Any]:
    items = []
    for t in site.terms:
        item: dict[str, Any] = {"id": t.id, "changed": t.changed, "see": list(t.see),
                                "entries": list(t.entries),
                                "urls": _urls(site, "glossary", "", t.id)}
        for lang in LANGS:
            item[lang] = view(t.body[lang])
        items.append(item)
    return _head(site, "glossary", items)


def checklists(site: Site) -> dict[str, Any]:
    items = []
    for c in site.checklists:
        item: dict[str, Any] = {"id": c.id, "version": c.version, "changed": c.changed,
                                "entries": list(c.entries), "urls": _urls(site, "checklist",
                                                                          c.id)}
        for lang in LANGS:
            item[lang] = view(c.body[lang])
        items.append(item)
    return _head(site, "checklists", items)


def data_files(site: Site) -> dict[str, bytes]:
    """``data/…`` path → bytes: each JSON file and the schema published beside it."""
    out: dict[str, bytes] = {}
    makers = {"entries": entries, "rules": rules, "glossary": glossary,
              "checklists": checklists}
    for name in DATA_FILES:
        schema = SCHEMA_SOURCE / f"{name}.schema.json"
        if not schema.is_file():
            raise BuildError(f"the published schema is missing: {schema}")
        out[f"data/{name}.json"] = dump(makers[name](site))
        out[f"data/{name}.schema.json"] = schema.read_bytes()
    return out
