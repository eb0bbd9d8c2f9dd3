"""The console form ↔ a fact set: what was pasted, and the fields named by fact paths.

The big textarea takes an error body *or* a whole ticket; :func:`read_paste` tells which.
Every other input is named after its fact path (``response.status``, ``account.group``...),
so the ``ask`` of a diagnosis becomes the next inputs of the same form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from triage.errors import FactsError
from triage.facts.paste import looks_pasted
from triage.facts.read import parse_facts
from triage.serve.checks import field_kinds

__all__ = ["MAIN_FIELDS", "FormField", "form_facts", "form_field", "read_paste"]

# Shown on the first form; ``ask`` adds the others when they would help.
MAIN_FIELDS = ("response.status", "request.model", "request.base_url", "request.endpoint",
               "task.id", "request.client")
# Never offered as inputs: keys do not belong in a support console.
_NEVER = frozenset({"request.api_key"})
_SECTIONS = frozenset(field_kinds())
_HTTP_RE = re.compile(r"\AHTTP/[0-9.]+\s+([1-9][0-9]{2})\b[^\n]*\n")


class FormField:
    """One input of the form: a fact path, its kind, its choices."""

    def __init__(self, path: str, kind: str, choices: tuple[str, ...]) -> None:
        self.path = path
        self.kind = kind
        self.choices = choices
        self.id = "f-" + path.replace(".", "-").replace("_", "-")

    @property
    def multiline(self) -> bool:
        return self.kind in ("list", "map", "body")


def form_field(path: str) -> FormField | None:
    """The input for ``path``, or None when the form does not take it."""
    section, _, name = path.partition(".")
    spec = field_kinds().get(section, {}).get(name)
    if spec is None or path in _NEVER:
        return None
    kind, enum = spec
    if kind == "bool":
        enum = ("true", "false")
    return FormField(path, kind, enum)


def read_paste(text: str) -> tuple[dict[str, Any], str]:
    """The facts in the pasted text, and how it was read: empty, ticket, http, body, message."""
    stripped = text.strip()
    if not stripped:
        return {}, "empty"
    match = _HTTP_RE.match(stripped.replace("\r\n", "\n") + "\n")
    if match:
        return _http_dump(stripped.replace("\r\n", "\n")), "http"
    ticket = _ticket(stripped)
    if ticket is not None:
        return ticket, "ticket"
    if stripped[:1] in "{[<":
        return {"response": {"body": stripped}}, "body"
    return {"error": {"message": stripped}}, "message"


def _ticket(text: str) -> dict[str, Any] | None:
    """A fact set when the text is one (YAML or JSON with contract sections), else None.

    ``{"error": {"message": ...}}`` is how most gateways shape an error *body*, so a text
    whose only section is ``error`` is a ticket only when it also says the error ``kind``.
    """
    if ":" not in text:
        return None
    try:
        data = parse_facts(text, "paste")
    except FactsError:
        return None
    keys = {k for k in data if isinstance(k, str)}
    if keys & (_SECTIONS - {"error"}):
        return data
    error = data.get("error")
    if keys == {"error"} and isinstance(error, dict) and "kind" in error and set(error) <= {
            "message", "kind"}:
        return data
    return None


def _http_dump(text: str) -> dict[str, Any]:
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers[name.strip().lower()] = value.strip()
    response: dict[str, Any] = {"status": status, "body": body.strip()}
    if headers:
        response["headers"] = headers
    return {"response": response}


def convert(kind: str, raw: str) -> Any:
    """A form string as the fact's type when it reads plainly; else the text (the engine
    then reports it in the warnings)."""
    value = raw.strip()
    if kind == "int" and re.fullmatch(r"[+-]?[0-9]{1,18}", value):
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if kind == "bool" and value.lower() in ("true", "false", "yes", "no", "1", "0"):
        return value.lower() in ("true", "yes", "1")
    if kind == "list":
        return [v.strip() for v in re.split(r"[\n,]", value) if v.strip()]
    if kind == "map":
        if value.startswith("{"):
            try:
                data = json.loads(value)
            except ValueError:
                data = None
            if isinstance(data, dict):
                return data
        out: dict[str, str] = {}
        for line in value.splitlines():
            name, sep, item = line.partition(":")
            if sep and name.strip():
                out[name.strip()] = item.strip()
        return out
    return value


def form_facts(items: Iterable[tuple[str, str]]) -> tuple[dict[str, Any], str, dict[str, str]]:
    """(facts, how the paste was read, the non-empty inputs by name) from form items.

    Fields override what the paste says; unknown names are ignored.
    """
    values: dict[str, str] = {}
    for name, value in items:
        if (name == "text" or form_field(name) is not None) and value.strip():
            values[name] = value
    facts, how = read_paste(values.get("text", ""))
    for name, raw in values.items():
        spec = form_field(name)
        if spec is None:
            continue
        section, _, field_name = name.partition(".")
        current = facts.get(section)
        if not isinstance(current, dict):
            current = facts[section] = {}
        current[field_name] = convert(spec.kind, raw)
    if how == "message" and "response" in facts and "status" in facts["response"] and not \
            looks_pasted(facts["error"]["message"]):
        # a status was given: the text was the body of that answer, not a client error
        error = facts["error"]
        message = error.pop("message")
        if not error:
            del facts["error"]
        facts["response"].setdefault("body", message)
        how = "body"
    return facts, how, values
