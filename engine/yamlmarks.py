"""YAML reading that keeps line numbers and refuses YAML's surprises.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys, turns ``no`` into
``False`` and ``2026-01-01`` into a ``date``. This loader composes the node tree (with its
marks), then builds plain Python values itself:

* only ``true``/``false`` are booleans, only ``null``/``~``/empty is null, only plain
  decimal numbers are numbers; everything else (dates, ``yes``/``no``, ``0x10``) is a string;
* a duplicate key, an alias (``*anchor``) or an explicit tag is an :class:`Issue`;
* every value's position is recorded in :class:`Marks` under its path.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from triage.errors import Issue, Location

__all__ = ["Document", "Marks", "parse_yaml"]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[Any, ...]


class _Loader(_BaseLoader):
    """A loader whose implicit resolvers know only plain JSON-like scalars."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
     "-+0123456789."),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))

_STR = "tag:yaml.org,2002:str"
_KNOWN = {
    _STR, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


class Marks:
    """Positions (1-based line, col) of values and keys, by path."""

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path`` or of its nearest recorded ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        while True:
            if p in table:
                return table[p]
            if key and p in self.values:
                return self.values[p]
            if not p:
                return (1, 1)
            p = p[:-1]


class Document:
    """A parsed YAML file: its data, the marks of every value, and the problems found."""

    __slots__ = ("data", "issues", "marks", "path")

    def __init__(self, path: str, data: Any, marks: Marks, issues: list[Issue]) -> None:
        self.path = path
        self.data = data
        self.marks = marks
        self.issues = issues

    def loc(self, path: Path = (), *, key: bool = False) -> Location:
        line, col = self.marks.at(path, key=key)
        return Location(self.path, line, col)


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, path: str, lines: list[str] | None = None) -> None:
        self.path = path
        self.marks = Marks()
        self.issues: list[Issue] = []
        self.lines = lines or []

    def issue(self, mark: Any, message: str, hint: str = "", code: str = "yaml") -> None:
        line, col = _pos(mark)
        self.issues.append(Issue(Location(self.path, line, col), message, hint, code))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.marks.values[path] = _pos(node.start_mark)
        if node.tag not in _KNOWN:
            self.issue(node.start_mark, f"the tag {node.tag} is not allowed",
                       "remove the tag; write plain values")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                self._swallowed(child)
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.issue(key_node.start_mark, "merge keys (<<) are not allowed",
                           "write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.issue(key_node.start_mark, "a key must be a plain value")
                continue
            key = self._scalar(key_node)  # a ScalarNode, checked above
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in seen:
                line, _ = seen[key]
                self.issue(key_node.start_mark, f"duplicate key '{key}' (first at line {line})",
                           "keep one of them; YAML would silently keep only the last")
                continue
            seen[key] = _pos(key_node.start_mark)
            self.marks.keys[(*path, key)] = seen[key]
            out[key] = self.build(value_node, (*path, key))
        return out

    def _swallowed(self, node: yaml.Node) -> None:
        """Warn when a list item's text runs over a line written as the next item
        (``- a`` then `` - b`` one space too far: YAML reads one item, "a - b")."""
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]  # "- q: ..." whose last value swallowed "- a: ..."
        if not isinstance(node, yaml.ScalarNode) or node.style in ("'", '"'):
            return
        first, last = node.start_mark.line, node.end_mark.line
        for number in range(first + 1, min(last + 1, len(self.lines))):
            stripped = self.lines[number].lstrip(" ")
            col = len(self.lines[number]) - len(stripped) + 1
            if number == last and node.end_mark.column < col:
                break  # a block scalar ends where the next item begins
            if stripped.startswith("- ") or stripped.rstrip() == "-":
                self.issues.append(Issue(
                    Location(self.path, number + 1, col),
                    f"this '- ' line is read as part of the item at line {first + 1}, not as "
                    "a new list item", f"indent it like the '- ' at line {first + 1} to make "
                    "it an item of its own, or quote the text", "indent", "warning"))
                return

    @staticmethod
    def _scalar(node: yaml.Node) -> Any:
        value = node.value
        style = getattr(node, "style", None)
        if style is not None and style != "":
            return value  # quoted or block scalars are always strings
        tag = node.tag
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:int":
            return int(value)
        if tag == "tag:yaml.org,2002:float":
            return float(value)
        return value


def _check_aliases(text: str, path: str, loader: Any) -> list[Issue]:
    issues = []
    for event in loader:
        if isinstance(event, yaml.AliasEvent):
            line, col = _pos(event.start_mark)
            issues.append(Issue(Location(path, line, col), "aliases (*name) are not allowed",
                                "repeat the value instead of referring to an anchor", "yaml"))
    return issues


def parse_yaml(text: str, path: str) -> Document:
    """Parse ``text`` (the contents of ``path``) into a :class:`Document`; never raises."""
    builder = _Builder(path, text.split("\n"))
    try:
        if "*" in text:
            issues = _check_aliases(text, path, yaml.parse(text, Loader=_Loader))
            if issues:
                return Document(path, None, builder.marks, issues)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        problem = (exc.problem or exc.context or "malformed YAML").strip()
        hint = _yaml_hint(problem)
        tab = _tab_near(text, line)
        if tab is not None:
            line, col = tab
            problem, hint = ("a tab character indents this line",
                             "YAML indents with spaces only; replace the tab with spaces")
        issue = Issue(Location(path, line, col), f"malformed YAML: {problem}", hint, "yaml")
        return Document(path, None, builder.marks, [issue])
    except yaml.YAMLError as exc:
        issue = Issue(Location(path, 1, 1), f"malformed YAML: {exc}".splitlines()[0], "", "yaml")
        return Document(path, None, builder.marks, [issue])
    except RecursionError:
        issue = Issue(Location(path, 1, 1), "nested too deeply", "flatten the structure", "yaml")
        return Document(path, None, builder.marks, [issue])
    try:
        data = None if node is None else builder.build(node, ())
    except RecursionError:
        issue = Issue(Location(path, 1, 1), "nested too deeply", "flatten the structure", "yaml")
        return Document(path, None, builder.marks, [issue])
    return Document(path, data, builder.marks, builder.issues)


def _tab_near(text: str, line: int) -> tuple[int, int] | None:
    """(line, col) of a tab in the indentation of the error's line or the two before it."""
    lines = text.split("\n")
    for number in (line, line - 1, line - 2):
        if 1 <= number <= len(lines):
            content = lines[number - 1]
            indent = content[: len(content) - len(content.lstrip(" \t"))]
            if "\t" in indent:
                return number, indent.index("\t") + 1
    return None


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "quote a value that contains ': ', or fix the indentation"
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "a key needs a colon after it; check the line above too"
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return "remove the alias or complex key"
    return "check indentation and quoting on this line and the one before"
