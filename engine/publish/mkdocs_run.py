"""Write the MkDocs project (mkdocs.yml, docs/, overrides/) and build it in-process.

Per-page metadata (language, date, alternates, the Markdown copy, JSON-LD) goes into each
page's front matter, which the theme override ``site/overrides/main.html`` prints in the
``<head>``; nothing is rewritten in the HTML afterwards. The project written here builds
the same with a plain ``mkdocs build`` run in its folder.
"""

from __future__ import annotations

import importlib
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from triage.errors import BuildError
from triage.escape import attr, yaml_str
from triage.roots import bundled_root

from .labels import LABELS, LANG_NAMES
from .pages import Page
from .sentences import sentences
from .site import LANGS, copy_path, page_url, src_of
from .theme import patch_search_dialog, patch_theme_script

__all__ = ["SEARCH_SEPARATOR", "SITE_ASSETS", "front_matter", "mkdocs_config", "run_mkdocs",
           "write_project"]

SITE_ASSETS = bundled_root() / "site"
# Lunr splits on this in the browser and in the index: whitespace (and the zero-width space
# the search plugin puts between the words jieba finds in Chinese text) and punctuation, CJK
# included. Han characters are not split one by one: the words are the index terms, and the
# theme's search script cuts a Chinese query into those words.
SEARCH_SEPARATOR = (r"[\s\u200b\u3000\-,:;!?=\[\]()\"'/、。，．？！；：“”‘’（）《》【】]+"
                    r"|\.(?!\d)")
DESCRIPTION_LIMIT = 300


def _short(text: str) -> str:
    return sentences(text, DESCRIPTION_LIMIT)


def front_matter(page: Page, alts: list[tuple[str, str]]) -> str:
    """YAML front matter; every string value is a double-quoted scalar made by yaml_str."""
    lines = ["---", f"title: {yaml_str(attr(page.title))}",
             f"description: {yaml_str(attr(_short(page.description)))}",
             f"lang: {yaml_str(page.lang or 'en')}", f"kind: {yaml_str(page.kind)}",
             f"markdown: {yaml_str(copy_path(page.src))}"]
    if page.changed:
        lines.append(f"changed: {yaml_str(page.changed)}")
    if page.version:
        lines.append(f"version: {yaml_str(page.version)}")
    if alts:
        lines.append("alternates:")
        lines += [f"  - {{lang: {yaml_str(lang)}, path: {yaml_str(page_url(src))}}}"
                  for lang, src in alts]
    if page.jsonld:
        lines.append(f"jsonld: {yaml_str(page.jsonld)}")
    if page.kind == "root":
        lines.append("search: {exclude: true}")
    elif page.kind == "answer":
        # the site search ranks an answer above the message pages that quote its words
        lines.append("search: {boost: 2}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _nav() -> list[Any]:
    nav: list[Any] = []
    for lang in LANGS:
        w = LABELS[lang]
        nav.append({LANG_NAMES[lang]: [
            {w["home"]: src_of("home", lang)}, {w["checklists"]: src_of("checklists", lang)},
            {w["glossary"]: src_of("glossary", lang)}, {w["rules"]: src_of("rules", lang)},
            {w["changes"]: src_of("changes", lang)}]})
    return nav


def mkdocs_config(site_url: str) -> dict[str, Any]:
    """The MkDocs configuration: Material with no external fonts or downloads."""
    return {
        "site_name": "triage", "site_url": site_url,
        "site_description": LABELS["en"]["site_description"],
        "docs_dir": "docs", "site_dir": "site", "use_directory_urls": True,
        "strict": True,
        "theme": {"name": "material", "custom_dir": "overrides", "language": "en",
                  "font": False, "palette": {"primary": "indigo", "accent": "indigo"},
                  "features": ["navigation.tabs", "navigation.top", "search.highlight",
                               "toc.follow"]},
        "plugins": [{"search": {"lang": ["en"], "separator": SEARCH_SEPARATOR,
                                "pipeline": ["stemmer", "stopWordFilter"]}}],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "fenced_code",
                                {"toc": {"permalink": True}}],
        "extra_css": ["assets/triage/triage.css"],
        "extra": {"generator": False, "lang_names": LANG_NAMES,
                  "alternate": [{"lang": lang, "path": f"{lang}/"} for lang in LANGS],
                  "feed_titles": {lang: LABELS[lang]["feed"] for lang in LANGS}},
        "nav": _nav(),
        "validation": {"omitted_files": "ignore", "absolute_links": "warn",
                       "unrecognized_links": "warn", "anchors": "warn", "not_found": "warn"},
    }


def write_project(project: Path, site_url: str, pages: list[Page],
                  alts: dict[str, list[tuple[str, str]]], files: dict[str, bytes]) -> Path:
    """Write mkdocs.yml, docs/ (pages and static files) and overrides/; return mkdocs.yml."""
    if not (SITE_ASSETS / "overrides" / "main.html").is_file():
        raise BuildError(f"the theme override is missing: {SITE_ASSETS / 'overrides'}")
    docs = project / "docs"
    made: set[Path] = set()
    for page in pages:
        path = docs / page.src
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(front_matter(page, alts.get(page.key, [])) + page.body,
                        encoding="utf-8")
    for rel, data in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    shutil.copytree(SITE_ASSETS / "overrides", project / "overrides", dirs_exist_ok=True)
    patch_theme_script(project / "overrides")
    patch_search_dialog(project / "overrides")
    shutil.copytree(SITE_ASSETS / "assets", docs / "assets" / "triage", dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    config.write_text(yaml.safe_dump(mkdocs_config(site_url), allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_logging() -> Iterator[_Collect]:
    """Collect MkDocs' warnings instead of printing them; restore the logger afterwards."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.handlers = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


def _quiet_jieba() -> None:
    """jieba (Chinese words for the search index) sets its own logger to DEBUG on import."""
    try:
        importlib.import_module("jieba")
    except ImportError:
        return
    logging.getLogger("jieba").setLevel(logging.WARNING)


def run_mkdocs(config_file: Path, site_dir: Path) -> None:
    """``mkdocs build --strict`` in-process into ``site_dir``; a warning fails the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _quiet_jieba()
    with _mkdocs_logging() as log:
        try:
            config = load_config(config_file=str(config_file), site_dir=str(site_dir))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            detail = "; ".join(log.messages[:3]) or str(exc)
            raise BuildError(f"MkDocs failed: {detail}") from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BuildError(f"MkDocs failed: {type(exc).__name__}: {exc}") from exc
    if log.messages:
        raise BuildError(f"MkDocs warned: {log.messages[0]}")
