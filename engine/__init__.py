"""triage: troubleshooting knowledge base and diagnosis engine for OpenAI-compatible AI API
gateways.

The public API is small; every stage lives in its own package (see docs/architecture.md)::

    from triage import diagnose, render
    result = diagnose({"response": {"status": 401, "body": "..."}}, lang="en")
    print(render(result, "markdown", "en"))
"""

from __future__ import annotations

from typing import Any

__all__ = ["TriageError", "__version__", "diagnose", "load_diagnoser", "render"]

__version__ = "0.1.0"

from triage.errors import TriageError


def diagnose(facts: Any, *, lang: str = "en", root: Any = None) -> dict[str, Any]:
    """The contract's diagnosis (a JSON-able dict) for one fact set; keys are masked."""
    from triage.api import diagnose as _diagnose

    return _diagnose(facts, lang=lang, root=root)


def load_diagnoser(root: Any = None) -> Any:
    """A reusable, thread-safe diagnoser for the knowledge base under ``root``."""
    from triage.api import load_diagnoser as _load

    return _load(root)


def render(result: dict[str, Any], fmt: str = "text", lang: str = "en") -> str:
    """Render a diagnosis as ``text``, ``json`` or ``markdown`` (the handoff note)."""
    from triage.api import render as _render

    return _render(result, fmt, lang)
