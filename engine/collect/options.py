"""What a probe of a gateway may do: :class:`CollectOptions`, checked when it is built."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from triage.errors import CollectError
from triage.secrets import mask_text

from .guard import static_check

__all__ = ["KINDS", "PAID_KINDS", "STYLES", "CollectOptions"]

KINDS = ("chat", "image", "video", "embedding")
PAID_KINDS = frozenset({"image", "video"})
STYLES = ("openai", "anthropic", "gemini")
DEFAULT_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CollectOptions:
    """One probe: where, what, with which key, and the bounds it must keep.

    Building one checks it; a value the probe cannot use raises :class:`CollectError`
    with a one-line message (the key never appears in it).
    """

    base_url: str
    model: str
    api_key: str
    kind: str = "chat"
    style: str = "openai"
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    total_timeout: float = 90.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    trust_env: bool = False
    allow_paid: bool = False
    deadline: float = 60.0  # the whole probe, every step, DNS and redirects included
    allow_insecure_http: bool = False
    allow_private: bool = False

    def __post_init__(self) -> None:
        _check_key(self.api_key)
        _check_base_url(self.base_url, self.api_key)
        static_check(self.base_url, allow_private=self.allow_private,
                     allow_insecure_http=self.allow_insecure_http)
        if not self.model.strip():
            raise CollectError("--model is empty: give the name exactly as the client sends it")
        if self.kind not in KINDS:
            raise CollectError(f"unknown kind {self.kind!r}: use one of {', '.join(KINDS)}")
        if self.style not in STYLES:
            raise CollectError(f"unknown style {self.style!r}: use one of {', '.join(STYLES)}")
        if self.style == "anthropic" and self.kind == "embedding":
            raise CollectError("the Anthropic API has no embeddings endpoint: use --style openai")
        if self.allow_paid and self.kind in PAID_KINDS and self.style != "openai":
            raise CollectError(f"a paid {self.kind} probe speaks the OpenAI style only")
        for name in ("connect_timeout", "read_timeout", "total_timeout", "deadline"):
            value = getattr(self, name)
            if not 0 < value <= 3600:
                raise CollectError(f"{name.replace('_', ' ')} must be between 0 and 3600 s")
        if not 1024 <= self.max_bytes <= 1024**3:
            raise CollectError("max bytes must be between 1 KiB and 1 GiB")
        if not 0 <= self.max_redirects <= 20:
            raise CollectError("max redirects must be between 0 and 20")

    def __repr__(self) -> str:  # the key stays out of reprs, logs and tracebacks
        return (
            f"CollectOptions(base_url={mask_text(self.base_url)!r}, model={self.model!r}, "
            f"kind={self.kind!r}, style={self.style!r}, api_key='***')"
        )

    __str__ = __repr__

    @property
    def timeout(self) -> httpx.Timeout:
        """The per-operation timeouts, none longer than the total deadline."""
        connect = min(self.connect_timeout, self.total_timeout)
        read = min(self.read_timeout, self.total_timeout)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _check_key(key: str) -> None:
    if not key or not key.strip():
        raise CollectError(
            "no API key: set TRIAGE_API_KEY (or --api-key-env NAME) or pass --api-key-stdin"
        )
    if key != key.strip() or not key.isascii() or not key.isprintable() or " " in key:
        raise CollectError("the API key has spaces or characters that cannot go in a header")


def _check_base_url(base_url: str, key: str) -> None:
    shown = mask_text(base_url, [key])
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise CollectError(f"invalid --base-url {shown!r}: {mask_text(str(exc), [key])}") from None
    if url.scheme not in ("http", "https"):
        raise CollectError(f"--base-url {shown!r} must start with http:// or https://")
    if not url.host:
        raise CollectError(f"--base-url {shown!r} has no host")
