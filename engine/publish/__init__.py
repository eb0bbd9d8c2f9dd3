"""``triage build``: the public answer site and its machine-readable files.

The knowledge base and the public rules are rendered with jinja2 into MkDocs sources (zh and
en trees, front matter carrying each page's metadata) and built in-process with MkDocs and
the Material theme; llms.txt, Markdown copies, JSON data with schemas, the sitemap, Atom
feeds and robots.txt are written from the same records. See :func:`build_site`.
"""

from __future__ import annotations

from .build import DEFAULT_SITE_URL, BuildReport, build_site

__all__ = ["DEFAULT_SITE_URL", "BuildReport", "build_site"]
