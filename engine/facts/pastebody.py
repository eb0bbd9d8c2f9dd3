"""The error body inside a pasted text: the first JSON, Python-repr or Node-dump object that is
neither a header map nor the request the user pasted above the answer. Parsing is bounded
(:data:`MAX_LITERAL` characters, :data:`MAX_NESTING` brackets; ``ast.literal_eval``, never
``eval``)."""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from triage.facts.jsliteral import from_js

__all__ = ["MAX_LITERAL", "MAX_NESTING", "find_body"]

MAX_LITERAL = 64 * 1024        # a Python repr longer than this is kept as text
MAX_NESTING = 40               # deeper brackets are kept as text


def _scan(text: str, start: int) -> tuple[int, int]:
    """(end, nesting) of the bracketed value opening at ``start``; end = -1 when cut off."""
    depth = deepest = 0
    quote = ""
    i, n = start, min(len(text), start + MAX_LITERAL + 1)  # longer is never parsed
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "{[(":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}])":
            depth -= 1
            if depth == 0:
                return i + 1, deepest
        i += 1
    return -1, deepest


def _literal(segment: str, nesting: int) -> Any:
    try:   # strict=False: a terminal that wrapped a long message put raw line breaks in it
        return json.loads(segment, strict=False)
    except (ValueError, RecursionError):
        pass
    if len(segment) > MAX_LITERAL or nesting > MAX_NESTING:
        return None
    for source in (segment, from_js(segment)):
        if not source:
            continue
        try:
            return ast.literal_eval(source)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    return None


def find_body(region: str) -> str:
    """A JSON or Python-repr object inside ``region``, as JSON text; else ""."""
    start = region.find("{")
    tries = 0
    while start != -1 and tries < 8:
        tries += 1
        end, nesting = _scan(region, start)
        if end == -1:  # cut off: hand on the rest as text
            return region[start:start + MAX_LITERAL]
        value = _literal(region[start:end], nesting)
        if isinstance(value, dict) and value and not _is_header_map(value) \
                and not _is_request(value):
            try:
                return json.dumps(value, ensure_ascii=False, default=str)
            except (ValueError, TypeError, RecursionError):
                return region[start:end]
        start = region.find("{", end)
    return ""


# a dump of the response headers (Node's `HEADERS: {...}`, a header dict a program printed)
# is not the body, even when it comes first; LiteLLM's proxy passes the provider's headers
# on as "llm_provider-<name>"
_HEADER_NAME = re.compile(
    r"(?i)(?:llm_provider-)?(?:x-[a-z0-9-]{1,60}|content-[a-z-]{1,30}|date|server|connection|"
    r"transfer-encoding|cache-control|set-cookie|vary|via|etag|keep-alive|access-control-[a-z-]{1,40}|"
    r"strict-transport-security|cf-ray|alt-svc|retry-after|request-id|openai-[a-z-]{1,40}|"
    r"anthropic-[a-z-]{1,40}|expires|pragma|age|location)")


# the request a user pasted above the answer ({"model": ..., "messages": [...]}) is not the body
_ERROR_KEYS = ("error", "detail", "message", "msg", "code", "status", "errors")
_REQUEST_KEYS = ("messages", "prompt", "input", "max_tokens", "temperature", "stream", "contents")


def _is_request(value: dict[Any, Any]) -> bool:
    return not any(k in value for k in _ERROR_KEYS) and (
        isinstance(value.get("messages"), list)
        or ("model" in value and any(k in value for k in _REQUEST_KEYS)))


def _is_header_map(value: dict[Any, Any]) -> bool:
    return len(value) >= 2 and all(isinstance(k, str) and _HEADER_NAME.fullmatch(k)
                                   for k in value)
