"""The site's own words in zh and en: section headings, family names, condition phrases."""

from __future__ import annotations

from triage.vocabulary import FAMILY_NAMES

__all__ = ["FAMILY", "GROUPS", "LABELS", "LANG_NAMES", "OPS", "TEXT_IN", "tier"]

LANG_NAMES = {"zh": "中文", "en": "English"}

FAMILY = FAMILY_NAMES  # one table, in triage.vocabulary

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "site_name": "triage 故障排查知识库",
        "site_description": "OpenAI 兼容 AI API 网关的故障排查问答："
                            "先查什么、为什么、下一步做什么。",
        "home": "首页", "answers": "问答", "guides": "概念与指南",
        "question": "问题", "basis": "依据与适用范围", "boundaries": "适用范围",
        "steps": "下一步", "evidence": "请准备这些信息", "never_ask": "我们不会索要",
        "followups": "追问", "variants": "其他问法", "related": "相关页面",
        "related_answers": "相关问答", "glossary": "术语表", "checklists": "检查清单",
        "rules": "诊断规则", "rules_for": "诊断这个问题的规则", "handoff": "工单交接与审核",
        "handoff_note": "交接模板", "review": "审核说明", "version": "版本",
        "changed": "最后更新", "reviewed": "审核日期", "next_review": "下次审核",
        "owner": "维护者", "history": "修订记录", "changes": "更新记录",
        "when": "触发条件", "cause": "原因", "confidence": "把握", "explanation": "说明",
        "last_resort": ("这是兜底规则：只有在其他规则都不匹配、也没有部分匹配时，"
                        "才凭错误信息的用词给出。"),
        "rule_evidence": "需要的证据", "ask": "还需确认的信息", "rule_id": "规则 ID",
        "status_draft": "草稿：这条规则仍在试用。",
        "status_deprecated": "这条规则已停用。", "replaced_by": "取代它的规则",
        "entry": "问答", "rule": "规则", "aliases": "别名", "see": "另见",
        "for_machines": "给程序和 AI 读取", "all_lang": "全部语言",
        "home_intro": "调用 OpenAI 兼容 AI API（中转站、网关）出错时，按这里的顺序排查："
                      "先查自己能改的配置，最后才怀疑平台故障。每一页先给直接答案，"
                      "再说明依据、边界和下一步。",
        "rules_intro": "诊断引擎按这些公开规则判断原因。每条规则列出它在什么条件下成立、"
                       "指向哪种原因，以及相关问答。",
        "changes_intro": "问答和公开规则的修订记录，最新的在前。",
        "glossary_intro": "排查时常见的术语。",
        "checklists_intro": "排查和上报时逐项核对的清单。",
        "checklist_items": "清单", "root_intro": "选择语言",
        "feed": "更新订阅（Atom）", "llms": "llms.txt", "answer_label": "直接答案",
        "more": "更多", "other_lang": "English version", "colon": "：",
    },
    "en": {
        "site_name": "triage troubleshooting knowledge base",
        "site_description": "Answers for failing calls to OpenAI-compatible AI API gateways: what "
                            "to check first, why, and what to do next.",
        "home": "Home", "answers": "Answers", "guides": "Concepts and guides",
        "question": "Question", "basis": "Basis and boundaries", "boundaries": "Where it stops",
        "steps": "Next steps", "evidence": "Have this ready", "never_ask": "We never ask for",
        "followups": "Follow-up questions", "variants": "Also asked as", "related": "Related",
        "related_answers": "Related answers", "glossary": "Glossary", "checklists": "Checklists",
        "rules": "Diagnosis rules", "rules_for": "Rules that diagnose this",
        "handoff": "Handoff and review notes", "handoff_note": "Handoff template",
        "review": "Review notes", "version": "Version", "changed": "Last changed",
        "reviewed": "Reviewed", "next_review": "Next review", "owner": "Owner",
        "history": "History", "changes": "Changes", "when": "When it applies",
        "cause": "Cause", "confidence": "Confidence", "explanation": "Explanation",
        "last_resort": ("A last resort: offered only when no other rule fires and none matches "
                        "in part, from the words of the message alone."),
        "rule_evidence": "Evidence it needs", "ask": "Facts that would confirm it",
        "rule_id": "Rule id", "status_draft": "Draft: this rule is still on trial.",
        "status_deprecated": "This rule is deprecated.", "replaced_by": "Replaced by",
        "entry": "answer", "rule": "rule", "aliases": "Aliases", "see": "See also",
        "for_machines": "For programs and AI readers", "all_lang": "all languages",
        "home_intro": "When a call to an OpenAI-compatible AI API gateway fails, check things in "
                      "this order: what you can fix in your own configuration first, a platform "
                      "incident last. Each page gives the direct answer first, then its basis, "
                      "its boundaries and the next steps.",
        "rules_intro": "The diagnosis engine decides causes with these public rules. Each rule "
                       "says when it applies, which cause it points to and which answers explain "
                       "it.",
        "changes_intro": "Changes to answers and public rules, newest first.",
        "glossary_intro": "Terms that come up while troubleshooting.",
        "checklists_intro": "Lists to go through while troubleshooting and before escalating.",
        "checklist_items": "Checklist", "root_intro": "Choose a language",
        "feed": "Changes feed (Atom)", "llms": "llms.txt", "answer_label": "Direct answer",
        "more": "More", "other_lang": "中文版", "colon": ": ",
    },
}

# Condition operators in plain words: (en, zh); {v} is the value.
OPS: dict[str, dict[str, str]] = {
    "eq": {"en": "is {v}", "zh": "为 {v}"},
    "ne": {"en": "is not {v}", "zh": "不是 {v}"},
    "in": {"en": "is one of {v}", "zh": "是 {v} 之一"},
    "not_in": {"en": "is none of {v}", "zh": "不是 {v} 中的任何一个"},
    "gt": {"en": "is more than {v}", "zh": "大于 {v}"},
    "gte": {"en": "is at least {v}", "zh": "不小于 {v}"},
    "lt": {"en": "is less than {v}", "zh": "小于 {v}"},
    "lte": {"en": "is at most {v}", "zh": "不大于 {v}"},
}

GROUPS = {
    "all": {"en": "all of these hold:", "zh": "以下条件全部成立："},
    "any": {"en": "any of these holds:", "zh": "以下条件任一成立："},
    "not": {"en": "this does not hold:", "zh": "以下条件不成立："},
    "known": {"en": "{f} is known", "zh": "已知{f}"},
    "unknown": {"en": "{f} is not known", "zh": "未知{f}"},
    "true": {"en": "{f}", "zh": "{f}"},
    "false": {"en": "not so: {f}", "zh": "并非：{f}"},
    "text": {"en": "{where} matches {p}", "zh": "{where}匹配{p}"},
}

TEXT_IN = {
    "all": {"en": "the error text", "zh": "错误文本"},
    "message": {"en": "the error message", "zh": "错误信息"},
    "code": {"en": "the error code or type", "zh": "错误码或错误类型"},
    "task": {"en": "the task status or fail reason", "zh": "任务状态或失败原因"},
}


def tier(confidence: float, lang: str) -> str:
    """The evidence tier of a rule's confidence, in words (see docs/architecture.md)."""
    if confidence >= 0.95:
        words = {"en": "decisive", "zh": "决定性证据"}
    elif confidence >= 0.85:
        words = {"en": "strong", "zh": "强证据"}
    elif confidence >= 0.6:
        words = {"en": "likely", "zh": "较可能"}
    else:
        words = {"en": "a hint", "zh": "提示"}
    return words[lang]
