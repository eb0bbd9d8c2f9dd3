"""Files that already passed the schema and condition checks, remembered between runs.

A source file is known by its path, size and modification time; the record is dropped as
soon as a schema, the checking code or the fact vocabulary changes. Only the verbs that need
valid sources rather than a report (build, test, diagnose after an edit) trust the record;
``triage validate`` always checks every file again, and refreshes the record.
"""

from __future__ import annotations

import json
from pathlib import Path

from triage.cachedir import enabled, read_first, write_atomic

__all__ = ["CheckedFiles"]

_NAME = "checked.json"


def _stamp(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def _salt(root: Path) -> str:
    from triage.roots import bundled_root

    engine_dir = Path(__file__).resolve().parents[1]
    schemas = bundled_root() / "schemas"  # the schemas the loader checks against
    parts = [str(root.resolve())]
    for path in [*sorted(schemas.glob("*.json")),
                 *sorted(Path(engine_dir, "loader").glob("*.py")),
                 engine_dir / "vocabulary.py", engine_dir / "facts" / "strict.py",
                 engine_dir / "yamlmarks.py"]:
        parts.append(_stamp(path) or str(path))
    return "\n".join(parts)


class CheckedFiles:
    """The record of files that passed; ``trust`` decides whether it may skip checks."""

    def __init__(self, root: Path, trust: bool) -> None:
        self.root = root
        self.active = enabled()
        self.trust = trust and self.active
        self.salt = _salt(root) if self.active else ""
        self.known: set[str] = set()
        self.passed_now: set[str] = set()
        if self.active:
            blob = read_first(root, _NAME)
            try:
                data = json.loads(blob) if blob else {}
            except ValueError:
                data = {}
            if isinstance(data, dict) and data.get("salt") == self.salt:
                self.known = set(data.get("files", []))

    def passed_before(self, path: Path) -> bool:
        """True when the file is unchanged since it last passed (and trust is on)."""
        return self.trust and _stamp(path) in self.known

    def passed(self, path: Path) -> None:
        stamp = _stamp(path)
        if stamp:
            self.passed_now.add(stamp)

    def save(self) -> None:
        if self.active and self.passed_now != self.known:
            blob = json.dumps({"salt": self.salt, "files": sorted(self.passed_now)})
            write_atomic(self.root, _NAME, blob.encode("utf-8"))
