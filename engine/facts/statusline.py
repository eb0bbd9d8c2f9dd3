"""Where a pasted text states the HTTP status, in the wordings clients of many languages use,
and whether a message says nothing but the status.

Every pattern is a linear-time alternation, searched in a bounded text.
"""

from __future__ import annotations

import re
from typing import Any

from triage.facts.exceptions import error_kind

__all__ = ["body_after_status", "logged_url", "phrase_status", "status_in", "status_in_body",
           "unwrap", "wrapped"]

# Statuses, most specific first: each is searched in the main exception, then everywhere.
_STATUS_ANYWHERE = (
    re.compile(r"(?i)error code:?\s*([1-5][0-9]{2})\b"),
    re.compile(r"(?i)(?:client|server|redirect|informational) error '([1-5][0-9]{2})\b"),
    re.compile(r"(?i)\b([1-5][0-9]{2}) (?:client|server) error\b"),
    re.compile(r"(?i)returned error:? ([1-5][0-9]{2})\b"),
    re.compile(r"(?i)\bhttp error:? ([1-5][0-9]{2})\b"),        # urllib's HTTPError
    re.compile(r"(?i)status(?:[ _]?code)?[\"']?\s*[=:]\s*[\"']?([1-5][0-9]{2})\b"),
    re.compile(r"(?i)(?:http status|status code|状态码)[:：]?\s*([1-5][0-9]{2})\b"),
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
    # and a script's own "HTTP 401: {body}" (PHP curl programs)
    re.compile(r"(?<![\w/.-])HTTP ([1-5][0-9]{2})(?= [A-Za-z(]| - |: |$)"),
    re.compile(r"^\s*([1-5][0-9]{2}) - "),
    # "Request failed: 503 Service Unavailable", Codex "unexpected status 404 Not Found: ..."
    re.compile(r"(?i)(?:request failed|unexpected status(?: code)?):? ([1-5][0-9]{2})\b"),
    # an app's own wrapper: "Reason: [401] API Key 错误", "Error: [429] ..."
    re.compile(r"(?i)(?:reason|error|status|错误|原因)[:：]?\s*\[([1-5][0-9]{2})\]"),
    # OkHttp's Response.toString(): "Response{protocol=http/1.1, code=401, message=..."
    re.compile(r"Response\{[^}\n]{0,80}\bcode=([1-5][0-9]{2})\b"),
    # azure-core's HttpResponseError "(403) Public access is disabled", aiohttp's
    # ClientResponseError "401, message='Unauthorized', url=..." (its TransferEncodingError
    # "400, message='Not enough data...'" has no URL: not a status), "请求失败: 401"
    re.compile(r"(?:Error|Exception): \(([1-5][0-9]{2})\) "),
    re.compile(r"\b([1-5][0-9]{2}), message='[^'\n]{0,200}', url="),
    re.compile(r"请求失败[:：]\s*([1-5][0-9]{2})\b"),
    # "API request failed with status 422", a Go bot's "status code not equals 200,code is 401"
    re.compile(r"(?i)failed with status(?: code)? ([1-5][0-9]{2})\b"),
    re.compile(r"(?i)status code[^\n]{0,40}\bcode is ([1-5][0-9]{2})\b"),
    # Java's HttpURLConnection: "Server returned HTTP response code: 401 for URL: ..."
    re.compile(r"(?i)server returned http response code: ([1-5][0-9]{2})\b"),
    # Ruby's Net::HTTP (res.value): '401 "Unauthorized"', in a backtrace
    # "...:in 'error!': 401 "Unauthorized" (Net::HTTPServerException)"
    re.compile(r"(?m)(?:^|: )([1-5][0-9]{2}) \"[A-Za-z' -]{0,40}\"(?= \(Net::HTTP|[ \t]*$)"),
    # PHP's http stream wrapper: "Failed to open stream: HTTP request failed! HTTP/1.1 401
    # Unauthorized"; the openai package before 1.0: "HTTP code 502 from API (<html>...)"
    re.compile(r"(?i)http request failed! HTTP/[0-9.]{1,3} ([1-5][0-9]{2})\b"),
    re.compile(r"(?i)\bhttp code ([1-5][0-9]{2}) from api\b"),
    # a router's log: "[ERROR] [502]: qodercli returned an error"; a proxy's "Upstream 400: {...}"
    re.compile(r"(?im)^\[error\] \[([1-5][0-9]{2})\]"),
    re.compile(r"(?i)\bupstream ([1-5][0-9]{2}): "),
    # Emacs gptel: "ChatGPT error: ((HTTP/2 404) Malformed JSON in response.)"
    re.compile(r"\(HTTP/[0-9.]{1,3} ([1-5][0-9]{2})\b"),
    # Claude Code and similar CLIs: "API Error (503 upstream connect error ...)"
    re.compile(r"(?i)API Error:? \(?([1-5][0-9]{2})\b"),
    # @google/generative-ai: "Error fetching from https://...: [400] Unable to submit request"
    re.compile(r"(?i)error fetching from [^\n]{0,500}?: \[([1-5][0-9]{2})\b"),
    # "错误代码：429 - {...}", "错误码: 401"
    re.compile(r"(?:错误代码|错误码)[:：]\s*([1-5][0-9]{2})\b"),
    # "request failed, status 404" (with full-width punctuation in a Chinese app)
    re.compile(r"(?i)\bfailed[,，]\s?status:? ([1-5][0-9]{2})\b"),
    # Dart's Dio: "the response has a status code of 500 and RequestOptions.validateStatus..."
    re.compile(r"(?i)\bhas a status code of ([1-5][0-9]{2})\b"),
    # gpt4free "ResponseStatusError: Response 500: ..."; a google-api-core error kept in a log
    # line as "error='429 Resource has been exhausted'"
    re.compile(r"(?:Error|Exception): Response ([1-5][0-9]{2}):"),
    re.compile(r"\berror=['\"]([1-5][0-9]{2}) [A-Z][a-z]"),
    # DSPy ends a provider's message with its status: "... for your resource. (401)"
    re.compile(r"(?m)[.!] \(([1-5][0-9]{2})\)[ \t]*$"),
    # "Status 400 Error 400 max_tokens is too large" (an app's log line)
    re.compile(r"(?i)\bstatus ([1-5][0-9]{2}) error\b"),
    # a CLI's "503: JoggAI avatar video generation is temporarily unavailable"
    re.compile(r"(?m)^([1-5][0-9]{2}): (?=[A-Z{])"),
    # Node's ws library when the upgrade is answered with an HTTP error
    re.compile(r"(?i)\bunexpected server response: ([1-5][0-9]{2})\b"),
)
# A status the client made up for a failure of its own, no HTTP answer: Perl's LWP answers
# "500 Can't connect to host:443 (...)" / "500 read timeout" with the header "Client-Warning:
# Internal response"; Perl's HTTP::Tiny (and Tornado) use 599 for any connection failure
_CLIENT_MADE = re.compile(
    r"(?i)\b500 (?:can't connect to|read timeout|ssl connect attempt failed)|"
    r"client-warning: internal response|"
    r"\b599:? (?:internal exception|timeout|connection|stream closed)")
# Java's HttpURLConnection raises FileNotFoundException with the URL for a 404 (and 410)
_JAVA_NOT_FOUND = re.compile(r"java\.io\.FileNotFoundException: https?://")
# in the main exception only: a message that starts with the status ("401 Unauthorized: ...")
_STATUS_START = re.compile(r"^\s*([1-5][0-9]{2})\s+(?:[A-Za-z{<\[\"'(]|$)")
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
    "service unavailable": 503, "service temporarily unavailable": 503, "gateway timeout": 504,
}
_PHRASE_ALT = "|".join(sorted(_PHRASES, key=len, reverse=True))
_STATUS_LINE = re.compile(
    rf"(?im)^[ \t]*(?:error:? )?([1-5][0-9]{{2}}) "
    rf"(?:{_PHRASE_ALT}|status code \(no body\))(?![a-z])")
_ONLY_PHRASE = re.compile(rf"(?i)^(?:{_PHRASE_ALT})\.?$")
# R's httr and others: "HTTP error : Too Many Requests (RFC 6585)" (a phrase, no number)
_HTTP_ERROR_PHRASE = re.compile(rf"(?i)\bhttp error ?: ?({_PHRASE_ALT})(?![a-z])")
# a status and its phrase after a colon inside a line: "... OpenRouter API: 404 Not Found {"
_COLON_STATUS = re.compile(rf"(?i)[:：][ \t]{{1,3}}([1-5][0-9]{{2}}) (?:{_PHRASE_ALT})(?![a-z])")
_LEADING = re.compile(r"(?m)^([1-5][0-9]{2}) (?=[{<\[])")
_CLASS_STATUS = {
    "badrequesterror": 400, "authenticationerror": 401, "permissiondeniederror": 403,
    "notfounderror": 404, "conflicterror": 409, "unprocessableentityerror": 422,
    "ratelimiterror": 429, "contextwindowexceedederror": 400,
    "contentpolicyviolationerror": 400,
    # DSPy's own classes (dspy.utils.exceptions), named after what the provider said
    "lmautherror": 401, "lmbillingerror": 402, "lmratelimiterror": 429,
    "lminvalidrequesterror": 400, "lmunsupportedmodelerror": 400,
}  # not 5xx classes: LiteLLM raises InternalServerError for client-side failures too
_SDK_CLASS = re.compile(r"\b(?:litellm|openai|anthropic|groq|mistralai)\.(?:[a-z_]{1,30}\.)?"
                        r"([A-Z][A-Za-z]{2,40}Error)\b")
# the openai package before 1.0 (openai.error.*): names other libraries use too, so only with
# the module (SQLAlchemy has an InvalidRequestError, Python a PermissionError)
_QUALIFIED_CLASS_STATUS = {
    "openai.error.invalidrequesterror": 400, "openai.error.permissionerror": 403,
}
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
    r"http [1-5][0-9]{2}:?(?: [a-z ]{2,40})?|"
    r"http status (?:client|server) error \([1-5][0-9]{2}[^)\n]{0,40}\)"
    r"(?: for url \([^)\s]{0,500}\))?|"
    r"unexpected code response\{[^}\n]{0,600}\}|"
    r"server returned http response code: [1-5][0-9]{2} for url: [^\s]{0,500}|"
    r"[1-5][0-9]{2} \"[a-z' -]{0,40}\"(?: \(net::http[a-z]{0,20}exception\))?|"
    r"the remote server returned an error: \([1-5][0-9]{2}\)[^\n]{0,40}|"
    r"\[[a-z]{3,7}\] \"[^\"\s]{1,500}\": [1-5][0-9]{2}(?: [a-z -]{2,40})?)\.?$")   # ofetch
_WRAPPER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,80}(?::| -)[ \t]*")


def status_in(main: str, text: str, exception: str) -> int | None:
    """The HTTP status a pasted text states: in its main exception first, then anywhere, then
    by a reason phrase alone or the exception class; None when it states none (or when the
    status is one the client made up for a failure of its own)."""
    if _CLIENT_MADE.search(text[:65536]):
        return None
    for pattern in (*_STATUS_ANYWHERE[:7], _STATUS_START, *_STATUS_ANYWHERE[7:]):
        m = pattern.search(main[:20000])
        if m:
            return int(m.group(1))
    lines = _HTTP_LINE.findall(text)
    real = [s for s in lines if s not in ("100", "101")]
    if real:
        return int(real[-1])
    for pattern in _STATUS_ANYWHERE:
        m = pattern.search(text)
        if m:
            return int(m.group(1))
    access = _HTTPX_LOG.findall(text[:65536]) or _ACCESS_LOG.findall(text[:65536])
    if access and error_kind(main or text[:20000]) in ("other", "timeout"):
        # beside a connection failure, an access-log line is the app's own server answering
        # its caller, not the API answering the app
        return int(access[-1][1])
    if _JAVA_NOT_FOUND.search(text[:65536]):
        return 404
    m = _STATUS_LINE.search(text) or _LEADING.search(text) or _COLON_STATUS.search(text[:65536])
    if m:
        return int(m.group(1))
    m = _HTTP_ERROR_PHRASE.search(text[:65536])
    if m:
        return _PHRASES[m.group(1).lower()]
    inner = unwrap(main.strip()[:300])
    if _ONLY_PHRASE.match(inner):
        return _PHRASES[inner.rstrip(".").lower()]
    if error_kind(main) != "other":   # "AuthenticationError: ... Connection error." is not 401
        return None
    # the exception's class, or a class it wraps ("AI_APICallError: litellm.BadRequestError:")
    for name in (exception, *wrapped(main)):
        code = _CLASS_STATUS.get(name.rsplit(".", 1)[-1].lower()) or \
            _QUALIFIED_CLASS_STATUS.get(name.lower())
        if code:
            return code
    # an SDK's class inside an app's own wrapper: "模型请求失败: ...: litellm.RateLimitError: ..."
    m = _SDK_CLASS.search((main or text)[:20000])
    return _CLASS_STATUS.get(m.group(1).lower()) if m else None


def phrase_status(text: str) -> int | None:
    """The status whose reason phrase is the whole of ``text`` ("Unauthorized"), else None."""
    text = text.strip()
    if len(text) > 40 or not _ONLY_PHRASE.match(text):
        return None
    return _PHRASES[text.rstrip(".").lower()]


def status_in_body(value: object) -> int | None:
    """The HTTP status an error body names of itself when the paste states none: Azure's
    ``{"error": {"code": "401", ...}}``, ``{"status": 429, ...}``, or a message that is only
    a reason phrase (``{"message": "Unauthorized"}``)."""
    if not isinstance(value, dict):
        return None
    err = value.get("error")
    places: list[tuple[dict[Any, Any], tuple[str, ...]]] = [
        (value, ("status", "statusCode", "status_code"))]
    if isinstance(err, dict):   # a top-level "code" is often an envelope's, sent with 200
        places.append((err, ("status", "statusCode", "status_code", "code")))
    for place, keys in places:
        for key in keys:
            code = place.get(key)
            if isinstance(code, str) and code.isdigit():
                code = int(code)
            if isinstance(code, int) and not isinstance(code, bool) and 400 <= code <= 599:
                return code
        for key in ("message", "error", "detail"):
            text = place.get(key)
            if isinstance(text, str) and (code := phrase_status(text)) is not None:
                return code
    return None


def wrapped(message: str) -> list[str]:
    """The class names a message starts with (``litellm.BadRequestError: OpenAIException -``)."""
    names = []
    for _ in range(6):
        m = _WRAPPER.match(message)
        if not m:
            break
        names.append(m.group(0).rstrip(" \t:-"))
        message = message[m.end():]
    return names


def unwrap(message: str) -> str:
    """The message without the wrapper names some clients put first
    (``litellm.BadRequestError: OpenAIException - Error code: 400``)."""
    for _ in range(6):
        m = _WRAPPER.match(message)
        if not m:
            break
        message = message[m.end():]
    return message


def body_after_status(main: str) -> str:
    """What the main exception says after its status, or "" when it says only the status
    ("Error code: 404", "the server responded with status 503", "HTTP 401 Unauthorized")."""
    inner = unwrap(main.strip()[:800])
    if _BARE_STATUS.match(inner[:300]) is not None or _STATEMENT.match(inner) is not None:
        return ""
    return _STATUS_PREFIX.sub("", main).strip()


def logged_url(text: str) -> str:
    """The URL of the last request an httpx log line names, else ""."""
    logged = _HTTPX_LOG.findall(text[:65536])
    return str(logged[-1][0]) if logged else ""
