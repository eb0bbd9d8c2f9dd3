"""Shared fixtures: the bundled knowledge base, a writable copy of it, the diagnoser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURES: dict[str, str] = {}


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
