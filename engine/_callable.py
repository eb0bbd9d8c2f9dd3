"""Sub-packages that share a name with a function of the library API stay callable.

``triage.load`` and ``triage.render`` are functions of the library (see :mod:`triage`) and
also sub-packages (``engine/load/``, ``engine/render/``). Once a sub-package is imported,
Python sets the attribute of the same name on ``triage`` to the module, hiding the function;
so each of those modules calls :func:`callable_module`, and calling the module does what the
function does.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

__all__ = ["callable_module"]


class _CallableModule(types.ModuleType):
    _call: Callable[..., Any]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return type(self)._call(*args, **kwargs)


def callable_module(name: str, target: Callable[..., Any]) -> None:
    """Make the module ``name`` callable as ``target``."""
    kind = type("CallableModule", (_CallableModule,), {"_call": staticmethod(target)})
    sys.modules[name].__class__ = kind
