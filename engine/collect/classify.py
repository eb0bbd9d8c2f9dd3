"""Name the kind of a failure that left no HTTP answer, from exception types first.

The kinds are the contract's ``error.kind``: timeout, connect, dns, tls, proxy, other.
httpx raises its own types ``from`` httpcore's, which are raised ``from`` the socket or
ssl error, so the whole cause chain is looked at before any message text.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator

import httpx

__all__ = ["classify", "describe"]

_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "getaddrinfo failed",
    "no address associated",
    "name resolution",
)
_TLS_WORDS = ("[ssl", "certificate verify failed", "certificate_verify_failed", "tls", "ssl:")
_DROP_WORDS = ("disconnect", "reset by peer", "connection reset", "broken pipe", "eof")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def classify(exc: BaseException, *, via_proxy: bool = False) -> str:
    """Return the contract's ``error.kind`` for ``exc``.

    ``via_proxy`` says the request went through a proxy: failing to connect then means
    failing to reach the proxy.
    """
    chain = list(_chain(exc))
    if any(isinstance(e, socket.gaierror) for e in chain):
        return "dns"
    if any(isinstance(e, (ssl.SSLError, ssl.CertificateError)) for e in chain):
        return "tls"
    if isinstance(exc, httpx.ProxyError):
        return "proxy"
    if isinstance(exc, httpx.ConnectTimeout):
        return "proxy" if via_proxy else "connect"
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return "timeout"
    text = " ".join(str(e).lower() for e in chain)
    if isinstance(exc, httpx.ConnectError):
        if any(word in text for word in _DNS_WORDS):
            return "dns"
        if any(word in text for word in _TLS_WORDS):
            return "tls"
        return "proxy" if via_proxy else "connect"
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)) and (
        any(isinstance(e, ConnectionError) for e in chain)
        or any(word in text for word in _DROP_WORDS)
    ):
        return "connect"
    if isinstance(exc, ConnectionError):
        return "connect"
    return "other"


def describe(exc: BaseException) -> str:
    """One line naming the exception the way clients print it: ``httpx.ReadTimeout: ...``."""
    kind = type(exc)
    module = kind.__module__
    if module.startswith("httpx"):
        module = "httpx"
    name = kind.__name__ if module == "builtins" else f"{module}.{kind.__name__}"
    text = str(exc)
    if not text:
        text = next((str(e) for e in _chain(exc) if str(e)), "")
    line = " ".join(text.split())
    return f"{name}: {line}" if line else name
