"""Checks of the text patterns in rules: RE2 syntax, and no catastrophic backtracking shape.

Patterns run on RE2 (linear time) in Python. They are still refused when their shape would
backtrack catastrophically on a backtracking engine (nested unbounded repeats, or an
alternation of overlapping branches under a repeat), so that a rule stays safe to copy into
any other tool.
"""

from __future__ import annotations

from typing import Any

__all__ = ["pattern_problem"]

import sys

if sys.version_info >= (3, 11):
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_UNBOUNDED = _c.MAXREPEAT


def pattern_problem(pattern: str) -> tuple[str, str] | None:
    """``(message, hint)`` when the pattern is unusable, else ``None``."""
    import re2

    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = False
    try:
        re2.compile(pattern, options=options)
    except Exception as exc:  # re2.error and friends
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(
            exc.args[0], bytes) else str(exc)
        return (f"the pattern does not compile: {detail[:120]}",
                "RE2 syntax: no backreferences or look-arounds; escape ( ) [ ] . * + ? |")
    try:
        parsed = _p.parse(pattern)
    except Exception:
        return None  # RE2-only syntax: RE2 guarantees linear time anyway
    if _nested(parsed, inside=False):
        return ("the pattern could backtrack catastrophically (a repeated group contains "
                "another unbounded repeat)", "write (ab)+ as a single repeat, e.g. (?:ab)+ "
                "without an inner + or *, or bound the inner part {1,40}")
    if _overlapping_alternation(parsed, inside=False):
        return ("the pattern could backtrack catastrophically (an alternation of overlapping "
                "branches is repeated)", "make the branches start differently or drop the "
                "outer repeat")
    return None


def _items(sub: Any) -> list[tuple[Any, Any]]:
    return list(sub.data if hasattr(sub, "data") else sub)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS:
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op is _c.BRANCH:
        return list(av[1])
    return []


def _nested(sub: Any, inside: bool) -> bool:
    for op, av in _items(sub):
        if op in _REPEATS:
            unbounded = av[1] == _UNBOUNDED or av[1] > 100
            if unbounded and inside and _has_width(av[2]):
                return True
            if _nested(av[2], inside or unbounded):
                return True
        else:
            for child in _children(op, av):
                if _nested(child, inside):
                    return True
    return False


def _has_width(sub: Any) -> bool:
    try:
        return bool(sub.getwidth()[1] > 0)
    except Exception:
        return True


def _first(sub: Any) -> Any:
    items = _items(sub)
    if not items:
        return None
    op, av = items[0]
    if op is _c.LITERAL:
        return ("lit", av)
    if op in (_c.ANY, _c.IN):
        return ("any", None)
    return ("other", None)


def _overlapping_alternation(sub: Any, inside: bool) -> bool:
    for op, av in _items(sub):
        if op in _REPEATS:
            unbounded = av[1] == _UNBOUNDED
            if _overlapping_alternation(av[2], inside or unbounded):
                return True
        elif op is _c.BRANCH:
            if inside:
                firsts = [_first(b) for b in av[1]]
                seen = set()
                for f in firsts:
                    if f is None:
                        continue
                    if f[0] == "any" or f in seen:
                        return True
                    seen.add(f)
            for b in av[1]:
                if _overlapping_alternation(b, inside):
                    return True
        else:
            for child in _children(op, av):
                if _overlapping_alternation(child, inside):
                    return True
    return False
