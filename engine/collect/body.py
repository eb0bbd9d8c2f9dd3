"""A response body read under a size cap that also holds for compressed bodies.

httpx decodes a whole raw chunk at once, so a small gzip chunk may expand to tens of
megabytes before a caller can stop it. :class:`CappedBody` decodes the raw bytes itself,
asking zlib for at most what the cap still allows: the decoded size never passes the cap,
whatever the compression ratio, and the raw size is capped too.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

__all__ = ["ACCEPT_ENCODING", "BodyRead", "CappedBody"]

# What the probe asks for: only codings it can decode under the cap.
ACCEPT_ENCODING = "gzip, deflate"
_GZIP_WBITS = 16 + zlib.MAX_WBITS


@dataclass(frozen=True)
class BodyRead:
    """The body as kept: decoded, capped, with how it was read."""

    data: bytes
    raw_bytes: int
    truncated: bool
    encoding: str
    decode_error: str | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


class CappedBody:
    """Feed raw chunks; stop as soon as :attr:`full` says the cap is reached."""

    def __init__(self, content_encoding: str, max_bytes: int) -> None:
        self._max = max_bytes
        self._parts: list[bytes] = []
        self._size = 0
        self._raw = 0
        self._truncated = False
        self._error: str | None = None
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._encoding = ", ".join(codings) or "identity"
        self._zlib: zlib._Decompress | None = None
        self._deflate_first = False
        self._decode = True
        if not codings:
            pass
        elif codings in (["gzip"], ["x-gzip"]):
            self._zlib = zlib.decompressobj(_GZIP_WBITS)
        elif codings == ["deflate"]:
            self._zlib = zlib.decompressobj()
            self._deflate_first = True
        else:  # several codings, or one it did not ask for: keep the raw bytes
            self._decode = False
            self._encoding += " (not decoded)"

    @property
    def full(self) -> bool:
        return self._truncated or self._error is not None

    def feed(self, chunk: bytes) -> None:
        if self.full or not chunk:
            return
        self._raw += len(chunk)
        if self._zlib is None or not self._decode:
            self._keep(chunk)
        else:
            self._inflate(chunk)
        if self._raw > self._max:  # the raw stream is capped as well
            self._truncated = True

    def finish(self) -> BodyRead:
        if self._zlib is not None and not self.full:
            try:
                self._keep(self._zlib.flush())
            except zlib.error as exc:
                self._error = f"{self._encoding} body could not be decoded: {exc}"
        return BodyRead(
            data=b"".join(self._parts),
            raw_bytes=self._raw,
            truncated=self._truncated,
            encoding=self._encoding,
            decode_error=self._error,
        )

    def _inflate(self, chunk: bytes) -> None:
        assert self._zlib is not None
        room = self._max - self._size
        try:
            out = self._zlib.decompress(chunk, room + 1)
        except zlib.error as exc:
            if self._deflate_first and self._size == 0:  # deflate sent without zlib header
                self._deflate_first = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._inflate(chunk)
                return
            self._error = f"{self._encoding} body could not be decoded: {exc}"
            return
        self._deflate_first = False
        self._keep(out)

    def _keep(self, data: bytes) -> None:
        room = self._max - self._size
        if len(data) > room:
            data = data[:room]
            self._truncated = True
        if data:
            self._parts.append(data)
            self._size += len(data)
