"""The only module that imports durable-rules.

Measured pattern (see docs/durable-rules.md): a Host whose dispatcher threads never
start, rulesets sharded at 200 rules, ``assert_fact`` (every match fires, synchronously) then
``retract_fact`` on one reused session per thread, so memory stays flat. Every rule is ANDed
with ``$nex $s`` so negative-only rules do not match the internal state fact.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from triage.errors import EngineError

__all__ = ["DurableEngine", "durable_value"]

_names = itertools.count()
_MAX_TEXT = 1000          # durable-rules silently cuts strings of 65,536 characters or more
_MAX_INT = 2**53


def durable_value(value: Any) -> Any:
    """A value durable-rules reads back exactly: its JSON reader rejects exponents (1e-05
    raises error 204) and cuts long strings, so numbers are written out and text bounded."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return max(-_MAX_INT, min(_MAX_INT, value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if abs(value) >= _MAX_INT:
            return _MAX_INT if value > 0 else -_MAX_INT
        if "e" in repr(value):
            value = round(value, 6)
            return 0 if "e" in repr(value) else value
        return value
    if isinstance(value, str):
        return value[:_MAX_TEXT]
    return value


class DurableEngine:
    """Evaluates flat facts against sharded rulesets; returns the ids of the rules that fired."""

    def __init__(self, shards: list[dict[str, dict[str, Any]]], tag: str) -> None:
        import durable.engine as durable_engine

        class _SyncHost(durable_engine.Host):
            def _run(self) -> None:  # no background dispatcher threads
                pass

        self._hits: dict[str, list[str]] = {}
        self._host = _SyncHost()
        self._shards: list[str] = []
        rulesets: dict[str, dict[str, Any]] = {}
        for i, shard in enumerate(shards):
            name = f"kb_{tag}_{next(_names)}_s{i}"
            rulesets[name] = {
                rule_id: {
                    "all": [{"m": {"$and": [expr, {"$nex": {"$s": 1}}]}}],
                    "pri": n,
                    "run": self._recorder(rule_id),
                }
                for n, (rule_id, expr) in enumerate(shard.items())
            }
            self._shards.append(name)
        try:
            self._host.set_rulesets(rulesets)
            self._rulesets = [self._host.get_ruleset(name) for name in self._shards]
        except Exception as exc:  # durable raises plain Exceptions
            raise EngineError(f"durable-rules refused the rulesets: {exc}") from exc
        import durable_rules_engine

        # The fact is serialised once per ticket and handed to each shard's native handle;
        # Host.assert_fact would serialise it again for every shard (twice with retract).
        self._native = durable_rules_engine

    def _recorder(self, rule_id: str) -> Callable[[Any], None]:
        hits = self._hits

        def run(context: Any) -> None:
            hits[context.m["sid"]].append(rule_id)

        return run

    def evaluate(self, fact: Mapping[str, Any]) -> list[str]:
        """The ids of every rule whose conditions hold for ``fact`` (deduplicated)."""
        sid = f"t{threading.get_ident()}"
        message = {k: durable_value(v) for k, v in fact.items()}
        message["sid"] = sid
        text = json.dumps(message, ensure_ascii=False)
        hits = self._hits[sid] = []
        try:
            for ruleset in self._rulesets:
                handle = ruleset._handle
                if self._run(ruleset, self._native.assert_fact(handle, text)):
                    self._run(ruleset, self._native.retract_fact(handle, text))
        except Exception as exc:
            raise EngineError(f"durable-rules failed while evaluating: {exc}") from exc
        finally:
            self._hits.pop(sid, None)
        return list(dict.fromkeys(hits))

    @staticmethod
    def _run(ruleset: Any, result: Any) -> bool:
        """Run the actions a native call queued; False when no rule wanted the fact."""
        if result[0] == 1:  # not handled: no rule of this shard matched
            return False
        errors: list[BaseException] = []

        def done(error: BaseException | None, _state: Any) -> None:
            if error is not None:
                errors.append(error)

        ruleset.do_actions(result[1] if result[0] == 0 else 0, done)
        if errors:
            raise errors[0]
        return True
