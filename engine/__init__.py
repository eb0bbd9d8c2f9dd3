"""triage: troubleshooting knowledge base and diagnosis engine for OpenAI-compatible AI API
gateways.

The library API is small; every stage lives in its own package (see docs/architecture.md)::

    import triage
    result = triage.diagnose({"response": {"status": 401, "body": "..."}}, lang="en")
    print(result["diagnoses"][0]["cause"], triage.render(result, "markdown", "en"))
    engine = triage.load()            # reusable and thread-safe: engine.diagnose(facts, "zh")

``root`` (a folder with rules/ and kb/) defaults to ``$TRIAGE_ROOT``, else the current
folder or a parent holding rules/ and kb/, else the knowledge base bundled with the package.
A folder that is not a knowledge base raises :class:`RootError`. Importing triage is cheap:
the engine loads on the first call.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from triage.errors import TriageError
from triage.roots import RootError

if TYPE_CHECKING:
    from triage.evaluate import Diagnoser
    from triage.types import Diagnosis

__all__ = ["Diagnosis", "RootError", "TriageError", "__version__", "diagnose", "load",
           "render"]

__version__ = "0.1.0"

PathLike: TypeAlias = "str | os.PathLike[str] | None"


def load(root: PathLike = None) -> Diagnoser:
    """The diagnoser for the knowledge base under ``root``, built once per process; reuse it
    (``.diagnose(facts, lang)``) for many fact sets. Raises :class:`RootError` when ``root``
    is not a knowledge base."""
    from triage.api import load_diagnoser as _load

    return cast("Diagnoser", _load(root))


def load_diagnoser(root: PathLike = None) -> Diagnoser:
    """Same as :func:`load` (the earlier name, kept working)."""
    return load(root)


def diagnose(facts: Mapping[str, Any], *, lang: str = "en", root: PathLike = None
             ) -> Diagnosis:
    """The contract's diagnosis for one fact set; every key is masked."""
    return cast("Diagnosis", load(root).diagnose(facts, lang))


def render(result: Diagnosis | Mapping[str, Any], fmt: str = "text", lang: str = "en") -> str:
    """Render a diagnosis as ``text``, ``json`` or ``markdown`` (the handoff note)."""
    from triage.api import render as _render

    return _render(dict(result), fmt, lang)


def __getattr__(name: str) -> Any:
    if name == "Diagnosis":  # a TypedDict: imported only when asked for
        from triage.types import Diagnosis

        return Diagnosis
    raise AttributeError(f"module 'triage' has no attribute {name!r}")
