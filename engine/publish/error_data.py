"""``data/errors.json``: the error-message index for machines, with its schema beside it."""

from __future__ import annotations

from typing import Any

from triage.errors import BuildError

from .data import SCHEMA_SOURCE, dump
from .error_pages import error_src
from .messages import MessageGroup
from .site import LANGS, Site, copy_path, src_of

__all__ = ["errors_data"]


def _cause(site: Site, group: MessageGroup, m: Any, lang: str) -> dict[str, Any] | None:
    c = m.causes.get(lang)
    if c is None:
        return None
    out = {"cause": c.cause, "family": c.family, "rule": c.rule, "title": c.title,
           "rule_url": site.abs_url(src_of("rule", lang, c.rule))}
    if c.answer:
        out["answer"] = c.answer
        out["answer_url"] = site.abs_url(src_of("answer", lang, c.answer))
    return out


def errors_data(site: Site, groups: list[MessageGroup]) -> dict[str, bytes]:
    """``data/errors.json`` and ``data/errors.schema.json``."""
    schema = SCHEMA_SOURCE / "errors.schema.json"
    if not schema.is_file():
        raise BuildError(f"the published schema is missing: {schema}")
    items = []
    for g in groups:
        for m in g.messages:
            items.append({
                "id": m.id, "origin": m.origin, "family": m.label, "lang": m.lang,
                "status": m.status, "code": m.code, "message": m.text, "body": m.body,
                "endpoint": m.endpoint, "model": m.model, "provenance": m.source,
                "corpus": m.file, "split": m.split,
                "urls": {lang: {"html": site.abs_url(error_src(lang, g.slug)) + f"#{m.id}",
                                "markdown": site.site_url + copy_path(error_src(lang, g.slug))}
                         for lang in LANGS},
                "diagnosis": {lang: _cause(site, g, m, lang) for lang in LANGS}})
    data = {"$schema": f"{site.site_url}data/errors.schema.json", "generator": "triage",
            "site": site.site_url, "languages": list(LANGS), "count": len(items),
            "errors": items}
    return {"data/errors.json": dump(data), "data/errors.schema.json": schema.read_bytes()}
