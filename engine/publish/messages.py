"""The error-message index: every real message of the corpora, grouped per source and family.

Sources (all optional, so a knowledge base without them still builds):
``<root>/tests/data/dev-errors.yaml``, ``<root>/tests/data/holdout.yaml`` and every
``<root>/tests/data/messages/*.yaml``. Each is a list of mappings with at least ``id``,
``origin``, ``label`` and ``body`` (see README, "The error-message index"). Nothing is kept
by hand: the cause shown for a message is what the engine diagnoses for it, and the answer
linked is that diagnosis's answer entry. Bodies are masked with :mod:`triage.secrets` and
capped before they reach any page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from triage.errors import BuildError
from triage.secrets import mask_text
from triage.vocabulary import FAMILIES

from .site import LANGS, Site

__all__ = ["Cause", "Message", "MessageGroup", "corpus_files", "error_groups",
           "load_messages"]

BODY_LIMIT = 4000
_HAN = re.compile(r"[\u3400-\u9fff]")
_SLUG_BAD = re.compile(r"[^a-z0-9]+")
# older corpora spell a few sources without their hyphen in ids
_ORIGIN_ALIASES = {"newapi": "new-api", "oneapi": "one-api"}


@dataclass(frozen=True)
class Cause:
    """What the engine says about one message, in one language (public content only)."""

    cause: str             # e.g. quota.insufficient_balance
    family: str
    rule: str              # public rule id, or "" when the first public diagnosis is none
    title: str
    explanation: str
    answer: str            # answer entry id, or ""


@dataclass(frozen=True)
class Message:
    id: str
    source: str            # provenance
    origin: str
    lang: str
    status: int | None
    body: str              # masked, capped
    text: str              # the human message inside a JSON body, or the body itself
    code: str              # error code or type from a JSON body
    endpoint: str
    model: str
    label: str
    split: str
    note: str
    file: str              # corpus file, relative to the root
    causes: dict[str, Cause | None]     # by language


@dataclass(frozen=True)
class MessageGroup:
    slug: str              # <origin>-<family>, the page name
    origin: str
    family: str
    messages: tuple[Message, ...]


def corpus_files(root: Path) -> list[Path]:
    """The corpus files, the newer per-source files first (a message id found twice is taken
    from the first file that has it)."""
    data = root / "tests" / "data"
    files = sorted((data / "messages").glob("*.yaml"))
    files += [data / "dev-errors.yaml", data / "holdout.yaml"]
    return [f for f in files if f.is_file()]


def _slug(text: str) -> str:
    return _SLUG_BAD.sub("-", text.lower()).strip("-") or "unknown"


def _parts(body: str) -> tuple[str, str]:
    """The message and code inside a JSON error body (OpenAI style and the usual variants)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body, ""
    err: Any = data.get("error", data) if isinstance(data, dict) else None
    if isinstance(err, str):
        return err, str(data.get("code", "") or data.get("type", "")) if isinstance(
            data, dict) else ""
    if not isinstance(err, dict):
        return body, ""
    message = err.get("message") or err.get("msg") or err.get("detail") or body
    code = err.get("code") or err.get("type") or ""
    return str(message), str(code)


def _problem(path: Path, root: Path, index: int, what: str) -> BuildError:
    return BuildError(f"{path.relative_to(root)}: item {index + 1}: {what}; fix the corpus "
                      "file or remove the item")


def load_messages(root: Path) -> list[dict[str, Any]]:
    """The raw records of every corpus file (each with its file), checked for shape."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in corpus_files(root):
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise BuildError(f"{path.relative_to(root)}{where}: not valid YAML; fix the "
                             "corpus file") from exc
        if not isinstance(items, list):
            raise BuildError(f"{path.relative_to(root)}: expected a list of messages")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise _problem(path, root, i, "not a mapping")
            if not isinstance(item.get("id"), str) or not item["id"].strip():
                raise _problem(path, root, i, "'id' must be a non-empty string")
            if not isinstance(item.get("body"), str):
                raise _problem(path, root, i, "'body' must be a string (empty only with a "
                                              "status)")
            if not item["body"].strip() and not isinstance(item.get("status"), int):
                raise _problem(path, root, i, "an empty 'body' needs a 'status'")
            if item.get("label") not in FAMILIES:
                raise _problem(path, root, i, f"label {item.get('label')!r} is not a family")
            if item["id"] not in seen:
                seen.add(item["id"])
                records.append({**item, "_file": path.relative_to(root).as_posix()})
    return records


def facts_of(record: dict[str, Any]) -> dict[str, Any]:
    """A corpus record as the facts support would paste (the same reading as the tests)."""
    request: dict[str, Any] = {}
    for key in ("endpoint", "model"):
        if isinstance(record.get(key), str) and record[key]:
            request[key] = record[key]
    facts: dict[str, Any] = {"request": request}
    status = record.get("status")
    if isinstance(status, int) and not isinstance(status, bool):
        facts["response"] = {"status": status, "body": record["body"]}
    else:
        facts["error"] = {"message": record["body"]}
    return facts


Diagnose = Callable[[dict[str, Any], str], dict[str, Any]]


def _cause(site: Site, result: dict[str, Any]) -> Cause | None:
    for d in result.get("diagnoses", []):
        rule = site.public_rule(str(d.get("rule", "")))
        if rule is None:
            continue             # internal rules are never named on the site
        answer = next((f for f in d.get("faq", []) if site.entry(f) is not None), "")
        return Cause(str(d.get("cause", "")), str(d.get("family", "")), rule.id,
                     str(d.get("title", "")), str(d.get("explanation", "")), answer)
    return None


def _message(site: Site, record: dict[str, Any], diagnose: Diagnose) -> Message:
    body = mask_text(str(record["body"]))[:BODY_LIMIT]
    text, code = _parts(body) if body.strip() else ("", "")
    status = record.get("status")
    lang = record.get("lang") if record.get("lang") in LANGS else (
        "zh" if _HAN.search(body) else "en")
    split = record.get("split") or ("holdout" if "holdout" in record["_file"] else "dev")
    causes = {lang_: _cause(site, diagnose(facts_of(record), lang_)) for lang_ in LANGS}
    # older corpora leave origin and source out: the id starts with the origin, and the file
    # is then the only provenance there is (said as such)
    origin = str(record.get("origin") or str(record["id"]).split("-", 1)[0])
    origin = _ORIGIN_ALIASES.get(origin, origin)
    source = str(record.get("source") or "") or (
        f"{record['_file']} (written for this project from the public shape of {origin}'s "
        "errors; no recorded source)")
    return Message(
        str(record["id"]), mask_text(source), origin, str(lang),
        status if isinstance(status, int) and not isinstance(status, bool) else None,
        body, " ".join(text.split())[:600], code[:120], str(record.get("endpoint") or ""),
        str(record.get("model") or ""), str(record["label"]), str(split),
        mask_text(str(record.get("note") or "")), record["_file"], causes)


def error_groups(site: Site, root: Path, diagnose: Diagnose) -> list[MessageGroup]:
    """Every message, diagnosed, grouped per origin and family (sorted, stable)."""
    groups: dict[tuple[str, str], list[Message]] = {}
    for record in load_messages(root):
        m = _message(site, record, diagnose)
        groups.setdefault((m.origin, m.label), []).append(m)
    order = {f: i for i, f in enumerate(site.kb.order or FAMILIES)}
    out = []
    for (origin, family), msgs in sorted(groups.items(), key=lambda kv: (
            order.get(kv[0][1], len(order)), _slug(kv[0][0]))):
        slug = f"{_slug(origin)}-{_slug(family)}"
        out.append(MessageGroup(slug, origin, family,
                                tuple(sorted(msgs, key=lambda m: (m.status or 0, m.id)))))
    slugs = [g.slug for g in out]
    if len(set(slugs)) != len(slugs):
        dupes = sorted({s for s in slugs if slugs.count(s) > 1})
        raise BuildError(f"two sources give the same error page name {dupes[0]!r}; spell "
                         "the origin the same way in every corpus file")
    return out
