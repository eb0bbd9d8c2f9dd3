"""The engine as a library: load the knowledge base once, diagnose, render."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from triage.errors import SourceError

__all__ = ["diagnose", "load_compiled", "load_diagnoser", "render"]

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def load_compiled(root: Path | None = None) -> Any:
    """The compiled knowledge base under ``root``: from the cache when nothing changed."""
    from triage.compile import cache_key, load_cached, store_cached
    from triage.load.discover import find_root, source_files

    root = (root or find_root()).resolve()
    files = source_files(root)
    key = cache_key(root, files)
    compiled = load_cached(root, key)
    if compiled is None:
        from triage.compile import compile_kb
        from triage.load.sources import load_sources

        kb, issues = load_sources(root, trust_checked=True)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise SourceError(errors)
        compiled = compile_kb(kb, key)
        store_cached(root, compiled)
    return compiled


def load_diagnoser(root: Path | None = None) -> Any:
    """A :class:`triage.evaluate.Diagnoser` for ``root``, built once per process."""
    from triage.evaluate import Diagnoser
    from triage.load.discover import find_root

    root = (root or find_root()).resolve()
    with _lock:
        if str(root) not in _loaded:
            _loaded[str(root)] = Diagnoser(load_compiled(root))
        return _loaded[str(root)]


def diagnose(facts: Mapping[str, Any], *, lang: str = "en", root: Path | None = None
             ) -> dict[str, Any]:
    """The contract's diagnosis (JSON-able dict) for one fact set."""
    result: dict[str, Any] = load_diagnoser(root).diagnose(facts, lang)
    return result


def render(result: dict[str, Any], fmt: str, lang: str) -> str:
    """Render a diagnosis as text, json or markdown."""
    from triage.render import render as _render

    return _render(result, fmt, lang)
