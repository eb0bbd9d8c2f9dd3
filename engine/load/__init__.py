"""Loading sources: YAML with marks, schema checks for people, discovery.

``triage.load(root=None)`` is also the library's entry point; calling this package does the
same (see :mod:`triage._callable`).
"""

from __future__ import annotations

from typing import Any

from triage._callable import callable_module


def _load(root: Any = None) -> Any:
    from triage.api import load_diagnoser

    return load_diagnoser(root)


callable_module(__name__, _load)
