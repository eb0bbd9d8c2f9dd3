"""The one secret detector: find and mask API keys and other credentials.

Every output, log, cache and generated file goes through :func:`mask_text` or
:func:`mask_obj`; ``triage validate`` and ``triage build`` use :func:`find_secrets` to refuse
sources that hold a key. A masked key keeps a short prefix (its kind) and its last four
characters, the way gateways show a key identifier: ``sk-...9f2c``.

API (all pure functions, safe on any input, linear time):

* ``find_secrets(text) -> list[Finding]``: every credential in ``text``, sorted and not
  overlapping; a :class:`Finding` has ``kind`` (e.g. ``"openai-key"``, ``"jwt"``,
  ``"credential-field"``), ``start``/``end`` (the span to hide) and ``value``.
* ``mask_text(text, secrets=()) -> str``: ``text`` with every finding masked, plus every
  exact string in ``secrets``. Idempotent: masking masked text changes nothing.
* ``mask_obj(obj, secrets=()) -> Any``: a copy of a JSON-like value, masked by field name
  (``api_key``, ``Authorization``, ``client_secret``, ...) and by shape inside every string.
* ``mask_key(key) -> str``: the masked form of one key.
* ``is_secret_field(name) -> bool``: whether a field or header name holds a credential.
* ``looks_fake(value) -> bool``: the reviewed allow-list for documentation examples
  (``sk-xxxx...``, ``<your-key>``, ``sk-...9f2c``); only the source check uses it, masking
  hides fake keys as well.

What is found: vendor prefixes (OpenAI ``sk-``/``sk-proj-``/``sk-svcacct-``/``sk-admin-``,
gateway ``sk-`` keys of new-api/one-api, Anthropic ``sk-ant-``, Google ``AIza``/``ya29.``/
``GOCSPX-``, AWS ``AKIA``/``ASIA`` ids, GitHub ``ghp_``/``github_pat_``, GitLab ``glpat-``,
Slack ``xox?-``, Hugging Face ``hf_``, Groq, xAI, Replicate, Perplexity, NVIDIA, Stripe),
JWTs anywhere, private-key blocks, ``Bearer``/``Basic`` values, values of credential fields
and headers in any notation (``api-key: v``, ``"api-key": "v"``, ``API_KEY=v``; Azure's
32-hex keys are found this way, e.g. ``Ocp-Apim-Subscription-Key``), cookies, URL userinfo
(``https://token@host``) and credential query or fragment parameters (``?key=``,
``#access_token=``); also when percent-, ``\\u``- or ``\\x``-encoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "SECRET_FIELDS", "Finding", "find_secrets", "is_secret_field", "looks_fake", "mask_key",
    "mask_obj", "mask_text",
]

# Field and header names whose whole value is a credential (compared lower-cased, with
# "-", "." and " " read as "_"). mask_obj masks their values whatever they look like.
SECRET_FIELDS = frozenset(
    {
        "api_key", "apikey", "key", "authorization", "proxy_authorization", "x_api_key",
        "api_key_value", "x_goog_api_key", "token", "access_token", "secret", "password",
        "cookie", "set_cookie", "openai_api_key", "anthropic_api_key", "bearer",
        "ocp_apim_subscription_key", "subscription_key", "client_secret", "refresh_token",
        "id_token", "auth_token", "session_token", "security_token", "x_amz_security_token",
        "x_auth_token", "x_access_token", "secret_key", "secret_access_key", "private_key",
        "passwd", "azure_api_key", "azure_openai_api_key", "aws_secret_access_key",
        "x_amz_signature", "x_goog_signature", "sas_token",
    }
)
# Other names that are credentials when they end like this ("my_client_secret").
_STRONG_SUFFIXES = (
    "_api_key", "_apikey", "_secret", "_secret_key", "_password", "_passwd",
    "_access_token", "_auth_token", "_refresh_token", "_subscription_key", "_private_key",
    "_session_token", "_client_secret",
)
# Names that hold a credential only when the value looks random (not "key: model_id").
_WEAK_NAMES = frozenset({"key", "token", "sig", "signature", "code_verifier", "credential",
                         "credentials"})
_WEAK_SUFFIXES = ("_key", "_token", "_credential")

_B = r"(?<![A-Za-z0-9_\-])"  # the start of a word
# Vendor shapes: a prefix and one bounded character class each (linear time).
_VENDOR = {
    "anthropic-key": r"sk-ant-[A-Za-z0-9_\-]{8,}",
    "openai-key": r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{8,}",
    "gateway-key": r"sk-[A-Za-z0-9_\-]{12,}",
    "stripe-key": r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}",
    "google-key": r"AIza[0-9A-Za-z_\-]{20,}|ya29\.[0-9A-Za-z_\-]{20,}|GOCSPX-[A-Za-z0-9_\-]{10,}",
    "aws-access-key": r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[0-9A-Z]{16}"
                      r"(?![A-Za-z0-9])",
    "github-token": r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}",
    "gitlab-token": r"glpat-[A-Za-z0-9_\-]{20,}",
    "slack-token": r"xox[abposr]-[A-Za-z0-9\-]{10,}|xapp-[A-Za-z0-9\-]{10,}",
    "huggingface-token": r"hf_[A-Za-z0-9]{12,}",
    "vendor-key": r"gsk_[A-Za-z0-9]{12,}|xai-[A-Za-z0-9]{12,}|r8_[A-Za-z0-9]{12,}|"
                  r"pplx-[A-Za-z0-9]{12,}|nvapi-[A-Za-z0-9_\-]{20,}",
    "jwt": r"eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.?[A-Za-z0-9_\-]*|"
           r"eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}",
    "private-key": r"-----BEGIN [A-Z ]{0,24}PRIVATE KEY-----[A-Za-z0-9+/=\s\\]{0,16384}"
                   r"(?:-----END [A-Z ]{0,24}PRIVATE KEY-----)?",
}
# A vendor shape may follow an escape ("%20sk-...", "\nsk-...") as well as a non-word.
_VENDOR_RE = re.compile(
    r"(?=[sryeAGghxpn-])(?:" + _B + r"|(?<=%[0-9A-Fa-f]{2})|(?<=\\u[0-9A-Fa-f]{4})|(?<=\\[nrt]))(?:"
    + "|".join(f"(?P<v{i}>{p})" for i, p in enumerate(_VENDOR.values())) + ")"
)
_VENDOR_KINDS = {f"v{i}": kind for i, kind in enumerate(_VENDOR)}

# "name: ", "name=", "\"name\": \"", "'name' = '": the value is read only for secret names.
_NAME_RE = re.compile(
    r"(?<![A-Za-z0-9_.\-])([A-Za-z][A-Za-z0-9_.\-]{0,63})"
    r"(\\{0,3}[\"']?[ \t]*[:=][ \t]*\\{0,3}[\"']?)"
)
_VALUE_RE = re.compile(
    r"(?:(?i:bearer|basic|token|bot|digest|apikey|key|sharedaccesssignature)[ \t]+)?"
    r"([A-Za-z0-9._~+/!$%*@^|?\-]{1,1024}={0,3})"
)
_COOKIE_VALUE_RE = re.compile(r"[^\r\n\"'\\]{1,4096}")
# "Bearer <token>" / "Basic <base64>" in free text.
_AUTH_RE = re.compile(r"(?i)" + _B + r"(bearer|basic)[ \t]+([A-Za-z0-9._~+/=\-]{8,1024})")
# user:password@ or token@ right after a scheme.
_USERINFO_RE = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]{1,15}://([^/\s@?#\"'<>\\]{1,256})@")
_MASKED_RE = re.compile(r"[A-Za-z0-9_.\-]{0,12}\.\.\.[^\s\"'\\,;&<>#()\[\]{}]{0,4}|\*+")
_ESCAPE_RE = re.compile(r"%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\/")
# Code and references, not values: os.environ, process.env.GW_API_KEY, $API_KEY, GW_API_KEY.
_CODE_RE = re.compile(
    r"(?:[A-Za-z_$][A-Za-z_$]*\.)+[A-Za-z_$][A-Za-z0-9_$]*|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|"
    r"%[A-Za-z_][A-Za-z0-9_]*%|[A-Z]+(?:_[A-Z]+)+"
)
_DIGIT = re.compile(r"[0-9]")
_LOWER = re.compile(r"[a-z]")
_UPPER = re.compile(r"[A-Z]")
_NOT_SECRET = frozenset({"null", "none", "true", "false", "undefined", "nil", "required",
                         "missing", "invalid", "empty", "redacted", "hidden", "string"})
_MASK_PREFIXES = (
    "sk-ant-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-", "AIza", "ya29.", "GOCSPX-",
    "gsk_", "xai-", "hf_", "r8_", "pplx-", "nvapi-", "ghp_", "gho_", "github_pat_", "glpat-",
    "xoxb-", "xoxp-", "AKIA", "ASIA", "eyJ",
)
_FAKE_MARKERS = ("xxxx", "****", "...", "00000000", "123456", "abcdef", "your", "example",
                 "fake", "dummy", "placeholder", "redacted", "<", "test-key", "changeme")


@dataclass(frozen=True)
class Finding:
    """One credential in a text: its kind and the span ``text[start:end]`` that hides it."""

    kind: str
    start: int
    end: int
    value: str
    scheme: str = ""  # "***" when the whole span is replaced by stars (cookies, userinfo)


def _norm(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_").replace(" ", "_")


def is_secret_field(name: str) -> bool:
    """Whether a field or header called ``name`` holds a credential whatever its value."""
    n = _norm(name)
    return n in SECRET_FIELDS or n.endswith(_STRONG_SUFFIXES)


def _is_weak_field(name: str) -> bool:
    n = _norm(name)
    return n in _WEAK_NAMES or n.endswith(_WEAK_SUFFIXES)


def _random_looking(value: str) -> bool:
    """Letters and digits mixed, or upper and lower case mixed: not a word or an id slug."""
    if len(value) < 8:
        return False
    has_digit = _DIGIT.search(value) is not None
    has_lower = _LOWER.search(value) is not None
    if has_digit and (has_lower or _UPPER.search(value) is not None):
        return True
    return has_lower and _UPPER.search(value, 1) is not None


def _is_masked(value: str) -> bool:
    return _MASKED_RE.fullmatch(value) is not None


def looks_fake(value: str) -> bool:
    """The allow-list for documentation examples: clearly fake or already masked values."""
    low = value.lower()
    if any(marker in low for marker in _FAKE_MARKERS):
        return True
    body = re.sub(r"^[a-z]{1,12}[-_]", "", low)  # "sk-aaaaaaaa...": one repeated character
    return len(set(body.replace("-", "").replace("_", ""))) <= 2


def _field_value(text: str, name: str, at: int) -> Finding | None:
    if _norm(name) in ("cookie", "set_cookie"):
        m = _COOKIE_VALUE_RE.match(text, at)
        if m and m.group(0).strip():
            return Finding("cookie", m.start(), m.end(), m.group(0), "***")
        return None
    weak = _is_weak_field(name)  # "key: model_not_found" in text is no credential
    strong = is_secret_field(name) and _norm(name) not in _WEAK_NAMES
    if not strong and not weak:
        return None
    m = _VALUE_RE.match(text, at)
    if m is None:
        return None
    value = m.group(1)
    if _is_masked(value) or value.lower() in _NOT_SECRET or _CODE_RE.fullmatch(value):
        return None
    if strong and (len(value) >= 8 or any(c.isdigit() for c in value)) and len(value) >= 4:
        return Finding("credential-field", m.start(1), m.end(1), value)
    if _random_looking(value):
        return Finding("credential-field", m.start(1), m.end(1), value)
    return None


def _scan(text: str) -> list[Finding]:
    found: list[Finding] = []
    for m in _VENDOR_RE.finditer(text):
        kind = _VENDOR_KINDS[m.lastgroup or "v0"]
        value = m.group(0)
        if kind == "gateway-key" and len(value) < 23 and not _random_looking(value[3:]):
            continue  # "sk-failed-message": a slug, not a key
        star = "***" if kind == "private-key" else ""
        found.append(Finding(kind, m.start(), m.end(), value, star))
    covered = 0  # names inside a credential value already found are part of it
    for m in _NAME_RE.finditer(text):
        if m.start() < covered:
            continue
        hit = _field_value(text, m.group(1), m.end())
        if hit is not None:
            found.append(hit)
            covered = hit.end
    low = text.lower()
    for m in _AUTH_RE.finditer(text) if "bearer" in low or "basic" in low else ():
        value = m.group(2)
        if _random_looking(value) and not _is_masked(value):
            kind = "bearer-token" if m.group(1).lower() == "bearer" else "basic-auth"
            found.append(Finding(kind, m.start(2), m.end(2), value))
    for m in _USERINFO_RE.finditer(text) if "@" in text else ():
        info = m.group(1)
        if _is_masked(info):
            continue
        user, colon, password = info.partition(":")
        if colon and password and not _is_masked(password):
            found.append(Finding("url-userinfo", m.start(1) + len(user) + 1, m.end(1),
                                 password, "***"))
        elif not colon and (len(info) >= 12 or _random_looking(info)):
            found.append(Finding("url-userinfo", m.start(1), m.end(1), info, "***"))
    return _merge(text, found)


def _merge(text: str, found: list[Finding]) -> list[Finding]:
    """Overlapping findings become one span (the first one's kind)."""
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in found:
        if out and f.start < out[-1].end:
            last = out[-1]
            if f.end > last.end:
                out[-1] = Finding(last.kind, last.start, f.end, "", last.scheme)
            continue
        out.append(f)
    return [f if f.value else Finding(f.kind, f.start, f.end, text[f.start:f.end], f.scheme)
            for f in out]


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        s = m.group(0)
        if s == "\\/":
            return "/"
        return chr(int(s[2:] if s[0] == "\\" else s[1:], 16))

    for _ in range(3):
        decoded = _ESCAPE_RE.sub(one, text)
        if decoded == text:
            break
        text = decoded
    return text


def find_secrets(text: str) -> list[Finding]:
    """Every credential in ``text`` (spans of ``text`` itself; encoded ones not included)."""
    if not text:
        return []
    return _scan(text)


def mask_key(key: str) -> str:
    """Return the masked form of one key: its kind prefix and last four characters."""
    key = key.strip()
    if len(key) <= 8:
        return "***"
    prefix = next((p for p in _MASK_PREFIXES if key.startswith(p)), "")
    return f"{prefix}...{key[-4:]}"


def _apply(text: str, found: list[Finding]) -> str:
    parts: list[str] = []
    at = 0
    for f in found:
        parts += [text[at:f.start], f.scheme or mask_key(f.value)]
        at = f.end
    parts.append(text[at:])
    return "".join(parts)


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask every credential found in ``text``, plus the exact ``secrets`` given."""
    if not text:
        return text
    for secret in secrets:
        if secret and len(secret) >= 6 and secret in text:
            text = text.replace(secret, mask_key(secret))
    masked = _apply(text, _scan(text))
    if _ESCAPE_RE.search(masked) is not None:  # a key hidden by %- or \\u-escapes
        decoded = _unescape(masked)
        shown = decoded
        for secret in secrets:
            if secret and len(secret) >= 6 and secret in shown:
                shown = shown.replace(secret, mask_key(secret))
        hidden = _scan(shown)
        if hidden or shown != decoded:
            return _apply(shown, hidden)
    return masked


def mask_obj(obj: Any, secrets: Iterable[str] = ()) -> Any:
    """Return a copy of ``obj`` with every credential masked (fields by name, text by shape)."""
    return _mask(obj, tuple(s for s in secrets if s))


def _mask(obj: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(obj, str):
        return mask_text(obj, secrets)
    if isinstance(obj, Mapping):
        out: dict[Any, Any] = {}
        for k, v in obj.items():
            key = mask_text(k, secrets) if isinstance(k, str) else k  # a key pasted as a name
            out[key] = _mask_value(k, v, secrets) if isinstance(k, str) else _mask(v, secrets)
        return out
    if isinstance(obj, (list, tuple)):
        return [_mask(v, secrets) for v in obj]
    return obj


def _mask_value(name: str, value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str) and value:
        if is_secret_field(name):
            return _mask_field(value)
        if _is_weak_field(name) and _random_looking(value.strip()) and not _is_masked(value):
            return mask_key(value)
    if isinstance(value, (list, tuple)) and is_secret_field(name):
        return [_mask_field(v) if isinstance(v, str) and v else _mask(v, secrets) for v in value]
    return _mask(value, secrets)


def _mask_field(value: str) -> str:
    stripped = value.strip()
    scheme, _, rest = stripped.partition(" ")
    if rest and scheme.lower() in ("bearer", "basic", "token", "bot", "digest", "apikey"):
        return f"{scheme} {mask_key(rest)}" if not _is_masked(rest.strip()) else stripped
    if _is_masked(stripped) or (len(stripped) <= 24 and "..." in stripped):
        return stripped  # already a masked identifier
    return mask_key(stripped)
