"""Finding the knowledge-base root and its source files (no parsing: cheap at start-up)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["find_root", "source_files"]


def find_root(start: Path | None = None) -> Path:
    """The folder holding rules/ and kb/: the current one or a parent, else the bundled one
    (not checked; :func:`triage.roots.resolve_root` checks)."""
    from triage.roots import find_root as _find

    return _find(start)


def source_files(root: Path) -> list[Path]:
    """Every source file under root, in a stable order."""
    files = sorted((root / "rules").rglob("*.yaml")) if (root / "rules").is_dir() else []
    if (root / "kb").is_dir():
        files += sorted((root / "kb").rglob("*.yaml"))
    return files
