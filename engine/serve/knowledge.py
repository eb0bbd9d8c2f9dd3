"""The knowledge base one worker serves: loaded once, never rebuilt in place.

durable-rules leaks memory when rulesets are registered again in the same process, so a
worker loads its :class:`Knowledge` once; a reload starts fresh workers instead (see
:mod:`triage.serve.supervisor`). Within one process the same root and sources give the
same object, so tests that build several apps do not register the rules again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.errors import SourceError

__all__ = ["PUBLIC_BODY_FIELDS", "Knowledge", "load_knowledge"]

# The parts of an answer entry that are published. ``handoff`` (a template for support),
# ``safety`` (the reviewers' boundary), ``owner`` and review dates stay inside.
PUBLIC_BODY_FIELDS = ("title", "question", "variants", "answer", "basis", "boundaries",
                      "steps", "followups", "evidence", "never_ask")
INTERNAL_TAG = "internal"

_lock = threading.Lock()
_cache: dict[tuple[str, str], Knowledge] = {}


@dataclass(frozen=True)
class Knowledge:
    """A compiled knowledge base with its public rules and answer entries."""

    root: Path
    key: str
    diagnoser: Any                        # triage.evaluate.Diagnoser
    rules: tuple[dict[str, Any], ...]     # public rules, as GET /v1/rules shows them
    entries: dict[str, dict[str, Any]]    # public entries by id, as GET /v1/kb/{id} shows them
    rule_count: int
    loaded_at: float

    def entry_title(self, entry_id: str, lang: str) -> str:
        entry = self.entries.get(entry_id)
        return str(entry[lang]["title"]) if entry else entry_id


def load_knowledge(root: Path) -> Knowledge:
    """Load (or reuse, in this process) the knowledge base under ``root``.

    Raises :class:`SourceError` with every problem when the sources are invalid.
    """
    from triage.api import load_compiled
    from triage.evaluate import Diagnoser
    from triage.facts.platform import platform_from_env
    from triage.loader.sources import load_sources

    root = root.resolve()
    compiled = load_compiled(root)
    with _lock:
        known = _cache.get((str(root), compiled.key))
        if known is not None:
            return known
        kb, issues = load_sources(root)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise SourceError(errors)
        rules = tuple(_public_rule(r) for r in compiled.rules.values()
                      if r.get("visibility", "public") == "public")
        entries = {e.id: _public_entry(e) for e in kb.entries.values()
                   if INTERNAL_TAG not in e.tags}
        knowledge = Knowledge(root=root, key=compiled.key,
                              diagnoser=Diagnoser(compiled, platform_from_env()),
                              rules=tuple(sorted(rules, key=lambda r: r["id"])),
                              entries=entries, rule_count=len(compiled.rules),
                              loaded_at=time.time())
        _cache[(str(root), compiled.key)] = knowledge
        return knowledge


def _public_rule(rule: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule["id"], "version": rule["version"], "status": rule["status"],
        "cause": rule["cause"], "family": rule["family"], "confidence": rule["confidence"],
        "title": {lang: text["title"] for lang, text in sorted(rule["text"].items())},
        "faq": list(rule["faq"]),
        **({"owner": rule["owner"]} if "owner" in rule else {}),
    }


def _public_entry(entry: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": entry.id, "version": entry.version, "kind": entry.kind, "family": entry.family,
        "families": list(entry.families), "tags": list(entry.tags), "changed": entry.changed,
        "reviewed": entry.reviewed, "related": list(entry.related),
        "glossary": list(entry.glossary), "checklists": list(entry.checklists),
    }
    for lang in ("zh", "en"):
        body = entry.body[lang]
        out[lang] = {name: _plain(body[name]) for name in PUBLIC_BODY_FIELDS if name in body}
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
