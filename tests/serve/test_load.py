"""A bounded load test on loopback: 2,000 requests, 16 at a time, against the real server
with 2 workers. Every answer must equal the in-process diagnosis, and the workers' memory
must stay flat between the first and the second half."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from triage.api import diagnose

from tests.conftest import FIGURES
from tests.corpus import case_facts, corpus_cases

from .conftest import LiveServer

pytestmark = pytest.mark.slow

TOTAL = 2000
CONCURRENCY = 16
WARMUP = 200
WARMUP_ROUNDS = 10
RSS_GROWTH_BOUND_KB = 8 * 1024  # for all workers together, second half vs first half


def _served_by(live_server: LiveServer) -> set[int]:
    return {x["pid"] for x in live_server.log_lines() if x.get("event") == "access"}


def _rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


async def _run(url: str, work: list[tuple[bytes, str, Any]]) -> tuple[list[float], int]:
    """Send every request of ``work`` with CONCURRENCY in flight; latencies and mismatches.

    Each of the CONCURRENCY tasks has its own client and keep-alive connection: one shared
    httpx pool costs more CPU than the server on this kind of machine.
    """
    latencies: list[float] = []
    wrong = 0
    queue: asyncio.Queue[tuple[bytes, str, Any]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)

    async def worker() -> None:
        nonlocal wrong
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
            while not queue.empty():
                body, lang, expected = queue.get_nowait()
                started = time.perf_counter()
                response = await client.post(f"v1/diagnose?lang={lang}", content=body,
                                             headers={"content-type": "application/json"})
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or response.json() != expected:
                    wrong += 1

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return latencies, wrong


def test_bounded_load(live_server: LiveServer, kb_root: Path) -> None:
    cases = [case_facts(c) for c in corpus_cases()]
    expected = {(i, lang): diagnose(facts, lang=lang, root=kb_root)
                for i, facts in enumerate(cases) for lang in ("en", "zh")}
    work = [(json.dumps(cases[n % len(cases)]).encode(), lang,
             expected[(n % len(cases), lang)])
            for n in range(TOTAL) for lang in ("en" if n % 2 else "zh",)]
    workers = live_server.worker_pids()
    assert len(workers) == 2

    # Warm up until both workers have served: the shared socket lets one worker accept a
    # whole burst of keep-alive connections, and a worker's first requests warm its caches.
    for _ in range(WARMUP_ROUNDS):
        _, wrong = asyncio.run(_run(live_server.url, work[:WARMUP]))
        assert wrong == 0
        if set(workers) <= _served_by(live_server):
            break
    assert set(workers) <= _served_by(live_server), "one worker took no connection at all"
    rss_start = _rss_kb(workers)
    started = time.perf_counter()
    first, wrong_first = asyncio.run(_run(live_server.url, work[: TOTAL // 2]))
    rss_middle = _rss_kb(workers)
    second, wrong_second = asyncio.run(_run(live_server.url, work[TOTAL // 2:]))
    elapsed = time.perf_counter() - started
    rss_end = _rss_kb(workers)

    latencies = sorted(first + second)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    figures = (f"{TOTAL} requests, concurrency {CONCURRENCY}, 2 workers: "
               f"{TOTAL / elapsed:.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
               f"worker RSS {rss_start // 1024} MB → {rss_middle // 1024} MB (half) → "
               f"{rss_end // 1024} MB, mismatches {wrong_first + wrong_second}")
    print("\nserve load test:", figures)
    FIGURES["serve load test"] = figures
    assert len(latencies) == TOTAL
    assert wrong_first == wrong_second == 0
    assert live_server.worker_pids() == workers  # nobody crashed or was replaced
    assert rss_end - rss_middle < RSS_GROWTH_BOUND_KB, figures
