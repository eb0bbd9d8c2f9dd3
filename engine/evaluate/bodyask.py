"""Ask for the body when a ticket has an error status but no body.

Many clients print only the status of a failed call ("Error code: 400", ``400 "Bad Request"``,
"Server returned HTTP response code: 400"): the status alone cannot tell an unknown model from
a filtered prompt, a spent balance or a bad parameter; the body names which. So the first
thing to ask for is the body, and how to get it depends on the client that printed the text.
The hints below are matched on the pasted text in Python (plain substring tests on a bounded,
lower-cased text: no pattern can backtrack).
"""

from __future__ import annotations

from typing import Any

from triage.facts.normalise import Normalised

__all__ = ["body_ask"]

_HEAD = 64 * 1024     # the part of the text the hints look at

# (any of these substrings in the lower-cased text, en, zh): the first that matches speaks
_HINTS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("status code (no body)",),
     "The client reports that the answer had no body it could read: ask for the gateway's log "
     "line for this request (its request id), or the answer to the same request sent with "
     "`curl -i`.",
     "客户端表示响应里没有可读的响应体：请索取网关对这次请求的日志（按请求 ID），或用 `curl -i` "
     "重发同一请求得到的完整响应。"),
    (("faraday::",),
     "Faraday keeps the body in the exception: ask them to print `e.response[:body]`.",
     "Faraday 把响应体放在异常里：请对方打印 `e.response[:body]`。"),
    (("net::http", "(net::httpserverexception)", "(net::httpclientexception)"),
     "Net::HTTP's `value` raised without the body: ask them to print `res.body` first.",
     "Net::HTTP 的 `value` 抛错时不带响应体：请对方先打印 `res.body`。"),
    (("server returned http response code",),
     "HttpURLConnection hides an error's body: ask them to read `conn.getErrorStream()` and "
     "paste what it holds.",
     "HttpURLConnection 不显示错误响应体：请对方读取 `conn.getErrorStream()` 并贴出内容。"),
    (("guzzlehttp", "resulted in a `"),
     "Guzzle shortens the body in its message: ask for `$e->getResponse()->getBody()`.",
     "Guzzle 在异常信息里截断了响应体：请索取 `$e->getResponse()->getBody()` 的内容。"),
    (("failed to open stream: http request failed",),
     "PHP's http wrapper drops an error's body: add `'ignore_errors' => true` to the stream "
     "context and print what `file_get_contents` returns.",
     "PHP 的 http 流在出错时丢弃响应体：在 stream context 里加 `'ignore_errors' => true`，"
     "再打印 `file_get_contents` 的返回值。"),
    (("fetcherror: [",),
     "ofetch keeps the parsed body in `err.data`: ask them to print it.",
     "ofetch 把解析后的响应体放在 `err.data` 里：请对方打印它。"),
    (("ai_apicallerror",),
     "The AI SDK keeps the body in `error.responseBody`: ask them to print it.",
     "AI SDK 把响应体放在 `error.responseBody` 里：请对方打印它。"),
    (("axioserror", "request failed with status code"),
     "The body is in `err.response.data` (axios) or `err.response.body` (got): ask them to "
     "print it.",
     "响应体在 `err.response.data`（axios）或 `err.response.body`（got）里：请对方打印出来。"),
    (("httperror: response code", "httperror: request failed"),
     "ky and got leave the body unread in the error: ask for `await err.response.text()` "
     "(ky) or `err.response.body` (got).",
     "ky 和 got 的异常里响应体未读出：请索取 `await err.response.text()`（ky）或 "
     "`err.response.body`（got）。"),
    (("tornado.httpclient.httpclienterror",),
     "tornado keeps the body in the exception: ask them to print `e.response.body`.",
     "tornado 把响应体放在异常里：请对方打印 `e.response.body`。"),
    (("httpx.httpstatuserror",),
     "httpx's `raise_for_status()` drops the body: ask them to print `e.response.text`.",
     "httpx 的 `raise_for_status()` 不带响应体：请对方打印 `e.response.text`。"),
    (("requests.exceptions.httperror",),
     "requests' `raise_for_status()` drops the body: ask them to print `r.text` before it.",
     "requests 的 `raise_for_status()` 不带响应体：请对方在它之前打印 `r.text`。"),
    (("urllib.error.httperror",),
     "urllib keeps the body in the exception: ask for `err.read().decode()`.",
     "urllib 把响应体放在异常里：请索取 `err.read().decode()` 的内容。"),
    (("curl: (22)",),
     "`curl -f` hides the body: ask them to run the same command with `-i` instead.",
     "`curl -f` 会隐藏响应体：请对方把 `-f` 换成 `-i` 重新运行同一命令。"),
    (("error code: ", "openai.", "anthropic.", "instructor", "llama_index", "haystack"),
     "The SDK printed only the status: ask them to print `e.body` or `e.response.text` of the "
     "exception (for a wrapper such as instructor or LlamaIndex, of the SDK error it wraps, "
     "`e.__cause__`).",
     "SDK 只打印了状态码：请对方打印异常的 `e.body` 或 `e.response.text`（instructor、"
     "LlamaIndex 等封装库请取其包裹的 SDK 异常 `e.__cause__`）。"),
)

_GENERIC = (
    "The status alone cannot tell an unknown model, a spent balance, a filtered prompt or a bad "
    "parameter apart: the body names which. Ask for the response body: the same request sent "
    "with `curl -i`, or the gateway's log line for it.",
    "仅凭状态码无法区分模型不存在、余额不足、内容被拦截还是参数错误，响应体会写明原因。"
    "请索取响应体：用 `curl -i` 重发同一请求，或提供网关对这次请求的日志。")


def body_ask(norm: Normalised, stated: bool, rules: list[str], lang: str) -> dict[str, Any] | None:
    """The ``ask`` item for the body when the ticket has an error status and says nothing of
    the body, worded for the client that printed the text (None when the ticket gives a body,
    even an empty one (``stated``), or no error status)."""
    if stated:
        return None
    status = norm.values.get("response.status")
    if not isinstance(status, int) or status < 400 or not norm.values.get("body.empty"):
        return None
    message = norm.given.get("error", {}).get("message", "")
    text = message[:_HEAD].lower() if isinstance(message, str) else ""
    en, zh = _GENERIC
    for needles, hint_en, hint_zh in _HINTS:
        if any(n in text for n in needles):
            en, zh = hint_en, hint_zh
            break
    return {"fact": "response.body", "why": zh if lang == "zh" else en, "for": rules[:3]}
