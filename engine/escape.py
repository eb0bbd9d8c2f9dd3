"""Make editor and ticket content inert for every output format: the site and the handoff note.

Content from rules/ and kb/ is data. It reaches Markdown (which passes raw HTML through),
HTML attributes, JSON-LD inside ``<script>``, YAML front matter and plain-text files only
through these functions; it is never compiled as a template.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "anchor_ok", "attr", "code", "fence", "json_script", "md", "plain", "pre", "safe_url",
    "slug_ok", "yaml_str",
]

# The characters Python-Markdown lets a backslash escape that could start markup inline:
# code spans, emphasis, attribute lists, links and images. `<`, `>` and `&` become entities.
_INLINE = re.compile(r"([\\`*_{}\[\]])")
# Block markers at the start of a line: headings, lists, quotes, fences, tables, setext.
_LEAD_ESCAPE = re.compile(r"^([#+\-!])")
_LEAD_ENTITY = re.compile(r"^([~=:|])")
_LEAD_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")
# Anything md() would change: when none of these is present the text is returned as is.
_NEEDS_ESCAPE = re.compile(r"[&<>\\`*_{}\[\]]|^[#+\-!~=:|]|^\d+[.)](?:\s|$)")
_SLUG = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
# an anchor may also hold the corpus's "template--variant" double hyphen
_ANCHOR = re.compile(r"^[a-z0-9]+(?:(?:\.|--?)[a-z0-9]+)*$")
# Characters YAML treats as line breaks, a byte-order mark, or refuses in a stream.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def plain(value: Any) -> str:
    """One line of text: runs of whitespace (newlines included) become one space."""
    return " ".join(str(value).split())


def md(value: Any) -> str:
    """Inline Markdown that renders as exactly the text given: no HTML, links or emphasis."""
    text = plain(value)
    if not _NEEDS_ESCAPE.search(text):
        return text  # most sentences: nothing Markdown or HTML would read as markup
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _LEAD_ESCAPE.sub(r"\\\1", text)
    text = _LEAD_ENTITY.sub(lambda m: f"&#{ord(m.group(1))};", text)
    return _LEAD_NUMBER.sub(r"\1\\\2", text)


def code(value: Any) -> str:
    """Inline code that content cannot break out of (an HTML ``<code>`` with escaped text)."""
    return f"<code>{md(value)}</code>"


def pre(value: Any) -> str:
    """A preformatted block that keeps the lines: raw HTML of ours, the text entity-escaped.

    Markdown passes it through untouched and it reads the same in the Markdown copy; the
    content cannot close it early or open any tag, as every ``<`` and ``&`` is an entity.
    """
    lines = [html.escape(line.rstrip(), quote=False)
             for line in str(value).replace("\r\n", "\n").strip("\n").split("\n")]
    return '<pre class="triage-pre"><code>' + "\n".join(lines) + "</code></pre>"


_CODE_LANGS = ("python", "javascript", "bash", "json", "http", "text")
_TICKS = re.compile(r"`+")


def fence(sample: Any) -> str:
    """A fenced code block (``{"lang", "code"}``) that content cannot close early.

    The fence is one backtick longer than any run of backticks in the code; the language is
    one of a fixed list. Inside a fence Markdown is literal and the HTML escapes the text.
    """
    lang = sample.get("lang") if sample.get("lang") in _CODE_LANGS else "text"
    lines = str(sample.get("code", "")).replace("\r\n", "\n").strip("\n").split("\n")
    text = "\n".join(line.rstrip() for line in lines)
    ticks = "`" * max(3, 1 + max((len(m) for m in _TICKS.findall(text)), default=0))
    return f"{ticks}{lang}\n{text}\n{ticks}"


def attr(value: Any) -> str:
    """Text for an HTML attribute value or element body (quotes escaped too)."""
    return html.escape(plain(value), quote=True)


def safe_url(url: str) -> str:
    """``url`` if it is http(s) or relative, else ``#``: no javascript:, data: or others."""
    text = str(url).strip()
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", text)
    parts = urlsplit(squeezed)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return "#"
    if not parts.scheme and (squeezed.startswith("//") or ":" in squeezed.split("/", 1)[0]):
        return "#"
    return text


def anchor_ok(ident: str) -> bool:
    """Whether an id is safe as an anchor (``{#id}``): a slug, or slugs joined by ``--``."""
    return bool(_ANCHOR.match(ident)) and len(ident) <= 200


def slug_ok(ident: str) -> bool:
    """Whether an id is a plain slug, safe as a path segment and an anchor."""
    return bool(_SLUG.match(ident)) and ident != "index"


def json_script(data: Any) -> str:
    """JSON for inside ``<script type="application/ld+json">``: ``</script>`` cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar that loads back as exactly ``str(value)``."""
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
