"""Where the knowledge base and the engine's own data live.

There is one answer to "where are rules/, kb/, schemas/, site/ and the corpora": the
**bundled root**. In an installed wheel it is the folder ``triage/_bundled/`` inside the
package (copied from the checkout's top-level folders when the wheel is built, see
``setup.py``); in an editable install it is the checkout itself (the folder above
``engine/``). Every lookup of the engine's own files goes through :func:`bundled_root`.

The knowledge base a command works on is chosen by :func:`resolve_root`: ``--root`` (or the
library's ``root=``), else ``$TRIAGE_ROOT``, else the current folder or a parent of it holding
``rules/`` and ``kb/``, else the bundled root. A root that is not a knowledge base is a
:class:`RootError` (exit 2), never a silent "no rule matched".
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from triage.errors import UsageError

__all__ = ["BUNDLE_DIR", "RootError", "bundled_root", "check_root", "find_root",
           "resolve_root"]

BUNDLE_DIR = "_bundled"  # the folder inside the installed package


class RootError(UsageError):
    """The folder given as the knowledge base is not one (no rules/ or kb/, or no rules)."""

    def __init__(self, root: Path | str, problem: str) -> None:
        self.root = str(root)
        self.problem = problem
        super().__init__(f"{root}: {problem}")


@functools.cache
def bundled_root() -> Path:
    """The bundled knowledge base and engine data: ``triage/_bundled`` in an installed wheel,
    else the checkout the package is imported from (editable install)."""
    package = Path(__file__).resolve().parent
    bundle = package / BUNDLE_DIR
    if bundle.is_dir():
        return bundle
    return package.parent


def find_root(start: Path | None = None) -> Path:
    """The folder holding rules/ and kb/: the current one or a parent, else the bundled one."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "rules").is_dir() and (candidate / "kb").is_dir():
            return candidate
    return bundled_root()


def _has_rule(rules: Path) -> bool:
    """Whether ``rules/`` holds at least one rule file (stops at the first)."""
    return any(not p.name.endswith(".cases.yaml") for p in rules.rglob("*.yaml"))


def check_root(root: Path, what: str = "") -> Path:
    """``root`` resolved, or a :class:`RootError` naming the path and what is missing.

    ``what`` says where the path came from (``--root``, ``TRIAGE_ROOT``); it prefixes the
    message so the user knows which setting to fix."""
    shown = f"{what} {root}" if what else str(root)
    hint = ("point --root or TRIAGE_ROOT at a knowledge base, or create one with "
            "'triage init DIR'")
    if not root.is_dir():
        raise RootError(shown, f"no such folder ({hint})")
    missing = [name + "/" for name in ("rules", "kb") if not (root / name).is_dir()]
    if missing:
        raise RootError(shown, f"not a knowledge base: no {' and no '.join(missing)} folder "
                               f"({hint})")
    if not _has_rule(root / "rules"):
        raise RootError(shown, "not a knowledge base: rules/ holds no rules "
                               f"(rules/<family>/<id>.yaml; {hint})")
    return root.resolve()


def resolve_root(value: str | os.PathLike[str] | None = None, what: str = "root") -> Path:
    """The knowledge base to use, checked: ``value`` (from ``--root`` or ``root=``), else
    ``$TRIAGE_ROOT``, else found from the current folder, else the bundled one."""
    if value is not None and str(value) != "":
        return check_root(Path(value), what)
    env = os.environ.get("TRIAGE_ROOT")
    if env:
        return check_root(Path(env), "TRIAGE_ROOT")
    root = find_root()
    if root == bundled_root():
        return check_root(root, "the bundled knowledge base")
    return check_root(root)
