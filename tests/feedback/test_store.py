"""Feedback storage: no record lost with 8 concurrent worker processes over 2,000 writes, in
SQLite (WAL) and in a real PostgreSQL; the report's figures on known input; the export."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from triage.feedback.report import build_report, export_records, render_report
from triage.feedback.store import Record, open_store

from tests.feedback.pg import postgres_server
from tests.feedback.writers import open_together, write_many

WORKERS, PER_WORKER = 8, 250


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _hammer(db: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(WORKERS) as pool:
        counts = pool.starmap(write_many, [(db, w, PER_WORKER) for w in range(WORKERS)])
    assert counts == [PER_WORKER] * WORKERS
    store = open_store(db)
    try:
        records = list(store.records())
        assert store.count() == len(records) == WORKERS * PER_WORKER
        assert len({r.id for r in records}) == WORKERS * PER_WORKER
        per_worker = {f"rule-{w}": 0 for w in range(WORKERS)}
        for r in records:
            per_worker[r.rule] += 1
        assert set(per_worker.values()) == {PER_WORKER}
        assert {r.facts["n"] for r in records if r.rule == "rule-3"} == set(range(PER_WORKER))
    finally:
        store.close()


def test_sqlite_eight_writers_lose_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "fb.sqlite3")
    _hammer(db)
    import sqlite3

    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_sqlite_new_file_opened_by_eight_processes_at_once(tmp_path: Path) -> None:
    """Eight workers that start together all open the same new file: the switch to WAL and
    the table's creation must wait for each other instead of failing with "locked"."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ctx.Pool(WORKERS) as pool:
        for n in range(5):
            db = str(tmp_path / f"new{n}.sqlite3")
            barrier = manager.Barrier(WORKERS)
            assert pool.starmap(open_together, [(db, barrier)] * WORKERS) == [1] * WORKERS
            store = open_store(db)
            try:
                assert store.count() == WORKERS
            finally:
                store.close()


def test_postgresql_eight_writers_lose_nothing(pg_url: str) -> None:
    _hammer(pg_url)


def _known(store_db: str) -> None:
    store = open_store(store_db)
    rows = [("a", "auth.invalid_key", "right", ""), ("a", "auth.invalid_key", "right", ""),
            ("a", "auth.invalid_key", "wrong", "quota.balance"),
            ("b", "quota.balance", "wrong", "rate_limit.exceeded"),
            ("b", "quota.balance", "wrong", "rate_limit.exceeded"),
            ("b", "quota.balance", "wrong", ""),
            ("c", "auth.unauthorized", "right", ""),
            ("", "", "wrong", "network.dns")]
    key = "sk-" + "k" * 30
    for rule, cause, verdict, right in rows:
        store.add(Record("kb1", rule, cause, verdict, right, [{"rule": rule}],
                         {"request": {"api_key": key}, "response": {"status": 401,
                          "body": f"bad key {key}"}}, note=f"the key was {key}"))
    store.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_report_figures_on_known_input(kind: str, tmp_path: Path,
                                       request: pytest.FixtureRequest) -> None:
    db = (str(tmp_path / "r.sqlite3") if kind == "sqlite"
          else request.getfixturevalue("pg_url").rsplit("/", 1)[0] + "/postgres")
    if kind == "postgresql":  # a fresh table for this test
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS feedback")
    _known(db)
    store = open_store(db)
    records = list(store.records())
    store.close()
    report = build_report(records, ["a", "b", "c", "d"])
    assert report.records == 8
    assert report.rules["a"] == {"right": 2, "wrong": 1, "precision": 0.6667}
    assert report.rules["b"] == {"right": 0, "wrong": 3, "precision": 0.0}
    assert report.rules["c"] == {"right": 1, "wrong": 0, "precision": 1.0}
    assert report.rules["(none)"] == {"right": 0, "wrong": 1, "precision": 0.0}
    assert report.families["auth"] == {"right": 3, "wrong": 1, "precision": 0.75}
    assert report.families["quota"] == {"right": 0, "wrong": 3, "precision": 0.0}
    assert report.confusion == [
        {"given": "quota.balance", "right": "rate_limit.exceeded", "count": 2},
        {"given": "(none)", "right": "network.dns", "count": 1},
        {"given": "auth.invalid_key", "right": "quota.balance", "count": 1}]
    assert report.never_confirmed == ["b", "d"]
    text = render_report(report)
    assert "a" in text and "0.67" in text and "quota.balance -> rate_limit.exceeded: 2" in text
    # never a key in what was stored
    for r in records:
        dumped = json.dumps([r.facts, r.note, r.answer])
        assert "k" * 20 not in dumped
    # the wrong ones, as case add input
    out = tmp_path / "export"
    commands = export_records(records, out, wrong_only=True)
    assert len(commands) == 5 and len(list(out.glob("*.yaml"))) == 5
    assert sum("--expect rate_limit.exceeded" in c for c in commands) == 2
    first = sorted(out.glob("*.yaml"))[0]
    assert yaml.safe_load(first.read_text(encoding="utf-8"))["response"]["status"] == 401
    assert "k" * 20 not in first.read_text(encoding="utf-8")


def test_cli_report_and_export(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    _known(db)
    run = [sys.executable, "-m", "triage", "feedback"]
    done = subprocess.run([*run, "report", "--db", db, "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["rules"]["b"]["wrong"] == 3 and data["records"] == 8
    # rules of the bundled knowledge base that no record confirmed
    assert "invalid-api-key" in data["never_confirmed"]
    done = subprocess.run([*run, "export", "--wrong", "--db", db, "--out",
                           str(tmp_path / "x")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.count("triage case add ") == 5
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    bad = subprocess.run([*run, "report", "--db", str(tmp_path / "a-file" / "db.sqlite3")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
