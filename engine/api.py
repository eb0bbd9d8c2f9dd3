"""The engine as a library: load the knowledge base once, diagnose, render."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from triage.errors import SourceError

__all__ = ["diagnose", "load_compiled", "load_diagnoser", "render"]

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def load_compiled(root: str | os.PathLike[str] | None = None) -> Any:
    """The compiled knowledge base under ``root``: from the cache when nothing changed."""
    from triage.compile import cache_key, load_cached, store_cached
    from triage.loader.discover import source_files
    from triage.roots import resolve_root

    root = resolve_root(root)
    files = source_files(root)
    key = cache_key(root, files)
    compiled = load_cached(root, key)
    if compiled is None:
        from triage.compile import compile_kb
        from triage.loader.sources import load_sources

        kb, issues = load_sources(root, trust_checked=True)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise SourceError(errors)
        compiled = compile_kb(kb, key)
        store_cached(root, compiled)
    return compiled


def load_diagnoser(root: str | os.PathLike[str] | None = None,
                   platform_base_url: str = "") -> Any:
    """A :class:`triage.evaluate.Diagnoser` for ``root``, built once per process (and per
    platform base URL: see :mod:`triage.facts.platform`)."""
    from triage.evaluate import Diagnoser
    from triage.roots import find_root, resolve_root

    given = Path(root) if root is not None else None
    if given is None and not os.environ.get("TRIAGE_ROOT"):
        given = find_root()
    with _lock:
        known = (_loaded.get(f"{given.resolve()}\n{platform_base_url}") if given is not None
                 else None)
        if known is not None:
            return known
        checked = resolve_root(given)  # a RootError when it is not a knowledge base
        key = f"{checked}\n{platform_base_url}"
        if key not in _loaded:
            _loaded[key] = Diagnoser(load_compiled(checked), platform_base_url)
        return _loaded[key]


def diagnose(facts: Mapping[str, Any], *, lang: str = "en",
             root: str | os.PathLike[str] | None = None,
             platform_base_url: str = "") -> dict[str, Any]:
    """The contract's diagnosis (JSON-able dict) for one fact set; ``platform_base_url`` is
    the platform's base URL for a ticket that does not give ``platform.base_url``."""
    result: dict[str, Any] = load_diagnoser(root, platform_base_url).diagnose(facts, lang)
    return result


def render(result: dict[str, Any], fmt: str, lang: str) -> str:
    """Render a diagnosis as text, json or markdown."""
    from triage.rendering import render as _render

    return _render(result, fmt, lang)
