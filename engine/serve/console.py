"""The web console: server-rendered zh/en pages that work without any JavaScript.

Pasted error bodies are untrusted: they only ever reach templates as variables, with
autoescape on, and are shown masked. The form posts (or GETs) to ``/{lang}/diagnose``; the
result page shows the ordered diagnoses, the ``ask`` facts as the next inputs of the same
pre-filled form, and the Markdown handoff note.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from triage.secrets import mask_obj, mask_text
from triage.serve.checks import tidy, too_deep
from triage.serve.feedback import feedback_form
from triage.serve.forms import MAIN_FIELDS, FormField, form_facts, form_field
from triage.serve.http import ApiError, in_pool, mask_keys, read_body, require_media
from triage.serve.i18n import UI, field_label, pick_lang
from triage.serve.knowledge import Knowledge

__all__ = ["diagnose_page", "error_page", "home", "index", "kb_index", "kb_page", "page"]

LANGS = ("en", "zh")
_FORM = "application/x-www-form-urlencoded"
_CREDENTIAL_HEADERS = ("authorization", "x-api-key", "api-key", "x-goog-api-key")


@functools.lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("triage.serve", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["field_label"] = field_label
    return env


def page(name: str, lang: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    """Render one of our templates; ticket content only ever enters as variables."""
    html = _env().get_template(name).render(lang=lang, L=UI[lang], **context)
    return HTMLResponse(html, status_code=http_status)


def error_page(lang: str, exc: ApiError) -> HTMLResponse:
    return page("error.html", lang, http_status=exc.status, status=exc.status, code=exc.code,
                message=mask_text(exc.message))


def _lang(request: Request) -> str:
    lang = str(request.path_params.get("lang", ""))
    if lang not in LANGS:
        raise ApiError(404, "not_found", "the console speaks zh and en: use /zh/ or /en/")
    return lang


async def home(request: Request) -> Response:
    lang = pick_lang(request.headers.get("accept-language", ""))
    return RedirectResponse(f"/{lang}/", status_code=303, headers={"vary": "Accept-Language"})


async def index(request: Request) -> Response:
    lang = _lang(request)
    return page("index.html", lang, values={}, main=_fields(MAIN_FIELDS), asks=[], extra=[],
                result=None)


async def diagnose_page(request: Request) -> Response:
    lang = _lang(request)
    if request.method == "POST":
        require_media(request, _FORM)
        raw = await read_body(request, request.app.state.settings.max_body)
        try:
            items = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=200,
                              errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, "malformed_form", "the form is not UTF-8 or has too many "
                           "fields") from None
    else:
        items = list(request.query_params.multi_items())[:200]
        if not any(v.strip() for _, v in items):
            return RedirectResponse(f"/{lang}/", status_code=303)
    html = await in_pool(request, _result_html, request.app.state, items, lang)
    return HTMLResponse(html)


def _fields(paths: tuple[str, ...] | list[str]) -> list[FormField]:
    return [f for f in (form_field(p) for p in paths) if f is not None]


def _secrets(facts: dict[str, Any]) -> list[str]:
    request = facts.get("request")
    if not isinstance(request, dict):
        return []
    found = [str(request.get("api_key") or "")]
    headers = request.get("headers")
    if isinstance(headers, dict):
        for name, value in headers.items():
            if str(name).lower() in _CREDENTIAL_HEADERS:
                text = str(value)
                found.append(text[7:] if text.lower().startswith("bearer ") else text)
    return [s for s in found if len(s) >= 6]


def _result_html(state: Any, items: list[tuple[str, str]], lang: str) -> str:
    from triage.rendering import render

    knowledge: Knowledge = state.knowledge
    facts, how, values = form_facts(items)
    if too_deep(facts, state.settings.max_depth):
        raise ApiError(422, "invalid_facts", "the ticket is nested too deeply")
    result = mask_keys(knowledge.diagnoser.diagnose(tidy(facts), lang))
    secrets = _secrets(facts)
    # by field name too: a credential field is masked whatever its value looks like
    shown = {name: mask_obj({name.rsplit(".", 1)[-1]: value}, secrets)[name.rsplit(".", 1)[-1]]
             for name, value in values.items()}
    asks = []
    for ask in result["ask"]:
        spec = form_field(ask["fact"])
        if spec is not None and ask["fact"] not in values:
            asks.append({"field": spec, "why": ask["why"]})
    asked = {a["field"].path for a in asks}
    extra = [p for p in values if p != "text" and p not in MAIN_FIELDS and p not in asked]
    links = {faq: knowledge.entry_title(faq, lang) for d in result["diagnoses"]
             for faq in d["faq"] if faq in knowledge.entries}
    from triage.attribution import who_acts
    from triage.rendering import read_line

    return str(_env().get_template("result.html").render(
        lang=lang, L=UI[lang], values=shown, main=_fields(MAIN_FIELDS), asks=asks,
        extra=_fields(extra), result=result, how=how, links=links,
        handoff=render(result, "markdown", lang), who=who_acts(result, lang),
        pasted=read_line(result, lang),
        feedback=feedback_form(state, result, facts, lang)))


async def kb_index(request: Request) -> Response:
    lang = _lang(request)
    knowledge: Knowledge = request.app.state.knowledge
    entries = sorted(knowledge.entries.values(), key=lambda e: (e["kind"], e["id"]))
    return page("kb_index.html", lang, entries=entries)


async def kb_page(request: Request) -> Response:
    lang = _lang(request)
    knowledge: Knowledge = request.app.state.knowledge
    entry = knowledge.entries.get(request.path_params["id"])
    if entry is None:
        raise ApiError(404, "not_found", "no public answer entry with this id")
    related = [(r, knowledge.entry_title(r, lang)) for r in entry["related"]
               if r in knowledge.entries]
    return page("entry.html", lang, entry=entry, body=entry[lang], related=related)
