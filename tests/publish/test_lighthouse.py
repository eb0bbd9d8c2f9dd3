"""Lighthouse (npm ``lighthouse``, run with Debian's chromium) on the built site, offline.

``scripts/test.sh`` installs it into ``build/lighthouse/``; without node or that install the
test is skipped and says why. Targets from issue 16: SEO 100, Accessibility >= 98,
Best Practices 100 on the home, an answer, a rule and an error page in both languages.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import CHROMIUM, have_chromium, serve
from .conftest import REPO, Built

LIGHTHOUSE = Path(os.environ.get("TRIAGE_LIGHTHOUSE",
                                  REPO / "build" / "lighthouse" / "node_modules" / ".bin" /
                                  "lighthouse"))

pytestmark = [pytest.mark.slow, pytest.mark.browser,
              pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed"),
              pytest.mark.skipif(not LIGHTHOUSE.is_file(),
                                 reason=f"lighthouse is not installed at {LIGHTHOUSE} "
                                        "(scripts/test.sh installs it with npm)")]


@pytest.fixture(scope="module")
def served(site: Built) -> Iterator[str]:
    with serve(site.out) as url:
        yield url


def _pages(site: Built) -> list[str]:
    rule = next(r.id for r in site.kb.rules if r.visibility == "public")
    error = sorted(p.parent.name for p in (site.out / "en" / "errors").glob("*/index.html"))
    assert error, "no error page was built"
    return [f"{lang}/{path}" for lang in ("zh", "en") for path in (
        "", "answers/model-not-found/", f"rules/{rule}/", f"errors/{error[0]}/")]


def test_lighthouse_scores(site: Built, served: str, tmp_path: Path) -> None:
    low = []
    for i, page in enumerate(_pages(site)):
        report = tmp_path / f"lh{i}.json"
        done = subprocess.run(
            [str(LIGHTHOUSE), served + page, "--quiet", "--output=json",
             f"--output-path={report}", "--only-categories=seo,accessibility,best-practices",
             f"--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
             f"--user-data-dir={tmp_path / f'profile{i}'}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
            timeout=240, stdin=subprocess.DEVNULL)
        assert done.returncode == 0 and report.is_file(), done.stderr[-2000:]
        data = json.loads(report.read_text(encoding="utf-8"))
        scores = {k: v["score"] for k, v in data["categories"].items()}
        failing = [k for k, a in data["audits"].items() if a.get("score") is not None
                   and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "numeric")]
        if scores["seo"] < 1 or scores["best-practices"] < 1 or scores["accessibility"] < 0.98:
            low.append(f"{page}: {scores} failing {failing}")
    assert not low, "\n".join(low)
