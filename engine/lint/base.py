"""What the lint checks share: every source re-read with its marks, and small helpers.

Lint does not trust the typed :class:`~triage.model.KnowledgeBase`: a file that fails the
schema is left out of it, yet an editor running ``triage lint`` alone still wants to hear
about that file's links, languages and dates. So every file is parsed again here with
:func:`triage.loader.sources.read_document` and the checks read the plain data defensively.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from triage.errors import Issue, Location
from triage.loader.sources import read_document, source_files
from triage.vocabulary import FAMILIES
from triage.yamlmarks import Document

__all__ = [
    "FAMILIES", "KINDS", "Source", "Sources", "as_date", "collect", "filled", "near", "strings",
]

#: the kinds of source lint reads, with the folder that holds them
KINDS = {"rule": "rules", "entry": "kb/entries", "glossary": "kb/glossary",
         "checklist": "kb/checklists"}

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@dataclass
class Source:
    """One parsed source file."""

    kind: str
    file: Path
    doc: Document

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def ok(self) -> bool:
        return isinstance(self.doc.data, dict)

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def id(self) -> str:
        ident = self.data.get("id")
        return ident if isinstance(ident, str) and ident else self.stem

    @property
    def stem(self) -> str:
        return self.file.name.removesuffix(".yaml")

    def loc(self, *path: Any, key: bool = False) -> Location:
        """Where the value (or, with ``key``, the key) at ``path`` is written."""
        return self.doc.loc(tuple(path), key=key)

    def line(self, *path: Any) -> int:
        return self.loc(*path).line

    def get(self, *path: Any) -> Any:
        """The value at ``path``, or None when any step is missing or of the wrong type."""
        value: Any = self.doc.data
        for step in path:
            if isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
                value = value[step]
            elif isinstance(step, str) and isinstance(value, dict):
                value = value.get(step)
            else:
                return None
        return value

    def ids(self, field_name: str) -> Iterator[tuple[int, str]]:
        """The (index, id) of each text item of a list of ids such as ``related``."""
        value = self.data.get(field_name)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield i, item

    @cached_property
    def _text(self) -> tuple[str, list[int]]:
        try:
            text = self.file.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            text = ""
        starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        return text, starts

    def find(self, path: tuple[Any, ...], token: str, nth: int = 0) -> Location:
        """The place of the ``nth`` occurrence of ``token`` written inside the value at
        ``path`` (the value's own place when it cannot be found verbatim, e.g. folded)."""
        text, starts = self._text
        line, col = self.doc.marks.at(path)
        if not text or line > len(starts):
            return self.loc(*path)
        at = found = starts[line - 1] + col - 1
        for _ in range(nth + 1):
            at = text.find(token, at)
            if at < 0:
                return self.loc(*path)
            found = at
            at += len(token)
        line = _bisect(starts, found)
        return Location(self.path, line, found - starts[line - 1] + 1)


def _bisect(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


@dataclass
class Sources:
    """Every rule, entry, glossary term and checklist under a root, by id."""

    root: Path
    rules: dict[str, Source] = field(default_factory=dict)
    entries: dict[str, Source] = field(default_factory=dict)
    glossary: dict[str, Source] = field(default_factory=dict)
    checklists: dict[str, Source] = field(default_factory=dict)
    order: Source | None = None
    unreadable: dict[str, set[str]] = field(default_factory=dict)  # kind → file stems
    issues: list[Issue] = field(default_factory=list)

    def of(self, kind: str) -> dict[str, Source]:
        return {"rule": self.rules, "entry": self.entries, "glossary": self.glossary,
                "checklist": self.checklists}[kind]

    def known(self, kind: str) -> set[str]:
        """Ids that exist, counting files that could not be read (they exist, only broken)."""
        return set(self.of(kind)) | self.unreadable.get(kind, set())

    def all(self) -> Iterator[Source]:
        for kind in KINDS:
            yield from self.of(kind).values()


def _kind(path: Path, root: Path) -> str | None:
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return None
    if path.name.endswith(".cases.yaml"):
        return None
    if parts[:1] == ("rules",):
        return "rule"
    if parts[:1] == ("kb",) and len(parts) == 2 and path.name == "triage-order.yaml":
        return "order"
    for kind, folder in KINDS.items():
        if parts[:2] == tuple(folder.split("/")):
            return kind
    return None


def collect(root: Path) -> Sources:
    """Parse every source file under ``root`` (files that cannot be parsed become issues)."""
    sources = Sources(root)
    for file in source_files(root):
        kind = _kind(file, root)
        if kind is None:
            continue
        shown = str(file.resolve().relative_to(root.resolve()))
        doc = read_document(file, shown)
        source = Source(kind, file, doc)
        sources.issues += [i for i in doc.issues if i.severity != "error"]
        fatal = [i for i in doc.issues if i.severity == "error"]
        if fatal or not source.ok:
            sources.issues += fatal
            if not fatal:
                what = "empty" if doc.data is None else "not a mapping of fields"
                sources.issues.append(Issue(Location(shown, 1, 1), f"the file is {what}; lint "
                                            "cannot check it", "run 'triage validate'", "yaml"))
            sources.unreadable.setdefault(kind, set()).add(source.stem)
            continue
        if kind == "order":
            sources.order = source
            continue
        sources.of(kind).setdefault(source.id, source)  # a duplicate id is validate's to report
    return sources


def as_date(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` text as a date; None when it is not one."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def near(name: str, names: Iterable[str]) -> str:
    """A did-you-mean hint, or an empty text."""
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text value inside ``value`` with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, (*path, i))


def filled(value: Any) -> bool:
    """True when ``value`` has content: a non-blank text, a non-empty list or mapping."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return value is not None and not isinstance(value, bool)
