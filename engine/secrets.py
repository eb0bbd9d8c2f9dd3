"""Masking of API keys and other credentials.

Every output, log, cache and generated file goes through :func:`mask_text` or
:func:`mask_obj`. A masked key keeps a short prefix (its kind) and its last four
characters, the way gateways show a key identifier: ``sk-...9f2c``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["SECRET_FIELDS", "mask_key", "mask_obj", "mask_text"]

# Field and header names whose whole value is a credential (compared lower-cased, with
# "-" and "_" treated alike).
SECRET_FIELDS = frozenset(
    {
        "api_key", "apikey", "key", "authorization", "proxy_authorization", "x_api_key",
        "api_key_value", "x_goog_api_key", "token", "access_token", "secret", "password",
        "cookie", "set_cookie", "openai_api_key", "anthropic_api_key", "bearer",
    }
)

# Shapes of keys seen in the wild. Every pattern is a prefix followed by one bounded
# character class: linear time, no nested quantifiers.
_KEY_PATTERNS = [
    r"sk-ant-[A-Za-z0-9_\-]{8,}",            # Anthropic
    r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{8,}",  # OpenAI project / service keys
    r"sk-[A-Za-z0-9_\-]{12,}",                 # OpenAI, new-api, one-api, DeepSeek, ...
    r"AIza[0-9A-Za-z_\-]{20,}",                # Google / Gemini
    r"gsk_[A-Za-z0-9]{12,}",                   # Groq
    r"xai-[A-Za-z0-9]{12,}",                   # xAI
    r"hf_[A-Za-z0-9]{12,}",                    # Hugging Face
    r"r8_[A-Za-z0-9]{12,}",                    # Replicate
    r"pplx-[A-Za-z0-9]{12,}",                  # Perplexity
    r"(?:ghp|gho|github_pat)_[A-Za-z0-9_]{12,}",
]
_KEY_RE = re.compile(r"(?<![A-Za-z0-9_\-])(?:" + "|".join(_KEY_PATTERNS) + r")")
# "Bearer <token>" and "api-key: <token>" forms inside free text.
_BEARER_RE = re.compile(r"(?i)(\bbearer\s+)([A-Za-z0-9._~+/=\-]{8,})")
_HEADER_RE = re.compile(
    r"(?i)((?:x-api-key|api-key|x-goog-api-key|authorization)\s*[:=]\s*[\"']?)"
    r"(?!bearer\s)([A-Za-z0-9._~+/=\-]{8,})"
)
# Credentials in URLs: ?key=..., &api_key=..., user:password@host.
_QUERY_RE = re.compile(r"(?i)([?&](?:key|api[_-]?key|token|access_token|sig)=)([^&#\s\"']{4,})")
_USERINFO_RE = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]{1,15}://[^/\s:@]{0,64}:)([^/\s@]{1,128})(@)")


def mask_key(key: str) -> str:
    """Return the masked form of one key: its kind prefix and last four characters."""
    key = key.strip()
    if len(key) <= 8:
        return "***"
    prefix = ""
    for candidate in ("sk-ant-", "sk-proj-", "sk-", "AIza", "gsk_", "xai-", "hf_", "r8_", "pplx-"):
        if key.startswith(candidate):
            prefix = candidate
            break
    return f"{prefix}...{key[-4:]}"


# Every pattern above needs one of these (lower-cased) in the text: a cheap test first.
_MARKERS = ("sk-", "aiza", "gsk_", "xai-", "hf_", "r8_", "pplx-", "ghp_", "gho_",
            "github_pat_", "bearer", "api-key", "authorization")


def _may_hold_key(text: str) -> bool:
    low = text.lower()
    if any(marker in low for marker in _MARKERS):
        return True
    if "=" in text and ("key" in low or "token" in low or "sig" in low):
        return True
    return "://" in text and "@" in text


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask every credential found in ``text``, plus the exact ``secrets`` given."""
    if not text:
        return text
    for secret in secrets:
        if secret and len(secret) >= 6 and secret in text:
            text = text.replace(secret, mask_key(secret))
    if not _may_hold_key(text):
        return text
    text = _KEY_RE.sub(lambda m: mask_key(m.group(0)), text)
    text = _BEARER_RE.sub(lambda m: m.group(1) + mask_key(m.group(2)), text)
    text = _HEADER_RE.sub(lambda m: m.group(1) + mask_key(m.group(2)), text)
    text = _QUERY_RE.sub(lambda m: m.group(1) + mask_key(m.group(2)), text)
    return _USERINFO_RE.sub(lambda m: m.group(1) + "***" + m.group(3), text)


def _is_secret_field(name: str) -> bool:
    return name.lower().replace("-", "_") in SECRET_FIELDS


def mask_obj(obj: Any, secrets: Iterable[str] = ()) -> Any:
    """Return a copy of ``obj`` with every credential masked (fields by name, text by shape)."""
    secrets = tuple(s for s in secrets if s)
    return _mask(obj, secrets)


def _mask(obj: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(obj, str):
        return mask_text(obj, secrets)
    if isinstance(obj, Mapping):
        out: dict[Any, Any] = {}
        for k, v in obj.items():
            key = mask_text(k, secrets) if isinstance(k, str) else k  # a key pasted as a name
            if isinstance(k, str) and _is_secret_field(k) and isinstance(v, str) and v:
                out[key] = _mask_field(v)
            else:
                out[key] = _mask(v, secrets)
        return out
    if isinstance(obj, (list, tuple)):
        return [_mask(v, secrets) for v in obj]
    return obj


def _mask_field(value: str) -> str:
    stripped = value.strip()
    if stripped.lower().startswith("bearer "):
        return "Bearer " + mask_key(stripped[7:])
    if "..." in stripped and len(stripped) <= 20:
        return stripped  # already a masked identifier
    return mask_key(stripped)
