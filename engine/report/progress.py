"""A progress line on standard error, only when it is a terminal (quiet when piped)."""

from __future__ import annotations

import sys
import time
from typing import IO

__all__ = ["Progress"]


class Progress:
    """``[#####.....]  42%  1,234,567 lines  25,000 lines/s`` redrawn at most 5 times a
    second; nothing at all unless the stream is a TTY (or ``force`` is given)."""

    def __init__(self, total_bytes: int, stream: IO[str] | None = None,
                 force: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.on = force if force is not None else bool(getattr(self.stream, "isatty",
                                                               lambda: False)())
        self.total = total_bytes
        self.start = time.monotonic()
        self.shown = 0.0
        self.drawn = False

    def update(self, done_bytes: int, lines: int) -> None:
        if not self.on:
            return
        now = time.monotonic()
        if now - self.shown < 0.2:
            return
        self.shown = now
        rate = lines / max(now - self.start, 1e-6)
        if self.total > 0:
            share = min(done_bytes / self.total, 1.0)
            bar = "#" * int(share * 30)
            head = f"[{bar:<30}] {share * 100:3.0f}%"
        else:
            head = "[reading]"
        self.stream.write(f"\r{head}  {lines:,} lines  {rate:,.0f} lines/s ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.on and self.drawn:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()
