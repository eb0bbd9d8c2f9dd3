"""``POST /v1/feedback`` and the console's "right / wrong" buttons (``POST /{lang}/feedback``).

Support marks a diagnosis right or wrong and may name the right cause. The answer is
diagnosed again from the facts on this worker (so the record names the knowledge-base version
that gave it); the facts are stored redacted. The store (SQLite by default, PostgreSQL with
``--db postgresql://...``) is opened once per worker, on first use.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from triage.serve.checks import fact_problems, tidy
from triage.serve.http import ApiError, in_pool, json_object, read_body, require_media
from triage.vocabulary import FAMILIES

__all__ = ["console_feedback", "feedback_form", "post_feedback", "store_of"]

_CAUSE = re.compile(r"\A[a-z_]{2,40}(\.[a-z0-9_]{1,60}){0,4}\Z")
_RULE = re.compile(r"\A[a-z0-9]+(?:[.-][a-z0-9]+){0,30}\Z")
_lock = threading.Lock()
_FIELDS = {"facts", "verdict", "right_cause", "rule", "note", "lang"}


def store_of(state: Any) -> Any:
    """The worker's feedback store, opened on first use."""
    with _lock:
        store = getattr(state, "feedback_store", None)
        if store is None:
            from triage.feedback.store import open_store

            store = open_store(state.settings.feedback_db or None)
            state.feedback_store = store
        return store


def _problems(body: dict[str, Any], max_depth: int) -> list[dict[str, str]]:
    problems = [{"at": f"/{k}", "problem": "unknown field"} for k in body if k not in _FIELDS]
    facts = body.get("facts")
    if not isinstance(facts, dict):
        problems.append({"at": "/facts", "problem": "should be an object: the fact set"})
    else:
        problems += fact_problems(facts, "/facts", max_depth)
    if body.get("verdict") not in ("right", "wrong"):
        problems.append({"at": "/verdict", "problem": "should be 'right' or 'wrong'"})
    cause = body.get("right_cause", "")
    if cause and (not isinstance(cause, str) or not _CAUSE.match(cause)
                  or cause.split(".", 1)[0] not in FAMILIES):
        problems.append({"at": "/right_cause", "problem": "should be a cause: family.detail"})
    rule = body.get("rule", "")
    if rule and (not isinstance(rule, str) or not _RULE.match(rule)):
        problems.append({"at": "/rule", "problem": "should be a rule id"})
    if not isinstance(body.get("note", ""), str):
        problems.append({"at": "/note", "problem": "should be a string"})
    if body.get("lang", "en") not in ("en", "zh"):
        problems.append({"at": "/lang", "problem": "should be zh or en"})
    return problems


def _record(state: Any, body: dict[str, Any]) -> dict[str, Any]:
    from triage.feedback.report import make_record

    problems = _problems(body, state.settings.max_depth)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ApiError(422, "invalid_feedback",
                       f"{problems[0]['at']}: {problems[0]['problem']}{more}", problems)
    knowledge = state.knowledge
    try:
        record = make_record(knowledge.diagnoser, knowledge.key, tidy(body["facts"]),
                             body["verdict"], right_cause=body.get("right_cause") or "",
                             rule=body.get("rule") or "", lang=body.get("lang", "en"),
                             note=body.get("note") or "")
    except ValueError as exc:
        raise ApiError(422, "invalid_feedback", str(exc),
                       [{"at": "/rule", "problem": str(exc)}]) from None
    ident = store_of(state).add(record)
    return {"id": ident, "rule": record.rule, "cause": record.cause,
            "verdict": record.verdict, "right_cause": record.right_cause,
            "kb_version": record.kb_version}


async def post_feedback(request: Request) -> JSONResponse:
    require_media(request, "application/json")
    data = await read_body(request, request.app.state.settings.max_body)
    body = json_object(data, "the feedback")
    result = await in_pool(request, _record, request.app.state, body)
    return JSONResponse(result, status_code=201)


def feedback_form(state: Any, result: dict[str, Any], facts: dict[str, Any],
                  lang: str) -> dict[str, Any]:
    """What the result page's feedback form carries: the redacted facts and the rule."""
    from triage.redact import redact_ticket

    first = result["diagnoses"][0] if result["diagnoses"] else None
    return {"facts": json.dumps(redact_ticket(tidy(facts)), ensure_ascii=False),
            "rule": first["rule"] if first else "", "cause": first["cause"] if first else ""}


async def console_feedback(request: Request) -> Response:
    from triage.serve.console import page

    lang = str(request.path_params["lang"])
    require_media(request, "application/x-www-form-urlencoded")
    raw = await read_body(request, request.app.state.settings.max_body)
    try:
        items = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True,
                               max_num_fields=20, errors="strict"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "malformed_form", "the form is not UTF-8 or has too many "
                       "fields") from None
    try:
        facts = json.loads(items.get("facts", ""))
    except ValueError:
        raise ApiError(422, "invalid_feedback", "the form lost its facts; diagnose again") \
            from None
    body = {"facts": facts, "verdict": items.get("verdict", ""), "lang": lang,
            "right_cause": items.get("right_cause", "").strip(),
            "rule": items.get("rule", ""), "note": items.get("note", "")}
    saved = await in_pool(request, _record, request.app.state, body)
    response: HTMLResponse = page("feedback_done.html", lang, saved=saved)
    return response
