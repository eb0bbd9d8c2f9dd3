"""What the site holds: the published subset of a knowledge base, its paths and its dates.

Every page has a source path under the MkDocs ``docs/`` folder (``zh/answers/<id>.md``) and a
site URL (``zh/answers/<id>/``); its Markdown copy lives at ``<url>index.html.md`` as the
llms.txt proposal asks of URLs without a file name.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import Any

from triage.errors import BuildError
from triage.escape import safe_url, slug_ok
from triage.model import LANGS, Change, Checklist, Entry, KnowledgeBase, Rule, Term

__all__ = [
    "LANGS", "ChangeItem", "Linker", "Site", "copy_path", "page_url", "src_of",
]


def src_of(kind: str, lang: str, ident: str = "") -> str:
    """The docs-relative source path of a page."""
    paths = {
        "root": "index.md", "home": f"{lang}/index.md",
        "answer": f"{lang}/answers/{ident}.md", "rule": f"{lang}/rules/{ident}.md",
        "rules": f"{lang}/rules/index.md", "checklist": f"{lang}/checklists/{ident}.md",
        "checklists": f"{lang}/checklists/index.md", "glossary": f"{lang}/glossary.md",
        "changes": f"{lang}/changes.md",
    }
    return paths[kind]


def page_url(src: str) -> str:
    """The site-relative URL MkDocs gives a source with ``use_directory_urls``."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def copy_path(src: str) -> str:
    """Where the Markdown copy of a page is written, relative to the site root."""
    return page_url(src) + "index.html.md"


@dataclass(frozen=True)
class ChangeItem:
    date: str
    version: str
    change: str
    kind: str            # entry | rule
    ident: str
    titles: dict[str, str]


@dataclass(frozen=True)
class Linker:
    """Links from one page: relative ``.md`` sources for MkDocs, absolute URLs for copies."""

    here: str
    site_url: str
    copy: bool = False

    def to(self, target: str, anchor: str = "") -> str:
        frag = f"#{anchor}" if anchor else ""
        if self.copy:
            dest = copy_path(target) if target.endswith(".md") else target
            return safe_url(self.site_url + dest + frag)
        rel = posixpath.relpath(target, posixpath.dirname(self.here) or ".")
        return safe_url(rel + frag)


def _newest(changes: tuple[Change, ...], fallback: str = "") -> str:
    return max((c.date for c in changes), default=fallback)


@dataclass(frozen=True)
class Site:
    """The published subset of a knowledge base, ordered for reading."""

    kb: KnowledgeBase
    site_url: str
    entries: tuple[Entry, ...]
    rules: tuple[Rule, ...]              # public only
    terms: tuple[Term, ...]
    checklists: tuple[Checklist, ...]

    @classmethod
    def of(cls, kb: KnowledgeBase, site_url: str) -> Site:
        order = {f: i for i, f in enumerate(kb.order)}
        entries = sorted(kb.entries.values(), key=lambda e: (
            e.family is None, order.get(e.family or "", len(order)), e.id))
        rules = sorted((r for r in kb.rules if r.visibility == "public"), key=lambda r: (
            order.get(r.family, len(order)), r.priority, r.id))
        for kind, ids in (("entry", [e.id for e in entries]), ("rule", [r.id for r in rules]),
                          ("checklist", list(kb.checklists)), ("glossary term", list(kb.glossary))):
            bad = [i for i in ids if not slug_ok(i)]
            if bad:
                raise BuildError(f"{kind} id {bad[0]!r} cannot be a page name (plain lower-case "
                                 "words with - or ., and not 'index')")
        return cls(kb, site_url, tuple(entries), tuple(rules),
                   tuple(sorted(kb.glossary.values(), key=lambda t: t.id)),
                   tuple(kb.checklists[k] for k in sorted(kb.checklists)))

    # lookups that skip dangling references rather than publish broken links
    def entry(self, ident: str) -> Entry | None:
        return self.kb.entries.get(ident)

    def public_rule(self, ident: str) -> Rule | None:
        rule = self.kb.rule(ident)
        return rule if rule is not None and rule.visibility == "public" else None

    def rules_for(self, entry_id: str) -> list[Rule]:
        return self._rules_by_faq.get(entry_id, [])

    @functools.cached_property
    def _rules_by_faq(self) -> dict[str, list[Rule]]:
        index: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for faq in dict.fromkeys(rule.faq):
                index.setdefault(faq, []).append(rule)
        return index

    def families(self) -> list[tuple[str | None, list[Entry]]]:
        """Entries grouped by family in triage order; concepts and guides last (None)."""
        groups: dict[str | None, list[Entry]] = {}
        for e in self.entries:
            groups.setdefault(e.family, []).append(e)
        return list(groups.items())

    # dates: each page's true last change, from the sources, never the build time
    def rule_changed(self, rule: Rule) -> str:
        return _newest(rule.changelog)

    def changes(self) -> list[ChangeItem]:
        items = [ChangeItem(c.date, c.version, c.change, "entry", e.id,
                            {lang: str(e.body[lang]["title"]) for lang in LANGS})
                 for e in self.entries for c in e.changelog]
        items += [ChangeItem(c.date, c.version, c.change, "rule", r.id,
                             {lang: r.text[lang].title for lang in LANGS})
                  for r in self.rules for c in r.changelog]
        return sorted(items, key=lambda c: (c.date, c.kind, c.ident, c.version), reverse=True)

    def dates(self) -> dict[str, str]:
        """Last-changed date of every page kind that gathers others."""
        glossary = max((t.changed for t in self.terms), default="")
        checklists = max((c.changed for c in self.checklists), default="")
        rules = max((self.rule_changed(r) for r in self.rules), default="")
        entries = max((e.changed for e in self.entries), default="")
        changes = max((c.date for c in self.changes()), default="")
        everything = max(glossary, checklists, rules, entries, changes)
        return {"glossary": glossary or everything, "checklists": checklists or everything,
                "rules": rules or everything, "changes": changes or everything,
                "home": everything, "root": everything}

    def abs_url(self, src: str) -> str:
        return self.site_url + page_url(src)


def view(value: Any) -> Any:
    """Plain data for templates (lists for tuples)."""
    if isinstance(value, tuple):
        return [view(v) for v in value]
    if isinstance(value, dict):
        return {k: view(v) for k, v in value.items()}
    return value
