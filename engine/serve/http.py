"""Request plumbing shared by the API and the console: bounded reading, JSON, errors.

Every error leaves as ``{"error": {"code": ..., "message": ...}}`` (``details`` when there
are several problems). Bodies are read chunk by chunk and refused as soon as they pass the
limit: a 10 MB upload is never held in memory.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from triage.facts.strict import Refused
from triage.facts.strict import loads as strict_loads
from triage.secrets import mask_obj, mask_text

__all__ = ["ApiError", "deadline", "error_response", "in_pool", "json_object", "mask_keys",
           "read_body", "require_media"]

T = TypeVar("T")

DEADLINE_KEY = "triage.deadline"


class ApiError(Exception):
    """An answer other than 2xx, with a stable ``code`` and a one-line ``message``."""

    def __init__(self, status: int, code: str, message: str,
                 details: list[dict[str, str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers or {}


def error_body(status: int, code: str, message: str,
               details: list[dict[str, str]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": mask_text(message)}
    if details:
        error["details"] = [{k: mask_text(v) for k, v in d.items()} for d in details[:50]]
    return {"error": error}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(error_body(exc.status, exc.code, exc.message, exc.details),
                        status_code=exc.status, headers=exc.headers)


def mask_keys(value: Any) -> Any:
    """``value`` with credentials masked in mapping *keys* too.

    The engine masks every value, but keeps an unknown input key as a fact named after it
    (``kept.<key>``); a key pasted as a field name would otherwise come back.
    """
    return mask_obj(value)  # keys and values, by name and by shape


def deadline(request: Request) -> float:
    """The monotonic time by which this request must be answered."""
    value = request.scope.get(DEADLINE_KEY)
    return float(value) if value is not None else time.monotonic() + 30.0


def require_media(request: Request, *accepted: str) -> None:
    """415 unless the Content-Type is one of ``accepted`` (``+json`` counts as JSON)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    ok = media in accepted or ("application/json" in accepted and media.endswith("+json")
                               and media.startswith("application/"))
    if not ok:
        shown = media or "none"
        raise ApiError(415, "unsupported_media_type",
                       f"the body must be {' or '.join(accepted)}, not {shown[:80]}")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes ``limit`` bytes.

    A Content-Length above the limit is refused before a byte is read; a body that takes
    longer than the request's time limit to arrive gets 408.
    """
    length = request.headers.get("content-length")
    if length is not None:
        if not length.strip().isdigit():
            raise ApiError(400, "bad_content_length", "Content-Length is not a number")
        if int(length) > limit:
            raise _too_large(limit)
    buf = bytearray()
    remaining = deadline(request) - time.monotonic()
    try:
        with anyio.fail_after(max(remaining, 0.001)):
            async for chunk in request.stream():
                if len(buf) + len(chunk) > limit:
                    raise _too_large(limit)
                buf += chunk
    except TimeoutError:
        raise ApiError(408, "request_timeout", "the request body did not arrive in time",
                       headers={"connection": "close"}) from None
    except ClientDisconnect:
        raise ApiError(400, "client_disconnected", "the client went away") from None
    return bytes(buf)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "too_large", f"the body is larger than {limit:,} bytes; send only "
                    "the error part of a long response", headers={"connection": "close"})


def json_object(data: bytes, what: str = "the body") -> dict[str, Any]:
    """Parse UTF-8 JSON that must be an object; 400 with the place of the first error."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "malformed_json", f"{what} is not UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise ApiError(400, "malformed_json", f"{what} is empty; send a JSON object")
    try:
        value = strict_loads(text)
    except Refused as exc:
        raise ApiError(422, "invalid_facts", f"{what}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "malformed_json",
                       f"{what} is not valid JSON: {exc.msg} at line {exc.lineno} "
                       f"column {exc.colno}") from None
    except ValueError as exc:
        raise ApiError(400, "malformed_json", f"{what} is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "malformed_json", f"{what} is nested too deeply") from None
    if not isinstance(value, dict):
        raise ApiError(400, "not_an_object",
                       f"{what} must be a JSON object, not {_json_type(value)}")
    return value


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {list: "an array", str: "a string", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)


async def in_pool(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run blocking engine work on the app's engine threads, within the request's time."""
    pool = request.app.state.pool
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(pool, functools.partial(fn, *args))
    remaining = deadline(request) - time.monotonic()
    try:
        return await asyncio.wait_for(future, timeout=max(remaining, 0.001))
    except asyncio.TimeoutError:
        raise ApiError(504, "timeout", "the diagnosis took longer than the server's time "
                       "limit; try again or send fewer fact sets") from None
