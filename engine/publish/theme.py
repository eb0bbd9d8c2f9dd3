"""What the build does to the Material theme's output: no stray requests, one index per language.

- The theme's script follows every ``<link rel="alternate">`` of a page (hreflang versions,
  the Markdown copy, the feed) and asks for a ``sitemap.xml`` beside each one; none of those
  exist, so every page made several requests that ended in 404. The build writes a copy of the
  theme's script into the project's ``overrides/`` (MkDocs prefers it to the theme's own
  file) in which that lookup only follows links marked ``data-md-alternate`` (we mark none).
  The change is one exact string; if a theme update moves it the build fails and says so.
- The theme's search dialog (``role="dialog"``) has no accessible name; the build writes a
  copy of ``partials/search.html`` with one (the interface word "search" of the page's
  language), checked the same way.
- Search: MkDocs' search plugin writes one index for the whole site. :func:`split_search`
  writes ``zh/search/search_index.json`` and ``en/search/search_index.json`` from it (each
  page's sections, locations made relative to the language folder), and the theme override
  points the pages of a language at their folder (``__config.base``), so a search on ``/zh/``
  only ever sees Chinese pages. Chinese text is segmented into words by jieba at build time
  (the search plugin does this when jieba is installed); the theme's search script splits a
  Chinese query with the words of the index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from triage.errors import BuildError

from .site import LANGS

__all__ = ["ALTERNATE_LOOKUP", "patch_search_dialog", "patch_theme_script", "split_search"]

ALTERNATE_LOOKUP = '("link[rel=alternate]")'
_PATCHED = '("link[rel=alternate][data-md-alternate]")'
_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def _theme_dir() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def patch_theme_script(overrides: Path) -> Path:
    """Write the patched theme script into ``overrides``; return its path."""
    scripts = sorted((_theme_dir() / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(scripts) != 1:
        raise BuildError("cannot find the one bundle.*.min.js of mkdocs-material; this "
                         "version of the theme is not supported by triage build")
    text = scripts[0].read_text(encoding="utf-8")
    if text.count(ALTERNATE_LOOKUP) != 1:
        raise BuildError(f"mkdocs-material's {scripts[0].name} no longer holds "
                         f"{ALTERNATE_LOOKUP} exactly once; update triage.publish.theme")
    text = _MAP_COMMENT.sub("\n", text.replace(ALTERNATE_LOOKUP, _PATCHED))
    dest = overrides / "assets" / "javascripts" / scripts[0].name
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED = ('<div class="md-search" data-md-component="search" role="dialog" '
          'aria-label="{{ lang.t(\'search\') }}">')


def patch_search_dialog(overrides: Path) -> Path:
    """The theme's search dialog gets an accessible name (its role is dialog, it had none)."""
    source = _theme_dir() / "partials" / "search.html"
    text = source.read_text(encoding="utf-8")
    if text.count(_DIALOG) != 1:
        raise BuildError("mkdocs-material's partials/search.html no longer holds the search "
                         "dialog as triage expects; update triage.publish.theme")
    dest = overrides / "partials" / "search.html"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text.replace(_DIALOG, _NAMED), encoding="utf-8")
    return dest


def split_search(site_dir: Path) -> dict[str, int]:
    """One search index per language from the site-wide one; returns documents per language."""
    whole = site_dir / "search" / "search_index.json"
    try:
        index: dict[str, Any] = json.loads(whole.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"the search index was not written: {exc}") from exc
    counts = {}
    for lang in LANGS:
        prefix = f"{lang}/"
        docs = [{**d, "location": d["location"][len(prefix):]} for d in index.get("docs", [])
                if str(d.get("location", "")).startswith(prefix)]
        out = site_dir / lang / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"config": index.get("config", {}), "docs": docs},
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(docs)
    # the site-wide index stays for pages outside the language folders (the root chooser)
    return counts
