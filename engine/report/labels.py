"""The report's own words, in zh and en (family names as on the answer site)."""

from __future__ import annotations

from triage.vocabulary import FAMILY_NAMES

__all__ = ["FAMILY", "TEXT", "family_name", "t"]

FAMILY: dict[str, dict[str, str]] = {
    **FAMILY_NAMES,
    "unknown": {"zh": "未能诊断", "en": "Not diagnosed"},
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Failed requests: causes", "period": "Period", "inputs": "Inputs",
        "lines": "lines", "requests": "requests", "failed": "failed requests",
        "diagnosed": "diagnosed", "undiagnosed": "not diagnosed", "bad": "unreadable lines",
        "sides": "Who can fix it", "side.user": "users themselves (configuration, key, balance)",
        "side.platform": "the platform (gateway or upstream)",
        "side.network": "network between client and gateway", "side.unknown": "not diagnosed",
        "families": "Failures by cause family", "causes": "Top causes",
        "over_time": "Failures over time", "bucket.hour": "per hour", "bucket.day": "per day",
        "dim.model": "By model", "dim.key": "By key (masked)", "dim.user": "By user",
        "dim.channel": "By channel / upstream", "cause": "Cause", "family": "Family",
        "count": "Failures", "share": "Share", "owner": "Owner", "examples": "Examples (masked)",
        "answer": "Answer", "rule": "Rule", "name": "Name", "top_family": "Main families",
        "baseline": "Against the previous report", "new": "New causes",
        "rising": "Rising causes", "gone": "Causes no longer seen", "before": "Before",
        "change": "Change", "none": "none", "bad_samples": "Unreadable lines (samples)",
        "start": "Start", "chart.families": "Failures by cause family",
        "chart.time": "Failures over time by family", "chart.sides": "Who can fix the failures",
        "chart.models": "Failures by model (top 10)", "generated": "Generated",
        "no_failures": "No failed requests in these logs.",
    },
    "zh": {
        "title": "失败请求原因报告", "period": "时间范围", "inputs": "输入文件",
        "lines": "行", "requests": "个请求", "failed": "个失败请求",
        "diagnosed": "已诊断", "undiagnosed": "未能诊断", "bad": "无法读取的行",
        "sides": "由谁来修复", "side.user": "用户自己（配置、令牌、余额）",
        "side.platform": "平台（网关或上游）", "side.network": "客户端与网关之间的网络",
        "side.unknown": "未能诊断",
        "families": "按原因类别统计失败", "causes": "主要原因",
        "over_time": "失败数随时间变化", "bucket.hour": "按小时", "bucket.day": "按天",
        "dim.model": "按模型", "dim.key": "按令牌（已脱敏）", "dim.user": "按用户",
        "dim.channel": "按渠道 / 上游", "cause": "原因", "family": "类别",
        "count": "失败数", "share": "占比", "owner": "负责方", "examples": "示例（已脱敏）",
        "answer": "解答", "rule": "规则", "name": "名称", "top_family": "主要类别",
        "baseline": "与上一份报告相比", "new": "新出现的原因",
        "rising": "上升的原因", "gone": "不再出现的原因", "before": "之前",
        "change": "变化", "none": "无", "bad_samples": "无法读取的行（示例）",
        "start": "开始时间", "chart.families": "按原因类别统计失败",
        "chart.time": "各类别失败数随时间变化", "chart.sides": "失败由谁来修复",
        "chart.models": "按模型统计失败（前 10）", "generated": "生成时间",
        "no_failures": "这些日志中没有失败的请求。",
    },
}


def t(lang: str, key: str) -> str:
    return TEXT[lang].get(key, TEXT["en"].get(key, key))


def family_name(family: str, lang: str) -> str:
    return FAMILY.get(family, {}).get(lang, family)
