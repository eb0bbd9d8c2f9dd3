"""Hostile editor content: markup, scripts, javascript: links and template syntax in fields.

Every field that reaches a page carries something that would be live if it were not escaped;
the build must publish all of it as inert text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HOSTILE_ID = "hostile-entry"
HOSTILE_RULE = "hostile-rule"
INTERNAL_RULE = "internal-secret-rule"
OLD_RULE = "hostile-old-rule"       # deprecated and public, replaced by the internal rule
INTERNAL_TITLE = "Internal only: zebra-kumquat heuristic"
TITLE = "</script><script>alert(1)</script> {{ config }} {: onclick=alert(2) }"
TEMPLATE = "{{ config }}"
RAW = "{% raw %}"


def _body(lang: str) -> dict[str, Any]:
    return {
        "title": TITLE,
        "question": f"<img src=x onerror=alert(3)> {TEMPLATE} why ({lang})?",
        "variants": ['<iframe src="javascript:alert(12)"></iframe>', "# heading? {#evil}"],
        "answer": "<img src=x onerror=alert(4)> [click](javascript:alert(5)) "
                  '<a href="javascript:alert(6)">x</a> ' + RAW + " {{ config.site_name }} "
                  "&lt;b&gt; <javascript:alert(8)> ![i](data:text/html,<script>alert(13)</script>)",
        "basis": "<style>body{display:none}</style> *not emphasis* __nor__ `code`",
        "boundaries": "1. not a list <!-- comment --> &amp; {% endraw %}",
        "steps": ["[x](javascript:alert(1))", "<script>alert(7)</script>",
                  "- not a nested list", "~~~\nnot a fence", "!!! danger \"not an admonition\""],
        "followups": [{"q": "</script><script>alert(9)</script>",
                       "a": '"><svg onload=alert(10)>'}],
        "evidence": ["<b onmouseover=alert(14)>bold</b>"],
        "never_ask": ["javascript:alert(15)"],
        "handoff": "```\n</code></pre><script>alert(11)</script>\n```\n{ticket_id} {{ config }}",
        "safety": "<meta http-equiv=refresh content='0;url=javascript:alert(16)'>",
        "summary": "<img src=x onerror=alert(21)> a short summary {{ config }} [x](javascript:)",
        "code": [{"title": "<script>alert(19)</script>", "lang": "python",
                  "code": "```\n</code></pre><script>alert(20)</script>\n````\n{{ config }}"}],
    }


def _rule(ident: str, visibility: str, title: str, says: str) -> dict[str, Any]:
    text = {lang: {"title": title, "explanation": f"{says} explanation here",
                   "next_steps": [f"[go](javascript:alert(17)) {TEMPLATE}"],
                   "evidence": ["<script>alert(18)</script>"]} for lang in ("zh", "en")}
    return {
        "id": ident, "version": "1.0.0", "status": "stable", "cause": "auth.hostile",
        "priority": 999, "visibility": visibility, "confidence": 0.5,
        "when": {"all": [{"fact": "response.status", "eq": 401},
                         {"text": "zebra[-]kumquat </script>", "says": {"zh": says, "en": says}},
                         {"not": {"fact": "request.stream", "eq": True}}]},
        "text": text, "faq": [HOSTILE_ID],
        "ask": [{"fact": "request.key_id", "why": {"zh": says, "en": says}}],
        "changelog": [{"version": "1.0.0", "date": "2026-11-29", "change": f"{says} added"}],
    }


def _cases(ident: str) -> dict[str, Any]:
    body = '{"error": {"message": "zebra-kumquat </script>"}}'
    return {"rule": ident,
            "fires": [{"name": "fires", "facts": {"response": {"status": 401, "body": body}}}],
            "not_fires": [{"name": "quiet", "facts": {"response": {"status": 200}}}]}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def add_hostile_sources(root: Path) -> None:
    """Add the hostile entry, a hostile public rule and an internal rule under ``root``."""
    entry = {
        "id": HOSTILE_ID, "version": "1.0.0", "kind": "troubleshooting", "family": "auth",
        "owner": "<i>owner</i>", "tags": ["<b>tag</b>", TEMPLATE], "changed": "2026-11-29",
        "reviewed": "2026-11-29", "next_review": "2027-05-29",
        "related": ["model-not-found"], "glossary": ["api-key"], "checklists": [],
        "zh": _body("zh"), "en": _body("en"),
        "changelog": [{"version": "1.0.0", "date": "2026-11-29",
                       "change": "<script>alert(19)</script> added"}],
    }
    _write(root / "kb" / "entries" / f"{HOSTILE_ID}.yaml", entry)
    _write(root / "rules" / "auth" / f"{HOSTILE_RULE}.yaml",
           _rule(HOSTILE_RULE, "public", "<img src=x onerror=alert(20)> rule",
                 "<script>alert(21)</script> says"))
    _write(root / "rules" / "auth" / f"{HOSTILE_RULE}.cases.yaml", _cases(HOSTILE_RULE))
    _write(root / "rules" / "auth" / f"{INTERNAL_RULE}.yaml",
           _rule(INTERNAL_RULE, "internal", INTERNAL_TITLE, "zebra-kumquat internal says"))
    _write(root / "rules" / "auth" / f"{INTERNAL_RULE}.cases.yaml", _cases(INTERNAL_RULE))
    old = _rule(OLD_RULE, "public", "Old public rule", "old rule says")
    old.update(status="deprecated", replaced_by=INTERNAL_RULE)
    _write(root / "rules" / "auth" / f"{OLD_RULE}.yaml", old)
