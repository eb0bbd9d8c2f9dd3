"""Loading sources: YAML with marks, schema checks for people, discovery.

``triage.load`` is also the library's entry point ``triage.load(root=None)`` (see
:mod:`triage`): once this package is imported, Python makes ``triage.load`` refer to it, so
the package itself is callable and does the same as the function.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, root: str | os.PathLike[str] | None = None) -> Any:
        from triage.api import load_diagnoser

        return load_diagnoser(root)


sys.modules[__name__].__class__ = _CallableModule
