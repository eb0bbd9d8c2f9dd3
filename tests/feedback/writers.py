"""Run in separate processes by the concurrency tests: one worker writing feedback."""

from __future__ import annotations

from triage.feedback.store import Record, open_store


def write_many(db: str, worker: int, count: int) -> int:
    store = open_store(db)
    written = 0
    try:
        for i in range(count):
            verdict = "right" if i % 3 else "wrong"
            store.add(Record(kb_version="kb-test", rule=f"rule-{worker}", cause="auth.x",
                             verdict=verdict, right_cause="" if verdict == "right" else
                             "quota.balance", answer=[{"rule": f"rule-{worker}"}],
                             facts={"response": {"status": 401}, "n": i}, note=f"w{worker}"))
            written += 1
    finally:
        store.close()
    return written


def open_together(db: str, barrier: object) -> int:
    """Wait for the others, then open a (new) store and write one record at once."""
    barrier.wait()  # type: ignore[attr-defined]
    store = open_store(db)
    try:
        store.add(Record(kb_version="kb-test", rule="rule-open", cause="auth.x", verdict="right",
                         right_cause="", answer=[], facts={}, note=""))
    finally:
        store.close()
    return 1
