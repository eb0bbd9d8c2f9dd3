"""The model name against the platform's list, the key's list and the public catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = ["ModelCatalog", "closest", "match_model"]

_SEP_RE = re.compile(r"[\s_.:/-]+")


def _loose(name: str) -> str:
    return _SEP_RE.sub("", name.lower())


class ModelCatalog(NamedTuple):
    """Well-known public model ids (current and retired), used when no list is given."""

    current: frozenset[str] = frozenset()
    retired: frozenset[str] = frozenset()

    def status(self, model: str) -> str:
        """current | retired | case_only | unknown."""
        if model in self.current:
            return "current"
        if model in self.retired:
            return "retired"
        lowered = model.lower()
        if any(lowered == m.lower() for m in self.current):
            return "case_only"
        base = model.rsplit("/", 1)[-1]
        if base != model and base in self.current:
            return "current"
        if base != model and base in self.retired:
            return "retired"
        return "unknown"


def match_model(model: str, names: Sequence[str]) -> str:
    """How ``model`` appears in ``names``: exact | case_only | close | absent.

    ``case_only`` covers a difference of case or surrounding blanks; ``close`` a vendor
    prefix added or dropped, separators changed, or a small typo.
    """
    if model in names:
        return "exact"
    stripped = model.strip()
    lowered = stripped.lower()
    for n in names:
        if n.lower() == lowered:
            return "case_only"
    return "close" if closest(model, names) else "absent"


def closest(model: str, names: Iterable[str], limit: int = 2000) -> str | None:
    """The nearest name in ``names``, or ``None`` when nothing is close enough."""
    pool = [n for n in list(names)[:limit] if isinstance(n, str)]
    if not pool or not model:
        return None
    lowered = model.strip().lower()
    loose = _loose(model)
    tail = lowered.rsplit("/", 1)[-1]
    for n in pool:
        nl = n.lower()
        if nl == lowered:
            return n
    for n in pool:
        nl = n.lower()
        if _loose(n) == loose or nl.rsplit("/", 1)[-1] == tail or nl.endswith("/" + lowered):
            return n
    import difflib  # only for names that are not simply re-cased or re-prefixed

    best = difflib.get_close_matches(lowered, [n.lower() for n in pool], n=1, cutoff=0.85)
    if best:
        for n in pool:
            if n.lower() == best[0]:
                return n
    return None
