"""Pasted client output → facts: what a client printed (exception text, traceback, log line,
HTTP dump) is read for the status, the body, the exception and its chain, the client library,
the URL called, ``retry-after`` and the request id.

Everything is bounded: at most :data:`MAX_READ` characters are looked at (the head and the
tail of a longer paste, since the last exception comes last), bodies are parsed as JSON or as
a Python ``repr`` (``ast.literal_eval``, never ``eval``) only below a size and nesting bound,
and every pattern is a linear-time alternation. The ticket's own facts always win: a paste
only fills in what the ticket left out, and each fact it filled in is named in a note.

Where the status is stated lives in :mod:`triage.facts.statusline`; the body is found by
:mod:`triage.facts.pastebody` (Node object dumps are read by :mod:`triage.facts.jsliteral`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from triage.facts.exceptions import error_kind
from triage.facts.pastebody import MAX_LITERAL, find_body
from triage.facts.statusline import (
    body_after_status,
    logged_url,
    phrase_status,
    status_in,
    status_in_body,
)

__all__ = ["MAX_READ", "READ_ITEMS", "Pasted", "looks_pasted", "read_paste_text", "read_pasted"]

# what read_pasted reports it read, in the order it reads them (the renderers word them)
READ_ITEMS = ("status", "body", "retry_after", "url", "model", "exception", "caused_by",
              "client", "request_id")

MAX_READ = 128 * 1024          # characters of a paste that are read (head 32 KiB + tail)
MAX_MESSAGE = 4000             # the condensed message handed on

_ANSI = re.compile(r"\x1b\[[0-9;?]{0,20}[ -/]{0,3}[@-~]|\x1b\][^\x07\x1b]{0,200}(?:\x07|\x1b\\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "pkg.mod.SomeError: message"; Ruby writes "Faraday::ConnectionFailed: message"
_EXC_LINE = re.compile(
    r"^([A-Za-z_][A-Za-z0-9_.$]{0,300}(?:::[A-Z][A-Za-z0-9_]{0,100}){0,8})(?::[ \t]?(.*))?$")
# Java's uncaught exception: 'Exception in thread "main" java.lang.IllegalStateException: ...'
_THREAD_PREFIX = re.compile(r'^Exception in thread "[^"\n]{0,200}" ')
# a module path that says the name is an exception class whatever its own name
_EXC_MODULES = frozenset(("exceptions", "errors", "error", "exc", "sdkerror"))
_EXC_SUFFIX = ("Error", "Exception", "Timeout", "Failure", "Fault", "Exceeded", "Interrupt")
_CHAIN = ("The above exception was the direct cause", "During handling of the above exception")
_FRAME = re.compile(r"^\s+(?:File \"|at |\^|~)|^Traceback \(most recent call last\)")

_URL_CONTEXT = re.compile(
    r"(?i)(?:for url:? ?[('(]?|url[=:] ?'?|\b(?:post|get|put|delete) \"?|request to |"
    r"request for \"|request url:? |(?:请求|接口)(?:地址|URL|url)(?:为|是|:|：)\s*|"
    r"\burl\(')(https?://[^\s'\"<>)]{1,500})")
_CURL_HOST = re.compile(r"(?i)(?:could not resolve host: |failed to connect to )"
                        r"([A-Za-z0-9.:\-\[\]]{1,255})(?: port ([0-9]{1,5}))?")
_POOL_HOST = re.compile(r"(?i)connectionpool\(host='([^']{1,255})', port=([0-9]{1,5})\)")
_MODEL = re.compile(r"(?i)(?:\bmodel=|model group=|\"model\":\s*\"|'model':\s*'|"
                    r"\bmodel:? `|\bmodel:? \\?[\"'“]|"
                    r"\bthe model:? (?=[A-Za-z0-9][A-Za-z0-9._:/\-]{0,120} does not exist))"
                    r"([A-Za-z0-9][A-Za-z0-9._:/\-]{0,120})")
_RETRY = re.compile(r"(?im)^[ \t]*'?retry-after'?[ \t]*[:=][ \t]*'?([0-9]{1,6}(?:\.[0-9]{1,3})?)")
_REQUEST_ID = re.compile(r"(?i)(?:x-request-id|request[-_ ]id)['\"]?[ \t]{0,4}[:=]?[ \t]{0,4}['\"]?"
                         r"([A-Za-z0-9_\-]{6,80})")
# LangChain's link to its own page for the status class: a guess, not what the server said
# what an app adds to every error, whatever the cause: LangChain's link to its page for the
# status class; gpt_academic's and zotero-gpt's "if it is a network problem, try a proxy"
_TROUBLESHOOTING = re.compile(r"(?m)^(?:Troubleshooting URL: [^\s]{1,300}|"
                              r"如果是网络问题，建议优化网络，比如打开/切换代理等。?)$")
_HTML = re.compile(r"(?i)<!doctype html|<html[\s>]")
# a property that Node's object dump shows unset ("timeout: undefined") says nothing of the kind
_UNSET_PROPERTY = re.compile(
    r"(?m)^[ \t]{1,40}[A-Za-z_$][A-Za-z0-9_$]{0,60}: (?:undefined|null),?[ \t]*$")


@dataclass(frozen=True)
class Pasted:
    """What one pasted text says."""

    status: int | None = None
    body: str = ""
    exception: str = ""             # the last exception's class, with its module
    message: str = ""               # the condensed text: exception lines, no frames
    chain: tuple[str, ...] = ()     # earlier exceptions of the chain, oldest first
    client: str = ""                # the client library that printed it
    url: str = ""
    model: str = ""
    retry_after: str = ""
    request_id: str = ""
    kind: str = ""                  # error.kind when no HTTP answer came back
    notes: tuple[str, ...] = field(default=())


def clean(text: str) -> str:
    """The paste, bounded, without colour codes, CR or control characters."""
    if len(text) > MAX_READ:
        text = text[: MAX_READ // 4] + "\n...\n" + text[-(MAX_READ * 3 // 4):]
    text = _ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return _TROUBLESHOOTING.sub("", _CONTROL.sub("", _without_log_prefix(text)))


# docker compose puts "service-1  | " before every line of a container's output
_COMPOSE_PREFIX = re.compile(r"[A-Za-z0-9][\w.-]{0,80}[ \t]{1,40}\| ")


def _without_log_prefix(text: str) -> str:
    """The text without the prefix docker compose gives most of its lines."""
    if "| " not in text:      # the usual paste: nothing to look for line by line
        return text
    lines = text.split("\n")
    heads: dict[str, int] = {}
    for line in lines:
        m = _COMPOSE_PREFIX.match(line)
        if m:
            heads[m.group(0)] = heads.get(m.group(0), 0) + 1
    if not heads:
        return text
    head, count = max(heads.items(), key=lambda kv: kv[1])
    if count < 2 or count * 2 < sum(1 for line in lines if line.strip()):
        return text
    return "\n".join(line[len(head):] if line.startswith(head) else line for line in lines)


def _exception_lines(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line number, class, rest) of every line that names an exception."""
    found = []
    for i, line in enumerate(lines):
        if not line or line[0] in " \t" or len(line) > 20000:
            continue
        if line.startswith("Caused by: "):   # Java's chain: the root cause comes last
            line = line[11:]
        elif line.startswith("Exception in thread "):
            line = _THREAD_PREFIX.sub("", line)
        m = _EXC_LINE.match(line[:20000])
        if not m:
            continue
        name = m.group(1).replace("::", ".")
        parts = name.split(".")
        last = parts[-1].split("$", 1)[0]    # Java's nested class: HttpClientErrorException$X
        if last.endswith(_EXC_SUFFIX) or (last == "Error" and m.group(2) is not None) or (
                m.group(2) is not None and "::" in m.group(1) and last[:1].isupper()) or (
                m.group(2) is not None and _EXC_MODULES.intersection(parts[:-1])):
            found.append((i, name, m.group(2) or ""))
    return found


def _continuation(lines: list[str], start: int, first: str) -> str:
    """The exception's message: its line and the lines that follow until the next frame."""
    parts = [first]
    for line in lines[start + 1: start + 40]:
        if _FRAME.match(line) or line.startswith(_CHAIN) or (_EXC_LINE.match(line[:300]) and \
                line.split(":", 1)[0].rsplit(".", 1)[-1].endswith(_EXC_SUFFIX)):
            break
        parts.append(line)
    return "\n".join(parts).strip()


def _html(text: str) -> str:
    m = _HTML.search(text)
    if not m:
        return ""
    end = text.lower().find("</html>", m.start())
    return text[m.start(): end + 7 if end != -1 else m.start() + MAX_LITERAL]


def _client(text: str, exception: str) -> str:
    module = exception.split(".", 1)[0].lower() if "." in exception else ""
    low = text.lower()
    if module == "litellm" or "site-packages/litellm/" in low:
        return "litellm"
    if "langchain" in module or "site-packages/langchain" in low:
        return "langchain"
    if module == "anthropic" or "site-packages/anthropic/" in low:
        return "anthropic-python"
    if module == "openai" or "site-packages/openai/" in low:
        return "openai-python"
    if "node_modules/openai" in low or "apierror.generate" in low:
        return "openai-node"
    if "node_modules/@anthropic-ai" in low:
        return "anthropic-node"
    if module == "httpx" or "site-packages/httpx/" in low:
        return "httpx"
    if module in ("requests", "urllib3") or "site-packages/requests/" in low:
        return "requests"
    if "curl: (" in low or low.startswith("http/"):
        return "curl"
    if "dial tcp" in low or "net/http:" in low:
        return "go"
    if "    at " in text and ("node:" in low or ".js:" in low):
        return "node"
    return ""


def _url_in(region: str, text: str) -> str:
    """The last URL named in ``region``, else the host curl or urllib3 could not reach."""
    m = None
    for m in _URL_CONTEXT.finditer(region):  # noqa: B007 - the last one wins
        pass
    if m is not None:
        return m.group(1).rstrip(".,;:'\"}")
    hm = _CURL_HOST.search(text) or _POOL_HOST.search(text)
    if not hm:
        return ""
    host, port = hm.group(1), hm.group(2)
    scheme = "http" if port and port not in ("443", "8443") else "https"
    return f"{scheme}://{host}" + (f":{port}" if port and port not in ("443", "80") else "")


def _condense(lines: list[str]) -> str:
    """The text without traceback frames and the code lines under them."""
    out: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("  File \"") or line.startswith("Traceback (most recent"):
            skipping = True
            continue
        if skipping and (line.startswith("    ") or not line.strip()):
            continue
        skipping = False
        if _FRAME.match(line):
            continue
        out.append(line)
    return "\n".join(out).strip()


@functools.lru_cache(maxsize=2)
def read_paste_text(raw_text: str) -> Pasted:
    """Read one pasted text (any size, any content); never raises. The last two answers are
    kept: the command line asks once whether stdin is a paste and once to read it."""
    text = clean(raw_text)
    lines = text.split("\n")
    excs = _exception_lines(lines)
    exception, main = "", ""
    chain: list[str] = []
    if excs:
        i, exception, rest = excs[-1]
        main = _continuation(lines, i, rest)
        chain = [f"{name}: {r}".strip().rstrip(":")[:500] for _, name, r in excs[:-1]][-6:]
    status = status_in(main, text, exception)
    body = _html(main) or find_body(main) or find_body(text) or _html(text)
    if not body and main:
        body = body_after_status(main) if status is not None else ""
    if status is None and body.startswith("{") and error_kind(main or text[:20000]) == "other":
        status = _status_of_body(body)
    condensed = _condense(lines)
    url = logged_url(text) or _url_in(main or text, text)
    mm = _MODEL.search(text[:65536])
    retry = _RETRY.search(text)
    rid = _REQUEST_ID.search(text)
    client = _client(text, exception)
    kind = ""
    if status is None or (status < 300 and (excs or "curl: (" in text)):
        outside = "\n".join([*chain, f"{exception}: {main}" if exception else "", condensed])
        if body:
            outside = outside.replace(body[:2000], " ")
        kind = error_kind(_UNSET_PROPERTY.sub("", outside))
    return Pasted(
        status=status, body=body, exception=exception,
        message=_bounded(condensed or text.strip()), chain=tuple(chain), client=client,
        url=url, model=mm.group(1).rstrip(".:-/") if mm else "",
        retry_after=retry.group(1) if retry else "",
        request_id=rid.group(1) if rid else "", kind=kind)


def _status_of_body(body: str) -> int | None:
    """The status a (JSON) body names of itself, when the paste states none."""
    try:
        return status_in_body(json.loads(body))
    except (ValueError, RecursionError):
        return None


def _bounded(message: str) -> str:
    """At most MAX_MESSAGE characters: the head and the tail, where the last exception is."""
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE // 4] + "\n...\n" + message[-(MAX_MESSAGE * 3 // 4):]


def looks_pasted(text: str) -> bool:
    """Whether a free text carries anything this reader finds (a status, an exception...)."""
    p = read_paste_text(text)
    return bool(p.status is not None or p.exception or p.client)


def read_pasted(raw: Mapping[str, Any]) -> tuple[Mapping[str, Any], list[tuple[str, str]]]:
    """The fact set with what ``error.message`` says filled in where the ticket is silent,
    and what was read from it: (item, value) pairs, items from ``READ_ITEMS`` (the value is
    "" for the body and the URL, which the facts show)."""
    err = raw.get("error")
    if not isinstance(err, Mapping):
        return raw, []
    message = err.get("message")
    if not isinstance(message, str) or len(message.strip()) < 3:
        return raw, []
    p = read_paste_text(message)
    out: dict[str, Any] = dict(raw)
    read: list[tuple[str, str]] = []
    resp = dict(out["response"]) if isinstance(out.get("response"), Mapping) else {}
    req = dict(out["request"]) if isinstance(out.get("request"), Mapping) else {}
    new_err = dict(err)
    if p.status is not None and resp.get("status") in (None, ""):
        resp["status"] = p.status
        read.append(("status", str(p.status)))
    if p.body and resp.get("body") in (None, ""):
        resp["body"] = p.body
        read.append(("body", ""))
    if p.retry_after:
        headers = dict(resp["headers"]) if isinstance(resp.get("headers"), Mapping) else {}
        if not any(str(k).lower() == "retry-after" for k in headers):
            headers["retry-after"] = p.retry_after
            resp["headers"] = headers
            read.append(("retry_after", p.retry_after))
    if p.url and not (req.get("url") or req.get("base_url")):
        req["url"] = p.url
        read.append(("url", ""))
    if p.model and not req.get("model"):
        req["model"] = p.model
        read.append(("model", p.model))
    if p.client and not req.get("client"):
        req["client"] = p.client
    if p.exception:
        read.append(("exception", p.exception + (f" ({p.client})" if p.client else "")))
        if p.chain:
            read.append(("caused_by", p.chain[-1][:160]))
    elif p.client:
        read.append(("client", p.client))
    if p.request_id:
        read.append(("request_id", p.request_id))
        if not resp.get("request_id"):
            resp["request_id"] = p.request_id
    if not read:
        hint_free = _TROUBLESHOOTING.sub("", message).strip()
        if hint_free and hint_free != message.strip():
            # nothing to read, but an app's stock hint ("try a proxy") is not evidence
            return {**raw, "error": {**err, "message": hint_free}}, []
        return raw, []
    if "kind" not in err:
        new_err["kind"] = p.kind or "other"
    new_err["message"] = p.message
    out["error"] = new_err
    if p.status is not None and p.status >= 400 and p.body and resp.get("body") == p.body \
            and set(err) == {"message"} and phrase_status(p.body) is None:
        # an HTTP answer came back and its body was read: the facts are that answer; the
        # rest (frames, headers) would only blur the body's message (a "body" that is only
        # the reason phrase, "AI_APICallError: Bad Request", says nothing: the text stays)
        del out["error"]
    if resp:
        out["response"] = resp
    if req:
        out["request"] = req
    return out, read
