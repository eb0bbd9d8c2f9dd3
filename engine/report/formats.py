"""The log formats ``triage report`` reads, how each is recognised, and one row → Record.

Row formats (each as CSV with a header, JSON Lines, or a JSON document / API answer):

- ``new-api``: the ``logs`` table of new-api and one-api (``id, user_id, created_at, type,
  content, username, token_name, model_name, quota, ..., channel, other``). Type 5 is an
  error row (new-api); type 2 a consumed (successful) request; other types are not requests.
  new-api's ``other`` JSON carries ``status_code``, ``error_code``, ``error_type``,
  ``request_path`` and ``channel_name``.
- ``litellm-spend``: LiteLLM proxy ``LiteLLM_SpendLogs`` rows (``request_id, call_type,
  api_key, startTime, model, model_group, api_base, user, metadata, status, ...``); failures
  have ``status: failure`` and ``metadata.error_information``.
- ``litellm-error``: LiteLLM ``LiteLLM_ErrorLogs`` rows (``startTime, model_group,
  litellm_model_name, exception_type, exception_string, status_code``): every row a failure.
- ``openai-jsonl``: one captured call a line: ``{time, method, url, status, request: {model,
  ...}, response: {error: ...}, headers}``.
- ``triage-batch``: the fact sets of ``triage diagnose --batch`` (optionally with ``time``).

Line format: ``one-api-log``, one-api's own server log, where each failed relay attempt is a
``[ERR] 2006/01/02 - 15:04:05 | <request id> ... relay error (channel id N, user id: M): msg``
line; the other lines are counted but are not requests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from triage.report.records import Record, as_int, as_text, epoch, masked_key

__all__ = ["FORMATS", "ROW_FORMATS", "format_of_header", "format_of_row", "parse_line",
           "parse_row"]

ROW_FORMATS = ("new-api", "litellm-spend", "litellm-error", "openai-jsonl", "triage-batch")
FORMATS = (*ROW_FORMATS, "one-api-log")

_CONTRACT_KEYS = frozenset({"ticket", "request", "response", "error", "account", "platform",
                            "task", "time", "id"})


def _get(row: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def _obj(row: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = row.get(name)
    return value if isinstance(value, dict) else {}


def _json_field(value: Any) -> dict[str, Any]:
    """A JSON column (a dict already, or its text in a CSV export)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            data = json.loads(value)
        except (ValueError, RecursionError):
            return {}
        return data if isinstance(data, dict) else {}
    return {}


def _new_api(row: Mapping[str, Any]) -> Record | None:
    kind = as_int(row.get("type"))
    if kind is None:
        raise ValueError("no 'type' column; a new-api / one-api log row has one")
    if kind not in (2, 5):
        return None  # top-ups, management and system rows are not requests
    if kind == 2:
        return Record(False, time=epoch(row.get("created_at")))  # a success: only counted
    other = _json_field(row.get("other"))
    channel = _get(other, "channel_name") or _get(row, "channel_name", "channel", "channel_id")
    common: dict[str, Any] = {
        "time": epoch(row.get("created_at")),
        "model": as_text(row.get("model_name"), 200),
        "key": masked_key(_get(row, "token_name", "token_id")),
        "user": as_text(_get(row, "username", "user_id"), 200),
        "channel": as_text(channel, 200),
    }
    status = as_int(other.get("status_code"))
    body = as_text(row.get("content"))
    code = _get(other, "error_code")
    if code and str(code) not in body:
        body = json.dumps({"error": {"message": body, "code": as_text(code, 200),
                                     "type": as_text(_get(other, "error_type"), 200)}},
                          ensure_ascii=False)
    return Record(True, status=status, body=body,
                  endpoint=as_text(other.get("request_path"), 300), **common)


def _litellm_spend(row: Mapping[str, Any]) -> Record | None:
    if "startTime" not in row and "request_id" not in row:
        raise ValueError("no 'startTime' or 'request_id' column; not a LiteLLM spend log row")
    if str(row.get("status") or "").lower() == "success":
        return Record(False, time=epoch(row.get("startTime")))
    metadata = _json_field(row.get("metadata"))
    status = str(_get(row, "status") or metadata.get("status") or "success").lower()
    if status != "failure":
        return Record(False, time=epoch(row.get("startTime")))
    common: dict[str, Any] = {
        "time": epoch(row.get("startTime")),
        "model": as_text(_get(row, "model_group", "model"), 200),
        "key": masked_key(_get(row, "api_key") or metadata.get("user_api_key_alias")),
        "user": as_text(_get(row, "user", "end_user", "team_id"), 200),
        "channel": as_text(_get(row, "custom_llm_provider", "api_base"), 300),
    }
    info = metadata.get("error_information")
    info = info if isinstance(info, dict) else {}
    message = as_text(_get(info, "error_message") or _get(row, "response") or "")
    return Record(True, status=as_int(info.get("error_code")),
                  body=_with_class(message, info.get("error_class")), **common)


def _with_class(message: str, error_class: Any) -> str:
    name = as_text(error_class, 200)
    return f"{name}: {message}" if name and name not in message else message


def _litellm_error(row: Mapping[str, Any]) -> Record | None:
    if "exception_string" not in row and "exception_type" not in row:
        raise ValueError("no 'exception_string' column; not a LiteLLM error log row")
    message = _with_class(as_text(row.get("exception_string")), row.get("exception_type"))
    kwargs = _json_field(row.get("request_kwargs"))
    return Record(True, time=epoch(row.get("startTime")),
                  model=as_text(_get(row, "model_group", "litellm_model_name"), 200),
                  key=masked_key(_get(kwargs, "user_api_key_alias", "user_api_key_hash")),
                  user=as_text(_get(kwargs, "user", "user_api_key_user_id"), 200),
                  channel=as_text(_get(row, "api_base", "model_id"), 300),
                  status=as_int(row.get("status_code")), body=message)


def _headers_key(headers: Any) -> str:
    if not isinstance(headers, dict):
        return ""
    for name, value in headers.items():
        if str(name).lower() in ("authorization", "x-api-key", "api-key"):
            return masked_key(value)
    return ""


def _openai_jsonl(row: Mapping[str, Any]) -> Record | None:
    request = _obj(row, "request")
    status = as_int(_get(row, "status", "status_code"))
    response = row.get("response")
    error = row.get("error")
    if status is None and response is None and error is None:
        raise ValueError("no 'status', 'response' or 'error'; not a captured API call")
    failed = (status is not None and status >= 400) or error is not None or (
        isinstance(response, dict) and "error" in response)
    moment = epoch(_get(row, "time", "timestamp", "created_at"))
    if not failed:
        return Record(False, time=moment)
    common: dict[str, Any] = {
        "time": moment,
        "model": as_text(_get(request, "model") or row.get("model"), 200),
        "key": _headers_key(row.get("headers")) or masked_key(row.get("key_id")),
        "user": as_text(_get(row, "user") or _get(request, "user"), 200),
        "channel": as_text(_get(row, "upstream", "channel"), 300),
        "endpoint": as_text(_get(row, "endpoint", "url", "path"), 300),
    }
    client_error = as_text(error) if status is None and error is not None else ""
    return Record(True, status=status, body=as_text(response) if response is not None else "",
                  client_error=client_error, **common)


def _triage_batch(row: Mapping[str, Any]) -> Record | None:
    if not set(row) & {"request", "response", "error", "task"}:
        raise ValueError("no 'request', 'response' or 'error'; not a fact set")
    request, response = _obj(row, "request"), _obj(row, "response")
    error, ticket = _obj(row, "error"), _obj(row, "ticket")
    status = as_int(response.get("status"))
    failed = status is None or status >= 400 or bool(error) or "task" in row
    key = masked_key(_get(request, "key_id", "api_key"))
    return Record(failed, time=epoch(_get(row, "time") or ticket.get("time")),
                  model=as_text(request.get("model"), 200), key=key,
                  user=as_text(ticket.get("account"), 200),
                  channel=as_text(_get(request, "base_url"), 300), status=status,
                  body=as_text(response.get("body")),
                  endpoint=as_text(_get(request, "endpoint", "url"), 300),
                  client_error=as_text(error.get("message")))


_ROW_PARSERS: dict[str, Callable[[Mapping[str, Any]], Record | None]] = {
    "new-api": _new_api, "litellm-spend": _litellm_spend, "litellm-error": _litellm_error,
    "openai-jsonl": _openai_jsonl, "triage-batch": _triage_batch,
}


def parse_row(fmt: str, row: Any) -> Record | None:
    """One row (a mapping) of a row format → a Record, None when it is not a request."""
    if not isinstance(row, Mapping):
        raise ValueError(f"expected an object (one {fmt} row), found {type(row).__name__}")
    return _ROW_PARSERS[fmt](row)


_ONE_API_MARK = "relay error (channel id "


def parse_line(line: str) -> Record | None:
    """One line of one-api's server log; only failed relay attempts are requests."""
    at = line.find(_ONE_API_MARK)
    if at < 0:
        return None
    head, rest = line[:at], line[at + len(_ONE_API_MARK):]
    channel, _, rest = rest.partition(", user id: ")
    user, sep, message = rest.partition("): ")
    if not sep or not channel.strip().isdigit():
        raise ValueError("a 'relay error' line without '(channel id N, user id: M): '")
    stamp = head[head.find("]") + 1:].strip()[:21] if head.startswith("[") else ""
    return Record(True, time=epoch(stamp), channel=channel.strip(), user=user.strip(),
                  body=as_text(message.strip()))


def format_of_row(row: Mapping[str, Any]) -> str | None:
    """The row format a JSON object or CSV header (as keys) belongs to."""
    keys = set(row)
    if {"type", "content"} <= keys and ({"model_name", "token_name", "created_at"} & keys):
        return "new-api"
    if "exception_string" in keys or "exception_type" in keys:
        return "litellm-error"
    if "call_type" in keys or ("startTime" in keys and "spend" in keys):
        return "litellm-spend"
    if keys <= _CONTRACT_KEYS and keys & {"request", "response", "error", "task"}:
        return "triage-batch"
    if keys & {"status", "status_code", "response", "error"}:
        return "openai-jsonl"
    return None


def format_of_header(names: list[str]) -> str | None:
    return format_of_row(dict.fromkeys(n.strip() for n in names))
