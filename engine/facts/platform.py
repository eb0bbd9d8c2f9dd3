"""The support desk's own platform: its base URL, set once instead of in every ticket.

A gateway's support team answers tickets about one platform. Given its base URL
(``triage diagnose --platform-base-url URL``, or ``TRIAGE_PLATFORM_BASE_URL`` for every verb
and for ``triage serve``), a ticket that is silent about ``platform.base_url`` gets it, so a
pasted text that shows a call to the vendor's official host or to another host is judged
against the platform (``url.official_with_gateway``, ``url.host_mismatch``...). What the
ticket states always wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from triage.errors import UsageError

__all__ = ["PLATFORM_ENV", "checked_base_url", "platform_from_env", "with_platform"]

PLATFORM_ENV = "TRIAGE_PLATFORM_BASE_URL"


def checked_base_url(value: str, where: str) -> str:
    """``value`` if it is an http(s) URL with a host and no credentials, else a UsageError
    naming ``where`` it came from."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        ok = (parts.scheme in ("http", "https") and bool(parts.hostname)
              and parts.username is None and parts.password is None and len(text) <= 2048
              and not any(c.isspace() for c in text))
        _ = parts.port   # a port that is not a number raises
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(f"{where}: {text[:80]!r} is not a base URL; give the platform's "
                         "API address, e.g. https://api.example.com/v1")
    return text


def platform_from_env() -> str:
    """The base URL in ``TRIAGE_PLATFORM_BASE_URL``, checked; "" when unset or empty."""
    value = os.environ.get(PLATFORM_ENV, "").strip()
    return checked_base_url(value, PLATFORM_ENV) if value else ""


def with_platform(raw: Mapping[str, Any], base_url: str) -> Mapping[str, Any]:
    """``raw`` with ``platform.base_url`` filled in when the ticket does not give one."""
    if not base_url:
        return raw
    plat = raw.get("platform")
    if isinstance(plat, Mapping) and plat.get("base_url") not in (None, ""):
        return raw
    if plat is not None and not isinstance(plat, Mapping):
        return raw   # the normaliser reports the wrong type; nothing to add to
    return {**raw, "platform": {**(plat or {}), "base_url": base_url}}
