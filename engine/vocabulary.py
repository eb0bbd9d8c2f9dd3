"""The normalised facts that rules may test: name, type, allowed values and plain words.

Rules refer to these names (``fact: response.status``); the loader rejects unknown names and
values of the wrong type. Text patterns are not facts: they are matched in Python over the
error text (see ``triage.facts.text``).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["FACTS", "FAMILIES", "FAMILY_NAMES", "INPUTS", "TIERS", "VALUE_WORDS", "FactSpec",
           "tier_name"]


class FactSpec(NamedTuple):
    type: str                      # int | number | str | bool
    en: str
    zh: str
    values: tuple[str, ...] = ()   # allowed values of a str fact, when closed
    fold: str = ""                 # lower | upper: the normaliser folds the case of the value


FAMILIES = (
    "model_not_found", "model_access", "model_unavailable", "base_url", "auth", "permission",
    "quota", "rate_limit", "timeout", "bad_request", "context_length", "content_policy",
    "upstream_error", "task_failed", "network",
)

# What readers see for each family (answer site, log report), in zh and en.
FAMILY_NAMES: dict[str, dict[str, str]] = {
    "model_not_found": {"zh": "模型名称不对", "en": "Model not found"},
    "model_access": {"zh": "无权调用模型", "en": "Model access"},
    "model_unavailable": {"zh": "模型暂不可用", "en": "Model unavailable"},
    "base_url": {"zh": "Base URL 与路径", "en": "Base URL and path"},
    "auth": {"zh": "令牌认证", "en": "Authentication"},
    "permission": {"zh": "权限限制", "en": "Permission"},
    "quota": {"zh": "余额与额度", "en": "Balance and quota"},
    "rate_limit": {"zh": "速率限制", "en": "Rate limits"},
    "timeout": {"zh": "超时", "en": "Timeouts"},
    "bad_request": {"zh": "请求参数错误", "en": "Bad request"},
    "context_length": {"zh": "上下文超长", "en": "Context length"},
    "content_policy": {"zh": "内容审核", "en": "Content policy"},
    "upstream_error": {"zh": "上游服务错误", "en": "Upstream errors"},
    "task_failed": {"zh": "异步任务失败", "en": "Failed tasks"},
    "network": {"zh": "网络连接", "en": "Network"},
}

# Plain words for the values of closed facts, used when a reason is shown: (en, zh).
VALUE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "model.listed": {
        "exact": ("the model is on the platform's list, spelled exactly",
                  "模型在平台列表中，写法完全一致"),
        "case_only": ("the model is on the platform's list only in another case or spacing",
                      "模型只有在忽略大小写或空格时才在平台列表中"),
        "close": ("a similar but different name is on the platform's list",
                  "平台列表中有相近但不同的名称"),
        "absent": ("nothing like the model is on the platform's list",
                   "平台列表中没有这个模型或相近的名称"),
    },
    "model.catalog": {
        "current": ("the model is a current public model id", "该模型是现行的公开模型 ID"),
        "retired": ("the model id belongs to a retired model", "该模型 ID 属于已下线的模型"),
        "case_only": ("the model id matches a public id only in another case",
                      "该模型 ID 只有在忽略大小写时才与公开 ID 一致"),
        "unknown": ("the model id is not a well-known public id", "该模型 ID 不是常见的公开 ID"),
    },
}

FACTS: dict[str, FactSpec] = {
    # from the ticket, typed
    "response.status": FactSpec("int", "the HTTP status", "HTTP 状态码"),
    "response.elapsed_ms": FactSpec("number", "the time to the answer (ms)", "响应耗时（毫秒）"),
    "response.retry_after_s": FactSpec("number", "the retry-after header (s)",
                                       "retry-after 头（秒）"),
    "request.kind": FactSpec("str", "the kind of request", "请求类型",
                             ("chat", "completion", "embedding", "image", "video", "audio",
                              "models", "other")),
    "request.method": FactSpec("str", "the HTTP method", "HTTP 方法", fold="upper"),
    "request.stream": FactSpec("bool", "streaming was on", "开启了流式输出"),
    "request.timeout_s": FactSpec("number", "the client timeout (s)", "客户端超时（秒）"),
    "error.kind": FactSpec("str", "the kind of client-side failure", "客户端失败类型",
                           ("timeout", "connect", "dns", "tls", "proxy", "other")),
    "error.client": FactSpec("str", "the client that printed the error (read from pasted "
                             "text or request.client)",
                             "打印错误的客户端（读自粘贴文本或 request.client）"),
    "account.balance": FactSpec("number", "the account balance", "账户余额"),
    "account.key_quota_remaining": FactSpec("number", "the key's remaining quota", "令牌剩余额度"),
    "account.key_status": FactSpec("str", "the key's status", "令牌状态",
                                   ("active", "disabled", "expired", "exhausted")),
    "platform.channel_status": FactSpec("str", "the upstream channel's status", "上游渠道状态",
                                        ("ok", "degraded", "down")),
    "task.status": FactSpec("str", "the task status", "任务状态",
                            ("queued", "running", "succeeded", "failed", "timeout", "unknown")),
    "task.age_s": FactSpec("number", "the task's age (s)", "任务已提交时长（秒）"),
    # derived
    "status.class": FactSpec("str", "the status class", "状态码类别",
                             ("1xx", "2xx", "3xx", "4xx", "5xx")),
    "response.answered": FactSpec("bool", "an HTTP answer came back", "收到了 HTTP 响应"),
    "body.shape": FactSpec("str", "the shape of the error body", "错误体格式"),
    "body.code": FactSpec("str", "the error code in the body", "错误体中的错误码",
                          fold="lower"),
    "body.type": FactSpec("str", "the error type in the body", "错误体中的错误类型",
                          fold="lower"),
    "body.inner_status": FactSpec("int", "an HTTP status named inside the body",
                                  "错误体内嵌的状态码"),
    "body.empty": FactSpec("bool", "the body is empty or only the status's reason phrase",
                           "响应体为空，或只有状态码的短语"),
    "body.error_in_2xx": FactSpec("bool", "a 2xx answer whose body reports a failure",
                                  "2xx 响应的响应体里报告了错误"),
    "model.given": FactSpec("bool", "a model name was given", "提供了模型名"),
    "model.listed": FactSpec("str", "how the model appears in the platform's list",
                             "模型在平台模型列表中的情况",
                             ("exact", "case_only", "close", "absent")),
    "model.key_allowed": FactSpec("bool", "the key's list allows the model",
                                  "令牌可用模型包含该模型"),
    "model.catalog": FactSpec("str", "the model in the public catalogue", "模型在公开目录中的状态",
                              ("current", "retired", "case_only", "unknown")),
    "model.rewritten": FactSpec("bool", "the client sent another model name",
                                "客户端发送了不同的模型名"),
    "model.in_message": FactSpec("bool", "the message names the model", "错误信息提到了该模型"),
    "url.malformed": FactSpec("bool", "the base URL is not a full URL", "Base URL 不是完整地址"),
    "url.full_endpoint": FactSpec("bool", "the base URL already ends with an endpoint path",
                                  "Base URL 已包含具体接口路径"),
    "url.console_page": FactSpec("bool", "the base URL is a console page",
                                 "Base URL 指向控制台页面"),
    "url.doubled_v1": FactSpec("bool", "the path has /v1 twice", "路径中出现两次 /v1"),
    "url.doubled_path": FactSpec("bool", "the endpoint path is doubled", "接口路径重复"),
    "url.missing_v1": FactSpec("bool", "the base URL lacks the platform's /v1",
                               "Base URL 缺少 /v1"),
    "url.no_version": FactSpec("bool", "the path called has no version prefix",
                               "调用路径没有版本前缀"),
    "url.host_mismatch": FactSpec("bool", "the host differs from the platform's",
                                  "主机与平台地址不一致"),
    "url.official_host": FactSpec("bool", "the host is a vendor's official API",
                                  "主机是厂商官方 API"),
    "url.official_with_gateway": FactSpec("bool", "an official host was called for a gateway",
                                          "网关用户调用了官方地址"),
    "url.local": FactSpec("bool", "the host is this machine", "主机是本机地址"),
    "task.has_id": FactSpec("bool", "a task id is known", "已知任务 ID"),
    "task.stuck": FactSpec("bool", "the task has waited too long", "任务等待时间过长"),
}


# --- The fact set a ticket gives (contract section 2): section.field -> kind and meaning. ---
# Kinds: str, int, number, bool, list (of text), map, body (text, object or array), secret
# (text, masked everywhere), any. Closed values come from FACTS when the name is the same.
# The normaliser types its input with this table; schemas/facts.schema.json and the table in
# docs/facts.md are generated from it (python -m triage.vocabgen), and a test checks both.

def _closed(name: str) -> tuple[str, ...]:
    return FACTS[name].values if name in FACTS else ()


INPUTS: dict[str, FactSpec] = {
    "ticket.id": FactSpec("str", "the ticket's id", "工单编号"),
    "ticket.time": FactSpec("str", "when it happened", "发生时间"),
    "ticket.account": FactSpec("str", "the user's account (not a secret)", "用户账号（非密钥）"),
    "ticket.owner": FactSpec("str", "who handles the ticket", "工单负责人"),
    "ticket.environment": FactSpec("str", "where the client runs", "客户端运行环境"),
    "ticket.last_known_good": FactSpec("str", "when it last worked", "上次正常的时间"),
    "ticket.summary": FactSpec("str", "the user's own words", "用户的描述"),
    "ticket.capability": FactSpec("str", "what the user tried to do", "用户想完成的功能"),
    "ticket.next_review": FactSpec("str", "when to look at the ticket again", "下次复查时间"),
    "request.base_url": FactSpec("str", "the base URL the client was configured with",
                                 "客户端配置的 Base URL"),
    "request.url": FactSpec("str", "the full URL called", "实际调用的完整地址"),
    "request.endpoint": FactSpec("str", "the endpoint path", "接口路径"),
    "request.method": FactSpec("str", "the HTTP method", "HTTP 方法"),
    "request.kind": FactSpec("str", "the kind of request", "请求类型", _closed("request.kind")),
    "request.model": FactSpec("str", "the model name as configured", "用户配置的模型名"),
    "request.sent_model": FactSpec("str", "the model name the gateway received",
                                   "网关实际收到的模型名"),
    "request.client": FactSpec("str", "the client application or library", "客户端应用或库"),
    "request.api_key": FactSpec("secret", "the API key (masked in every output)",
                                "API 密钥（所有输出中都会打码）"),
    "request.headers": FactSpec("map", "the request headers", "请求头"),
    "request.key_id": FactSpec("str", "an already masked key identifier", "已打码的密钥标识"),
    "request.stream": FactSpec("bool", "streaming was on", "开启了流式输出"),
    "request.timeout_s": FactSpec("number", "the client timeout (s)", "客户端超时（秒）"),
    "response.status": FactSpec("int", "the HTTP status", "HTTP 状态码"),
    "response.headers": FactSpec("map", "the response headers", "响应头"),
    "response.body": FactSpec("body", "the body exactly as received", "原样收到的响应体"),
    "response.elapsed_ms": FactSpec("number", "the time to the answer (ms)", "响应耗时（毫秒）"),
    "response.request_id": FactSpec("str", "the platform's id for the call (read from the "
                                    "headers, body or pasted text when not given)",
                                    "平台为这次调用给出的请求 ID"
                                    "（未提供时从响应头、响应体或粘贴文本中读取）"),
    "error.message": FactSpec("str", "the client-side error text", "客户端报错文本"),
    "error.kind": FactSpec("str", "the kind of client-side failure", "客户端失败类型",
                           _closed("error.kind")),
    "account.models": FactSpec("list", "the platform's model list", "平台模型列表"),
    "account.key_models": FactSpec("list", "the models this key may call", "该令牌可用的模型"),
    "account.group": FactSpec("str", "the user's group", "用户分组"),
    "account.balance": FactSpec("number", "the account balance", "账户余额"),
    "account.key_quota_remaining": FactSpec("number", "the key's remaining quota",
                                            "令牌剩余额度"),
    "account.key_status": FactSpec("str", "the key's status", "令牌状态",
                                   _closed("account.key_status")),
    "platform.base_url": FactSpec("str", "the platform's correct base URL", "平台正确的 Base URL"),
    "platform.channel_status": FactSpec("str", "the upstream channel's status", "上游渠道状态",
                                        _closed("platform.channel_status")),
    "task.id": FactSpec("str", "the task id", "任务 ID"),
    "task.status": FactSpec("str", "the task status", "任务状态", _closed("task.status")),
    "task.fail_reason": FactSpec("str", "why the task failed", "任务失败原因"),
    "task.age_s": FactSpec("number", "seconds since the task was submitted",
                           "任务已提交时长（秒）"),
    "task.params": FactSpec("map", "the task's parameters", "任务参数"),
    "probe.*": FactSpec("any", "what triage collect recorded about its own steps",
                        "triage collect 记录的探测步骤"),
}

# Evidence tiers of a rule's confidence: (lowest confidence, en, zh), strongest first.
TIERS: tuple[tuple[float, str, str], ...] = (
    (0.95, "decisive", "决定性证据"),
    (0.85, "strong", "强证据"),
    (0.6, "likely", "较可能"),
    (0.0, "a hint", "提示"),
)


def tier_name(confidence: float, lang: str = "en") -> str:
    """The tier of a confidence in words (the engine ranks by the same bounds)."""
    for bound, en, zh in TIERS:
        if confidence >= bound:
            return en if lang == "en" else zh
    return TIERS[-1][1] if lang == "en" else TIERS[-1][2]
