"""A raw fact set (contract section 2) → typed, derived, masked facts for the rules.

Wrong types are coerced where the meaning is plain ("401" → 401) and dropped with a warning
otherwise; unknown keys are kept and reported as warnings; bodies are bounded in size.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.facts.body import parse_body
from triage.facts.exceptions import error_kind
from triage.facts.models import ModelCatalog, match_model
from triage.facts.paste import read_pasted
from triage.facts.requestid import request_id_from
from triage.facts.statusline import phrase_status
from triage.secrets import mask_obj, mask_text
from triage.urls import url_facts
from triage.vocabulary import INPUTS

__all__ = ["MAX_BODY_CHARS", "Normalised", "normalise"]

MAX_BODY_CHARS = 1 << 20          # a longer body keeps its head and its tail
MAX_LIST = 20000                  # model lists
MAX_STR = 4096                    # other string facts
STUCK_AFTER_S = 1800              # a queued or running task older than this is stuck

# section → field → kind of value, and the closed values: both from triage.vocabulary.INPUTS
_SCHEMA: dict[str, dict[str, str]] = {}
for _path, _spec in INPUTS.items():
    _sec, _, _field = _path.partition(".")
    _SCHEMA.setdefault(_sec, {})[_field] = _spec.type
_ENUMS = {path: set(spec.values) for path, spec in INPUTS.items() if spec.values}
_KEEP_BLANKS = frozenset({"request.model", "request.sent_model"})
_TASK_STATUS = {
    "failed": "failed", "failure": "failed", "fail": "failed", "error": "failed",
    "cancelled": "failed", "canceled": "failed", "succeeded": "succeeded", "success": "succeeded",
    "succeed": "succeeded", "completed": "succeeded", "complete": "succeeded",
    "queued": "queued", "submitted": "queued", "pending": "queued", "not_start": "queued",
    "waiting": "queued", "running": "running", "processing": "running",
    "in_progress": "running", "in_queue": "queued", "timeout": "timeout",
    # Seedance: a task past its execution window is given up ("expired")
    "expired": "timeout",
}


# the path of an endpoint → request.kind (the first match wins)
_KIND_OF_PATH = (("/chat/completions", "chat"), ("/messages", "chat"), ("/responses", "chat"),
                 (":generatecontent", "chat"), (":streamgeneratecontent", "chat"),
                 ("/embeddings", "embedding"), ("/images/", "image"), ("/audio/", "audio"),
                 ("/video", "video"), ("/completions", "completion"), ("/models", "models"))


def _kind_of(path: str) -> str:
    low = path.lower().split("?", 1)[0][:2000]
    return next((kind for part, kind in _KIND_OF_PATH if part in low), "")


class Normalised:
    """Facts ready for evaluation."""

    __slots__ = ("given", "present", "read", "secrets", "texts", "values", "warnings")

    def __init__(self, values: dict[str, Any], texts: dict[str, str], given: dict[str, Any],
                 present: frozenset[str], warnings: list[str] | None = None,
                 secrets: tuple[str, ...] = (),
                 read: tuple[tuple[str, str], ...] = ()) -> None:
        self.values = values        # flat facts named as in triage.vocabulary
        self.texts = texts          # all | message | code | task → text for patterns
        self.given = given          # the input, typed (secrets not masked: internal)
        self.present = present      # dotted paths given in the input
        self.warnings = warnings if warnings is not None else []
        self.secrets = secrets
        self.read = read            # (item, value) read from a pasted text (masked)

    def public(self) -> dict[str, Any]:
        """The facts to show: derived values and identifiers, every secret masked."""
        out: dict[str, Any] = {}
        g = self.given
        for path in ("ticket.id", "ticket.owner", "ticket.environment", "ticket.capability",
                     "ticket.last_known_good", "ticket.next_review", "request.kind",
                     "request.model", "request.sent_model", "request.base_url",
                     "request.url", "request.endpoint", "request.client", "request.key_id",
                     "response.request_id", "platform.base_url", "task.id", "account.group"):
            sec, _, name = path.partition(".")
            value = g.get(sec, {}).get(name) if isinstance(g.get(sec), dict) else None
            if value not in (None, ""):
                out[path] = value
        out.update(self.values)
        for path, value in g.get("_kept", {}).items():
            out.setdefault(f"kept.{path}", value)
        msg = self.texts.get("message", "")
        if msg:
            # the body's messages, each once: a message that another one contains is dropped
            # ("无效的令牌" beside "无效的令牌 (request id: ...)")
            parts = list(dict.fromkeys(p for p in msg.split("\n") if p.strip()))[:20]
            kept = [p for p in parts if not any(p != o and p in o for o in parts)]
            out["body.message"] = "\n".join(kept)[:500]
        return mask_obj(out, self.secrets)


def _near(name: str, names: Mapping[str, Any], prefix: str = "") -> str:
    import difflib

    close = difflib.get_close_matches(name[:80], list(names), n=1, cutoff=0.75)
    return f"; did you mean '{prefix}{close[0]}'?" if close else ""


def _short(value: Any) -> str:
    if isinstance(value, int) and abs(value) > 10**40:
        return "a number of more than 40 digits"
    return repr(str(value)[:40])


def _coerce(kind: str, value: Any, path: str, warnings: list[str]) -> Any:
    if value is None:
        return None
    if kind in ("str", "secret"):
        if isinstance(value, (bool, dict, list)):
            warnings.append(f"fact '{path}' should be text; ignored")
            return None
        text = str(value)[:MAX_STR]
        # a blank around a model name is itself a cause ("gpt-4o " is not "gpt-4o")
        return text if path in _KEEP_BLANKS and text.strip() else text.strip()
    if kind == "int":
        if isinstance(value, bool):
            warnings.append(f"fact '{path}' should be a whole number; ignored")
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)  # JSON 401.0 is the integer 401 (as the API reads it)
        try:
            text = str(value).strip()  # a 5,000-digit int cannot even become text
            if not text.isascii():
                raise ValueError(text)
            number = int(text)
        except ValueError:
            warnings.append(f"fact '{path}' should be a whole number, got {_short(value)}; "
                            "ignored")
            return None
        if not isinstance(value, int):
            warnings.append(f"fact '{path}' was text; read as {number}")
        return number
    if kind == "number":
        if isinstance(value, bool):
            warnings.append(f"fact '{path}' should be a number; ignored")
            return None
        try:
            text = str(value).strip()
            if not text.isascii():  # float() reads Unicode digits; a fact set has none
                raise ValueError(text)
            number_f = float(text)
        except (ValueError, OverflowError):
            warnings.append(f"fact '{path}' should be a number, got {_short(value)}; ignored")
            return None
        if number_f != number_f or abs(number_f) == float("inf"):
            warnings.append(f"fact '{path}' is not a finite number; ignored")
            return None
        if abs(number_f) >= 2**53:
            number_f = float(2**53 if number_f > 0 else -(2**53))
        # six decimals at most: the rules engine reads no exponent (1e-05)
        number_f = round(number_f, 6)
        if "e" in repr(number_f):
            number_f = 0.0
        return int(number_f) if number_f.is_integer() else number_f
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        warnings.append(f"fact '{path}' should be true or false; ignored")
        return None
    if kind == "list":
        if isinstance(value, str):
            warnings.append(f"fact '{path}' should be a list; split at commas")
            value = [v for v in value.split(",")]
        if not isinstance(value, list):
            warnings.append(f"fact '{path}' should be a list; ignored")
            return None
        items = [str(v).strip() for v in value[:MAX_LIST] if isinstance(v, (str, int, float))]
        return [v for v in items if v]
    if kind == "map":
        if not isinstance(value, Mapping):
            warnings.append(f"fact '{path}' should be a mapping; ignored")
            return None
        return {str(k)[:200]: v for k, v in list(value.items())[:200]}
    if kind == "body":
        if isinstance(value, (dict, list)):
            return value
        text = str(value)
        if len(text) > MAX_BODY_CHARS:
            half = MAX_BODY_CHARS // 2
            warnings.append(f"response.body has {len(text):,} characters; only the first and "
                            f"last {half:,} were read")
            text = text[:half] + "\n...\n" + text[-half:]
        return text
    return value


def _typed(raw: Mapping[str, Any], warnings: list[str]) -> tuple[dict[str, Any], set[str]]:
    given: dict[str, Any] = {}
    present: set[str] = set()
    for section, content in raw.items():
        if not isinstance(section, str) or section not in _SCHEMA:
            warnings.append(f"unknown fact '{str(section)[:60]}' is kept but not used"
                            + _near(str(section), _SCHEMA))
            _keep(given, str(section)[:60], content)
            continue
        if content is None:
            continue
        if not isinstance(content, Mapping):
            warnings.append(f"fact '{section}' should be a mapping; ignored")
            continue
        fields = _SCHEMA[section]
        out: dict[str, Any] = {}
        for name, value in content.items():
            path = f"{section}.{name}"
            kind = fields.get(str(name), fields.get("*"))
            if kind is None:
                warnings.append(f"unknown fact '{path[:80]}' is kept but not used"
                                + _near(str(name), fields, f"{section}."))
                _keep(given, path[:80], value)
                continue
            value = _coerce(kind, value, path, warnings) if kind != "any" else value
            if value is None or value == "" or value == []:
                continue
            enum = _ENUMS.get(path)
            if enum is not None:
                value = str(value).lower()
                if path == "task.status":
                    value = _TASK_STATUS.get(value, value)
                if value not in enum:
                    warnings.append(f"fact '{path}' has an unknown value {value[:40]!r}; ignored")
                    continue
            if path == "response.status" and not 100 <= value <= 999:
                warnings.append(f"fact 'response.status' {value} is not an HTTP status; ignored")
                continue
            out[str(name)] = value
            present.add(path)
        given[section] = out
    return given, present


def _keep(given: dict[str, Any], path: str, value: Any) -> None:
    """Keep an unknown fact (bounded) so that it is shown back, masked, but never used."""
    text = value if isinstance(value, (str, int, float, bool)) or value is None else repr(value)
    if isinstance(text, str) and len(text) > 500:
        text = text[:500] + "..."
    given.setdefault("_kept", {})[path] = text


def _secrets(given: dict[str, Any]) -> tuple[str, ...]:
    req = given.get("request", {})
    found = [req.get("api_key", "")]
    for k, v in (req.get("headers") or {}).items():
        if str(k).lower() in ("authorization", "x-api-key", "api-key", "x-goog-api-key"):
            value = str(v)
            found.append(value[7:] if value.lower().startswith("bearer ") else value)
    return tuple(s for s in found if s and len(s) >= 6)


def normalise(raw: Mapping[str, Any], catalog: ModelCatalog | None = None) -> Normalised:
    """Type, derive and bound the facts of one ticket; never raises on bad values."""
    raw, read = read_pasted(raw)  # a pasted client output fills in what it says
    warnings: list[str] = []
    given, present = _typed(raw, warnings)
    req, resp = given.get("request", {}), given.get("response", {})
    err, acct = given.get("error", {}), given.get("account", {})
    plat, task = given.get("platform", {}), given.get("task", {})
    v: dict[str, Any] = {}

    status = resp.get("status")
    if status is not None:
        v["response.status"] = status
        v["status.class"] = f"{status // 100}xx"
    v["response.answered"] = status is not None
    for src, name in ((resp, "elapsed_ms"), (req, "timeout_s"), (req, "stream"), (req, "kind"),
                      (acct, "balance"), (acct, "key_quota_remaining"), (acct, "key_status"),
                      (plat, "channel_status"), (task, "age_s")):
        if name in src:
            section = {id(resp): "response", id(req): "request", id(acct): "account",
                       id(plat): "platform", id(task): "task"}[id(src)]
            v[f"{section}.{name}"] = src[name]
    if "method" in req:
        v["request.method"] = req["method"].upper()
    headers = {str(k).lower(): str(h) for k, h in (resp.get("headers") or {}).items()}
    retry = headers.get("retry-after", "").strip()
    if retry.isascii() and len(retry) <= 18 and retry.replace(".", "", 1).isdigit():
        v["response.retry_after_s"] = float(retry) if "." in retry else int(retry)

    parsed = parse_body(resp.get("body"))
    if not resp.get("request_id"):
        rid = request_id_from(headers, parsed.data, [*parsed.messages, *parsed.strings[:20]])
        if rid:
            given.setdefault("response", resp)["request_id"] = rid
    v["body.shape"] = parsed.shape
    # a body that is only the status's reason phrase ("Bad Request", as AI SDK and superagent
    # print it) says no more than the status: nothing to read, as with no body at all
    v["body.empty"] = parsed.shape == "empty" or (
        parsed.shape == "text" and phrase_status(parsed.message) is not None)
    if parsed.code:
        v["body.code"] = parsed.code
    if parsed.type:
        v["body.type"] = parsed.type
    if parsed.inner_status is not None:
        v["body.inner_status"] = parsed.inner_status
    if status is not None and 200 <= status < 300 and parsed.error_envelope:
        v["body.error_in_2xx"] = True

    message = err.get("message", "")
    if message or "kind" in err:
        v["error.kind"] = err.get("kind") or error_kind(message)

    tstatus = task.get("status") or _TASK_STATUS.get(parsed.task_status, "")
    if tstatus:
        v["task.status"] = tstatus
    reason = task.get("fail_reason") or parsed.task_reason
    v["task.has_id"] = bool(task.get("id") or parsed.task_id)
    if tstatus in ("queued", "running") and task.get("age_s", 0) > STUCK_AFTER_S:
        v["task.stuck"] = True

    texts = _texts(parsed, message, tstatus, reason)
    v.update(_model_facts(req, acct, texts["message"], catalog))
    v.update(url_facts(req.get("base_url"), req.get("url"), req.get("endpoint"),
                       plat.get("base_url")))
    if "request.kind" not in v:  # the endpoint says what kind of call it was
        kind = _kind_of(str(req.get("endpoint") or req.get("url") or ""))
        if kind:
            v["request.kind"] = kind
    if req.get("client"):
        v["error.client"] = req["client"].lower()
    secrets = _secrets(given)
    warnings = [mask_text(w, secrets) for w in warnings]
    shown = tuple((item, mask_text(value, secrets)) for item, value in read)
    return Normalised(v, texts, given, frozenset(present), warnings, secrets, shown)


def _texts(parsed: Any, message: str, tstatus: str, reason: str) -> dict[str, str]:
    msgs = [parsed.message, *parsed.messages[:50], message]
    msg_text = "\n".join(dict.fromkeys(m for m in msgs if m))
    code_text = "\n".join(dict.fromkeys(c for c in (parsed.code, parsed.type, *parsed.codes[:50])
                                        if c))
    task_text = "\n".join(x for x in (tstatus, parsed.task_status, reason) if x)
    strings = "\n".join(s for s in parsed.strings[:400])
    all_text = "\n".join(x for x in (msg_text, code_text, task_text, strings) if x)
    return {"all": all_text[: 2 * MAX_BODY_CHARS], "message": msg_text, "code": code_text,
            "task": task_text}


def _model_facts(req: dict[str, Any], acct: dict[str, Any], message: str,
                 catalog: ModelCatalog | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    model = req.get("model", "")
    out["model.given"] = bool(model)
    if not model:
        return out
    sent = req.get("sent_model")
    # The platform judged the name the client actually sent: when a client rewrote the name,
    # every model fact is about that name, so no fact says "listed" for a name never sent.
    judged = sent if sent and sent != model else model
    models = acct.get("models")
    if models:
        out["model.listed"] = match_model(judged, models)
    key_models = acct.get("key_models")
    if key_models:
        out["model.key_allowed"] = model in key_models and judged in key_models
    if catalog is not None:
        out["model.catalog"] = catalog.status(judged)
    if sent:
        out["model.rewritten"] = sent != model
    out["model.in_message"] = any(name.lower() in message.lower() for name in {model, judged})
    return out

