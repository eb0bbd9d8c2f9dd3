"""Where triage keeps what it can rebuild: compiled rules, checked files, templates.

Nothing secret is ever written here (no facts, no bodies). ``TRIAGE_NO_CACHE=1`` turns every
cache off; ``TRIAGE_CACHE_DIR`` picks the folder. Writes are atomic (temporary file, then
rename), so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["cache_dirs", "enabled", "read_first", "user_cache_dir", "write_atomic"]


def enabled() -> bool:
    return not os.environ.get("TRIAGE_NO_CACHE")


def user_cache_dir() -> Path:
    """``$TRIAGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/triage`` (``~/.cache/triage``)."""
    if os.environ.get("TRIAGE_CACHE_DIR"):
        return Path(os.environ["TRIAGE_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "triage"


def cache_dirs(root: Path) -> list[Path]:
    """The folders tried in order: ``$TRIAGE_CACHE_DIR``, ``<root>/.triage-cache``, the
    user's cache folder."""
    dirs = []
    if os.environ.get("TRIAGE_CACHE_DIR"):
        dirs.append(Path(os.environ["TRIAGE_CACHE_DIR"]))
    if root.name != "_bundled":  # never inside an installed package (triage.roots.BUNDLE_DIR)
        dirs.append(root / ".triage-cache")
    dirs.append(user_cache_dir())
    return list(dict.fromkeys(dirs))


def read_first(root: Path, name: str) -> bytes | None:
    """The content of ``name`` in the first cache folder that has it."""
    if not enabled():
        return None
    for folder in cache_dirs(root):
        try:
            return (folder / name).read_bytes()
        except OSError:
            continue
    return None


def write_atomic(root: Path, name: str, blob: bytes, prune: str = "") -> bool:
    """Write ``name`` into the first writable cache folder; remove the other files there
    matching the ``prune`` glob (older versions). False when no folder was writable."""
    if not enabled():
        return False
    import tempfile

    for folder in cache_dirs(root):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, folder / name)
        except OSError:
            continue
        if prune:
            for old in folder.glob(prune):
                if old.name != name:
                    with contextlib.suppress(OSError):
                        old.unlink()
        return True
    return False
