"""Errors raised by triage, under one root.

The hierarchy::

    TriageError                  root: every error triage raises on purpose
    ├── UsageError               bad command line or input the user must fix      (exit 2)
    │   ├── FactsError           a fact set that cannot be read (not YAML/JSON, not a mapping,
    │   │                        too large, not UTF-8)
    │   └── CollectError         a gateway probe that could not be set up (bad URL, no key)
    ├── SourceError              problems found in rules/ or kb/ (carries every Issue)   (exit 1
    │                            for validate/test/lint; exit 2 when another verb needs
    │                            the sources)
    ├── BuildError               the site build failed; the previous output is kept      (exit 1)
    └── EngineError              an internal failure of the rules engine                (exit 3)

Each problem in a source file is an :class:`Issue` with a :class:`Location` so that
reporters can print ``file:line:col: message (hint)``.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "BuildError",
    "CollectError",
    "EngineError",
    "FactsError",
    "Issue",
    "Location",
    "SourceError",
    "TriageError",
    "UsageError",
]


class Location(NamedTuple):
    """A place in a source file; line and col are 1-based (0 when unknown). Immutable and
    ordered (a NamedTuple: cheaper to define at start-up than a frozen dataclass)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


class Issue(NamedTuple):
    """One problem found in a source file (immutable, ordered by location)."""

    location: Location
    message: str
    hint: str = ""
    code: str = "invalid"
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        from triage.secrets import mask_text  # a message may quote the value it is about

        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return mask_text(text)


class TriageError(Exception):
    """Root of every error triage raises on purpose."""

    exit_code = 3


class UsageError(TriageError):
    """Bad command line or input; the message is one line for the user."""

    exit_code = 2


class FactsError(UsageError):
    """A fact set that cannot be read."""


class CollectError(UsageError):
    """A gateway probe that could not be set up."""


class SourceError(TriageError):
    """Problems in rules/ or kb/; ``issues`` holds every one found."""

    exit_code = 1

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues)
        first = str(self.issues[0]) if self.issues else "invalid sources"
        more = f" (and {len(self.issues) - 1} more)" if len(self.issues) > 1 else ""
        super().__init__(first + more)


class BuildError(TriageError):
    """The site build failed; the previous output is left as it was."""

    exit_code = 1


class EngineError(TriageError):
    """An internal failure of the rules engine."""

    exit_code = 3
