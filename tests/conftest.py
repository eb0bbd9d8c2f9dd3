"""Shared fixtures: the bundled knowledge base, a writable copy of it, the diagnoser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURES: dict[str, str] = {}


@pytest.fixture(autouse=True, scope="session")
def _feedback_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Feedback posted by any test goes to a temporary SQLite file, never the user's."""
    import os

    old = os.environ.get("TRIAGE_FEEDBACK_DB")
    os.environ["TRIAGE_FEEDBACK_DB"] = str(tmp_path_factory.mktemp("feedback") / "fb.sqlite3")
    yield
    if old is None:
        os.environ.pop("TRIAGE_FEEDBACK_DB", None)
    else:
        os.environ["TRIAGE_FEEDBACK_DB"] = old


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def diagnoser() -> Any:
    from triage.api import load_diagnoser

    return load_diagnoser(ROOT)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of rules/ and kb/ in a temporary root."""
    for name in ("rules", "kb"):
        shutil.copytree(ROOT / name, tmp_path / name)
    yield tmp_path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, text in FIGURES.items():
        terminalreporter.write_line(f"{name}: {text}")
