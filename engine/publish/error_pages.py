"""Pages of the error-message index: one per message family per source, one index per language.

Every message is shown exactly as it was received (a preformatted block, entity-escaped),
with the message text inside it on its own line so that a search for the pasted words lands
here, then its status, code, endpoint, where it was seen, the cause the engine gives and a
link to that cause's answer page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from triage.escape import anchor_ok, safe_url

from .labels import FAMILY
from .messages import Message, MessageGroup
from .pages import ERROR_TITLES, Page, _Renderer
from .site import LANGS, Linker, Site, src_of

__all__ = ["ERROR_WORDS", "error_pages", "error_src", "errors_src"]

ERROR_WORDS: dict[str, dict[str, str]] = {
    "zh": {"errors": ERROR_TITLES["zh"],
           "errors_intro": "平台、网关和上游服务返回的真实报错，按来源和原因分类，原文照录。"
                           "把看到的报错粘贴到搜索框，就能找到对应的页面、原因和解答。",
           "group_intro": "以下是 {origin} 返回的、属于“{family}”一类的报错原文，共 {n} 条。",
           "exact": "原文", "message": "提示文字", "status": "HTTP 状态码", "code": "错误码",
           "endpoint": "接口", "model": "模型", "source": "出处", "note": "说明（英文）",
           "cause": "诊断结果", "answer": "解答", "rule": "诊断规则",
           "no_cause": "诊断引擎对这条报错没有给出公开的原因。", "none": "无",
           "origin_col": "来源", "count": "条数", "meaning": "这类报错的意思",
           "empty": "HTTP {status}，响应体为空"},
    "en": {"errors": ERROR_TITLES["en"],
           "errors_intro": "Real error messages from platforms, gateways and upstream "
                           "services, exactly as they were returned, grouped by source and "
                           "cause. Paste the message you see into the search box to land on "
                           "its page, its cause and its answer.",
           "group_intro": "The messages below come from {origin} and belong to the family "
                          "\u201c{family}\u201d: {n} in all.",
           "exact": "Exact text", "message": "Message", "status": "HTTP status",
           "code": "Code", "endpoint": "Endpoint", "model": "Model", "source": "Seen in",
           "note": "Note", "cause": "Diagnosis", "answer": "Answer", "rule": "Rule",
           "no_cause": "The diagnosis engine gives no public cause for this message.",
           "none": "none", "origin_col": "Source", "count": "Messages",
           "meaning": "What these messages mean", "empty": "HTTP {status} with an empty body"},
}


def errors_src(lang: str) -> str:
    return f"{lang}/errors/index.md"


def error_src(lang: str, slug: str) -> str:
    return f"{lang}/errors/{slug}.md"


def _excerpt(text: str, limit: int = 60) -> str:
    """The start of a message, cut at a word (or between Chinese characters)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:，。") + " …"


def group_title(group: MessageGroup, lang: str) -> str:
    first = next((m for m in group.messages if m.text), group.messages[0])
    words = _excerpt(first.text) or ERROR_WORDS[lang]["empty"].format(status=first.status)
    return f"{group.origin}: {words}"


class _ErrorRenderer:
    def __init__(self, site: Site, groups: list[MessageGroup]) -> None:
        self.r = _Renderer(site)
        self.site = site
        self.groups = groups

    def _message(self, m: Message, lang: str, linker: Linker) -> dict[str, Any]:
        w = ERROR_WORDS[lang]
        c = m.causes.get(lang)
        cause: dict[str, Any] | None = None
        if c is not None:
            answer = self.site.entry(c.answer) if c.answer else None
            cause = {"title": c.title, "explanation": c.explanation, "cause": c.cause,
                     "family": FAMILY.get(c.family, {}).get(lang, c.family),
                     "rule_href": linker.to(src_of("rule", lang, c.rule)),
                     "answer": self.r.answer_link(linker, answer, lang) if answer else None}
        source = m.source
        return {"id": m.id, "body": m.body, "text": m.text, "code": m.code or w["none"],
                "status": str(m.status) if m.status is not None else w["none"],
                "endpoint": m.endpoint, "model": m.model, "note": m.note,
                "source": source, "source_href": safe_url(source)
                if source.startswith(("https://", "http://")) else "",
                "cause": cause, "heading": _excerpt(m.text, 80) or w["empty"].format(
                    status=m.status),
                "attr": "{#" + m.id + "}" if anchor_ok(m.id) else ""}

    def group(self, g: MessageGroup, lang: str) -> Page:
        src = error_src(lang, g.slug)
        w = ERROR_WORDS[lang]
        family = FAMILY.get(g.family, {}).get(lang, g.family)
        title = group_title(g, lang)

        def ctx(linker: Linker) -> dict[str, Any]:
            return {"W": w, "title": title,
                    "intro": w["group_intro"].format(origin=g.origin, family=family,
                                                     n=len(g.messages)),
                    "messages": [self._message(m, lang, linker) for m in g.messages],
                    "crumbs": self.r.crumbs(linker, lang, w["errors"], errors_src(lang))}

        description = w["group_intro"].format(origin=g.origin, family=family,
                                              n=len(g.messages))
        return self.r.simple(f"error/{g.slug}", "error", lang, src, "error.md.j2", title,
                             description, self.r.dates["home"], ctx,
                             middle=(w["errors"], errors_src(lang)))

    def index(self, lang: str) -> Page:
        w = ERROR_WORDS[lang]

        def ctx(linker: Linker) -> dict[str, Any]:
            fams: dict[str, list[dict[str, Any]]] = {}
            for g in self.groups:
                fams.setdefault(g.family, []).append({
                    "title": group_title(g, lang), "origin": g.origin, "n": len(g.messages),
                    "href": linker.to(error_src(lang, g.slug))})
            return {"W": w, "families": [{"label": FAMILY.get(f, {}).get(lang, f),
                                          "groups": gs} for f, gs in fams.items()],
                    "crumbs": self.r.crumbs(linker, lang)}

        return self.r.simple("errors", "errors", lang, errors_src(lang), "errors.md.j2",
                             w["errors"], w["errors_intro"], self.r.dates["home"], ctx)


def error_pages(site: Site, groups: list[MessageGroup]) -> Iterator[Page]:
    """The index and the group pages, per language (nothing when there are no messages)."""
    if not groups:
        return
    r = _ErrorRenderer(site, groups)
    for lang in LANGS:
        yield r.index(lang)
        for g in groups:
            yield r.group(g, lang)

