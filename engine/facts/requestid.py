"""The request id a platform gave for one call, so support can hand it on.

Taken from the first place that has one: the ticket's own ``response.request_id``, then the
response headers (OpenAI's ``x-request-id``, Anthropic's ``request-id``, new-api / one-api's
``x-oneapi-request-id``, Azure's ``apim-request-id``, AWS, LiteLLM...), then the body
(new-api's "(request id: ...)" in the message, a ``request_id`` / ``requestId`` field at the
top or in ``error`` as DashScope, Zhipu and Anthropic send it). The pasted-text reader fills
in the ticket's field from what a client printed. It is an identifier, not a secret, and
not a rule fact: rules never test it; it is shown in the facts and in the handoff.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["HEADERS", "clean_request_id", "request_id_from"]

# in order of preference: the platform's own id before a proxy's or a CDN's
HEADERS = ("x-request-id", "request-id", "x-oneapi-request-id", "x-new-api-request-id",
           "apim-request-id", "x-ms-request-id", "x-amzn-requestid", "x-amz-request-id",
           "x-litellm-call-id", "x-trace-id", "cf-ray")
_BODY_KEYS = ("request_id", "requestId", "request-id", "x_request_id", "requestid")
_VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{3,99}")
_IN_MESSAGE = re.compile(r"\(request id: ([A-Za-z0-9][A-Za-z0-9_.:\-]{3,99})\)")


def clean_request_id(value: Any) -> str:
    """``value`` as a request id, or "" when it does not look like one (bounded, plain)."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return ""
    text = str(value).strip()
    return text if _VALID.fullmatch(text) else ""


def request_id_from(headers: Mapping[str, str], data: Any, messages: list[str]) -> str:
    """The request id in lower-cased ``headers``, a parsed body ``data`` or its messages."""
    for name in HEADERS:
        rid = clean_request_id(headers.get(name))
        if rid:
            return rid
    if isinstance(data, Mapping):
        for holder in (data, data.get("error")):
            if isinstance(holder, Mapping):
                for key in _BODY_KEYS:
                    rid = clean_request_id(holder.get(key))
                    if rid:
                        return rid
    for message in messages[:20]:
        found = _IN_MESSAGE.search(message[:4000])
        if found:
            return found.group(1)
    return ""
