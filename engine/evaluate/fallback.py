# ruff: noqa: E501  (a table of bilingual sentences reads better unwrapped)
"""Never a dead end: when no rule fires, a general answer by status class or failure kind,
the evidence to collect and the facts to ask for."""

from __future__ import annotations

from typing import Any

__all__ = ["fallback", "fallback_asks"]

# key → (en title, en steps, zh title, zh steps)
_ADVICE: dict[str, tuple[str, tuple[str, ...], str, tuple[str, ...]]] = {
    "400": ("The platform rejected the request as malformed (400)",
            ("Read the error message for the parameter it names and remove or fix it.",
             "Retry with a minimal request (one short user message, no optional parameters).",
             "Compare the model's documented parameters with what the client sends."),
            "平台认为请求格式有误（400）",
            ("按错误信息中提到的参数逐一修正或删除。", "用最小请求重试（一条简短的用户消息，不带可选参数）。",
             "对照该模型文档支持的参数，检查客户端实际发送的内容。")),
    "401": ("The platform did not accept the credentials (401)",
            ("Copy the key again from the platform's console and send it as 'Authorization: Bearer <key>'.",
             "Check the base URL belongs to the platform that issued the key."),
            "平台没有接受凭据（401）",
            ("从平台控制台重新复制令牌，以“Authorization: Bearer <令牌>”发送。", "确认 Base URL 属于签发该令牌的平台。")),
    "403": ("The platform refused the request (403)",
            ("Check the key's group, model permissions and IP allow-list in the console.",
             "Ask the platform whether the account or region is restricted."),
            "平台拒绝了请求（403）",
            ("在控制台检查令牌的分组、可用模型和 IP 白名单。", "询问平台账户或地区是否受限。")),
    "404": ("The path or the model was not found (404)",
            ("Check the base URL ends where the platform says (usually /v1) and the path is not doubled.",
             "Check the exact model name against the platform's model list (GET /v1/models)."),
            "接口路径或模型不存在（404）",
            ("确认 Base URL 按平台要求结尾（通常是 /v1），路径没有重复。", "用 GET /v1/models 核对模型名是否完全一致。")),
    "429": ("Too many requests or a quota limit (429)",
            ("Wait and retry with backoff; honour retry-after.",
             "Check the balance and the key's quota in the console."),
            "请求过多或额度受限（429）",
            ("稍后按退避策略重试，遵守 retry-after。", "在控制台检查余额和令牌额度。")),
    "4xx": ("The platform rejected the request (4xx)",
            ("Read the error message and code in the body; they name the field or limit.",
             "Retry with a minimal request to isolate the cause."),
            "平台拒绝了请求（4xx）",
            ("阅读响应体中的错误信息和错误码，它们会指出具体字段或限制。", "用最小请求重试，缩小范围。")),
    "5xx": ("The platform or its upstream failed (5xx)",
            ("Retry once after a short wait; note the request id and time.",
             "Try another model or check the platform's status page; report to the platform with the request id."),
            "平台或其上游出错（5xx）",
            ("稍等后重试一次，记下请求 ID 和时间。", "换一个模型试试，或查看平台状态页；带上请求 ID 向平台反馈。")),
    "2xx": ("The request succeeded at the HTTP level but the answer was not what the client expected",
            ("Look at the first lines of the body: a web page means the base URL is wrong.",
             "Check the client and the platform speak the same API style (OpenAI, Anthropic...)."),
            "HTTP 层面成功，但响应不是客户端期望的内容",
            ("查看响应体开头：如果是网页，说明 Base URL 填错了。", "确认客户端和平台使用同一种 API 风格（OpenAI、Anthropic 等）。")),
    "timeout": ("The client gave up waiting", ("Raise the client timeout, or use streaming for long answers.",
                                                "Check whether the gateway answers at all: curl -v {base_url}/models."),
                "客户端等待超时", ("调大客户端超时，或对长回答使用流式输出。", "确认网关是否可达：curl -v {base_url}/models。")),
    "network": ("No HTTP answer came back (network)",
                ("Check the host resolves and is reachable from the same machine: curl -v {base_url}/models.",
                 "Check proxy, VPN and firewall settings."),
                "没有收到 HTTP 响应（网络）",
                ("在同一台机器上确认域名可解析、主机可达：curl -v {base_url}/models。", "检查代理、VPN 和防火墙设置。")),
    "unknown": ("Not enough facts to point at a cause",
                ("Send the exact error text the client printed, with the HTTP status if there is one.",
                 "Say which base URL, model and client were used."),
                "事实不足，无法判断原因",
                ("提供客户端打印的完整错误文本，以及 HTTP 状态码（如有）。", "说明使用的 Base URL、模型和客户端。")),
}

_EVIDENCE = {
    "en": ("The exact error text and HTTP status", "The base URL and model used",
           "The request id and time", "The client and its version"),
    "zh": ("完整的错误文本和 HTTP 状态码", "使用的 Base URL 和模型", "请求 ID 和时间", "客户端及版本"),
}

_ASKS: tuple[tuple[str, str, str], ...] = (
    ("response.status", "The HTTP status tells the platform's answer from a client failure.",
     "HTTP 状态码能区分平台的响应和客户端自身的失败。"),
    ("response.body", "The error body usually names the cause.", "错误响应体通常直接写明原因。"),
    ("error.message", "The exact text the client printed.", "客户端打印的完整错误文本。"),
    ("request.base_url", "The base URL shows where the request went.", "Base URL 说明请求发往了哪里。"),
    ("request.model", "The model name, exactly as sent.", "发送时使用的确切模型名。"),
    ("request.client", "The client and its version.", "客户端及版本。"),
)


def _key(values: dict[str, Any]) -> str:
    status = values.get("response.status")
    if isinstance(status, int):
        if str(status) in _ADVICE:
            return str(status)
        return {2: "2xx", 4: "4xx", 5: "5xx"}.get(status // 100, "unknown")
    kind = values.get("error.kind")
    if kind == "timeout":
        return "timeout"
    if kind in ("connect", "dns", "tls", "proxy"):
        return "network"
    return "unknown"


def fallback(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """The general answer for facts no rule matched."""
    key = _key(values)
    en_title, en_steps, zh_title, zh_steps = _ADVICE[key]
    zh = lang == "zh"
    return {"by": key, "title": zh_title if zh else en_title,
            "next_steps": list(zh_steps if zh else en_steps),
            "evidence": list(_EVIDENCE["zh" if zh else "en"])}


def fallback_asks(present: frozenset[str], lang: str) -> list[dict[str, Any]]:
    """The facts to ask for that the ticket does not have yet."""
    return [{"fact": fact, "why": zh if lang == "zh" else en, "for": []}
            for fact, en, zh in _ASKS if fact not in present]
