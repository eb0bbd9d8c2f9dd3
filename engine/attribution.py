"""Who must act on a diagnosis: the user, the gateway operator, the upstream provider or the
network between them, whether support must hand the ticket on, and why (zh and en).

Defaults come from ``kb/owners.yaml`` (one per cause family, optionally one per cause); a
rule may override them with its optional ``attribution`` field, so rules without the field
stay valid. :data:`BUILTIN` is used only for a knowledge base that has no ``owners.yaml``;
a test keeps it equal to the bundled file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["BUILTIN", "ESCALATE_WORDS", "OWNERS", "OWNER_WORDS", "Attribution", "OwnerTable",
           "owner_table", "parse_owner", "resolve", "who_acts"]

OWNERS = ("user", "gateway", "upstream", "network")


class Attribution(NamedTuple):
    """Immutable (a NamedTuple, not a dataclass: this module is on the diagnose path, whose
    cold start avoids importing dataclasses)."""

    owner: str
    escalate: bool
    reason: Mapping[str, str]            # zh, en

    def plain(self) -> dict[str, Any]:
        return {"owner": self.owner, "escalate": self.escalate, "reason": dict(self.reason)}


def parse_owner(data: Mapping[str, Any], base: Attribution | None = None) -> Attribution:
    """An attribution from a schema-checked mapping; missing parts come from ``base``."""
    owner = data.get("owner", base.owner if base else "user")
    escalate = data.get("escalate", base.escalate if base else False)
    reason = data.get("reason", base.reason if base else {"zh": "", "en": ""})
    return Attribution(str(owner), bool(escalate), {"zh": reason["zh"], "en": reason["en"]})


def _a(owner: str, escalate: bool, zh: str, en: str) -> Attribution:
    return Attribution(owner, escalate, {"zh": zh, "en": en})


BUILTIN: dict[str, Attribution] = {
    "model_not_found": _a("user", False, "用户需要改用平台列表中的准确模型名",
                          "the user must use the exact model name from the platform's list"),
    "model_access": _a("user", False, "用户需要换用有权限的令牌或分组",
                       "the user must use a key or group that may call the model"),
    "auth": _a("user", False, "用户需要发送正确、有效的令牌",
               "the user must send a correct, active key"),
    "quota": _a("user", False, "用户需要充值或提高令牌额度",
                "the user must top up or raise the key's quota"),
    "base_url": _a("user", False, "用户需要改正客户端里的 Base URL",
                   "the user must correct the base URL in the client"),
    "permission": _a("user", False, "用户需要在允许的地区、IP 或组织下调用",
                     "the user must call from an allowed region, IP or organisation"),
    "bad_request": _a("user", False, "用户需要改正请求参数或格式",
                      "the user must correct the request parameters or format"),
    "context_length": _a("user", False, "用户需要缩短输入或换用更长上下文的模型",
                         "the user must shorten the input or pick a longer-context model"),
    "content_policy": _a("user", False, "用户需要修改被安全审核拒绝的内容",
                         "the user must change the content the safety check refused"),
    "rate_limit": _a("user", False, "用户需要放慢请求或稍后重试",
                     "the user must slow down or retry later"),
    "network": _a("network", False, "用户与网关之间的网络、代理或 DNS 需要检查",
                  "the network, proxy or DNS between the user and the gateway needs checking"),
    "timeout": _a("network", False, "请求在途中超时，先检查网络与客户端超时设置",
                  "the request timed out on the way; check the network and client timeout "
                  "first"),
    "task_failed": _a("upstream", True, "异步任务在上游服务商处失败，需要转交",
                      "the asynchronous job failed at the upstream provider; hand it on"),
    "model_unavailable": _a("gateway", True, "网关的渠道不可用，需要平台运维处理",
                            "the gateway's channel is unavailable; the operator must act"),
    "upstream_error": _a("upstream", True, "上游服务商出错，需要转交平台跟进",
                         "the upstream provider failed; hand it on to the platform"),
}
BUILTIN_CAUSES: dict[str, Attribution] = {
    "model_access.listed_but_refused": _a(
        "gateway", True, "模型在列表中却被拒绝：网关的分组或渠道配置有误",
        "the model is listed yet refused: the gateway's group or channel setup is wrong"),
    "model_unavailable.overloaded": _a("upstream", True, "上游服务商过载，需要转交跟进",
                                       "the upstream provider is overloaded; hand it on"),
    "network.gateway_outbound": _a("gateway", True, "网关自身连不上上游，需要平台运维处理",
                                   "the gateway cannot reach its upstream; the operator must "
                                   "act"),
    "network.origin_unreachable": _a("gateway", True, "CDN 连不上网关源站，需要平台运维处理",
                                     "the CDN cannot reach the gateway's origin; the operator "
                                     "must act"),
    "timeout.client": _a("user", False, "客户端超时设置太短，用户可以自行调大",
                         "the client's timeout is too short; the user can raise it"),
    "timeout.gateway": _a("gateway", True, "网关等待上游超时，需要平台运维处理",
                          "the gateway timed out waiting for its upstream; the operator must "
                          "act"),
    "timeout.upstream": _a("upstream", True, "上游服务商响应超时，需要转交跟进",
                           "the upstream provider timed out; hand it on"),
    "permission.account_banned": _a("gateway", True, "账户被平台封禁，只有平台运营方能解除",
                                    "the platform suspended the account; only its operator "
                                    "can lift that"),
    "task_failed.stuck": _a("gateway", True, "任务长时间没有结果，需要平台查看任务队列",
                            "the job has had no result for too long; the platform must check "
                            "its queue"),
}


class OwnerTable(NamedTuple):
    """Family defaults and per-cause defaults, as loaded from ``kb/owners.yaml`` (the
    built-in tables when a knowledge base has none; never mutated)."""

    families: Mapping[str, Attribution] = BUILTIN
    causes: Mapping[str, Attribution] = BUILTIN_CAUSES

    def default(self, cause: str) -> Attribution:
        family = cause.split(".", 1)[0]
        best = self.families.get(family) or BUILTIN.get(family) or _a(
            "gateway", True, "没有默认负责方，请交给平台判断", "no default owner; let the "
            "platform decide")
        parts = cause.split(".")
        for n in range(len(parts), 1, -1):  # the most specific cause prefix wins
            hit = self.causes.get(".".join(parts[:n]))
            if hit is not None:
                return hit
        return best


def resolve(table: OwnerTable, cause: str, override: Mapping[str, Any] | None) -> Attribution:
    """The attribution of a rule: its own ``attribution`` over the cause/family default."""
    base = table.default(cause)
    return parse_owner(override, base) if override else base


def owner_table(data: Mapping[str, Any]) -> OwnerTable:
    """The table of a schema-checked ``kb/owners.yaml``."""
    return OwnerTable({k: parse_owner(v) for k, v in data["families"].items()},
                      {k: parse_owner(v) for k, v in (data.get("causes") or {}).items()})


# Plain words for who acts, and for whether support hands the ticket on: (en, zh).
OWNER_WORDS = {
    "user": ("the user, in their own configuration", "用户（自己的配置）"),
    "gateway": ("the gateway operator", "网关运营方"),
    "upstream": ("the upstream provider, through the gateway operator",
                 "上游服务商（经由网关运营方）"),
    "network": ("the network between the user and the gateway", "用户与网关之间的网络"),
}
ESCALATE_WORDS = {True: ("hand the ticket on", "需要转交"),
                  False: ("support resolves it with the user", "客服与用户即可解决")}
_LABEL = ("Who acts next", "下一步由谁处理")
_NOBODY = ("support: collect the facts asked for below", "客服：先补充下方列出的事实")


def who_acts(result: Mapping[str, Any], lang: str) -> str:
    """One line from a diagnosis result: who acts next, whether to hand on, and why."""
    i = 1 if lang == "zh" else 0
    first = (result.get("diagnoses") or [{}])[0]
    owner = first.get("owner")
    if owner not in OWNER_WORDS:
        return f"{_LABEL[i]}: {_NOBODY[i]}" if i == 0 else f"{_LABEL[i]}：{_NOBODY[i]}"
    words = OWNER_WORDS[owner][i]
    hand = ESCALATE_WORDS[bool(first.get("escalate"))][i]
    reason = str(first.get("owner_reason", ""))
    if i:
        return f"{_LABEL[i]}：{words} · {hand}" + (f" —— {reason}" if reason else "")
    return f"{_LABEL[i]}: {words} · {hand}" + (f" — {reason}" if reason else "")
