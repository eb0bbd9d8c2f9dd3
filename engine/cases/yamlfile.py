"""Round-trip editing of cases files with ruamel.yaml: comments, quoting, order and line
widths of the editor's file are kept; only the appended case is new."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["append_case", "dump_item", "replace_file"]

_WIDTHS = (100, 80, 120, 4096)


def _yaml(width: int) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = width
    y.indent(mapping=2, sequence=2, offset=0)
    return y


def _dump(y: Any, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _best(text: str) -> Any:
    """The writer that reproduces the file as it is (else the one that changes least)."""
    import difflib

    best, best_cost = None, -1
    for width in _WIDTHS:
        y = _yaml(width)
        again = _dump(y, y.load(text))
        if again == text:
            return y
        cost = sum(1 for line in difflib.ndiff(text.splitlines(), again.splitlines())
                   if line[:1] in "+-")
        if best is None or cost < best_cost:
            best, best_cost = y, cost
    return best


def dump_item(item: dict[str, Any]) -> str:
    """How one case looks in YAML, for showing it before it is written."""
    return _dump(_yaml(100), [item])


def append_case(text: str | None, section: str, item: dict[str, Any],
                header: dict[str, Any]) -> str:
    """The new text of a cases file with ``item`` appended to ``section``; a new file gets
    ``header`` first. The rest of the file is reproduced by round-trip."""
    if not text:
        y = _yaml(100)
        data = dict(header)
        data[section] = [item]
        return _dump(y, data)
    y = _best(text)
    data = y.load(text)
    if section not in data or data[section] is None:
        data[section] = []
    data[section].append(item)
    return _dump(y, data)


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then swap it in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
