"""Probe a gateway with httpx and return a fact set (contract section 2), keys masked.

    from triage.collect import CollectOptions, collect
    facts = collect(CollectOptions(base_url=..., model=..., api_key=...), progress=print)

The command line is in :mod:`triage.collect.cli` (``add_parser`` and ``run``).
"""

from __future__ import annotations

from .options import CollectOptions
from .probe import collect

__all__ = ["CollectOptions", "collect"]
