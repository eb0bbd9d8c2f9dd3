"""Text patterns evaluated in Python with RE2 sets: one linear-time pass per text scope."""

from __future__ import annotations

from typing import Any

__all__ = ["PatternMatcher"]


class PatternMatcher:
    """Matches every pattern of a scope in one RE2 pass and returns the true flags."""

    def __init__(self, by_scope: dict[str, list[tuple[str, str]]]) -> None:
        import re2

        self._sets: list[tuple[str, Any, list[str]]] = []
        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        options.max_mem = 256 << 20
        for scope, items in by_scope.items():
            if not items:
                continue
            rset = re2.Set.SearchSet(options)
            flags = []
            for flag, pattern in items:
                rset.Add(pattern)
                flags.append(flag)
            rset.Compile()
            self._sets.append((scope, rset, flags))

    def flags(self, texts: dict[str, str]) -> list[str]:
        """The flags whose pattern is found in the text of their scope."""
        out: list[str] = []
        for scope, rset, flags in self._sets:
            text = texts.get(scope, "")
            if text:
                out.extend(flags[i] for i in (rset.Match(text) or ()))
        return out
