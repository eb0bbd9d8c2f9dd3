"""Argument helpers shared by every sub-command: the knowledge-base root, seconds, sizes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

__all__ = ["int_range", "resolve_root", "seconds", "size"]


def resolve_root(value: str | None) -> Path:
    """``--root``, else ``$TRIAGE_ROOT``, else the folder with rules/ and kb/ found from here
    (the bundled knowledge base when there is none)."""
    from triage.roots import resolve_root as _resolve

    return _resolve(value, "--root")


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
