"""The ``build`` sub-command: ``add_parser(subparsers)`` and ``run(args) -> int``.

``triage build [--out DIR] [--root DIR] [--site-url URL] [--sources DIR] [--quiet]``.
Exit codes (through the main CLI): 0 built; 1 the build failed and the previous output was
kept (:class:`~triage.errors.BuildError`); 2 bad usage or invalid sources.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from triage.cli.args import resolve_root
from triage.roots import BUNDLE_DIR

from .build import DEFAULT_SITE_URL, build_site

__all__ = ["add_parser", "run"]

_DESCRIPTION = (
    "Build the public answer site (zh and en) with MkDocs, plus llms.txt, Markdown copies, "
    "JSON data with schemas, sitemap.xml, Atom feeds and robots.txt. The output is replaced "
    "only when the whole build succeeds."
)


def add_parser(subparsers: Any) -> None:
    """Add ``build`` to an argparse ``subparsers`` object; it sets ``func=run``."""
    parser = subparsers.add_parser("build", help="build the public answer site",
                                   description=_DESCRIPTION)
    parser.add_argument("--out", metavar="DIR",
                        help="output folder (default: public/ under the root)")
    parser.add_argument("--root", metavar="DIR",
                        help="folder with rules/ and kb/ (default: $TRIAGE_ROOT, else found "
                             "from here)")
    parser.add_argument("--site-url", default=DEFAULT_SITE_URL, metavar="URL",
                        help=f"public URL of the site, for canonical links, the sitemap, feeds "
                             f"and llms.txt (default {DEFAULT_SITE_URL})")
    parser.add_argument("--sources", metavar="DIR",
                        help="also keep the generated MkDocs project (mkdocs.yml, docs/) here")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_root(getattr(args, "root", None))
    # default: public/ in the knowledge base, or here when that is the one inside the package
    default = Path("public") if root.name == BUNDLE_DIR else root / "public"
    out = Path(args.out) if getattr(args, "out", None) else default
    sources = Path(args.sources) if getattr(args, "sources", None) else None
    report = build_site(root, out, getattr(args, "site_url", DEFAULT_SITE_URL), sources)
    if not getattr(args, "quiet", False):
        print(f"triage build: {report.pages} pages ({report.answers} answers and "
              f"{report.rules} public rules in zh and en) in {report.out} "
              f"({report.seconds:.1f}s)", file=sys.stderr)
    return 0
