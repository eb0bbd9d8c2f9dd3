"""Builds shared by the publish tests: the bundled knowledge base once per session, and a
copy of it with hostile content (and an internal rule) once per session.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from triage.loader.sources import find_root, load_sources
from triage.model import KnowledgeBase
from triage.publish import build_site

from .hostile import add_hostile_sources
from .scan import SITE_URL, Scan, scan_html

REPO = find_root(Path(__file__).resolve().parent)


@dataclass(frozen=True)
class Built:
    root: Path
    out: Path
    kb: KnowledgeBase
    pages: dict[Path, Scan]

    def files(self) -> list[Path]:
        return sorted(p for p in self.out.rglob("*") if p.is_file())


def copy_sources(dest: Path) -> Path:
    """A private copy of the bundled rules/ and kb/ (schemas are found from the engine)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in ("rules", "kb"):
        shutil.copytree(REPO / part, dest / part)
    return dest


def _built(root: Path, out: Path) -> Built:
    build_site(root, out, SITE_URL)
    kb, _issues = load_sources(root)
    return Built(root, out, kb, {p: scan_html(p) for p in sorted(out.rglob("*.html"))})


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled knowledge base, built once."""
    return _built(REPO, tmp_path_factory.mktemp("site") / "public")


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled knowledge base plus hostile content and an internal rule, built once."""
    root = copy_sources(tmp_path_factory.mktemp("hostile-root"))
    add_hostile_sources(root)
    return _built(root, tmp_path_factory.mktemp("hostile") / "public")
