"""Rules → plain compiled data (cached on disk), and the engine built from it."""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from triage.cachedir import read_first, write_atomic
from triage.compile.conditions import PatternTable, to_durable
from triage.roots import bundled_root
from triage.secrets import mask_obj

if TYPE_CHECKING:  # the cached path never loads the source model
    from triage.model import KnowledgeBase

__all__ = ["CompiledKB", "cache_key", "compile_kb", "load_cached", "store_cached"]

FORMAT = 4
SHARD_SIZE = 200


class CompiledKB(NamedTuple):
    """Everything diagnosis needs, as plain data (marshal-able)."""

    rules: dict[str, dict[str, Any]]          # id → meta and texts
    shards: list[dict[str, dict[str, Any]]]   # ruleset shards: rule id → durable expression
    patterns: dict[str, list[tuple[str, str]]]
    order: list[str]
    entries: dict[str, dict[str, Any]]        # id → {family, title: {zh, en}}
    catalog: tuple[list[str], list[str]]
    key: str = ""

    def to_plain(self) -> dict[str, Any]:
        return {"format": FORMAT, "rules": self.rules, "shards": self.shards,
                "patterns": self.patterns, "order": self.order, "entries": self.entries,
                "catalog": list(self.catalog), "key": self.key}

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> CompiledKB:
        patterns = {s: [(p[0], p[1]) for p in v] for s, v in data["patterns"].items()}
        return cls(data["rules"], data["shards"], patterns, data["order"], data["entries"],
                   (data["catalog"][0], data["catalog"][1]), data["key"])


def compile_kb(kb: KnowledgeBase, key: str = "") -> CompiledKB:
    """Compile the evaluable rules of ``kb`` (deprecated ones are left out)."""
    table = PatternTable()
    order = list(kb.order)
    rank = {f: i for i, f in enumerate(order)}
    live = [r for r in kb.rules if r.status != "deprecated"]
    live.sort(key=lambda r: (rank.get(r.family, len(rank)), r.priority, r.id))
    rules: dict[str, dict[str, Any]] = {}
    shards: list[dict[str, dict[str, Any]]] = []
    for rule in live:
        expr = to_durable(rule.when, table)
        if not shards or len(shards[-1]) >= SHARD_SIZE:
            shards.append({})
        shards[-1][rule.id] = expr
        rules[rule.id] = {
            "id": rule.id, "version": rule.version, "status": rule.status, "cause": rule.cause,
            "family": rule.family, "priority": rule.priority, "confidence": rule.confidence,
            "visibility": rule.visibility, "faq": list(rule.faq), "when": rule.when,
            "text": mask_obj({lang: {"title": t.title, "explanation": t.explanation,
                                     "next_steps": list(t.next_steps),
                                     "evidence": list(t.evidence)}
                              for lang, t in rule.text.items()}),
            "ask": [{"fact": a.fact, "why": a.why} for a in rule.ask],
            "owner": kb.owner_of(rule).plain(),
            "last_resort": rule.last_resort,
        }
    entries = {e.id: {"family": e.family, "families": list(e.families),
                      "title": {lang: e.body[lang]["title"]
                                                     for lang in ("zh", "en")}}
               for e in kb.entries.values()}
    return CompiledKB(rules, shards, table.by_scope(), order, entries,
                      (sorted(kb.catalog.current), sorted(kb.catalog.retired)), key)


def cache_key(root: Path, files: list[Path]) -> str:
    """A key that changes whenever a source file, a schema or the engine changes."""
    parts = [f"format={FORMAT}"]
    engine_dir = Path(__file__).resolve().parents[1]
    # the code whose behaviour the compiled data depends on
    extra = [*sorted((engine_dir / "compile").glob("*.py")),
             *sorted((engine_dir / "loader").glob("*.py")),
             engine_dir / "vocabulary.py", engine_dir / "model.py",
             engine_dir / "attribution.py",
             *sorted((bundled_root() / "schemas").glob("*.json"))]
    for path in [*files, *extra]:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
    # not a security boundary (the cache is the user's own): two CRCs and the length, which
    # change with any stat, and zlib loads far faster than hashlib at start-up
    blob = "\n".join(parts).encode()
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(blob):08x}"


def load_cached(root: Path, key: str) -> CompiledKB | None:
    """The cached compilation for ``key``, if one is there and readable."""
    blob = read_first(root, f"kb-{key}.marshal")
    if blob is None:
        return None
    try:
        data = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == key:
        return CompiledKB.from_plain(data)
    return None


def store_cached(root: Path, compiled: CompiledKB) -> None:
    """Write the compilation atomically to the first writable cache folder; old ones go."""
    write_atomic(root, f"kb-{compiled.key}.marshal", marshal.dumps(compiled.to_plain()),
                 prune="kb-*.marshal")
