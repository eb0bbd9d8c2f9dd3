"""Where feedback is kept: SQLite (default; WAL, one connection per thread, safe with several
worker processes) or PostgreSQL (``postgresql://...``, psycopg 3) for several replicas.

A record holds the redacted facts, the knowledge-base version, the answer given, the verdict,
the right cause when support named one, and a time; never a key (everything is masked again
just before it is written).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.errors import UsageError
from triage.secrets import mask_obj, mask_text

__all__ = ["Record", "Store", "default_db", "open_store"]

VERDICTS = ("right", "wrong")
_COLUMNS = ("created", "kb_version", "rule", "cause", "verdict", "right_cause", "answer",
            "facts", "lang", "note")


@dataclass(frozen=True)
class Record:
    kb_version: str
    rule: str                     # the rule of the judged diagnosis ('' when none fired)
    cause: str                    # its cause ('' when none fired)
    verdict: str                  # right | wrong
    right_cause: str = ""         # the cause support says is right (optional)
    answer: list[dict[str, Any]] = field(default_factory=list)   # diagnoses given, in order
    facts: dict[str, Any] = field(default_factory=dict)          # redacted
    lang: str = "en"
    note: str = ""
    created: str = ""             # ISO 8601 UTC; set when stored
    id: int = 0

    def row(self) -> tuple[Any, ...]:
        created = self.created or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        return (created, self.kb_version, self.rule, self.cause, self.verdict,
                self.right_cause, json.dumps(mask_obj(self.answer), ensure_ascii=False),
                json.dumps(mask_obj(self.facts), ensure_ascii=False), self.lang,
                mask_text(self.note))

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Record:
        (ident, created, kb, rule, cause, verdict, right, answer, facts, lang, note) = row
        return cls(kb, rule, cause, verdict, right, json.loads(answer), json.loads(facts),
                   lang, note, str(created), int(ident))


def default_db() -> str:
    """The default SQLite file: $TRIAGE_FEEDBACK_DB, else the user's data folder."""
    env = os.environ.get("TRIAGE_FEEDBACK_DB")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "triage" / "feedback.sqlite3")


class Store:
    """The common interface; :func:`open_store` picks the kind. Each kind keeps one
    connection per thread (``local.conn``, made by ``_conn``); reading is the same SQL."""

    local: threading.local

    def _conn(self) -> Any:
        raise NotImplementedError

    def add(self, record: Record) -> int:
        raise NotImplementedError

    def records(self) -> Iterator[Record]:
        rows = self._conn().execute(
            f"SELECT id, {', '.join(_COLUMNS)} FROM feedback ORDER BY id").fetchall()
        for row in rows:
            yield Record.from_row(tuple(row))

    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM feedback").fetchone()[0])

    def close(self) -> None:
        conn = getattr(self.local, "conn", None)
        if conn is not None:
            conn.close()
            self.local.conn = None


def _locked(exc: sqlite3.OperationalError) -> bool:
    """SQLite's answer when another connection holds the lock: worth waiting for."""
    return "locked" in str(exc) or "busy" in str(exc)


def _prepare(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout = 60000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "created TEXT NOT NULL, kb_version TEXT NOT NULL, rule TEXT NOT NULL, "
        "cause TEXT NOT NULL, verdict TEXT NOT NULL CHECK (verdict IN "
        "('right', 'wrong')), right_cause TEXT NOT NULL, answer TEXT NOT NULL, "
        "facts TEXT NOT NULL, lang TEXT NOT NULL, note TEXT NOT NULL)")


class SqliteStore(Store):
    """SQLite in WAL mode; each thread has its own connection; writes are short
    ``BEGIN IMMEDIATE`` transactions that wait (busy timeout) rather than fail."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.local = threading.local()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self.local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                   check_same_thread=False)
            # Switching a new file to WAL and creating the table take locks for which
            # SQLite may answer "database is locked" at once, without waiting out the busy
            # timeout, when several processes open the same new file together: retry.
            deadline = time.monotonic() + 60
            attempt = 0
            while True:
                try:
                    _prepare(conn)
                    break
                except sqlite3.OperationalError as exc:
                    attempt += 1
                    if not _locked(exc) or time.monotonic() > deadline:
                        conn.close()
                        raise
                    time.sleep(min(0.005 * attempt, 0.2))
            self.local.conn = conn
        return conn

    def add(self, record: Record) -> int:
        conn = self._conn()
        sql = (f"INSERT INTO feedback ({', '.join(_COLUMNS)}) VALUES "
               f"({', '.join('?' * len(_COLUMNS))})")
        for attempt in range(20):
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    cur = conn.execute(sql, record.row())
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                return int(cur.lastrowid or 0)
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or attempt == 19:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")


class PostgresStore(Store):
    """PostgreSQL through psycopg 3: one autocommit connection per thread; the table is
    created under an advisory lock so that replicas starting together do not collide."""

    def __init__(self, dsn: str) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise UsageError("--db postgresql://... needs psycopg: pip install "
                             "'triage[postgres]'") from None
        self.dsn = dsn
        self.local = threading.local()
        with self._conn().transaction():
            conn = self._conn()
            conn.execute("SELECT pg_advisory_xact_lock(7140014)")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS feedback (id BIGSERIAL PRIMARY KEY, "
                "created TEXT NOT NULL, kb_version TEXT NOT NULL, rule TEXT NOT NULL, "
                "cause TEXT NOT NULL, verdict TEXT NOT NULL CHECK (verdict IN "
                "('right', 'wrong')), right_cause TEXT NOT NULL, answer TEXT NOT NULL, "
                "facts TEXT NOT NULL, lang TEXT NOT NULL, note TEXT NOT NULL)")

    def _conn(self) -> Any:
        import psycopg

        conn = getattr(self.local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)
            self.local.conn = conn
        return conn

    def add(self, record: Record) -> int:
        import psycopg

        sql = (f"INSERT INTO feedback ({', '.join(_COLUMNS)}) VALUES "
               f"({', '.join(['%s'] * len(_COLUMNS))}) RETURNING id")
        try:
            row = self._conn().execute(sql, record.row()).fetchone()
        except psycopg.OperationalError:  # a dropped connection: one fresh try
            self.close()
            row = self._conn().execute(sql, record.row()).fetchone()
        return int(row[0])


def open_store(db: str | None = None) -> Store:
    """``postgresql://...`` (or ``postgres://``) → PostgreSQL; anything else is a SQLite
    file path (default: :func:`default_db`)."""
    target = db or default_db()
    if target.startswith(("postgresql://", "postgres://")):
        try:
            return PostgresStore(target)
        except UsageError:
            raise
        except Exception as exc:
            raise UsageError(f"--db: cannot use the PostgreSQL database: "
                             f"{mask_text(str(exc)).splitlines()[0][:200]}") from None
    try:
        return SqliteStore(target)
    except (OSError, sqlite3.Error) as exc:
        raise UsageError(f"--db {target}: cannot open the SQLite file: {exc}") from None
