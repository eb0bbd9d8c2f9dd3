"""What to send, by kind and authentication style, and how to read what comes back.

Pure functions: the base URL's shape, the minimal request of each kind, the credential
headers of each style, and the model list in the OpenAI, Anthropic and Gemini shapes.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
from triage.secrets import mask_key

from .options import PAID_KINDS, CollectOptions

__all__ = [
    "CREDENTIAL_HEADERS",
    "ProbeRequest",
    "auth_headers",
    "base_url_shape",
    "join_url",
    "main_request",
    "model_listing",
    "models_request",
    "paid_request_line",
    "parse_model_ids",
    "shape_warnings",
]

# Every header that carries a key, in any style; none of them ever leaves the origin.
CREDENTIAL_HEADERS = ("authorization", "x-api-key", "api-key", "x-goog-api-key")
ANTHROPIC_VERSION = "2023-06-01"
PING = "ping"

# Paths a base URL should not end with: the client appends them itself.
_ENDPOINT_SUFFIXES = (
    "/chat/completions",
    "/completions",
    "/embeddings",
    "/images/generations",
    "/video/generations",
    "/messages",
    "/responses",
    "/models",
    ":generatecontent",
)
_VERSION_RE = re.compile(r"^v\d+(?:alpha|beta)?\d*$")


@dataclass(frozen=True)
class ProbeRequest:
    """One request the probe sends; ``headers`` hold the real key and are never output."""

    kind: str  # the contract's request.kind
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Mapping[str, Any] | None = None

    @property
    def endpoint(self) -> str:
        return httpx.URL(self.url).path

    @property
    def content(self) -> bytes | None:
        if self.body is None:
            return None
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def shown_headers(self) -> dict[str, str]:
        """The headers as the fact set shows them: credential values masked."""
        shown = {}
        for name, value in self.headers.items():
            if name.lower() in CREDENTIAL_HEADERS:
                scheme, _, token = value.partition(" ")
                value = f"{scheme} {mask_key(token)}" if token else mask_key(value)
            shown[name] = value
        return shown


def base_url_shape(base_url: str) -> dict[str, Any]:
    """Describe the base URL as given; nothing is corrected, only reported."""
    url = httpx.URL(base_url)
    raw_path = base_url.split("?", 1)[0].split("#", 1)[0]
    raw_path = raw_path.split("://", 1)[-1]
    raw_path = raw_path[raw_path.find("/") :] if "/" in raw_path else ""
    segments = [s for s in url.path.split("/") if s]
    versions = [s for s in segments if _VERSION_RE.match(s)]
    doubled = any(a == b and _VERSION_RE.match(a) for a, b in itertools.pairwise(segments))
    lowered = url.path.rstrip("/").lower()
    full_endpoint = next((s for s in _ENDPOINT_SUFFIXES if lowered.endswith(s)), None)
    return {
        "scheme": url.scheme,
        "host": url.host,
        "port": url.port,
        "path": url.path,
        "has_v1": "v1" in segments,
        "version": versions[0] if versions else None,
        "doubled_v1": doubled,
        "full_endpoint": full_endpoint,
        "trailing_slash": raw_path.endswith("/"),
        "has_query": bool(url.query),
        "has_userinfo": bool(url.userinfo),
    }


def shape_warnings(shape: Mapping[str, Any]) -> list[str]:
    """Plain sentences for the shapes that usually break a client."""
    notes = []
    if shape["doubled_v1"]:
        notes.append("the base URL repeats its version segment (like /v1/v1)")
    if shape["full_endpoint"]:
        notes.append(
            f"the base URL already ends with {shape['full_endpoint']}: clients append the "
            "endpoint themselves"
        )
    if shape["scheme"] == "http" and shape["host"] not in ("127.0.0.1", "localhost", "::1"):
        notes.append("the base URL uses plain http: the key travels unencrypted")
    return notes


def join_url(base_url: str, suffix: str) -> str:
    """``base_url`` without its trailing slash, then ``suffix``; the query is kept."""
    url = httpx.URL(base_url)
    return str(url.copy_with(path=url.path.rstrip("/") + suffix))


def auth_headers(style: str, key: str) -> dict[str, str]:
    if style == "anthropic":
        return {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    if style == "gemini":
        return {"x-goog-api-key": key}
    return {"authorization": f"Bearer {key}"}


def models_request(options: CollectOptions) -> ProbeRequest:
    return ProbeRequest(
        kind="models",
        method="GET",
        url=join_url(options.base_url, "/models"),
        headers=auth_headers(options.style, options.api_key),
    )


def main_request(options: CollectOptions) -> ProbeRequest | None:
    """The cheapest request of the kind asked for; None when it would cost money."""
    if options.kind in PAID_KINDS and not options.allow_paid:
        return None
    headers = {**auth_headers(options.style, options.api_key), "content-type": "application/json"}
    model = options.model
    body: dict[str, Any]
    if options.style == "gemini":
        name = quote(model.removeprefix("models/"), safe="-._~/")
        if options.kind == "embedding":
            suffix, kind = f"/models/{name}:embedContent", "embedding"
            body = {"content": {"parts": [{"text": PING}]}}
        else:
            suffix, kind = f"/models/{name}:generateContent", "chat"
            body = {
                "contents": [{"role": "user", "parts": [{"text": PING}]}],
                "generationConfig": {"maxOutputTokens": 1},
            }
    elif options.style == "anthropic":
        suffix, kind = "/messages", "chat"
        body = {"model": model, "max_tokens": 1, "messages": [{"role": "user", "content": PING}]}
    elif options.kind == "embedding":
        suffix, kind = "/embeddings", "embedding"
        body = {"model": model, "input": PING}
    elif options.kind == "image":
        suffix, kind = "/images/generations", "image"
        body = {"model": model, "prompt": "a dot", "n": 1, "size": "256x256"}
    elif options.kind == "video":
        suffix, kind = "/video/generations", "video"
        body = {"model": model, "prompt": "a dot"}
    else:
        suffix, kind = "/chat/completions", "chat"
        body = {
            "model": model,
            "messages": [{"role": "user", "content": PING}],
            "max_tokens": 1,
            "stream": False,
        }
    return ProbeRequest(
        kind=kind,
        method="POST",
        url=join_url(options.base_url, suffix),
        headers=headers,
        body=body,
    )


def paid_request_line(options: CollectOptions) -> str:
    """What ``--allow-paid`` would send, for the report of a skipped step."""
    suffix = "/images/generations" if options.kind == "image" else "/video/generations"
    return f"POST {join_url(options.base_url, suffix)}"


def parse_model_ids(text: str) -> list[str] | None:
    """The model ids in a model list body, or None when it is not a model list."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested beyond the parser's depth
        return None
    items: Any
    if isinstance(doc, list):
        items = doc
    elif isinstance(doc, Mapping) and isinstance(doc.get("data"), list):
        items = doc["data"]
    elif isinstance(doc, Mapping) and isinstance(doc.get("models"), list):
        items = doc["models"]
    else:
        return None
    ids: list[str] = []
    for item in items:
        name: Any = item
        if isinstance(item, Mapping):
            name = item.get("id") or item.get("name") or item.get("model")
        if isinstance(name, str) and name:
            ids.append(name.removeprefix("models/"))
    return ids


def model_listing(model: str, ids: list[str] | None) -> dict[str, Any]:
    """How ``model`` appears in ``ids``: exact, case_only, absent or unknown, and the closest."""
    if ids is None:
        return {"listed": "unknown", "closest": None}
    wanted = model.removeprefix("models/")
    if wanted in ids:
        return {"listed": "exact", "closest": None}
    by_lower = {i.lower(): i for i in ids}
    if wanted.lower() in by_lower:
        return {"listed": "case_only", "closest": by_lower[wanted.lower()]}
    close = difflib.get_close_matches(wanted.lower(), list(by_lower), n=1, cutoff=0.6)
    return {"listed": "absent", "closest": by_lower[close[0]] if close else None}
