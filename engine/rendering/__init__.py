"""A diagnosis → text for a terminal, JSON as in the contract, or a Markdown handoff note.

Templates are jinja2 files of ours with StrictUndefined; ticket content only ever enters as
variables, escaped for the target format, and is never compiled as a template.
"""

from __future__ import annotations

import functools
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from triage.escape import md

__all__ = ["FORMATS", "render", "visible"]

FORMATS = ("text", "json", "markdown")

# a code span written in the sources (`curl -i`): kept, since nothing inside one is live; not
# with a "|" in it, which would still end a table cell of the note
_CODE_SPAN = re.compile(r"`([^`|\n]{1,200})`")


def _md_plain(text: str) -> str:
    """Inert inline Markdown (the site's escaper) that also cannot end a table cell."""
    if not text.strip():
        return text
    lead = " " if text[0] == " " else ""
    trail = " " if text[-1] == " " else ""
    return lead + md(text).replace("|", "\\|") + trail


def _md(value: Any) -> str:
    """Escape text for Markdown: no live HTML, links or emphasis from ticket content. A
    balanced code span stays one (its content is shown literally, so it cannot be live)."""
    text = " ".join(str(value).split())
    out, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_md_plain(text[last:m.start()]))
        out.append(m.group(0) if m.group(1).strip() else _md_plain(m.group(0)))
        last = m.end()
    out.append(_md_plain(text[last:]))
    return "".join(out)


def _fence(value: Any) -> str:
    """A code block that the content cannot close early."""
    text = str(value)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


# C0 controls but tab and newline, DEL and C1 controls: from a body they could move the
# cursor, set the window title or ring the bell of the terminal a note is printed on.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Every control character a ticket brought along, written out as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _bytecode_cache(jinja2: Any) -> Any:
    """Compiled templates are kept on disk so that a CLI run does not recompile them."""
    from triage.cachedir import enabled, user_cache_dir

    if not enabled():
        return None
    folder = str(user_cache_dir() / "jinja")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(folder)


@functools.lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        bytecode_cache=_bytecode_cache(jinja2),
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["md"] = _md
    env.filters["fence"] = _fence
    return env


_LABELS = {
    "en": {"none": "No rule matched these facts.",
           "general": "General answer", "first": "Check first", "then": "Then",
           "partial": "Possibly (the message matches; not confirmed yet)",
           "words": "Possibly (from the words of the message alone)",
           "read": "Read from the pasted text",
           "why": "Why", "steps": "Next steps", "keep": "Evidence to keep",
           "ask": "To confirm, ask for",
           "faq": "Read", "warnings": "Warnings", "confidence": "confidence",
           "title": "Support handoff", "owner": "Owner", "env": "Environment",
           "capability": "Capability", "good": "Last known good", "symptom": "Symptom",
           "request_id": "Request id (give it to the platform)",
           "collected": "Evidence collected", "review": "Next review point",
           "diagnosis": "Diagnosis", "unknown": "not given", "candidates": "Other candidates",
           "review_default": "after the user has tried the first next step, or within 24 hours"},
    "zh": {"none": "没有规则与这些事实匹配。",
           "general": "一般性建议", "first": "优先检查", "then": "其次",
           "partial": "可能（错误信息吻合，尚未确认）",
           "words": "可能（仅凭错误信息的用词判断）",
           "read": "从粘贴的文本中读取",
           "why": "依据", "steps": "下一步", "keep": "需保留的证据", "ask": "还需确认",
           "faq": "参考", "warnings": "警告", "confidence": "置信度",
           "title": "工单交接说明", "owner": "负责人", "env": "环境", "capability": "涉及能力",
           "good": "最近一次正常", "symptom": "现象", "request_id": "请求 ID（提供给平台）",
           "collected": "已收集的证据",
           "review": "下次复查时间", "diagnosis": "诊断", "unknown": "未提供",
           "candidates": "其他可能原因",
           "review_default": "用户尝试第一步处理之后，或 24 小时内"},
}


# how each item read from a pasted text is worded (triage.facts.paste.READ_ITEMS)
_READ_WORDS = {
    "en": {"status": "status {}", "body": "the error body", "retry_after": "retry-after {}",
           "url": "the URL called", "model": "model {}", "exception": "exception {}",
           "caused_by": "caused by {}", "client": "client {}", "request_id": "request id {}"},
    "zh": {"status": "状态码 {}", "body": "错误响应体", "retry_after": "retry-after {}",
           "url": "调用的地址", "model": "模型 {}", "exception": "异常 {}",
           "caused_by": "起因 {}", "client": "客户端 {}", "request_id": "请求 ID {}"},
}


def read_line(result: dict[str, Any], lang: str) -> str:
    """What was read from a pasted text, as one line in ``lang`` ("" when nothing was)."""
    words = _READ_WORDS["zh" if lang == "zh" else "en"]
    parts = []
    for entry in result.get("read") or ():
        form = words.get(str(entry.get("item")), "{}")
        parts.append(form.format(entry.get("value", "")))
    sep = "；" if lang == "zh" else "; "
    return sep.join(parts)


def render(result: dict[str, Any], fmt: str, lang: str) -> str:
    """Render one diagnosis result (already masked) in ``fmt``."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    labels = _LABELS["zh" if lang == "zh" else "en"]
    facts = result.get("facts", {})
    symptom = " ".join(str(x) for x in (
        facts.get("response.status", ""), facts.get("error.kind", ""),
        facts.get("body.message", ""))).strip()
    capability = facts.get("ticket.capability") or " ".join(
        str(facts[k]) for k in ("request.kind", "request.model") if facts.get(k))
    handoff = {
        "owner": facts.get("ticket.owner") or labels["unknown"],
        "environment": facts.get("ticket.environment") or labels["unknown"],
        "capability": capability or labels["unknown"],
        "last_known_good": facts.get("ticket.last_known_good") or labels["unknown"],
        "symptom": symptom or labels["unknown"],
        "request_id": str(facts.get("response.request_id") or ""),
        "review": facts.get("ticket.next_review") or labels["review_default"],
    }
    from triage.attribution import who_acts

    template = _env().get_template(f"{fmt}.j2")
    return visible(template.render(
        r=result, L=labels, facts=facts, h=handoff, who=who_acts(result, lang),
        read=read_line(result, lang),
        now=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    ))

