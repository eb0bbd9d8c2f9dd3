"""Read a built site back: parse HTML with the stdlib, resolve internal links to files.

Used by the site, safety and browser tests. Nothing here imports the code under test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

SITE_URL = "https://triage.example.com/"
URL_ATTRS = ("href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "data")
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Scan:
    """What one HTML page holds, gathered in one pass."""

    path: Path
    lang: str = ""
    title: str = ""
    links: list[tuple[str, str, str]] = field(default_factory=list)     # tag, attr, url
    link_tags: list[dict[str, str]] = field(default_factory=list)       # <link> attributes
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    handlers: list[tuple[str, str, str]] = field(default_factory=list)  # on* attributes
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)                      # visible text

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def jsonld(self) -> list[str]:
        return [body for attrs, body in self.scripts if attrs.get("type") ==
                "application/ld+json"]


class _Parser(HTMLParser):
    def __init__(self, scan: Scan) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.stack: list[str] = []
        self.script: dict[str, str] | None = None
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.scan.tags.append((tag, a))
        for k, v in a.items():
            if k.startswith("on"):
                self.scan.handlers.append((tag, k, v))
            if k in URL_ATTRS and v:
                self.scan.links.append((tag, k, v))
        if "id" in a:
            self.scan.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.scan.ids.add(a["name"])
        if tag == "html":
            self.scan.lang = a.get("lang", "")
        if tag == "link":
            self.scan.link_tags.append(a)
        if tag == "script":
            self.script, self.script_text = a, []
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.scan.scripts.append((self.script, "".join(self.script_text)))
            self.script = None
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
            return
        if "title" in self.stack and "head" in self.stack:
            self.scan.title += data
        elif not {"style", "head"} & set(self.stack):
            self.scan.text.append(data)


def scan_html(path: Path, text: str | None = None) -> Scan:
    """Scan a file (or ``text`` given for it)."""
    scan = Scan(path)
    parser = _Parser(scan)
    parser.feed(path.read_text(encoding="utf-8") if text is None else text)
    parser.close()
    return scan


def page_address(out: Path, path: Path) -> str:
    """The URL a file is served at (index.html → its folder)."""
    rel = path.relative_to(out).as_posix()
    if rel == "index.html":
        rel = ""
    elif rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return SITE_URL + rel


def resolve(out: Path, base: str, url: str) -> tuple[Path, str] | None:
    """The file an internal URL points at and its fragment; None for external URLs."""
    full = urljoin(base, url.strip())
    parts = urlsplit(full)
    site = urlsplit(SITE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc != site.netloc:
        return None
    rel = unquote(parts.path)
    if not rel.startswith(site.path):
        return None
    rel = rel[len(site.path):]
    target = out / rel
    if rel == "" or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def bad_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return squeezed.startswith(BAD_SCHEMES)


# Tags the Markdown outputs may carry: the ones the site writes itself around content.
OWN_TAGS = re.compile(r"</?(?:code|pre)(?: class=\"triage-pre\")?>")
ANY_TAG = re.compile(r"<[A-Za-z/!?]")


def markdown_tags(text: str) -> list[str]:
    """Raw HTML openings left in Markdown once our own <code>/<pre> tags are removed."""
    stripped = OWN_TAGS.sub("", text)
    return [stripped[m.start(): m.start() + 40] for m in ANY_TAG.finditer(stripped)]
