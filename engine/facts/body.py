"""Error bodies in the shapes real systems send, reduced to a few plain facts.

Shapes recognised: OpenAI-style ``error.{message,type,code}``, Anthropic
``{type: error, error: {type, message}}``, Gemini / Google RPC ``error.{code,status,message}``,
Azure (``innererror``), new-api / one-api (``type: new_api_error``, "(request id: ...)"),
LiteLLM, OpenRouter (``metadata.raw``), FastAPI ``detail``, bare ``{code, message}`` APIs
(SiliconFlow, DashScope, Zhipu), task envelopes (Kling, Suno, Midjourney proxy), HTML pages
from nginx or Cloudflare, and plain text. Nested JSON inside strings is unwrapped (bounded).
"""

from __future__ import annotations

import json
import re
from typing import Any

from triage.facts.statusline import phrase_status

__all__ = ["ParsedBody", "parse_body"]

MAX_DEPTH = 6          # nesting of JSON objects and JSON-in-strings we look into
MAX_STRINGS = 400      # strings collected from one body
MAX_JSON_CHARS = 1 << 20

_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
_TITLE_RE = re.compile(r"(?is)<title[^<>]{0,200}>([^<]{0,500})</title>")
_SCRIPT_RE = re.compile(r"(?is)<(script|style)[^<>]{0,500}>.{0,200000}?</\1\s*>")
_WS_RE = re.compile(r"\s+")
_STATUS_IN_TEXT = re.compile(
    r"(?i)(?:error code:?|status code:?|http status:?|status[\"']?\s*[:=]|\bhttp/[0-9.]+)\s*"
    r"[\"']?([1-5][0-9][0-9])\b"
)
_LEADING_STATUS = re.compile(r"^\s*([45][0-9][0-9])\b")
_REQUEST_ID_RE = re.compile(r"\(request id: [^)]{0,80}\)")


class ParsedBody:
    """What a body says, as plain strings (filled in while parsing; a plain class because
    ``dataclasses`` alone costs a CLI start a few milliseconds)."""

    __slots__ = ("code", "codes", "data", "error_envelope", "inner_status", "message",
                 "messages", "shape", "strings", "task_id", "task_reason", "task_status", "type")

    def __init__(self) -> None:
        self.shape = "empty"                   # see module docstring
        self.message = ""                      # the best human-readable message
        self.code = ""                         # error code, lower-cased ("1214", ...)
        self.type = ""                         # error type, lower-cased
        self.inner_status: int | None = None   # an HTTP status named inside the body
        self.messages: list[str] = []          # every message-like string
        self.codes: list[str] = []             # every code/type-like string
        self.strings: list[str] = []           # every string value
        self.task_status = ""
        self.task_reason = ""
        self.task_id = ""
        self.data: Any = None                  # the parsed JSON, if any
        self.error_envelope = False            # the JSON says the call failed (any status)


_MESSAGE_KEYS = ("message", "msg", "detail", "description", "error_message", "errmsg",
                 "error_msg", "fail_reason", "task_status_msg", "reason", "title")
_CODE_KEYS = ("code", "type", "status", "error_code", "errcode", "error_type", "param",
              "statustext")
_TASK_STATUS_KEYS = ("task_status", "status", "state")
_TASK_FAILED = frozenset(("failed", "failure", "fail", "cancelled", "canceled", "timeout",
                          "expired"))
_TASK_REASON_KEYS = ("fail_reason", "task_status_msg", "failure_reason", "error_message")


def parse_body(body: Any) -> ParsedBody:
    """Reduce a raw body (text, or an already parsed object) to a :class:`ParsedBody`."""
    out = ParsedBody()
    if body is None:
        return out
    if isinstance(body, (dict, list)):
        out.data = body
        out.shape = "json"
        _walk(body, out, 0)
        _finish_json(out)
        return out
    text = str(body)
    stripped = text.strip()
    if not stripped:
        return out
    if stripped[:1] in "{[" and len(stripped) <= MAX_JSON_CHARS:
        try:
            data = json.loads(stripped, strict=False)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, (dict, list)):
            out.data = data
            out.shape = "json"
            _walk(data, out, 0)
            _finish_json(out)
            return out
    event = _sse_event(stripped)
    if event is not None:
        out.data = event
        out.shape = "json"
        _walk(event, out, 0)
        _finish_json(out)
        return out
    if re.match(r"(?is)\s*(<!doctype html|<html|<head|<body|<\?xml)", stripped[:200]) or (
        "</" in stripped[:4000] and "<" in stripped[:50]
    ):
        _parse_html(stripped, out)
        return out
    out.shape = "text"
    out.message = _clean(stripped)[:4000]
    out.messages.append(out.message)
    out.strings.append(stripped)
    _embedded_json(stripped, out, 0)
    _status_from_text(stripped, out)
    m = _LEADING_STATUS.match(stripped)
    if out.inner_status is None and m:
        out.inner_status = int(m.group(1))
    return out


_SSE_DATA = re.compile(r"(?m)^data:[ \t]?([^\n]{0,200000})$")


def _sse_event(text: str) -> dict[str, Any] | None:
    """The event that matters in a whole server-sent-event stream ("data: {...}" lines): the
    first one that carries an error, else the last. None when the text is not such a stream,
    or when a data line is not whole JSON (a stream cut mid-event stays text)."""
    if not text.startswith(("data:", "event:", "id:", ":")) or len(text) > MAX_JSON_CHARS:
        return None
    events = []
    for payload in _SSE_DATA.findall(text):
        payload = payload.strip()
        if payload == "[DONE]" or not payload:
            continue
        try:
            value = json.loads(payload, strict=False)
        except (ValueError, RecursionError):
            return None
        if isinstance(value, dict):
            events.append(value)
    for value in events:
        if "error" in value or value.get("type") == "error":
            return value
    return events[-1] if events else None


def _clean(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def _parse_html(text: str, out: ParsedBody) -> None:
    import html  # only HTML bodies need it (html.entities is slow to import)

    out.shape = "html"
    m = _TITLE_RE.search(text[:20000])
    title = html.unescape(m.group(1)).strip() if m else ""
    body = _SCRIPT_RE.sub(" ", text[:200000])
    plain = _clean(html.unescape(_TAG_RE.sub(" ", body)))
    out.message = title or plain[:300]
    out.messages.extend(x for x in (title, plain[:4000]) if x)
    out.strings.append(plain[:20000])
    _status_from_text(title + " " + plain[:2000], out)
    m2 = _LEADING_STATUS.match(title) or re.search(r"\b([45][0-9][0-9])\b", title)
    if out.inner_status is None and m2:
        out.inner_status = int(m2.group(1))


def _status_from_text(text: str, out: ParsedBody) -> None:
    if out.inner_status is not None:
        return
    m = _STATUS_IN_TEXT.search(text[:20000])
    if m:
        out.inner_status = int(m.group(1))


def _embedded_json(text: str, out: ParsedBody, depth: int) -> None:
    """Look for a JSON object inside free text ("... 400 Bad Request: {...}")."""
    if depth >= MAX_DEPTH:
        return
    start = text.find("{")
    tries = 0
    while start != -1 and tries < 3:
        tries += 1
        end = text.rfind("}")
        if end <= start:
            return
        candidate = text[start:end + 1]
        if len(candidate) > MAX_JSON_CHARS:
            return
        try:
            data = json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            start = text.find("{", start + 1)
            continue
        _walk(data, out, depth + 1)
        return


def _walk(node: Any, out: ParsedBody, depth: int, key: str = "") -> None:
    if depth > MAX_DEPTH or len(out.strings) >= MAX_STRINGS:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            _walk(v, out, depth + 1, str(k).lower())
        return
    if isinstance(node, list):
        for v in node[:50]:
            _walk(v, out, depth + 1, key)
        return
    if isinstance(node, bool) or node is None:
        return
    value = str(node)
    if isinstance(node, str):
        out.strings.append(value)
        s = value.strip()
        if s[:1] == "{" and s[-1:] == "}":
            try:
                inner = json.loads(s, strict=False)
            except (ValueError, RecursionError):
                inner = None
            if isinstance(inner, (dict, list)):
                _walk(inner, out, depth + 1)
                return
        elif "{" in s and len(s) < 20000:
            _embedded_json(s, out, depth + 1)
    if key in _MESSAGE_KEYS or (key == "error" and isinstance(node, str)):
        out.messages.append(_clean(value))
    if key in _CODE_KEYS:
        out.codes.append(value.strip().lower())
        if key in ("status", "code", "param") and re.fullmatch(r"[1-5][0-9][0-9]", value.strip()):
            out.inner_status = out.inner_status or int(value)
    if key in _TASK_STATUS_KEYS and isinstance(node, str):
        state = value.strip().lower()
        # the first status found, unless a later one says the task failed: a wrapper's
        # "status": "FAILED" beside the provider's last "state": "pending" is a failed task
        if not out.task_status or (state in _TASK_FAILED and out.task_status not in _TASK_FAILED):
            out.task_status = state
    if key in _TASK_REASON_KEYS and value.strip() and not out.task_reason:
        out.task_reason = value.strip()
    if key == "task_id" and not out.task_id:
        out.task_id = value.strip()


# the keys of a plain error envelope: {"status": "failure", "message": "..."} (Portkey) says
# the request failed, not that a task did
_ENVELOPE_KEYS = frozenset(("status", "message", "msg", "error", "code", "detail", "success",
                            "type", "request_id"))
# keys that name a job (an id of any kind, a webhook's payload): a record with one is a task's
_JOB_KEYS = frozenset(("id", "task_id", "taskId", "job_id", "jobId", "prediction_id",
                       "generation_id", "video_id", "payload", "replica_id", "render_id",
                       "clip_id", "song_id", "asset_id", "image_id", "audio_id", "avatar_id"))


def _finish_json(out: ParsedBody) -> None:
    data = out.data
    err = data.get("error") if isinstance(data, dict) else None
    # (an empty "data" beside them, as chatgpt-web sends {"status": "Fail", "message": ...,
    # "data": null}, carries no task either)
    if (isinstance(data, dict) and out.task_status and not out.task_id
            and {k for k in data if k != "data" or data[k]} <= _ENVELOPE_KEYS):
        out.task_status = ""
    # {"status": "error", ...} with nothing that names a job (no id, no payload of a webhook)
    # is a request that failed, as streaming apps report it; a job's record names the job
    if (isinstance(data, dict) and out.task_status == "error" and not out.task_id
            and not _JOB_KEYS & set(data)):
        out.task_status = ""
    out.error_envelope = _is_error_envelope(data, err)
    if isinstance(data, dict) and (str(data.get("type", "")).startswith("response.")
                                   or data.get("object") == "response"):
        # an OpenAI Responses API object or event ("response.failed"): its "failed" status
        # is the call's, and its error says why; it is not an asynchronous task
        out.task_status = out.task_reason = out.task_id = ""
        out.error_envelope = out.error_envelope or bool(out.messages)
    if isinstance(data, dict):
        out.shape = _shape(data, err)
        if isinstance(err, dict):
            out.code = _lower(err.get("code")) or _lower(err.get("status"))
            out.type = _lower(err.get("type"))
            msg = err.get("message")
            if isinstance(msg, str):
                out.message = _clean(msg)
        else:
            out.code = _lower(data.get("code"))
            out.type = _lower(data.get("type")) if data.get("type") != "error" else ""
            for k in ("message", "msg", "detail", "description", "error"):
                v = data.get(k)
                if isinstance(v, str) and v.strip():
                    out.message = _clean(v)
                    break
    if not out.message and out.messages:
        out.message = out.messages[0]
    if out.message:
        out.message = _REQUEST_ID_RE.sub("", out.message).strip()
    for s in (out.message, *out.messages[:20]):
        _status_from_text(s, out)
    if out.inner_status is None and isinstance(err, dict):
        code = err.get("code")
        if isinstance(code, int) and 100 <= code <= 599:
            out.inner_status = code
    if out.inner_status is None and isinstance(data, dict):
        # a message or status that is only a reason phrase ({"status": "Unauthorized"},
        # Qianfan's "error_msg": "Service temporarily unavailable") names the status
        for value in (out.message, data.get("status")):
            if isinstance(value, str) and (code := phrase_status(value)) is not None:
                out.inner_status = code
                break


# codes that mean success in the {code, msg} envelopes; a Midjourney proxy's 21 and 22 are
# "submitted" and "queued"
_OK_CODES = frozenset(("0", "200", "success", "ok", "true"))
_MJ_OK_CODES = frozenset(("1", "21", "22"))


def _is_error_envelope(data: Any, err: Any) -> bool:
    """Whether a JSON body reports a failure: an ``error`` member, MiniMax's ``base_resp``
    with a non-zero ``status_code``, Tencent Cloud's ``Response.Error``, Baidu's
    ``error_code``, a Midjourney proxy's failed ``code``, or ``{code, msg}`` with a code that
    is not a success. Some providers send these with HTTP 200."""
    if not isinstance(data, dict):
        return False
    if isinstance(err, dict) or (isinstance(err, str) and err.strip()):
        return True
    base = data.get("base_resp")
    if isinstance(base, dict) and str(base.get("status_code", 0)) not in ("0", ""):
        return True
    tencent = data.get("Response")
    if isinstance(tencent, dict) and isinstance(tencent.get("Error"), dict):
        return True
    if data.get("error_code") not in (None, 0, "0", ""):
        return True
    if data.get("success") is False:
        return True
    if (str(data.get("status", "")).lower() in ("fail", "failed", "failure", "error")
            and any(isinstance(data.get(k), str) and data[k].strip() for k in ("msg", "message"))):
        return True
    code = data.get("code")
    if code is None or isinstance(code, (dict, list)):
        return False
    if "description" in data:
        return str(code) not in _MJ_OK_CODES
    has_message = any(isinstance(data.get(k), str) and data[k].strip()
                      for k in ("msg", "message"))
    return has_message and str(code).strip().lower() not in _OK_CODES


def _lower(v: Any) -> str:
    if v is None or isinstance(v, (dict, list, bool)):
        return ""
    return str(v).strip().lower()


def _shape(data: dict[str, Any], err: Any) -> str:
    if data.get("type") == "error" and isinstance(err, dict):
        return "anthropic"
    if isinstance(err, dict):
        etype = str(err.get("type", ""))
        if etype in ("new_api_error", "one_api_error") or "request id:" in str(err.get("message")):
            return "newapi"
        if isinstance(err.get("metadata"), dict):
            return "openrouter"
        if "innererror" in err or "inner_error" in err:
            return "azure"
        if "status" in err and isinstance(err.get("code"), int):
            return "gemini"
        return "openai"
    if isinstance(err, str):
        return "error_string"
    if "detail" in data:
        return "fastapi"
    if isinstance(data.get("data"), dict) and (
        "task_status" in data["data"] or "status" in data["data"]
    ):
        return "task"
    if "description" in data and "code" in data:
        return "midjourney"
    if "code" in data and "message" in data:
        return "code_message"
    return "json"
