"""Helpers for the lint tests: break one thing in the YAML text, find where it is.

Tests take the shared ``kb_copy`` fixture (tests/conftest.py), a writable copy of rules/ and
kb/. Edits are placed with the loader's marks (so they survive changes to the bundled
content); the places the tests expect are found again by plain text search, not by the marks
lint uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from triage.errors import Issue
from triage.lint import lint
from triage.loader.sources import read_document

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-28"


def run(root: Path, today: str = TODAY) -> list[Issue]:
    return lint(root, today=today)


def _lines(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").splitlines(keepends=True)


def _write(root: Path, rel: str, lines: list[str]) -> None:
    (root / rel).write_text("".join(lines), encoding="utf-8")


def _start(root: Path, rel: str, path: tuple[Any, ...]) -> tuple[int, int]:
    """The 0-based line and column where the key (or the dash of the list item) at
    ``path`` is written."""
    doc = read_document(root / rel, rel)
    assert doc.data is not None, doc.issues
    item = isinstance(path[-1], int)
    table = doc.marks.values if item else doc.marks.keys
    assert path in table, f"{rel} has no {path}"
    line, col = table[path]
    if item:
        text = (root / rel).read_text(encoding="utf-8").splitlines()[line - 1]
        col = text.rindex("-", 0, col - 1) + 1
    return line - 1, col - 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _end(lines: list[str], start: int, col: int) -> int:
    """The line after the block of the key or list item written at (start, col)."""
    is_key = lines[start][col] != "-"
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if not line.strip() or _indent(line) > col:
            continue
        if is_key and _indent(line) == col and line.lstrip(" ").startswith("- "):
            continue  # a list written at the key's own indentation
        return j
    return len(lines)


def drop(root: Path, rel: str, *path: Any) -> None:
    """Remove a key written on its own line, with its value, or a whole list item."""
    lines = _lines(root, rel)
    start, col = _start(root, rel, path)
    assert col == _indent(lines[start]), f"{path} does not start its line"
    del lines[start:_end(lines, start, col)]
    _write(root, rel, lines)


def set_value(root: Path, rel: str, *path: Any, text: str) -> None:
    """Replace the value of a key (or a list item) with ``text`` (YAML, from that column)."""
    lines = _lines(root, rel)
    start, col = _start(root, rel, path)
    head = lines[start][:col] + ("- " if isinstance(path[-1], int) else f"{path[-1]}: ")
    lines[start:_end(lines, start, col)] = [f"{head}{text}\n"]
    _write(root, rel, lines)


def add_item(root: Path, rel: str, *path: Any, text: str) -> None:
    """Put a new first item ``text`` into the list at ``path``."""
    lines = _lines(root, rel)
    start, col = _start(root, rel, (*path, 0))
    lines.insert(start, lines[start][:col] + f"- {text}\n")
    _write(root, rel, lines)


def add_key(root: Path, rel: str, before: str, text: str) -> None:
    """Insert top-level lines ``text`` before the top-level key ``before``."""
    lines = _lines(root, rel)
    start, _ = _start(root, rel, (before,))
    lines.insert(start, text if text.endswith("\n") else text + "\n")
    _write(root, rel, lines)


def replace(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")


def where(root: Path, rel: str, needle: str, nth: int = 0, at_text: str = "") -> str:
    """``rel:line:col`` of the ``nth`` occurrence of ``needle`` in the file's text (of the
    part ``at_text`` of it, when given)."""
    text = (root / rel).read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.find(needle, at + 1)
        assert at >= 0, f"{needle!r} not in {rel}"
    at += needle.index(at_text) if at_text else 0
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"{rel}:{line}:{col}"


def line_of(root: Path, rel: str, needle: str, nth: int = 0) -> str:
    """``rel:line:`` of the ``nth`` occurrence of ``needle`` (for places where only the line
    is meaningful)."""
    return where(root, rel, needle, nth).rsplit(":", 1)[0] + ":"


def reported(issues: list[Issue], at: str, code: str, severity: str = "error",
             words: str = "") -> Issue:
    """The one issue with this code and severity printed at ``at`` (``file:line:col`` or a
    ``file:line:`` prefix); fails with every issue listed when there is none."""
    prefix = at if at.endswith(":") else at + ":"
    hits = [i for i in issues if str(i).startswith(prefix) and i.code == code
            and i.severity == severity and words in i.message]
    assert hits, f"no {severity} {code!r} at {at}; got:\n" + "\n".join(
        f"  [{i.severity} {i.code}] {i}" for i in issues)
    return hits[0]


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]
