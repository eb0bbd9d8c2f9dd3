"""Argument helpers shared by every sub-command: the knowledge-base root, seconds, sizes."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from triage.errors import UsageError

__all__ = ["int_range", "resolve_root", "seconds", "size"]


def resolve_root(value: str | None) -> Path:
    """``--root``, else ``$TRIAGE_ROOT``, else the folder with rules/ and kb/ found from here
    (the bundled knowledge base when there is none)."""
    from triage.load.discover import find_root

    if value:
        root = Path(value)
        if not root.is_dir():
            raise UsageError(f"--root {value}: no such folder")
        if not (root / "rules").is_dir() and not (root / "kb").is_dir():
            raise UsageError(f"--root {value}: no rules/ or kb/ folder there")
        return root.resolve()
    env = os.environ.get("TRIAGE_ROOT")
    return Path(env).resolve() if env else find_root()


def seconds(text: str) -> float:
    """An argparse type: a number of seconds in (0, 3600]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("seconds must be between 0 and 3600")
    return value


def size(low: int = 1, high: int = 1 << 40) -> Callable[[str], int]:
    """An argparse type: a byte count such as 512, 64K or 2M, between ``low`` and ``high``."""

    def parse(text: str) -> int:
        units = {"k": 1024, "m": 1024**2, "g": 1024**3}
        scale = units.get(text[-1:].lower(), 1)
        digits = text[:-1] if scale != 1 else text
        try:
            value = int(float(digits) * scale)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a size: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"the size must be between {low} and {high} bytes")
        return value

    return parse


def int_range(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number between ``low`` and ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be between {low} and {high}")
        return value

    return parse
