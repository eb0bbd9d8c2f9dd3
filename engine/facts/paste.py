"""Pasted client output → facts: what a client printed (exception text, traceback, log line,
HTTP dump) is read for the status, the body, the exception and its chain, the client library,
the URL called, ``retry-after`` and the request id.

Everything is bounded: at most :data:`MAX_READ` characters are looked at (the head and the
tail of a longer paste, since the last exception comes last), bodies are parsed as JSON or as
a Python ``repr`` (``ast.literal_eval``, never ``eval``) only below a size and nesting bound,
and every pattern is a linear-time alternation. The ticket's own facts always win: a paste
only fills in what the ticket left out, and each fact it filled in is named in a note.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from triage.facts.exceptions import error_kind

__all__ = ["MAX_READ", "Pasted", "looks_pasted", "read_paste_text", "read_pasted"]

MAX_READ = 128 * 1024          # characters of a paste that are read (head 32 KiB + tail)
MAX_LITERAL = 64 * 1024        # a Python repr longer than this is kept as text
MAX_NESTING = 40               # deeper brackets are kept as text
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

# Statuses, most specific first: each is searched in the main exception, then everywhere.
_STATUS_MAIN = (
    re.compile(r"(?i)error code:?\s*([1-5][0-9]{2})\b"),
    re.compile(r"(?i)(?:client|server|redirect|informational) error '([1-5][0-9]{2})\b"),
    re.compile(r"(?i)\b([1-5][0-9]{2}) (?:client|server) error\b"),
    re.compile(r"(?i)returned error:? ([1-5][0-9]{2})\b"),
    re.compile(r"(?i)\bhttp error:? ([1-5][0-9]{2})\b"),        # urllib's HTTPError
    re.compile(r"(?i)status(?:[ _]?code)?[\"']?\s*[=:]\s*[\"']?([1-5][0-9]{2})\b"),
    re.compile(r"(?i)(?:http status|status code|状态码)[:：]?\s*([1-5][0-9]{2})\b"),
    re.compile(r"^\s*([1-5][0-9]{2})\s+(?:[A-Za-z{<\[\"'(]|$)"),
    # wget: "2026-12-02 11:40:42 ERROR 404: Not Found." and "awaiting response... 404 Not Found"
    re.compile(r"\bERROR ([1-5][0-9]{2}): [A-Z]"),
    re.compile(r"(?i)awaiting response\.{0,3} ?([1-5][0-9]{2})\b"),
    # Ruby Faraday "the server responded with status 401"; PHP Guzzle "resulted in a `401
    # Unauthorized` response"; mistralai "API error occurred: Status 401"
    re.compile(r"(?i)responded with status(?: code)? ([1-5][0-9]{2})\b"),
    re.compile(r"resulted in an? `([1-5][0-9]{2})\b"),
    re.compile(r"(?i)(?:error occurred|response received): status ([1-5][0-9]{2})\b"),
    # .NET HttpClient "Response status code does not indicate success: 401 (Unauthorized).",
    # Windows PowerShell / WebException "The remote server returned an error: (401)
    # Unauthorized.", Rust reqwest "HTTP status client error (401 Unauthorized) for url"
    re.compile(r"(?i)does not indicate success:? ([1-5][0-9]{2})\b"),
    re.compile(r"(?i)returned an error: \(([1-5][0-9]{2})\)"),
    re.compile(r"(?i)http status (?:client|server) error \(([1-5][0-9]{2})\b"),
    # Retrofit "HttpException: HTTP 401 Unauthorized", Spring AI "HTTP 404 - 404 page not
    # found", OpenAI .NET "HTTP 401 (invalid_request_error: ...)"; Spring AI before 1.0
    # "NonTransientAiException: 400 - {...}"
    re.compile(r"(?<![\w/.-])HTTP ([1-5][0-9]{2})(?= [A-Za-z(]| - |$)"),
    re.compile(r"^\s*([1-5][0-9]{2}) - "),
    # "Request failed: 503 Service Unavailable", Codex "unexpected status 404 Not Found: ..."
    re.compile(r"(?i)(?:request failed|unexpected status(?: code)?):? ([1-5][0-9]{2})\b"),
    # an app's own wrapper: "Reason: [401] API Key 错误", "Error: [429] ..."
    re.compile(r"(?i)(?:reason|error|status|错误|原因)[:：]?\s*\[([1-5][0-9]{2})\]"),
    # OkHttp's Response.toString(): "Response{protocol=http/1.1, code=401, message=..."
    re.compile(r"Response\{[^}\n]{0,80}\bcode=([1-5][0-9]{2})\b"),
)
# an access-log line of nginx or a gateway: "POST /v1/chat/completions HTTP/1.1" 404 153
_ACCESS_LOG = re.compile(r"\"[A-Z]{3,7} ([^\s\"]{1,500}) HTTP/[0-9.]{1,3}\" ([1-5][0-9]{2}) ")
# httpx's own log line (openai-python logs it at INFO):
# HTTP Request: POST http://127.0.0.1:11434/chat/completions "HTTP/1.1 404 Not Found"
_HTTPX_LOG = re.compile(r"HTTP Request: [A-Z]{3,7} (https?://[^\s\"]{1,500}) \"HTTP/[0-9.]{1,3} "
                        r"([1-5][0-9]{2})\b")
_HTTP_LINE = re.compile(r"(?m)^[ \t]*[<]?[ \t]*HTTP/[0-9.]{1,3} ([1-5][0-9]{2})\b")
# the reason phrases of the statuses an API answers with; a line "413 Request Entity Too Large"
# (Go's resp.Status) or a message that is only a phrase (AI SDK's "APICallError: Not Found")
_PHRASES = {
    "bad request": 400, "unauthorized": 401, "payment required": 402, "forbidden": 403,
    "not found": 404, "method not allowed": 405, "request timeout": 408, "conflict": 409,
    "payload too large": 413, "request entity too large": 413, "content too large": 413,
    "unprocessable entity": 422, "unprocessable content": 422, "too many requests": 429,
    "internal server error": 500, "not implemented": 501, "bad gateway": 502,
    "service unavailable": 503, "gateway timeout": 504,
}
_PHRASE_ALT = "|".join(sorted(_PHRASES, key=len, reverse=True))
_STATUS_LINE = re.compile(
    rf"(?im)^[ \t]*([1-5][0-9]{{2}}) (?:{_PHRASE_ALT}|status code \(no body\))(?![a-z])")
_ONLY_PHRASE = re.compile(rf"(?i)^(?:{_PHRASE_ALT})\.?$")
_LEADING = re.compile(r"(?m)^([1-5][0-9]{2}) (?=[{<\[])")
_CLASS_STATUS = {
    "badrequesterror": 400, "authenticationerror": 401, "permissiondeniederror": 403,
    "notfounderror": 404, "conflicterror": 409, "unprocessableentityerror": 422,
    "ratelimiterror": 429, "contextwindowexceedederror": 400,
    "contentpolicyviolationerror": 400,
}  # not 5xx classes: LiteLLM raises InternalServerError for client-side failures too
_STATUS_PREFIX = re.compile(
    r"(?i)^\s*(?:error code:?\s*[1-5][0-9]{2}\s*-\s*|[1-5][0-9]{2}\s+(?:status code)?\s*)")
# what is left when a client printed only the status (no body): not a body
_BARE_STATUS = re.compile(
    r"(?i)^(?:error code:?|http error|status(?: code)?:?|the server responded with status|"
    r"request failed with status code|request failed:?(?: http)?|api error occurred: status|"
    r"(?:client|server) error: `[^`\n]{0,600}` resulted in an? `)?\s*[1-5][0-9]{2}(?:[ :]{1,2}"
    r"(?:bad request|unauthorized|payment required|forbidden|not found|method not allowed|"
    r"request timeout|conflict|payload too large|request entity too large|"
    r"unprocessable entity|too many requests|internal server error|not implemented|"
    r"bad gateway|service unavailable|gateway timeout|status code \(no body\)))?[ ]?`?"
    r"(?: response:?)?\.?$")
# other whole messages that only state the status
_STATEMENT = re.compile(
    r"(?i)^(?:response status code does not indicate success: [1-5][0-9]{2} \([^)\n]{0,60}\)|"
    r"http [1-5][0-9]{2}(?: [a-z ]{2,40})?|"
    r"http status (?:client|server) error \([1-5][0-9]{2}[^)\n]{0,40}\)"
    r"(?: for url \([^)\s]{0,500}\))?|"
    r"unexpected code response\{[^}\n]{0,600}\}|"
    r"the remote server returned an error: \([1-5][0-9]{2}\)[^\n]{0,40})\.?$")
_WRAPPER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,80}(?::| -)[ \t]*")
_URL_CONTEXT = re.compile(
    r"(?i)(?:for url:? ?[('(]?|url[=:] ?'?|\b(?:post|get|put|delete) \"?|request to |"
    r"request for \"|"
    r"\burl\(')(https?://[^\s'\"<>)]{1,500})")
_CURL_HOST = re.compile(r"(?i)(?:could not resolve host: |failed to connect to )"
                        r"([A-Za-z0-9.:\-\[\]]{1,255})(?: port ([0-9]{1,5}))?")
_POOL_HOST = re.compile(r"(?i)connectionpool\(host='([^']{1,255})', port=([0-9]{1,5})\)")
_MODEL = re.compile(r"(?i)(?:\bmodel=|model group=|\"model\":\s*\"|'model':\s*'|"
                    r"\bmodel:? `|\bmodel:? \\?[\"'“])([A-Za-z0-9][A-Za-z0-9._:/\-]{0,120})")
_RETRY = re.compile(r"(?im)^[ \t]*'?retry-after'?[ \t]*[:=][ \t]*'?([0-9]{1,6}(?:\.[0-9]{1,3})?)")
_REQUEST_ID = re.compile(r"(?i)(?:x-request-id|request[-_ ]id)['\"]?[ \t]{0,4}[:=]?[ \t]{0,4}['\"]?"
                         r"([A-Za-z0-9_\-]{6,80})")
# LangChain's link to its own page for the status class: a guess, not what the server said
_TROUBLESHOOTING = re.compile(r"(?m)^Troubleshooting URL: [^\s]{1,300}$")
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
    return _TROUBLESHOOTING.sub("", _CONTROL.sub("", text))


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


def _scan(text: str, start: int) -> tuple[int, int]:
    """(end, nesting) of the bracketed value opening at ``start``; end = -1 when cut off."""
    depth = deepest = 0
    quote = ""
    i, n = start, min(len(text), start + MAX_LITERAL + 1)  # longer is never parsed
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "{[(":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "}])":
            depth -= 1
            if depth == 0:
                return i + 1, deepest
        i += 1
    return -1, deepest


def _literal(segment: str, nesting: int) -> Any:
    try:   # strict=False: a terminal that wrapped a long message put raw line breaks in it
        return json.loads(segment, strict=False)
    except (ValueError, RecursionError):
        pass
    if len(segment) > MAX_LITERAL or nesting > MAX_NESTING:
        return None
    for source in (segment, _from_js(segment)):
        if not source:
            continue
        try:
            return ast.literal_eval(source)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    return None


_JS_WORDS = {"null": "None", "undefined": "None", "true": "True", "false": "False",
             "NaN": "None", "Infinity": "None"}


def _from_js(segment: str) -> str:
    """Node's ``util.inspect`` of an object (``{ error: { message: 'x', code: null } }``,
    strings joined with ``+`` over lines, ``[Object]`` where it stopped) as a Python literal;
    "" when it is something else. One pass, no backtracking."""
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c in "'\"`":
            j = i + 1
            while j < n and segment[j] != c:
                j += 2 if segment[j] == "\\" else 1
            if j >= n:
                return ""
            out.append(segment[i:j + 1] if c != "`" else repr(segment[i + 1:j]))
            i = j + 1
        elif c.isalpha() or c in "_$":
            j = i + 1
            while j < n and (segment[j].isalnum() or segment[j] in "_$"):
                j += 1
            word = segment[i:j]
            k = j
            while k < n and segment[k] in " \t":
                k += 1
            if k < n and segment[k] == ":":
                out.append(repr(word))                 # a key
            elif k < n and segment[k] in "{[":
                pass                                   # a class name before an object
            elif word in _JS_WORDS:
                out.append(_JS_WORDS[word])
            elif word.isidentifier():
                return ""
            i = j
        elif c == "[" and i + 1 < n and (segment[i + 1].isupper() or segment[i + 1] == "."):
            end = segment.find("]", i)                 # [Object], [Array], [Getter], [Symbol(x)]
            if end == -1:
                return ""
            out.append("None")
            i = end + 1
        elif c == "+":
            i += 1                                     # 'a' + 'b': adjacent literals join
        elif c == "<":
            end = segment.find(">", i)                 # <ref *1>, <Buffer 7b 22>
            if end == -1:
                return ""
            i = end + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _find_body(region: str) -> str:
    """A JSON or Python-repr object inside ``region``, as JSON text; else ""."""
    start = region.find("{")
    tries = 0
    while start != -1 and tries < 8:
        tries += 1
        end, nesting = _scan(region, start)
        if end == -1:  # cut off: hand on the rest as text
            return region[start:start + MAX_LITERAL]
        value = _literal(region[start:end], nesting)
        if isinstance(value, dict) and value:
            try:
                return json.dumps(value, ensure_ascii=False, default=str)
            except (ValueError, TypeError, RecursionError):
                return region[start:end]
        start = region.find("{", end)
    return ""


def _html(text: str) -> str:
    m = _HTML.search(text)
    if not m:
        return ""
    end = text.lower().find("</html>", m.start())
    return text[m.start(): end + 7 if end != -1 else m.start() + MAX_LITERAL]


def _status(main: str, text: str, exception: str) -> int | None:
    for pattern in _STATUS_MAIN:
        m = pattern.search(main[:20000])
        if m:
            return int(m.group(1))
    lines = _HTTP_LINE.findall(text)
    real = [s for s in lines if s not in ("100", "101")]
    if real:
        return int(real[-1])
    for pattern in (*_STATUS_MAIN[:7], *_STATUS_MAIN[8:]):
        m = pattern.search(text)
        if m:
            return int(m.group(1))
    access = _HTTPX_LOG.findall(text[:65536]) or _ACCESS_LOG.findall(text[:65536])
    if access:
        return int(access[-1][1])
    m = _STATUS_LINE.search(text) or _LEADING.search(text)
    if m:
        return int(m.group(1))
    inner = _unwrap(main.strip()[:300])
    if _ONLY_PHRASE.match(inner):
        return _PHRASES[inner.rstrip(".").lower()]
    if error_kind(main) != "other":   # "AuthenticationError: ... Connection error." is not 401
        return None
    # the exception's class, or a class it wraps ("AI_APICallError: litellm.BadRequestError:")
    for name in (exception, *_wrapped(main)):
        code = _CLASS_STATUS.get(name.rsplit(".", 1)[-1].lower())
        if code:
            return code
    return None


def _wrapped(message: str) -> list[str]:
    """The class names a message starts with (``litellm.BadRequestError: OpenAIException -``)."""
    names = []
    for _ in range(6):
        m = _WRAPPER.match(message)
        if not m:
            break
        names.append(m.group(0).rstrip(" \t:-"))
        message = message[m.end():]
    return names


def _unwrap(message: str) -> str:
    """The message without the wrapper names some clients put first
    (``litellm.BadRequestError: OpenAIException - Error code: 400``)."""
    for _ in range(6):
        m = _WRAPPER.match(message)
        if not m:
            break
        message = message[m.end():]
    return message


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
    status = _status(main, text, exception)
    body = _html(main) or _find_body(main) or _find_body(text) or _html(text)
    if not body and main:
        stripped = _STATUS_PREFIX.sub("", main).strip()
        inner = _unwrap(main.strip()[:800])
        bare = _BARE_STATUS.match(inner[:300]) is not None or _STATEMENT.match(inner) is not None
        body = stripped if status is not None and stripped and not bare else ""
    condensed = _condense(lines)
    url = ""
    m = None
    for m in _URL_CONTEXT.finditer(main or text):  # noqa: B007 - the last one wins
        pass
    logged = _HTTPX_LOG.findall(text[:65536])
    if logged:
        url = logged[-1][0]
    elif m is not None:
        url = m.group(1).rstrip(".,;:'\"}")
    else:
        hm = _CURL_HOST.search(text) or _POOL_HOST.search(text)
        if hm:
            host, port = hm.group(1), hm.group(2)
            scheme = "http" if port and port not in ("443", "8443") else "https"
            url = f"{scheme}://{host}" + (f":{port}" if port and port not in ("443", "80") else "")
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


def _bounded(message: str) -> str:
    """At most MAX_MESSAGE characters: the head and the tail, where the last exception is."""
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE // 4] + "\n...\n" + message[-(MAX_MESSAGE * 3 // 4):]


def looks_pasted(text: str) -> bool:
    """Whether a free text carries anything this reader finds (a status, an exception...)."""
    p = read_paste_text(text)
    return bool(p.status is not None or p.exception or p.client)


def read_pasted(raw: Mapping[str, Any]) -> tuple[Mapping[str, Any], list[str]]:
    """The fact set with what ``error.message`` says filled in where the ticket is silent,
    and one note naming what was read from it."""
    err = raw.get("error")
    if not isinstance(err, Mapping):
        return raw, []
    message = err.get("message")
    if not isinstance(message, str) or len(message.strip()) < 3:
        return raw, []
    p = read_paste_text(message)
    out: dict[str, Any] = dict(raw)
    read: list[str] = []
    resp = dict(out["response"]) if isinstance(out.get("response"), Mapping) else {}
    req = dict(out["request"]) if isinstance(out.get("request"), Mapping) else {}
    new_err = dict(err)
    if p.status is not None and resp.get("status") in (None, ""):
        resp["status"] = p.status
        read.append(f"status {p.status}")
    if p.body and resp.get("body") in (None, ""):
        resp["body"] = p.body
        read.append("the error body")
    if p.retry_after:
        headers = dict(resp["headers"]) if isinstance(resp.get("headers"), Mapping) else {}
        if not any(str(k).lower() == "retry-after" for k in headers):
            headers["retry-after"] = p.retry_after
            resp["headers"] = headers
            read.append(f"retry-after {p.retry_after}")
    if p.url and not (req.get("url") or req.get("base_url")):
        req["url"] = p.url
        read.append("the URL called")
    if p.model and not req.get("model"):
        req["model"] = p.model
        read.append(f"model {p.model}")
    if p.client and not req.get("client"):
        req["client"] = p.client
    if p.exception:
        read.append(f"exception {p.exception}" + (f" ({p.client})" if p.client else ""))
        if p.chain:
            read.append(f"caused by {p.chain[-1][:160]}")
    elif p.client:
        read.append(f"client {p.client}")
    if p.request_id:
        read.append(f"request id {p.request_id}")
    if not read:
        return raw, []
    if "kind" not in err:
        new_err["kind"] = p.kind or "other"
    new_err["message"] = p.message
    out["error"] = new_err
    if p.status is not None and p.status >= 400 and p.body and resp.get("body") == p.body \
            and set(err) == {"message"}:
        # an HTTP answer came back and its body was read: the facts are that answer; the
        # rest (frames, headers) would only blur the body's message
        del out["error"]
    if resp:
        out["response"] = resp
    if req:
        out["request"] = req
    return out, ["read from the pasted text: " + "; ".join(read)]
