"""``build_site``: sources → pages → MkDocs project → site, swapped in only on success.

The build runs in a temporary folder beside the output. Only when MkDocs and every
post-build file succeeded is the old output renamed away, the new one renamed in and the old
one deleted; on any failure the previous output is left as it was and the temporary folder
is removed.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from triage.errors import BuildError, SourceError, UsageError
from triage.loader.sources import load_sources
from triage.model import KnowledgeBase
from triage.secrets import find_secrets, looks_fake, mask_key

from .data import data_files
from .error_data import errors_data
from .error_pages import error_pages
from .machine import alternates, feed, llms_full, llms_txt, robots, sitemap
from .messages import error_groups
from .mkdocs_run import run_mkdocs, write_project
from .pages import Page, render_pages
from .site import LANGS, Site, copy_path
from .theme import split_search

__all__ = ["DEFAULT_SITE_URL", "MARKER", "BuildReport", "build_site", "normalise_site_url"]

DEFAULT_SITE_URL = "https://triage.example.com/"
MARKER = ".triage-site"
_MARKER_TEXT = b"Built by 'triage build'. This folder is replaced as a whole on every build.\n"
_SOURCES_MARKER = ".triage-sources"


@dataclass(frozen=True)
class BuildReport:
    out: Path
    pages: int
    answers: int
    rules: int
    seconds: float


def normalise_site_url(url: str) -> str:
    """An absolute http(s) URL ending with ``/``; anything else is a usage error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or \
            parts.fragment or any(c in url for c in " \"'<>\\`"):
        raise UsageError(f"--site-url {url!r}: give an absolute http(s) URL such as "
                         f"{DEFAULT_SITE_URL}")
    text = url.strip()
    return text if text.endswith("/") else text + "/"


def _check_out(out: Path, root: Path) -> None:
    root = root.resolve()
    if out == root or out in root.parents or out == Path.home() or out == Path(out.anchor):
        raise BuildError(f"refusing to build into {out}: it holds the sources or more")
    for inside in ("rules", "kb", "schemas", "engine", "site"):
        if out == root / inside or (root / inside) in out.parents:
            raise BuildError(f"refusing to build into {out}: it is inside {root / inside}")
    if out.exists() and not out.is_dir():
        raise BuildError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(f"refusing to replace {out}: it is not a site built by triage (no "
                         f"{MARKER}); remove it or choose another --out")


def _prepare_sources(path: Path) -> Path:
    path = path.resolve()
    if path.is_dir() and any(path.iterdir()):
        if not (path / _SOURCES_MARKER).is_file():
            raise BuildError(f"refusing to reuse {path}: it is not empty and holds no "
                             f"{_SOURCES_MARKER}")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / _SOURCES_MARKER).write_bytes(b"MkDocs sources written by 'triage build'.\n")
    return path


def _machine_files(site: Site, pages: list[Page]) -> dict[str, bytes]:
    """Files MkDocs copies as they are (so its link check sees them)."""
    files = {"llms.txt": llms_txt(site, pages, None).encode(),
             "llms-full.txt": llms_full(pages, None).encode(),
             "robots.txt": robots(site.site_url).encode()}
    for lang in LANGS:
        files[f"{lang}/llms.txt"] = llms_txt(site, pages, lang).encode()
        files[f"{lang}/llms-full.txt"] = llms_full(pages, lang).encode()
        files[f"{lang}/feed.xml"] = feed(site, lang)
    files.update(data_files(site))
    return files


def _after_mkdocs(site_dir: Path, site_url: str, pages: list[Page],
                  alts: dict[str, list[tuple[str, str]]]) -> None:
    """The Markdown copies, our sitemap (replacing the theme's) and the marker."""
    for page in pages:
        (site_dir / copy_path(page.src)).write_text(page.copy, encoding="utf-8")
    data = sitemap(site_url, pages, alts)
    (site_dir / "sitemap.xml").write_bytes(data)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    for lang in LANGS:
        # the theme's script reads <base>/sitemap.xml, and a language's pages have their
        # folder as base (see theme.py)
        (site_dir / lang / "sitemap.xml").write_bytes(
            sitemap(site_url, [p for p in pages if p.lang == lang], alts))
    split_search(site_dir)
    (site_dir / MARKER).write_bytes(_MARKER_TEXT)


_SCANNED = (".html", ".md", ".txt", ".json", ".xml", ".yml", ".yaml")


def _refuse_secrets(site_dir: Path) -> None:
    """The last gate: no secret-shaped string in any file we generated (the theme's own
    assets/ are not ours). Sources are checked first; this catches whatever slips past."""
    found: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir)
        if path.suffix not in _SCANNED or rel.parts[:1] == ("assets",) or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{rel}: {f.kind} ({mask_key(f.value)})" for f in find_secrets(text)
                  if not looks_fake(f.value)]
    if found:
        raise BuildError(f"refusing to publish: {len(found)} secret-shaped string(s) in the "
                         f"built site, first {found[0]}; remove them from the sources")


def _swap(new: Path, out: Path, scratch: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    old = scratch / "previous"
    os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old, out)
        raise


def _diagnoser(kb: KnowledgeBase) -> Callable[[dict[str, Any], str], dict[str, Any]]:
    """The engine over the knowledge base being built (not a cached copy of another),
    compiled on first use: a knowledge base without message corpora never pays for it."""
    engines: list[Any] = []

    def run(facts: dict[str, Any], lang: str) -> dict[str, Any]:
        if not engines:
            from triage.compile import compile_kb
            from triage.evaluate import Diagnoser

            engines.append(Diagnoser(compile_kb(kb)))
        result: dict[str, Any] = engines[0].diagnose(facts, lang)
        return result

    return run


def build_site(root: Path, out: Path, site_url: str = DEFAULT_SITE_URL,
               sources: Path | None = None) -> BuildReport:
    """Build the site for the knowledge base at ``root`` into ``out``."""
    started = time.perf_counter()
    site_url = normalise_site_url(site_url)
    kb, issues = load_sources(root, trust_checked=True)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise SourceError(errors)
    out = out.resolve()
    _check_out(out, root)
    site = Site.of(kb, site_url)
    groups = error_groups(site, root, _diagnoser(kb))
    pages = list(render_pages(site, with_errors=bool(groups)))
    pages += error_pages(site, groups)
    alts = alternates(pages)
    files = _machine_files(site, pages)
    files.update(errors_data(site, groups))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    except OSError as exc:
        raise BuildError(f"cannot write beside {out}: {exc.strerror or exc}") from exc
    try:
        project = _prepare_sources(sources) if sources else scratch / "project"
        config = write_project(project, site_url, pages, alts, files)
        run_mkdocs(config, scratch / "site")
        _after_mkdocs(scratch / "site", site_url, pages, alts)
        _refuse_secrets(scratch / "site")
        _swap(scratch / "site", out, scratch)
    except OSError as exc:
        raise BuildError(f"the build failed: {exc}") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return BuildReport(out, len(pages), len(site.entries), len(site.rules),
                       time.perf_counter() - started)
