"""``create_app(root, settings) -> Starlette``: the API and the console on one engine.

The app is plain ASGI: tests drive it in-process (httpx ``ASGITransport`` or Starlette's
``TestClient``); :mod:`triage.serve.worker` runs it under uvicorn. The knowledge base is
loaded once, when the app is built.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import CONVERTOR_TYPES, Convertor, register_url_convertor
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from triage.secrets import mask_text
from triage.serve import api, console, feedback
from triage.serve.http import DEADLINE_KEY, ApiError, error_body, error_response
from triage.serve.knowledge import load_knowledge
from triage.serve.logs import ACCESS, LOG, event
from triage.serve.openapi import build_openapi
from triage.serve.settings import Settings

__all__ = ["SECURITY_HEADERS", "create_app"]

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'; object-src 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), clipboard-write=(self)",
}
_REQUEST_ID = re.compile(r"\A[A-Za-z0-9._-]{1,64}\Z")
_CONSOLE = re.compile(r"\A/(zh|en)/")


def create_app(root: Path | None = None, settings: Settings | None = None) -> Starlette:
    """The server for the knowledge base under ``root`` (found from here when None).

    Raises :class:`triage.errors.SourceError` when the sources are invalid.
    """
    from triage.roots import resolve_root

    settings = settings or Settings()
    knowledge = load_knowledge(resolve_root(root))
    pool = ThreadPoolExecutor(max_workers=settings.threads, thread_name_prefix="triage-engine")
    warm_threads(pool, knowledge.diagnoser, settings.threads)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    app = Starlette(
        routes=routes(settings),
        middleware=[Middleware(Guard, settings=settings)],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.knowledge = knowledge
    app.state.settings = settings
    app.state.pool = pool
    app.state.openapi = build_openapi(settings)
    return app


def warm_threads(pool: ThreadPoolExecutor, diagnoser: Any, threads: int) -> None:
    """Start every engine thread now, each with its durable-rules session and caches.

    The pool starts threads lazily and each thread's first diagnosis opens its session, so
    without this a worker's memory and latency step up whenever load first reaches another
    thread (minutes into serving), not before it says ``ready``.
    """
    barrier = threading.Barrier(threads)
    facts = {"response": {"status": 404,
                          "body": '{"error":{"message":"The model x does not exist"}}'}}

    def warm() -> None:
        for lang in ("en", "zh"):
            diagnoser.diagnose(facts, lang)
        barrier.wait(timeout=30)   # holds this thread so the next task needs another one

    for future in [pool.submit(warm) for _ in range(threads)]:
        future.result(timeout=60)


class LangConvertor(Convertor[str]):
    """``{lang:lang}`` matches only the console's languages, so ``/v1/...`` never looks
    like a console page (a GET on ``/v1/diagnose`` is a 405, not a 404)."""

    regex = "zh|en"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


if "lang" not in CONVERTOR_TYPES:
    register_url_convertor("lang", LangConvertor())


def routes(settings: Settings) -> list[BaseRoute]:
    """Every route; ``/v1/collect`` only when the operator allowed some hosts."""
    table: list[BaseRoute] = [
        Route("/healthz", api.healthz, methods=["GET"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
        Route("/v1/diagnose", api.diagnose_one, methods=["POST"]),
        Route("/v1/diagnose/batch", api.diagnose_batch, methods=["POST"]),
        Route("/v1/rules", api.rules, methods=["GET"]),
        Route("/v1/kb/{id}", api.kb_entry, methods=["GET"]),
        Route("/v1/feedback", feedback.post_feedback, methods=["POST"]),
    ]
    if settings.allow_probe:
        table.append(Route("/v1/collect", api.probe, methods=["POST"]))
    table += [
        Route("/", console.home, methods=["GET"]),
        Route("/{lang:lang}/", console.index, methods=["GET"]),
        Route("/{lang:lang}/diagnose", console.diagnose_page, methods=["GET", "POST"]),
        Route("/{lang:lang}/kb/", console.kb_index, methods=["GET"]),
        Route("/{lang:lang}/kb/{id}", console.kb_page, methods=["GET"]),
        Route("/{lang:lang}/feedback", feedback.console_feedback, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("triage.serve", "static")]), name="static"),
    ]
    return table


def _error(request: Request, exc: ApiError) -> Response:
    match = _CONSOLE.match(request.url.path)
    if match:
        response: Response = console.error_page(match.group(1), exc)
        response.headers.update(exc.headers)
        return response
    return error_response(exc)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _error(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    message = {404: "no such page or endpoint (see /openapi.json)",
               405: f"{request.method} is not allowed here"}.get(exc.status_code,
                                                                 str(exc.detail))
    error = ApiError(exc.status_code, code, message, headers=dict(exc.headers or {}))
    if exc.status_code == 405:  # only programs send other methods: JSON everywhere
        return error_response(error)
    return _error(request, error)


class Guard:
    """Outermost of our middleware: request id, time limit, security headers, one access
    line per request, and a masked JSON 500 for anything unexpected."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        scope[DEADLINE_KEY] = time.monotonic() + self.settings.timeout
        incoming = _header(scope, b"x-request-id")
        rid = incoming if _REQUEST_ID.match(incoming) and mask_text(incoming) == incoming \
            else uuid.uuid4().hex[:16]
        state: dict[str, Any] = {"status": 0, "bytes": 0}
        static = scope["path"].startswith("/static/")

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("cache-control", "max-age=300" if static else "no-store")
                headers["x-request-id"] = rid
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as exc:  # the last guard: masked, logged, never a traceback out
            event(LOG, "error", logging.ERROR, request_id=rid, path=scope["path"],
                  error=f"{type(exc).__name__}: {exc}"[:500], traceback=_trace(exc))
            if not state["status"]:
                response = JSONResponse(error_body(500, "internal", "internal error; the "
                                                   f"request id is {rid}"), status_code=500)
                await response(scope, receive, guarded_send)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            names = sorted({part.split("=", 1)[0] for part in query.split("&") if part})
            event(ACCESS, "access", method=scope["method"], path=scope["path"][:300],
                  query=names[:20], status=state["status"] or 499,
                  duration_ms=round((time.perf_counter() - start) * 1000, 2),
                  bytes=state["bytes"], request_id=rid,
                  client=(scope.get("client") or ("", 0))[0])


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _trace(exc: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-3000:]
