"""The console's words in zh and en: page labels and the names of the facts a form asks for."""

from __future__ import annotations

__all__ = ["FIELD_LABELS", "UI", "field_label", "pick_lang"]

UI: dict[str, dict[str, str]] = {
    "en": {
        "lang_name": "English", "other_lang": "中文", "title": "triage · support console",
        "tagline": "Paste what the user sent, add the facts you know, get the cause to check "
                   "first.",
        "paste": "Error body or whole ticket",
        "paste_hint": "Paste the raw error body (JSON, HTML or text), an exception message, "
                      "a raw HTTP response, or a whole ticket in YAML/JSON (request:, "
                      "response:, account: ...). Never paste a full API key: it is masked, "
                      "but it should not travel at all.",
        "facts": "Facts you know", "submit": "Diagnose", "again": "Diagnose again",
        "next": "Next: ask the user for these", "next_hint":
            "Filling these confirms or rules out the causes above.",
        "first": "Check first", "partial": "Possibly (the message matches; not confirmed yet)",
        "words": "Possibly (from the words of the message alone)",
        "others": "Other candidates", "none":
            "No rule matched these facts. Add the status, model and base URL, or paste "
            "the whole error body.",
        "because": "Why", "steps": "Next steps", "evidence": "Evidence to keep",
        "read": "Answer pages", "confidence": "confidence", "handoff": "Handoff note",
        "handoff_hint": "Markdown for the ticket or the next support line (keys masked).",
        "copy_note": "Copy", "copied": "Copied", "warnings": "Warnings",
        "pasted": "Read from the pasted text", "all_facts":
            "Facts as the engine read them", "read_as": "Read as", "kb": "Answer entries",
        "question": "Question", "answer": "Answer", "basis": "Why this holds",
        "boundaries": "When this does not apply", "followups": "Follow-up questions",
        "never_ask": "Never ask for", "related": "Related", "back": "Back to the console",
        "error": "Something is wrong with this request", "not_found": "Not found",
        "how_empty": "nothing pasted", "how_ticket": "a whole ticket",
        "how_http": "a raw HTTP response", "how_body": "an error body",
        "how_message": "a client-side error message", "draft": "draft rule",
        "one_per_line": "one per line", "headers_hint": "name: value, one per line",
        "choose": "(choose)",
    },
    "zh": {
        "lang_name": "中文", "other_lang": "English", "title": "triage · 客服诊断台",
        "tagline": "粘贴用户发来的报错，补充已知信息，得到应当优先检查的原因。",
        "paste": "错误响应体或整张工单",
        "paste_hint": "可粘贴原始错误响应体（JSON、HTML 或文本）、客户端异常信息、原始 HTTP "
                      "响应，或 YAML/JSON 格式的整张工单（request:、response:、account: 等）。"
                      "请勿粘贴完整 API 密钥：系统会脱敏，但密钥本不应外传。",
        "facts": "已知信息", "submit": "诊断", "again": "重新诊断",
        "next": "下一步：请向用户确认以下信息",
        "next_hint": "补充这些信息可以确认或排除上面的原因。",
        "first": "优先检查", "partial": "可能（错误信息吻合，尚未确认）",
        "words": "可能（仅凭错误信息的用词判断）", "others": "其他可能原因",
        "none": "没有规则与这些信息匹配。请补充状态码、模型和 Base URL，或粘贴完整错误响应体。",
        "because": "依据", "steps": "下一步", "evidence": "需保留的证据", "read": "参考答案",
        "confidence": "置信度", "handoff": "交接说明",
        "handoff_hint": "可直接贴进工单或转交下一线支持的 Markdown（密钥已脱敏）。",
        "copy_note": "复制", "copied": "已复制", "warnings": "警告",
        "pasted": "从粘贴的文本中读取",
        "all_facts": "引擎读取到的事实",
        "read_as": "识别为", "kb": "知识库条目", "question": "问题", "answer": "答案",
        "basis": "依据", "boundaries": "适用范围", "followups": "追问", "never_ask": "切勿索要",
        "related": "相关条目", "back": "返回诊断台", "error": "请求有误",
        "not_found": "未找到", "how_empty": "未粘贴内容", "how_ticket": "整张工单",
        "how_http": "原始 HTTP 响应", "how_body": "错误响应体", "how_message": "客户端错误信息",
        "draft": "草稿规则", "one_per_line": "每行一个", "headers_hint": "名称: 值，每行一个",
        "choose": "（请选择）",
    },
}

FIELD_LABELS: dict[str, tuple[str, str]] = {  # fact path → (en, zh)
    "request.model": ("Model (as configured)", "模型名（客户端里填写的）"),
    "request.base_url": ("Base URL", "Base URL"),
    "request.url": ("Full URL called", "实际请求的完整 URL"),
    "request.endpoint": ("Endpoint path", "接口路径"),
    "request.method": ("HTTP method", "请求方法"),
    "request.kind": ("Kind of request", "请求类型"),
    "request.sent_model": ("Model the gateway received", "网关实际收到的模型名"),
    "request.client": ("Client and version", "客户端及版本"),
    "request.key_id": ("Masked key id (sk-...abcd)", "脱敏后的令牌标识（sk-...abcd）"),
    "request.headers": ("Request headers", "请求头"),
    "request.stream": ("Streaming", "是否流式"),
    "request.timeout_s": ("Client timeout (s)", "客户端超时（秒）"),
    "response.status": ("HTTP status", "HTTP 状态码"),
    "response.headers": ("Response headers", "响应头"),
    "response.elapsed_ms": ("Time until the answer (ms)", "响应耗时（毫秒）"),
    "error.message": ("Client error message", "客户端错误信息"),
    "error.kind": ("Kind of client error", "客户端错误类型"),
    "account.models": ("Models in GET /v1/models", "GET /v1/models 返回的模型"),
    "account.key_models": ("Models this key may call", "该令牌可用的模型"),
    "account.group": ("Key group", "令牌分组"),
    "account.balance": ("Account balance", "账户余额"),
    "account.key_quota_remaining": ("Key quota left", "令牌剩余额度"),
    "account.key_status": ("Key status", "令牌状态"),
    "platform.base_url": ("Platform's correct base URL", "平台正确的 Base URL"),
    "platform.channel_status": ("Channel status of the model", "该模型的渠道状态"),
    "task.id": ("Task id", "任务 ID"),
    "task.status": ("Task status", "任务状态"),
    "task.fail_reason": ("Task failure reason", "任务失败原因"),
    "task.age_s": ("Seconds since the task was submitted", "任务提交至今（秒）"),
    "task.params": ("Task parameters", "任务参数"),
    "ticket.id": ("Ticket id", "工单号"),
    "ticket.time": ("Time of the failure (with timezone)", "出错时间（含时区）"),
    "ticket.account": ("Account", "账户"),
    "ticket.owner": ("Owner", "负责人"),
    "ticket.environment": ("Environment", "环境"),
    "ticket.last_known_good": ("Last known good", "最近一次正常"),
    "ticket.summary": ("Summary", "摘要"),
}


def field_label(path: str, lang: str) -> str:
    en, zh = FIELD_LABELS.get(path, (path, path))
    return zh if lang == "zh" else en


def pick_lang(accept_language: str) -> str:
    """zh or en from an Accept-Language header (highest q wins; en when nothing fits)."""
    best, best_q = "en", -1.0
    for part in accept_language.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        base = tag.strip().lower().split("-", 1)[0]
        if base in ("zh", "en") and q > best_q:
            best, best_q = base, q
    return best

# Feedback on a diagnosis (issue 14): the result page's buttons and the page after them.
UI["en"].update({
    "feedback": "Was the first diagnosis right?", "feedback_right": "Right",
    "feedback_wrong": "Wrong", "feedback_cause": "The right cause, if you know it",
    "feedback_note": "Note (optional; keys are masked)",
    "feedback_thanks": "Thank you: the feedback is recorded", "feedback_back": "New ticket",
})
UI["zh"].update({
    "feedback": "首个诊断是否正确？", "feedback_right": "正确", "feedback_wrong": "错误",
    "feedback_cause": "正确的原因（如已知）", "feedback_note": "备注（可选；令牌会被脱敏）",
    "feedback_thanks": "谢谢，反馈已记录", "feedback_back": "新的工单",
})
