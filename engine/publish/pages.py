"""Every page of the site as Markdown: once for MkDocs (relative links), once as the copy.

Templates are jinja2 files of ours (``templates/*.md.j2``) with StrictUndefined; content only
ever enters as variables through the escaping filters, and is never compiled as a template.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context as jinja2_pass_context
from triage.escape import code, fence, json_script, md, plain, pre
from triage.model import Entry, Rule

from .anatomy import ANATOMY_WORDS, short_answers, summary, who_can_fix
from .conditions import condition_lines, lines_markdown
from .jsonld import answer_graph, page_graph
from .labels import FAMILY, LABELS, LANG_NAMES, tier
from .owner import LABEL as OWNER_LABEL
from .owner import who_can_fix as who_can_fix_rule
from .site import LANGS, Linker, Site, page_url, src_of, view

__all__ = ["Page", "render_pages"]


@dataclass(frozen=True)
class Page:
    """One page in one language, with both of its Markdown renderings."""

    key: str            # shared by the language versions of a page
    lang: str           # zh | en; "" for the language chooser at the root
    src: str            # docs-relative source path
    kind: str
    title: str          # plain text
    description: str    # plain text
    changed: str        # YYYY-MM-DD, from the sources
    body: str           # Markdown for MkDocs
    copy: str           # the Markdown copy published beside the page
    jsonld: str = ""    # serialised, safe inside <script>
    version: str = ""

    @property
    def url(self) -> str:
        return page_url(self.src)


@functools.lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("triage.publish", "templates"),
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)
    env.filters.update(md=md, code=code, pre=pre, prose=_prose, fence=fence)
    return env


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,40})\}")


@jinja2_pass_context
def _prose(context: Any, value: Any) -> str:
    """Reader text: ``{base_url}``-style placeholders read as ``$BASE_URL``, and the ids of
    answer entries become links titled with the entry's title (``id_links`` in the context)."""
    text = md(_PLACEHOLDER.sub(lambda m: "$" + m.group(1).upper(), plain(value)))
    links: dict[str, tuple[str, str]] = context.get("id_links") or {}
    pattern = context.get("id_pattern")
    if not links or pattern is None:
        return text
    return str(pattern.sub(lambda m: f"[{md(links[m.group(1)][0])}]({links[m.group(1)][1]})"
                           if m.group(1) in links else m.group(0), text))


Ctx = Callable[[Linker], dict[str, Any]]


class _Renderer:
    def __init__(self, site: Site, error_index: str = "") -> None:
        self.site = site
        self.error_index = error_index     # title of the error-message index, if built
        self.env = _env()
        self.dates = site.dates()
        ids = sorted((e.id for e in site.entries), key=len, reverse=True)
        # plain alternation of literal ids, bounded so a longer slug or a path is not split
        self.id_pattern = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, ids)) +
                                     r")(?![\w/-])") if ids else None

    def both(self, template: str, src: str, ctx: Ctx, lang: str) -> tuple[str, str]:
        tpl = self.env.get_template(template)
        out = []
        for copy in (False, True):
            linker = Linker(src, self.site.site_url, copy)
            values = {"L": LABELS.get(lang, LABELS["en"]), "copy": copy,
                      "crumbs": self.crumbs(linker, lang), "id_pattern": self.id_pattern,
                      "id_links": self.id_links(linker, lang), **ctx(linker)}
            out.append(tpl.render(values).strip() + "\n")
        body, copy_md = out
        footer = f"\n---\n\n{self.site.abs_url(src)}\n"
        return body, copy_md + footer

    def crumbs(self, linker: Linker, lang: str, label: str = "", src: str = "") -> str:
        """Home › section, as a line of Markdown (the section linked when it has a page)."""
        if not lang or linker.here == src_of("home", lang):
            return ""
        line = f"[{md(LABELS[lang]['home'])}]({linker.to(src_of('home', lang))})"
        if label:
            line += " › " + (f"[{md(label)}]({linker.to(src)})" if src else md(label))
        return line

    def trail(self, lang: str, title: str, src: str,
              middle: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """The structured breadcrumbs: the same levels as the visible line above the title."""
        home = (LABELS[lang]["home"], self.site.abs_url(src_of("home", lang)))
        if src == src_of("home", lang):
            return [home]
        between = [(middle[0], self.site.abs_url(middle[1]))] if middle else []
        return [home, *between, (title, self.site.abs_url(src))]

    def simple(self, key: str, kind: str, lang: str, src: str, template: str, title: str,
               description: str, changed: str, ctx: Ctx,
               middle: tuple[str, str] | None = None) -> Page:
        body, copy_md = self.both(template, src, ctx, lang)
        graph = page_graph(kind, title, self.site.abs_url(src), self.site.site_url,
                           LABELS[lang or "en"]["site_name"], lang or "en", changed,
                           self.trail(lang, title, src, middle) if lang else [])
        return Page(key, lang, src, kind, title, description, changed, body, copy_md,
                    json_script(graph))

    def id_links(self, linker: Linker, lang: str) -> dict[str, tuple[str, str]]:
        if not lang:
            return {}
        return {e.id: (plain(e.body[lang]["title"]), linker.to(src_of("answer", lang, e.id)))
                for e in self.site.entries}

    # link helpers: each returns template data with an href for the given linker
    def answer_link(self, linker: Linker, e: Entry, lang: str) -> dict[str, str]:
        return {"title": plain(e.body[lang]["title"]), "href": linker.to(src_of("answer", lang,
                                                                                 e.id)),
                "question": plain(e.body[lang]["question"])}

    def rule_link(self, linker: Linker, r: Rule, lang: str) -> dict[str, str]:
        return {"title": r.text[lang].title, "href": linker.to(src_of("rule", lang, r.id)),
                "id": r.id}

    # ---- pages ----
    def answer(self, e: Entry, lang: str) -> Page:
        site, src = self.site, src_of("answer", lang, e.id)
        body = e.body[lang]
        section = FAMILY[e.family][lang] if e.family in FAMILY else LABELS[lang]["guides"]

        def ctx(linker: Linker) -> dict[str, Any]:
            related = [self.answer_link(linker, r, lang) for r in
                       filter(None, (site.entry(i) for i in e.related))]
            terms = [{"title": plain(site.kb.glossary[t].body[lang]["term"]),
                      "href": linker.to(src_of("glossary", lang), t)}
                     for t in e.glossary if t in site.kb.glossary]
            lists = [{"title": plain(site.kb.checklists[c].body[lang]["title"]),
                      "href": linker.to(src_of("checklist", lang, c))}
                     for c in e.checklists if c in site.kb.checklists]
            b = {"variants": [], **view(body)}  # variants is optional in the schema
            return {"b": b, "e": e, "related": related, "terms": terms,
                    "A": ANATOMY_WORDS[lang], "summary": summary(e, lang),
                    "short": short_answers(site, e, lang, linker),
                    "who_can_fix": who_can_fix(site, e, lang),
                    "crumbs": self.crumbs(linker, lang, section),
                    "checklists": lists,
                    "rules": [self.rule_link(linker, r, lang) for r in site.rules_for(e.id)]}

        page_body, copy_md = self.both("answer.md.j2", src, ctx, lang)
        home = (LABELS[lang]["home"], site.abs_url(src_of("home", lang)))
        graph = answer_graph(e, lang, site.abs_url(src), site.site_url,
                             LABELS[lang]["site_name"], home, section)
        graph["@graph"][0]["abstract"] = summary(e, lang)
        graph["@graph"][0]["speakable"] = {"@type": "SpeakableSpecification",
                                           "cssSelector": [".triage-summary"]}
        return Page(f"answer/{e.id}", lang, src, "answer", plain(body["title"]),
                    plain(body["answer"]), e.changed, page_body, copy_md, json_script(graph),
                    e.version)

    def home(self, lang: str) -> Page:
        site, src = self.site, src_of("home", lang)
        other = next(x for x in LANGS if x != lang)

        def ctx(linker: Linker) -> dict[str, Any]:
            families = [{"label": FAMILY[f][lang] if f in FAMILY else LABELS[lang]["guides"],
                         "answers": [self.answer_link(linker, e, lang) for e in entries]}
                        for f, entries in site.families()]
            lists = [{"title": plain(c.body[lang]["title"]),
                      "href": linker.to(src_of("checklist", lang, c.id))}
                     for c in site.checklists]
            links = {"glossary": linker.to(src_of("glossary", lang)),
                     "rules": linker.to(src_of("rules", lang)),
                     "changes": linker.to(src_of("changes", lang)),
                     "other": linker.to(src_of("home", other)),
                     "llms": linker.to(f"{lang}/llms.txt"),
                     "llms_full": linker.to(f"{lang}/llms-full.txt"),
                     "feed": linker.to(f"{lang}/feed.xml"),
                     "entries": linker.to("data/entries.json"),
                     "rules_json": linker.to("data/rules.json"),
                     "glossary_json": linker.to("data/glossary.json"),
                     "checklists_json": linker.to("data/checklists.json")}
            if self.error_index:
                links["errors"] = linker.to(f"{lang}/errors/index.md")
            return {"families": families, "checklists": lists, "links": links,
                    "error_index": self.error_index and ERROR_TITLES[lang]}

        return self.simple("home", "home", lang, src, "home.md.j2", LABELS[lang]["site_name"],
                           LABELS[lang]["site_description"], self.dates["home"], ctx)

    def root(self) -> Page:
        def ctx(linker: Linker) -> dict[str, Any]:
            homes = [{"name": LANG_NAMES[lang], "href": linker.to(src_of("home", lang)),
                      "lang": lang,
                      "intro": LABELS[lang]["site_description"]} for lang in LANGS]
            return {"homes": homes, "llms": linker.to("llms.txt")}

        return self.simple("home", "root", "", src_of("root", ""), "root.md.j2", "triage",
                           " / ".join(LABELS[x]["site_description"] for x in LANGS),
                           self.dates["root"], ctx)

    def rule(self, r: Rule, lang: str) -> Page:
        site, src, text = self.site, src_of("rule", lang, r.id), r.text[lang]
        changed = site.rule_changed(r)

        def ctx(linker: Linker) -> dict[str, Any]:
            replaced = site.public_rule(r.replaced_by) if r.replaced_by else None
            answers = [self.answer_link(linker, e, lang)
                       for e in filter(None, (site.entry(i) for i in r.faq))]
            from triage.vocabulary import FACTS

            asks = [{"fact": a.fact, "why": a.why.get(lang, ""),
                     "label": getattr(FACTS[a.fact], lang) if a.fact in FACTS else ""}
                    for a in r.ask]
            return {"r": r, "t": text, "changed": changed, "answers": answers, "asks": asks,
                    "crumbs": self.crumbs(linker, lang, LABELS[lang]["rules"],
                                          src_of("rules", lang)),
                    "conditions": lines_markdown(condition_lines(r.when, lang)),
                    "family": FAMILY.get(r.family, {}).get(lang, r.family),
                    "tier": tier(r.confidence, lang),
                    "replaced": self.rule_link(linker, replaced, lang) if replaced else None,
                    "who_fixes": (OWNER_LABEL[lang], who_can_fix_rule(site.kb, r, lang))}

        return self.simple(f"rule/{r.id}", "rule", lang, src, "rule.md.j2", text.title,
                           text.explanation, changed, ctx,
                           middle=(LABELS[lang]["rules"], src_of("rules", lang)))

    def rules(self, lang: str) -> Page:
        site = self.site

        def ctx(linker: Linker) -> dict[str, Any]:
            groups: dict[str, list[dict[str, str]]] = {}
            for r in site.rules:
                groups.setdefault(r.family, []).append(self.rule_link(linker, r, lang))
            return {"families": [{"label": FAMILY.get(f, {}).get(lang, f), "rules": rs}
                                 for f, rs in groups.items()]}

        return self.simple("rules", "rules", lang, src_of("rules", lang), "rules.md.j2",
                           LABELS[lang]["rules"], LABELS[lang]["rules_intro"],
                           self.dates["rules"], ctx)

    def glossary(self, lang: str) -> Page:
        site, src = self.site, src_of("glossary", lang)

        def ctx(linker: Linker) -> dict[str, Any]:
            terms = []
            for t in site.terms:
                b = t.body[lang]
                terms.append({
                    "id": t.id, "attr": "{#" + t.id + "}", "term": b["term"],
                    "aliases": list(b.get("aliases", [])), "definition": b["definition"],
                    "see": [{"title": plain(site.kb.glossary[s].body[lang]["term"]),
                             "href": linker.to(src, s)} for s in t.see if s in site.kb.glossary],
                    "answers": [self.answer_link(linker, e, lang) for e in
                                filter(None, (site.entry(i) for i in t.entries))]})
            return {"terms": terms}

        return self.simple("glossary", "glossary", lang, src, "glossary.md.j2",
                           LABELS[lang]["glossary"], LABELS[lang]["glossary_intro"],
                           self.dates["glossary"], ctx)

    def checklist(self, ident: str, lang: str) -> Page:
        c = self.site.kb.checklists[ident]
        b = c.body[lang]

        def ctx(linker: Linker) -> dict[str, Any]:
            answers = [self.answer_link(linker, e, lang)
                       for e in filter(None, (self.site.entry(i) for i in c.entries))]
            return {"b": view(b), "c": c, "answers": answers,
                    "crumbs": self.crumbs(linker, lang, LABELS[lang]["checklists"],
                                          src_of("checklists", lang))}

        return self.simple(f"checklist/{ident}", "checklist", lang,
                           src_of("checklist", lang, ident), "checklist.md.j2",
                           plain(b["title"]), plain(b["intro"]), c.changed, ctx,
                           middle=(LABELS[lang]["checklists"], src_of("checklists", lang)))

    def checklists(self, lang: str) -> Page:
        def ctx(linker: Linker) -> dict[str, Any]:
            return {"checklists": [{"title": plain(c.body[lang]["title"]),
                                    "intro": c.body[lang]["intro"],
                                    "href": linker.to(src_of("checklist", lang, c.id))}
                                   for c in self.site.checklists]}

        return self.simple("checklists", "checklists", lang, src_of("checklists", lang),
                           "checklists.md.j2", LABELS[lang]["checklists"],
                           LABELS[lang]["checklists_intro"], self.dates["checklists"], ctx)

    def changes(self, lang: str) -> Page:
        items = self.site.changes()

        def ctx(linker: Linker) -> dict[str, Any]:
            days: dict[str, list[dict[str, str]]] = {}
            for c in items:
                days.setdefault(c.date, []).append({
                    "title": c.titles[lang], "version": c.version, "change": c.change,
                    "kind_label": LABELS[lang][c.kind],
                    "href": linker.to(src_of("answer" if c.kind == "entry" else "rule", lang,
                                             c.ident))})
            return {"days": [{"date": d, "items": v} for d, v in days.items()]}

        return self.simple("changes", "changes", lang, src_of("changes", lang),
                           "changes.md.j2", LABELS[lang]["changes"],
                           LABELS[lang]["changes_intro"], self.dates["changes"], ctx)


# the index's title per language (error_pages.ERROR_WORDS holds the same words)
ERROR_TITLES = {"zh": "报错信息索引", "en": "Error message index"}


def render_pages(site: Site, with_errors: bool = False) -> Iterator[Page]:
    """Every page: the root chooser, then per language home, answers, rules and the rest.

    ``with_errors``: the home pages link the error-message index (built by error_pages).
    """
    r = _Renderer(site, "errors" if with_errors else "")
    yield r.root()
    for lang in LANGS:
        yield r.home(lang)
        for e in site.entries:
            yield r.answer(e, lang)
        yield r.rules(lang)
        for rule in site.rules:
            yield r.rule(rule, lang)
        yield r.checklists(lang)
        for c in site.checklists:
            yield r.checklist(c.id, lang)
        yield r.glossary(lang)
        yield r.changes(lang)
