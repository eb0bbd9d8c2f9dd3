"""The HTTP API: ``/v1/diagnose``, ``/v1/diagnose/batch``, ``/v1/rules``, ``/v1/kb/{id}``,
``/v1/collect`` (only with an allow-list), ``/healthz`` and ``/openapi.json``.

Engine work runs on the app's own engine threads (a fixed set, so durable-rules keeps one
session per thread) and within the request's time limit.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from triage.secrets import mask_obj, mask_text
from triage.serve.checks import batch_problems, fact_problems, tidy
from triage.serve.http import (
    ApiError,
    deadline,
    in_pool,
    json_object,
    mask_keys,
    read_body,
    require_media,
)
from triage.serve.knowledge import Knowledge
from triage.serve.settings import Settings

__all__ = ["LANGS", "diagnose_batch", "diagnose_one", "healthz", "kb_entry", "openapi",
           "probe", "query_lang", "rules"]

LANGS = ("en", "zh")
_JSON = "application/json"


def query_lang(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    if lang not in LANGS:
        raise ApiError(422, "invalid_lang", "lang must be zh or en",
                       [{"at": "?lang", "problem": "should be zh or en"}])
    return lang


def _invalid(problems: list[dict[str, str]]) -> ApiError:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return ApiError(422, "invalid_facts", f"{first['at']}: {first['problem']}{more}", problems)


async def healthz(request: Request) -> JSONResponse:
    knowledge: Knowledge = request.app.state.knowledge
    settings: Settings = request.app.state.settings
    from triage.evaluate import CONTRACT_VERSION

    loaded = datetime.fromtimestamp(knowledge.loaded_at, timezone.utc)
    return JSONResponse({
        "status": "ok", "pid": os.getpid(), "generation": settings.generation,
        "contract": CONTRACT_VERSION,
        "kb": {"key": knowledge.key, "rules": knowledge.rule_count,
               "public_rules": len(knowledge.rules), "entries": len(knowledge.entries),
               "loaded_at": loaded.isoformat(timespec="seconds")},
        "probe": bool(settings.allow_probe),
        # the desk's own platform (--platform-base-url / TRIAGE_PLATFORM_BASE_URL), or null
        "platform_base_url": knowledge.diagnoser.platform_base_url or None,
    })


async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(request.app.state.openapi)


async def diagnose_one(request: Request) -> JSONResponse:
    lang = query_lang(request)
    require_media(request, _JSON)
    data = await read_body(request, request.app.state.settings.max_body)
    result = await in_pool(request, _one, request.app.state, data, lang)
    return JSONResponse(result)


def _one(state: Any, data: bytes, lang: str) -> dict[str, Any]:
    facts = json_object(data, "the fact set")
    problems = fact_problems(facts, "", state.settings.max_depth)
    if problems:
        raise _invalid(problems)
    result: dict[str, Any] = mask_keys(state.knowledge.diagnoser.diagnose(tidy(facts), lang))
    return result


async def diagnose_batch(request: Request) -> JSONResponse:
    lang = query_lang(request)
    require_media(request, _JSON)
    data = await read_body(request, request.app.state.settings.max_body)
    result = await in_pool(request, _batch, request.app.state, data, lang, deadline(request))
    return JSONResponse(result)


def _batch(state: Any, data: bytes, lang: str, until: float) -> dict[str, Any]:
    settings: Settings = state.settings
    body = json_object(data, "the batch")
    items, problems = batch_problems(body, settings.max_batch, settings.max_depth)
    if problems:
        raise _invalid(problems)
    results = []
    for item in items:
        if time.monotonic() > until:  # stop working for a client that got its 504
            raise ApiError(504, "timeout", "the batch took longer than the time limit")
        results.append(mask_keys(state.knowledge.diagnoser.diagnose(tidy(item), lang)))
    return {"results": results}


async def rules(request: Request) -> JSONResponse:
    knowledge: Knowledge = request.app.state.knowledge
    return JSONResponse({"rules": list(knowledge.rules)})


async def kb_entry(request: Request) -> JSONResponse:
    knowledge: Knowledge = request.app.state.knowledge
    entry_id = request.path_params["id"]
    entry = knowledge.entries.get(entry_id)
    if entry is None:
        raise ApiError(404, "not_found", f"no public answer entry '{mask_text(entry_id)[:80]}'")
    return JSONResponse(entry)


async def probe(request: Request) -> JSONResponse:
    lang = query_lang(request)
    require_media(request, _JSON)
    data = await read_body(request, request.app.state.settings.max_body)
    return JSONResponse(await in_pool(request, _probe, request.app.state, data, lang))


_PROBE_FIELDS = {"base_url": str, "model": str, "api_key": str, "kind": str, "diagnose": bool}


def _probe(state: Any, data: bytes, lang: str) -> dict[str, Any]:
    import httpx
    from triage.collect import CollectOptions, collect
    from triage.errors import CollectError

    body = json_object(data, "the probe request")
    key = str(body["api_key"]) if isinstance(body.get("api_key"), str) else ""
    problems = [{"at": f"/{name}", "problem": "is required"}
                for name in ("base_url", "model", "api_key") if name not in body]
    problems += [{"at": f"/{mask_text(str(name))[:60]}", "problem": "unknown field"}
                 for name in body if name not in _PROBE_FIELDS]
    problems += [{"at": f"/{name}", "problem": f"should be {kind.__name__}"}
                 for name, kind in _PROBE_FIELDS.items()
                 if name in body and not isinstance(body[name], kind)]
    if problems:
        raise ApiError(422, "invalid_probe", f"{problems[0]['at']}: {problems[0]['problem']}",
                       problems)
    try:
        url = httpx.URL(body["base_url"])
    except (httpx.InvalidURL, TypeError):
        raise ApiError(422, "invalid_probe", "base_url is not a URL") from None
    host = (url.host or "").lower()
    allowed = state.settings.allow_probe
    if host not in allowed and f"{host}:{url.port or _default_port(url.scheme)}" not in allowed:
        raise ApiError(403, "probe_not_allowed", f"this server may not probe {host[:100]!r}; "
                       "the operator allows: " + ", ".join(allowed))
    budget = max(1.0, min(20.0, state.settings.timeout / 3))
    try:
        options = CollectOptions(
            base_url=body["base_url"], model=body["model"], api_key=body["api_key"],
            kind=body.get("kind", "chat"), connect_timeout=min(5.0, budget),
            read_timeout=budget, total_timeout=budget, deadline=budget,
            allow_private=True)  # the operator named the host; metadata stays refused
    except CollectError as exc:
        raise ApiError(422, "invalid_probe", mask_text(str(exc), [key])) from None
    try:
        facts = collect(options)
    except CollectError as exc:  # refused before connecting (plain http, metadata, DNS)
        raise ApiError(422, "invalid_probe", mask_text(str(exc), [key])) from None
    out: dict[str, Any] = {"facts": facts}
    if body.get("diagnose", True):
        out["diagnosis"] = state.knowledge.diagnoser.diagnose(facts, lang)
    masked: dict[str, Any] = mask_keys(mask_obj(out, [key]))
    return masked


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80
