"""One request from a gateway log, in a shape every input format is turned into.

A :class:`Record` keeps only what the report counts and what the rules need; every text that
may reach the report (key, user, message) is masked when the record is made, so nothing
downstream can leak a key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from triage.secrets import mask_key, mask_text

__all__ = ["MAX_MESSAGE", "Record", "as_int", "as_text", "epoch", "masked_key"]

MAX_MESSAGE = 4096  # characters of an error message kept for the diagnosis


@dataclass(frozen=True, slots=True)
class Record:
    """One request. ``failed`` is False for successes (counted, never diagnosed)."""

    failed: bool
    time: int | None = None          # epoch seconds, UTC
    model: str = ""
    key: str = ""                    # masked key or key name
    user: str = ""
    channel: str = ""
    status: int | None = None
    body: str = ""                   # the error body or message, as logged (masked)
    endpoint: str = ""
    client_error: str = ""           # no HTTP answer: the client-side exception text (masked)

    def facts(self) -> dict[str, Any]:
        """The contract's fact set for this request (docs/CONTRACT.md section 2)."""
        request: dict[str, Any] = {}
        if self.model:
            request["model"] = self.model
        if self.endpoint:
            request["endpoint"] = self.endpoint
        facts: dict[str, Any] = {"request": request}
        if self.status is not None or self.body:
            response: dict[str, Any] = {"body": self.body}
            if self.status is not None:
                response["status"] = self.status
            facts["response"] = response
        if self.client_error:
            facts["error"] = {"message": self.client_error}
        return facts

    def key_of(self) -> tuple[Any, ...]:
        """What the diagnosis depends on (used to reuse answers for repeated failures)."""
        return (self.model, self.status, self.body, self.endpoint, self.client_error)


def as_text(value: Any, limit: int = MAX_MESSAGE) -> str:
    """A bounded, masked string for any logged value (objects become compact JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = str(value)
    if len(text) > limit:
        text = text[:limit]
    return _mask_short(text) if len(text) <= 200 else mask_text(text)


@lru_cache(maxsize=16384)
def _mask_short(text: str) -> str:
    """Names (models, users, channels, key names) repeat on every line: masked once each."""
    return mask_text(text)


def as_int(value: Any) -> int | None:
    """An int from 404, "404", 404.0 or "" (None when it is not a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) < 12:
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    return None


def masked_key(value: Any) -> str:
    """A key column: a raw key is masked, a name or hash is kept short and masked as text."""
    text = as_text(value, 200).strip()
    if not text:
        return ""
    if text.lower().startswith("bearer "):
        text = text[7:].strip()
    if "..." in text:
        return text
    if len(text) >= 24 and all(c.isalnum() or c in "-_" for c in text):
        return mask_key(text)  # a whole key or a long token hash: never shown in full
    return text


def epoch(value: Any) -> int | None:
    """Epoch seconds from a Unix time (s or ms) or an ISO 8601 / SQL timestamp (UTC if naive)."""
    number = as_int(value) if not isinstance(value, float) else int(value)
    if number is not None:
        return number // 1000 if number > 10_000_000_000 else number
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    if "/" in text[:10]:
        text = text.replace("/", "-", 2).replace(" - ", " ", 1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())
