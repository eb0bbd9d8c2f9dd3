"""A real server on a copy of the knowledge base: reload on change, keep serving on broken
sources, replace a dead worker, stop cleanly."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import LiveServer, copy_root, start_server, stop_server

pytestmark = pytest.mark.slow

FACTS = {"response": {"status": 403, "body": '{"error":{"message":"该令牌无权使用模型：gpt-4o",'
                                             '"type":"one_api_error"}}'}}
OLD_TITLE = "The gateway says this key may not use the model"
NEW_TITLE = "The gateway says this key may not use the model (reloaded)"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    root = copy_root(tmp_path / "root")
    server = start_server(root, tmp_path / "serve.log", "--workers", "1")
    try:
        yield server, root
    finally:
        stop_server(server)


def _title(server: LiveServer) -> str:
    with httpx.Client(timeout=10) as client:  # a fresh connection each time
        response = client.post(server.url + "v1/diagnose", json=FACTS)
    response.raise_for_status()
    title: str = response.json()["diagnoses"][0]["title"]
    return title


def _until(check: Callable[[], Any], timeout: float = 40.0) -> Any:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            value = check()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {check}")


def test_reload_and_keep_serving(served: tuple[LiveServer, Path]) -> None:
    server, root = served
    rule = root / "rules" / "model_access" / "model-access-message.yaml"
    good = rule.read_text(encoding="utf-8")
    assert f"title: {OLD_TITLE}\n" in good
    before = server.health()
    assert before["generation"] == 1 and _title(server) == OLD_TITLE
    first_pid = before["pid"]

    # 1. a valid change: fresh workers, new behaviour, the old worker retired
    rule.write_text(good.replace(f"title: {OLD_TITLE}\n", f"title: {NEW_TITLE}\n"), "utf-8")
    _until(lambda: server.health()["generation"] == 2)
    # until the old worker has handled its SIGTERM it may still take a connection: the
    # reload has no gap, so both generations answer for a moment
    _until(lambda: first_pid not in server.worker_pids())
    assert _title(server) == NEW_TITLE
    after = server.health()
    assert after["kb"]["key"] != before["kb"]["key"] and after["pid"] != first_pid

    # 2. a broken change: problems logged, the previous knowledge base keeps answering
    rule.write_text(good.replace("cause: ", "cause: [unclosed ", 1), "utf-8")
    _until(lambda: any(x.get("event") == "reload_refused" for x in server.log_lines()))
    problems = [x for x in server.log_lines() if x.get("event") == "source_problem"]
    assert any("model-access-message.yaml" in x["problem"] for x in problems)
    for _ in range(5):
        assert _title(server) == NEW_TITLE
        assert server.health()["generation"] == 2

    # 3. fixed again: served again
    second = set(server.worker_pids())
    rule.write_text(good, "utf-8")
    _until(lambda: server.health()["generation"] == 3)
    _until(lambda: not second & set(server.worker_pids()))
    assert _title(server) == OLD_TITLE


def test_dead_worker_is_replaced_and_stop_is_clean(served: tuple[LiveServer, Path]) -> None:
    server, _ = served
    (worker,) = server.worker_pids()
    os.kill(worker, signal.SIGKILL)
    _until(lambda: server.worker_pids() and worker not in server.worker_pids())
    _until(lambda: _title(server) == OLD_TITLE)
    assert any(x.get("event") == "worker_exited" for x in server.log_lines())
    workers = server.worker_pids()
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=30) == 0
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(
            f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    assert server.log_lines()[-1]["event"] == "stopped"
