"""The shape of the base URL and the URL actually called."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["OFFICIAL_HOSTS", "url_facts"]

# Hosts of the vendors' own APIs: a gateway key sent here is always rejected.
OFFICIAL_HOSTS = frozenset(
    {
        "api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com",
        "api.deepseek.com", "api.moonshot.cn", "api.moonshot.ai", "open.bigmodel.cn",
        "dashscope.aliyuncs.com", "api.mistral.ai", "api.groq.com", "api.x.ai",
        "openrouter.ai", "api.siliconflow.cn", "api.together.xyz",
    }
)
_ENDPOINTS = (
    "/chat/completions", "/completions", "/embeddings", "/images/generations", "/messages",
    "/responses", "/audio/speech", "/audio/transcriptions", "/models",
)
_CONSOLE_RE = re.compile(
    r"(?i)/(?:console|dashboard|panel|login|token|topup|pricing|playground|settings|keys|"
    r"account|log|usage)(?:/|$)|/#/"
)
_V1_RE = re.compile(r"/v1(?=/|$)")
# a version segment right after another ("/api/coding/v3/v1/models"): a base URL that already
# ended in its own version, with the client's /v1 added after it
_TWO_VERSIONS_RE = re.compile(r"/v[0-9]+[a-z0-9]*/v[0-9]+(?=/|$)")
_LOCAL = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "host.docker.internal")


def _split(url: str) -> Any:
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def url_facts(
    base_url: str | None, url: str | None, endpoint: str | None, platform_base: str | None
) -> dict[str, Any]:
    """Derived ``url.*`` facts; only the facts that can be told are present."""
    out: dict[str, Any] = {}
    base = _split(base_url) if base_url else None
    full = _split(url) if url else None
    plat = _split(platform_base) if platform_base else None
    path_called = (full.path if full else "") or (endpoint or "")
    if base is not None:
        if not base.scheme or not base.netloc:
            out["url.malformed"] = True
        bpath = base.path.rstrip("/")
        out["url.full_endpoint"] = bpath.endswith(_ENDPOINTS)
        fragment = "/#/" if base.fragment else ""
        out["url.console_page"] = bool(_CONSOLE_RE.search(base.path + fragment))
        out["url.doubled_v1"] = len(_V1_RE.findall(bpath)) > 1
        if plat is not None:
            ppath = plat.path.rstrip("/")
            want_v1 = bool(_V1_RE.search(ppath))
            out["url.missing_v1"] = want_v1 and not _V1_RE.search(bpath)
            if base.netloc and plat.netloc:
                out["url.host_mismatch"] = base.netloc.lower() != plat.netloc.lower()
    if path_called:
        p = path_called.rstrip("/")
        out["url.doubled_path"] = any(p.count(e) > 1 for e in _ENDPOINTS[:5]) or (
            len(_V1_RE.findall(p)) > 1
        ) or bool(_TWO_VERSIONS_RE.search(p))
        if "url.doubled_v1" not in out or not out["url.doubled_v1"]:
            out["url.doubled_v1"] = len(_V1_RE.findall(p)) > 1
        if "url.missing_v1" not in out and p.startswith(_ENDPOINTS) and not plat:
            out["url.no_version"] = True
    host = ""
    for part in (full, base):
        if part is not None and part.hostname:
            host = part.hostname.lower()
            break
    if host:
        out["url.official_host"] = host in OFFICIAL_HOSTS
        out["url.local"] = host in _LOCAL
        if plat is not None and plat.hostname:
            out["url.official_with_gateway"] = (
                host in OFFICIAL_HOSTS and plat.hostname.lower() not in OFFICIAL_HOSTS
            )
            out.setdefault("url.host_mismatch", host != plat.hostname.lower())
    return out
