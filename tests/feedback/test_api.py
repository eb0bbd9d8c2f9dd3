"""POST /v1/feedback and the console's buttons, in-process and on a real server with several
workers and concurrent clients (SQLite and PostgreSQL): every record counted, no key kept."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from triage.feedback.store import open_store
from triage.serve.app import create_app
from triage.serve.settings import Settings

from tests.conftest import FIGURES
from tests.feedback.pg import postgres_server
from tests.serve.conftest import Client, copy_root, start_server, stop_server

KEY = "sk-" + "".join(chr(ord("a") + i % 26) for i in range(30))
FACTS = {"request": {"api_key": KEY, "base_url": "https://bob:pw@gw.example.com/v1"},
         "response": {"status": 402, "body": f"Insufficient Balance; key {KEY}; "
                                             "contact ops@acme.example"}}


@pytest.fixture(scope="module")
def kb_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_root(tmp_path_factory.mktemp("fbkb") / "root")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "feedback.sqlite3")


@pytest.fixture
def client(kb_root: Path, db: str) -> Client:
    return Client(create_app(kb_root, Settings(feedback_db=db)))


def _records(db: str) -> list[Any]:
    store = open_store(db)
    try:
        return list(store.records())
    finally:
        store.close()


def test_post_feedback_stores_redacted_facts_and_the_answer(client: Client, db: str) -> None:
    r = client.post("/v1/feedback", json={"facts": FACTS, "verdict": "wrong",
                                          "right_cause": "quota.exhausted",
                                          "note": f"user pasted {KEY}"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["verdict"] == "wrong" and body["cause"].startswith("quota.")
    (record,) = _records(db)
    assert record.id == body["id"] and record.rule == body["rule"]
    assert record.right_cause == "quota.exhausted" and record.kb_version == body["kb_version"]
    assert record.answer and record.answer[0]["rule"] == record.rule
    assert record.created.endswith("Z")
    stored = json.dumps([record.facts, record.note, record.answer])
    assert KEY not in stored and KEY[3:27] not in stored
    assert "bob" not in stored and "ops@acme.example" not in stored
    assert record.facts["response"]["status"] == 402


@pytest.mark.parametrize(("body", "at"), [
    ({"facts": FACTS, "verdict": "maybe"}, "/verdict"),
    ({"facts": FACTS, "verdict": "wrong", "right_cause": "not a cause"}, "/right_cause"),
    ({"facts": "text", "verdict": "right"}, "/facts"),
    ({"facts": FACTS, "verdict": "right", "rule": "no-such-rule"}, "/rule"),
    ({"facts": FACTS, "verdict": "right", "extra": 1}, "/extra"),
])
def test_bad_feedback_is_422_and_not_stored(client: Client, db: str, body: dict[str, Any],
                                            at: str) -> None:
    r = client.post("/v1/feedback", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["at"] == at
    assert not _records(db)


def test_console_feedback_form_carries_no_key(client: Client) -> None:
    ticket = json.dumps(FACTS)
    page = client.post("/en/diagnose", data={"text": ticket})
    assert page.status_code == 200 and 'name="verdict"' in page.text
    hidden = html.unescape(re.search(r'name="facts" value="([^"]*)"', page.text).group(1))
    assert KEY not in page.text and KEY[3:27] not in hidden
    assert "ops@acme.example" not in hidden and json.loads(hidden)["response"]["status"] == 402


def test_console_buttons_record_a_verdict(client: Client, db: str) -> None:
    page = client.post("/zh/diagnose", data={"text": "Insufficient Balance",
                                             "response.status": "402"})
    assert page.status_code == 200
    assert 'id="who-acts"' in page.text and "下一步由谁处理" in page.text
    facts = html.unescape(re.search(r'name="facts" value="([^"]*)"', page.text).group(1))
    rule = re.search(r'name="rule" value="([^"]*)"', page.text).group(1)
    assert 'value="right"' in page.text and 'value="wrong"' in page.text
    done = client.post("/zh/feedback", data={"facts": facts, "rule": rule, "verdict": "wrong",
                                             "right_cause": "quota.exhausted"})
    assert done.status_code == 200 and 'id="feedback-done"' in done.text
    (record,) = _records(db)
    assert (record.rule, record.verdict, record.right_cause, record.lang) == (
        rule, "wrong", "quota.exhausted", "zh")


def _flood(url: str, clients: int, total: int) -> list[int]:
    def one(i: int) -> int:
        facts = {"response": {"status": 402, "body": f"Insufficient Balance #{i}"},
                 "request": {"api_key": KEY}}
        for attempt in range(3):
            try:
                r = http.post(url + "v1/feedback", json={
                    "facts": facts, "verdict": "right" if i % 4 else "wrong"}, timeout=60)
                return r.status_code
            except httpx.TransportError:
                if attempt == 2:
                    raise
                time.sleep(0.2)
        return 0

    with httpx.Client() as http, ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(total)))


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_real_server_several_workers_concurrent_feedback(
        kind: str, kb_root: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    target = str(tmp_path / "live.sqlite3") if kind == "sqlite" else \
        request.getfixturevalue("pg_url")
    server = start_server(kb_root, tmp_path / "serve.log", "--workers", "8", "--no-reload",
                          "--db", target, timeout=240)
    try:
        start = time.perf_counter()
        statuses = _flood(server.url, clients=16, total=2000)
        seconds = time.perf_counter() - start
    finally:
        stop_server(server)
    assert statuses.count(201) == 2000, {s: statuses.count(s) for s in set(statuses)}
    records = _records(target)
    assert len(records) == 2000
    numbers = {int(r.facts["response"]["body"].rsplit("#", 1)[1]) for r in records}
    assert numbers == set(range(2000))
    assert sum(r.verdict == "wrong" for r in records) == 500
    assert not [r for r in records if KEY in json.dumps(r.facts)]
    assert KEY not in (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
    FIGURES[f"feedback, {kind}"] = (f"2000 POST /v1/feedback, 8 workers, 16 clients: "
                                    f"{2000 / seconds:.0f} req/s, {len(records)} of 2000 stored")
