"""The OpenAPI 3.1 description of what the server really does (served at /openapi.json).

Hand-written, but the fact-set schema comes from the same table as the 422 checks, the
diagnosis schema from ``schemas/diagnosis.schema.json``, and the collector appears only when
it is enabled. A test checks every documented operation against the running app and every
route of the app against this document.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from triage.serve.checks import fact_set_schema
from triage.serve.settings import Settings

__all__ = ["build_openapi"]

_J = "application/json"
_HTML = "text/html"
_ERRORS = {
    "400": "Malformed JSON or form, or a body that is not a JSON object",
    "403": "The collector may not probe this host",
    "404": "No such entry, page or endpoint",
    "408": "The body did not arrive within the time limit",
    "413": "The body is larger than the limit (refused while reading)",
    "415": "Wrong Content-Type",
    "422": "Values that cannot be read as their documented types (see details)",
    "500": "Internal error (masked; the request id is in the message and X-Request-Id)",
    "504": "The diagnosis took longer than the time limit",
}
_EXAMPLE_FACTS = {
    "request": {"model": "gpt-4o", "base_url": "https://gw.example.com/v1"},
    "response": {"status": 403, "body": '{"error":{"message":"该令牌无权使用模型：gpt-4o",'
                                        '"type":"one_api_error"}}'},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {_J: {"schema": _ref(name)}}}


def _html(description: str) -> dict[str, Any]:
    return {"description": description, "content": {_HTML: {"schema": {"type": "string"}}}}


def _errors(*codes: str, html: bool = False) -> dict[str, Any]:
    return {c: (_html(_ERRORS[c]) if html else _json("Error", _ERRORS[c])) for c in codes}


def _lang_query() -> dict[str, Any]:
    return {"name": "lang", "in": "query", "required": False, "example": "en",
            "schema": {"type": "string", "enum": ["en", "zh"], "default": "en"},
            "description": "language of titles, explanations and steps (422 otherwise)"}


def _lang_path() -> dict[str, Any]:
    return {"name": "lang", "in": "path", "required": True, "example": "en",
            "schema": {"type": "string", "enum": ["en", "zh"]}}


def _id_path() -> dict[str, Any]:
    return {"name": "id", "in": "path", "required": True, "example": "model-not-found",
            "schema": {"type": "string"}, "description": "answer entry id"}


@functools.lru_cache(maxsize=1)
def _diagnosis_schema() -> dict[str, Any]:
    from triage.loader.schema import SCHEMA_DIR

    schema = json.loads((SCHEMA_DIR / "diagnosis.schema.json").read_text(encoding="utf-8"))
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return schema


def _schemas(settings: Settings) -> dict[str, Any]:
    text = {"type": "string"}
    strings = {"type": "array", "items": text}
    entry_body = {"type": "object", "required": ["title", "question", "answer", "steps"],
                  "properties": {
                      "title": text, "question": text, "variants": strings, "answer": text,
                      "basis": text, "boundaries": text, "steps": strings,
                      "followups": {"type": "array", "items": {
                          "type": "object", "properties": {"q": text, "a": text}}},
                      "evidence": strings, "never_ask": strings},
                  "additionalProperties": False}
    schemas: dict[str, Any] = {
        "FactSet": fact_set_schema(),
        "Diagnosis": copy.deepcopy(_diagnosis_schema()),
        "BatchRequest": {
            "type": "object", "required": ["items"], "additionalProperties": False,
            "properties": {"items": {"type": "array", "maxItems": settings.max_batch,
                                     "items": _ref("FactSet")}}},
        "BatchResponse": {
            "type": "object", "required": ["results"], "additionalProperties": False,
            "properties": {"results": {"type": "array", "items": _ref("Diagnosis"),
                                       "description": "one result per item, same order"}}},
        "Error": {
            "type": "object", "required": ["error"], "additionalProperties": False,
            "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {
                    "code": text, "message": text,
                    "details": {"type": "array", "items": {
                        "type": "object", "required": ["at", "problem"],
                        "properties": {"at": text, "problem": text}}}}}}},
        "Health": {
            "type": "object", "required": ["status", "pid", "generation", "kb"],
            "properties": {
                "status": {"const": "ok"}, "pid": {"type": "integer"},
                "generation": {"type": "integer"}, "contract": text,
                "probe": {"type": "boolean"},
                "platform_base_url": {"type": ["string", "null"]},
                "kb": {"type": "object", "required": ["key", "rules", "entries"],
                       "properties": {"key": text, "rules": {"type": "integer"},
                                      "public_rules": {"type": "integer"},
                                      "entries": {"type": "integer"}, "loaded_at": text}}}},
        "RuleList": {
            "type": "object", "required": ["rules"],
            "properties": {"rules": {"type": "array", "items": {
                "type": "object",
                "required": ["id", "version", "cause", "title", "faq"],
                "properties": {
                    "id": text, "version": text, "status": text, "cause": text,
                    "family": text, "confidence": {"type": "number"},
                    "title": {"type": "object", "required": ["zh", "en"],
                              "properties": {"zh": text, "en": text}},
                    "faq": strings,
                    "owner": {"type": "object", "required": ["owner", "escalate", "reason"],
                              "description": "who must act when the rule fires",
                              "properties": {
                                  "owner": {"enum": ["user", "gateway", "upstream",
                                                     "network"]},
                                  "escalate": {"type": "boolean"},
                                  "reason": {"type": "object", "required": ["zh", "en"],
                                             "properties": {"zh": text, "en": text}}}}},
                "additionalProperties": False}}}},
        "FeedbackRequest": {
            "type": "object", "required": ["facts", "verdict"], "additionalProperties": False,
            "properties": {
                "facts": _ref("FactSet"),
                "verdict": {"type": "string", "enum": ["right", "wrong"]},
                "right_cause": {"type": "string", "description": "the cause support says is "
                                "right (family.detail)"},
                "rule": {"type": "string", "description": "the judged diagnosis (default: "
                         "the first)"},
                "note": {"type": "string", "maxLength": 2000},
                "lang": {"type": "string", "enum": ["en", "zh"]}}},
        "FeedbackResponse": {
            "type": "object", "required": ["id", "rule", "cause", "verdict", "kb_version"],
            "properties": {"id": {"type": "integer"}, "rule": text, "cause": text,
                           "verdict": text, "right_cause": text, "kb_version": text}},
        "Entry": {
            "type": "object", "required": ["id", "version", "kind", "zh", "en"],
            "properties": {
                "id": text, "version": text, "kind": text,
                "family": {"type": ["string", "null"]}, "families": strings, "tags": strings,
                "changed": text, "reviewed": text, "related": strings, "glossary": strings,
                "checklists": strings, "zh": entry_body, "en": entry_body},
            "additionalProperties": False},
    }
    if settings.allow_probe:
        schemas["CollectRequest"] = {
            "type": "object", "required": ["base_url", "model", "api_key"],
            "additionalProperties": False,
            "properties": {
                "base_url": {"type": "string", "description": "on an allowed host only"},
                "model": text,
                "api_key": {"type": "string", "description": "used for the probe; masked in "
                            "every output and never logged"},
                "kind": {"type": "string", "enum": ["chat", "image", "video", "embedding"]},
                "diagnose": {"type": "boolean", "default": True}}}
        schemas["CollectResponse"] = {
            "type": "object", "required": ["facts"],
            "properties": {"facts": _ref("FactSet"), "diagnosis": _ref("Diagnosis")}}
    return schemas


def _post_json(summary: str, request: str, response: str, example: Any,
               extra_errors: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"post": {
        "summary": summary, "parameters": [_lang_query()],
        "requestBody": {"required": True, "content": {_J: {
            "schema": _ref(request), "example": example}}},
        "responses": {"200": _json(response, "the result"),
                      **_errors("400", *extra_errors, "408", "413", "415", "422", "500",
                                "504")}}}


def build_openapi(settings: Settings) -> dict[str, Any]:
    """The document for a server with these ``settings``."""
    form = {"type": "object", "additionalProperties": {"type": "string"},
            "properties": {"text": {"type": "string", "description": "error body or ticket"}},
            "description": "`text` plus inputs named by fact path (`response.status`, ...)"}
    paths: dict[str, Any] = {
        "/healthz": {"get": {"summary": "Liveness, knowledge-base key and worker pid",
                             "responses": {"200": _json("Health", "serving")}}},
        "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {
            "description": "OpenAPI 3.1", "content": {_J: {"schema": {"type": "object"}}}}}}},
        "/v1/diagnose": _post_json("Diagnose one fact set (the body is the fact set itself)",
                                   "FactSet", "Diagnosis", _EXAMPLE_FACTS),
        "/v1/diagnose/batch": _post_json(
            f"Diagnose up to {settings.max_batch} fact sets; results in the same order",
            "BatchRequest", "BatchResponse", {"items": [_EXAMPLE_FACTS]}),
        "/v1/feedback": {"post": {
            "summary": "Mark the diagnosis of a fact set right or wrong (stored redacted)",
            "requestBody": {"required": True, "content": {_J: {
                "schema": _ref("FeedbackRequest"),
                "example": {"facts": _EXAMPLE_FACTS, "verdict": "wrong",
                            "right_cause": "quota.balance"}}}},
            "responses": {"201": _json("FeedbackResponse", "recorded"),
                          **_errors("400", "408", "413", "415", "422", "500", "504")}}},
        "/{lang}/feedback": {"post": {
            "summary": "Console: the right / wrong buttons of a result page",
            "parameters": [_lang_path()],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["facts", "verdict"],
                    "properties": {"facts": {"type": "string"},
                                   "verdict": {"type": "string", "enum": ["right", "wrong"]},
                                   "right_cause": {"type": "string"},
                                   "rule": {"type": "string"}, "note": {"type": "string"}}},
                    "example": {"facts": "{\"response\": {\"status\": 402}}",
                                "verdict": "right"}}}},
            "responses": {"200": _html("recorded"),
                          **_errors("400", "404", "408", "413", "415", "422", "504",
                                    html=True), **_errors("500")}}},
        "/v1/rules": {"get": {"summary": "The public rules",
                              "responses": {"200": _json("RuleList", "public rules")}}},
        "/v1/kb/{id}": {"get": {"summary": "One public answer entry",
                                "parameters": [_id_path()],
                                "responses": {"200": _json("Entry", "public content only"),
                                              **_errors("404")}}},
        "/": {"get": {"summary": "Console: redirect to /zh/ or /en/ by Accept-Language",
                      "responses": {"303": {"description": "to the console",
                                            "headers": {"Location": {
                                                "schema": {"type": "string"}}}}}}},
        "/{lang}/": {"get": {"summary": "Console: the form", "parameters": [_lang_path()],
                             "responses": {"200": _html("the form"),
                                           **_errors("404", html=True)}}},
        "/{lang}/diagnose": {
            "get": {"summary": "Console: diagnose from query parameters (same names as the "
                               "form); none redirects to the form",
                    "parameters": [_lang_path(), {
                        "name": "text", "in": "query", "required": False,
                        "example": '{"error":{"message":"You exceeded your current quota",'
                                   '"type":"insufficient_quota"}}',
                        "schema": {"type": "string"}}],
                    "responses": {"200": _html("the result page"),
                                  "303": {"description": "no input: to the form"},
                                  **_errors("404", "422", "504", html=True),
                                  **_errors("500")}},
            "post": {"summary": "Console: diagnose the form", "parameters": [_lang_path()],
                     "requestBody": {"required": True, "content": {
                         "application/x-www-form-urlencoded": {
                             "schema": form, "example": {"text": "404 page not found",
                                                         "response.status": "404"}}}},
                     "responses": {"200": _html("the result page"),
                                   **_errors("400", "404", "408", "413", "415", "422",
                                             "504", html=True),
                                   **_errors("500")}}},
        "/{lang}/kb/": {"get": {"summary": "Console: the answer entries",
                                "parameters": [_lang_path()],
                                "responses": {"200": _html("the list"),
                                              **_errors("404", html=True)}}},
        "/{lang}/kb/{id}": {"get": {"summary": "Console: one answer entry",
                                    "parameters": [_lang_path(), _id_path()],
                                    "responses": {"200": _html("the entry"),
                                                  **_errors("404", html=True)}}},
        "/static/{path}": {"get": {
            "summary": "The console's stylesheet and script",
            "parameters": [{"name": "path", "in": "path", "required": True,
                            "example": "console.css", "schema": {
                                "type": "string",
                                "enum": ["console.css", "console.js", "favicon.svg"]}}],
            "responses": {"200": {"description": "the file", "content": {
                "text/css": {"schema": {"type": "string"}},
                "text/javascript": {"schema": {"type": "string"}},
                "image/svg+xml": {"schema": {"type": "string"}}}},
                **_errors("404")}}},
    }
    if settings.allow_probe:
        paths["/v1/collect"] = _post_json(
            "Probe an allowed gateway host and diagnose what it answers", "CollectRequest",
            "CollectResponse", {"base_url": "https://gw.example.com/v1", "model": "gpt-4o",
                                "api_key": "(the key)"}, ("403",))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "triage", "version": "0.1.0",
            "description": (
                "Diagnose failing calls to OpenAI-compatible AI API gateways (contract v1). "
                "Every error is `{\"error\": {\"code\", \"message\", \"details\"?}}`; "
                "another method on a documented path answers 405 with it. Request bodies are "
                f"limited to {settings.max_body:,} bytes and requests to "
                f"{settings.timeout:g} s. Keys sent in bodies are masked in every answer "
                "and never logged."),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": {"schemas": _schemas(settings)},
    }
