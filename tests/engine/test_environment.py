"""In CI the browser tests must run, not skip: chromium is installed by scripts/test.sh."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.mark.skipif(not os.environ.get("CI"), reason="only CI must have every tool")
def test_ci_has_chromium() -> None:
    assert shutil.which("chromium"), "scripts/test.sh should have installed Debian's chromium"
