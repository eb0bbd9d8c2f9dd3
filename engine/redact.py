"""Redact a ticket before it is kept anywhere (regression cases, feedback records).

Keys and tokens of every shape go through :mod:`triage.secrets` (the one detector), plus the
exact key values the ticket itself names. Then personal and traceable values are replaced by
stable placeholders, numbered in order of first appearance, the same value always getting the
same placeholder within one ticket: e-mail addresses (``email-1@example.invalid``), IPv4 and
IPv6 addresses (``192.0.2.1``, ``2001:db8::1``, documentation ranges), user names in URLs
(``https://user-1@host``), request and trace ids (``req-redacted-1``) and the ticket's
account. The ticket id is dropped unless kept. Every pattern is linear-time.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from triage.secrets import SECRET_FIELDS, mask_obj, mask_text

__all__ = ["Redactor", "redact_ticket", "ticket_secrets"]

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}\."
                    r"[A-Za-z0-9.\-]{2,190}")
_IPV4 = re.compile(r"(?<![0-9.])[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])[0-9A-Fa-f:]{3,39}(?![0-9A-Za-z:])")
_URL_USER = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]{1,15}://)([^/\s:@\"'<>]{1,64})"
                       r"(:[^/\s@\"'<>]{0,128}@|@)")
_REQ_LABELLED = re.compile(
    r"(?i)((?:x-)?(?:request|req|trace|correlation)[ _-]?id\b[\"']?\s{0,3}[:=：]?\s{0,3}"
    r"[\"']?|请求\s?ID\s?[:=：]?\s{0,3})([A-Za-z0-9][A-Za-z0-9._\-]{5,127})")
_REQ_BARE = re.compile(r"\breq_[A-Za-z0-9]{8,64}\b|\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
                       r"[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
# Header and field names whose whole value identifies one request or trace.
_ID_FIELDS = frozenset({"x_request_id", "request_id", "x_oneapi_request_id", "x_trace_id",
                        "trace_id", "cf_ray", "x_amzn_requestid", "x_amzn_trace_id",
                        "openai_request_id", "anthropic_request_id", "x_correlation_id",
                        "requestid", "req_id"})
_CREDENTIAL_HEADERS = ("authorization", "x-api-key", "api-key", "x-goog-api-key")


def ticket_secrets(facts: Mapping[str, Any]) -> list[str]:
    """The exact key values a ticket names (api_key, credential headers), for masking them
    wherever else they were pasted, whatever their shape."""
    found: list[str] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, Mapping):
            for k, v in obj.items():
                name = str(k).lower().replace("-", "_")
                if isinstance(v, str) and (name in SECRET_FIELDS or str(k).lower()
                                           in _CREDENTIAL_HEADERS):
                    text = v.strip()
                    found.append(text[7:].strip() if text.lower().startswith("bearer ")
                                 else text)
                else:
                    walk(v)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                walk(v)

    walk(facts)
    return [s for s in found if len(s) >= 6 and "..." not in s]


class Redactor:
    """Stable placeholders for one ticket (or one batch that should share numbering)."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        self.secrets = list(secrets or [])
        self.seen: dict[str, dict[str, str]] = {}

    def place(self, kind: str, value: str) -> str:
        table = self.seen.setdefault(kind, {})
        if value not in table:
            n = len(table) + 1
            table[value] = {"email": f"email-{n}@example.invalid", "ipv4": f"192.0.2.{n % 255}",
                            "ipv6": f"2001:db8::{n:x}", "user": f"user-{n}",
                            "req": f"req-redacted-{n}", "account": f"account-{n}"}[kind]
        return table[value]

    def text(self, text: str) -> str:
        text = mask_text(text, self.secrets)
        text = _URL_USER.sub(lambda m: m.group(1) + self.place("user", m.group(2))
                             + m.group(3), text)
        text = _EMAIL.sub(lambda m: self.place("email", m.group(0).lower()), text)
        text = _IPV4.sub(self._ipv4, text)
        if text.count(":") >= 2:
            text = _IPV6.sub(self._ipv6, text)
        text = _REQ_LABELLED.sub(lambda m: m.group(1) + self.place("req", m.group(2)), text)
        return _REQ_BARE.sub(lambda m: self.place("req", m.group(0)), text)

    def _ipv4(self, m: re.Match[str]) -> str:
        value = m.group(0)
        if not all(int(part) <= 255 for part in value.split(".")):
            return value
        if value.startswith("192.0.2.") or ipaddress.ip_address(value).is_loopback:
            return value  # already a documentation or loopback address
        return self.place("ipv4", value)

    def _ipv6(self, m: re.Match[str]) -> str:
        value = m.group(0)
        if value.count(":") < 2:
            return value
        try:
            address = ipaddress.IPv6Address(value)
        except ValueError:
            return value
        if address.is_loopback or value.lower().startswith("2001:db8:"):
            return value
        return self.place("ipv6", address.compressed)

    def obj(self, obj: Any) -> Any:
        """A redacted copy of a JSON-like value (keys masked by field name, too)."""
        return self._walk(mask_obj(obj, self.secrets))

    def _walk(self, obj: Any) -> Any:
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, Mapping):
            out: dict[Any, Any] = {}
            for k, v in obj.items():
                key = self.text(k) if isinstance(k, str) else k
                if (isinstance(k, str) and k.lower().replace("-", "_") in _ID_FIELDS
                        and isinstance(v, (str, int)) and str(v)):
                    out[key] = self.place("req", str(v))
                else:
                    out[key] = self._walk(v)
            return out
        if isinstance(obj, (list, tuple)):
            return [self._walk(v) for v in obj]
        return obj


def redact_ticket(facts: Mapping[str, Any], *, keep_id: bool = False) -> dict[str, Any]:
    """A redacted copy of one fact set: what may be written to a case file or stored."""
    redactor = Redactor(ticket_secrets(facts))
    data = dict(facts)
    ticket = data.get("ticket")
    if isinstance(ticket, Mapping):
        ticket = dict(ticket)
        if not keep_id:
            ticket.pop("id", None)
        if isinstance(ticket.get("account"), (str, int)) and str(ticket["account"]):
            ticket["account"] = redactor.place("account", str(ticket["account"]))
        if ticket:
            data["ticket"] = ticket
        else:
            data.pop("ticket")
    out = redactor.obj(data)
    assert isinstance(out, dict)
    return out
