"""The bundled knowledge base lints clean, and lint reads a copy the same way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.lint.lintkit import REPO, TODAY, errors, run


def test_bundled_sources_have_no_lint_errors() -> None:
    found = errors(run(REPO))
    assert not found, "triage lint finds errors in the bundled sources:\n" + "\n".join(
        f"  [{i.code}] {i}" for i in found)


def test_an_untouched_copy_lints_like_the_original(kb_copy: Path) -> None:
    assert [str(i) for i in run(kb_copy)] == [str(i) for i in run(REPO)]


def test_reviews_are_judged_by_the_real_day_by_default(kb_copy: Path) -> None:
    from triage.lint import lint

    assert lint(kb_copy) == lint(kb_copy, today=dt.date.today().isoformat())


def test_a_bad_today_is_a_usage_error(kb_copy: Path) -> None:
    from triage.errors import UsageError
    from triage.lint import lint

    with pytest.raises(UsageError, match="--today"):
        lint(kb_copy, today="2026-02-30")
    assert run(kb_copy, TODAY) == run(kb_copy)
