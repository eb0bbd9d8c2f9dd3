"""Measurements that run inside one fresh process (started by ``bench.run``).

``python -m bench.worker latency ROOT TICKETS N ROUNDS``  per-ticket latency, durable vs the
    hand-written baseline, interleaved ticket by ticket; fired-set mismatches.
``python -m bench.worker memory ROOT TICKETS N EVERY``    RSS while diagnosing N tickets.
``python -m bench.worker batch ROOT TICKETS``             ``triage diagnose --batch --format
    json`` with the baseline in place of durable-rules (the same loop, the same output).

Each prints one JSON object on stdout (``batch`` prints the diagnoses, like the CLI).
"""

from __future__ import annotations

import gc
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["main", "percentile"]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _tickets(path: str, n: int) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        items = [json.loads(line) for line in itertools.islice(fh, n)]
    return items


def _load(root: str) -> tuple[Any, Any, float]:
    from triage.api import load_compiled
    from triage.evaluate import Diagnoser

    started = time.perf_counter()
    diagnoser = Diagnoser(load_compiled(Path(root)))
    return diagnoser, diagnoser.compiled, time.perf_counter() - started


def latency(root: str, tickets_path: str, n: int, rounds: int) -> dict[str, Any]:
    """Per-ticket latency of durable-rules and of the baseline on the same facts."""
    from bench.baseline import BaselineEngine

    diagnoser, compiled, load_s = _load(root)
    baseline = BaselineEngine(compiled)
    tickets = _tickets(tickets_path, n)
    facts = [diagnoser.facts(t)[1] for t in tickets]

    # Same answers on every ticket (sets: durable fires in shard/priority order).
    mismatches = []
    fired_counts = []
    for i, fact in enumerate(facts):
        a, b = diagnoser.engine.evaluate(fact), baseline.evaluate(fact)
        fired_counts.append(len(a))
        if set(a) != set(b):
            mismatches.append({"ticket": i, "durable_only": sorted(set(a) - set(b)),
                               "baseline_only": sorted(set(b) - set(a))})

    def fired_baseline(raw: dict[str, Any]) -> list[str]:
        _, fact, _ = diagnoser.facts(raw)
        return diagnoser.order(baseline.evaluate(fact))

    def fired_durable(raw: dict[str, Any]) -> list[str]:
        return diagnoser.fired(raw)[1]

    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    names = ("match_durable", "match_baseline", "ticket_durable", "ticket_baseline")
    series: dict[str, list[float]] = {k: [] for k in names}
    rates: dict[str, list[float]] = {k: [] for k in names}
    cpu_rates: dict[str, list[float]] = {k: [] for k in names}
    gc.collect()
    for r in range(rounds):
        spent = dict.fromkeys(names, 0)
        cpu_spent = dict.fromkeys(names, 0)
        for i, (raw, fact) in enumerate(zip(tickets, facts, strict=True)):
            pairs = [("durable", diagnoser.engine.evaluate, fired_durable),
                     ("baseline", baseline.evaluate, fired_baseline)]
            if (i + r) % 2:
                pairs.reverse()  # alternate who goes first, so caches and drift cancel
            for name, match, fired in pairs:
                c0, t0 = cpu_clock(), clock()
                match(fact)
                t1, c1 = clock(), cpu_clock()
                fired(raw)
                t2, c2 = clock(), cpu_clock()
                series[f"match_{name}"].append((t1 - t0) / 1000)
                series[f"ticket_{name}"].append((t2 - t1) / 1000)
                spent[f"match_{name}"] += t1 - t0
                spent[f"ticket_{name}"] += t2 - t1
                cpu_spent[f"match_{name}"] += c1 - c0
                cpu_spent[f"ticket_{name}"] += c2 - c1
        for k in names:
            rates[k].append(len(tickets) * 1e9 / spent[k] if spent[k] else 0.0)
            cpu_rates[k].append(len(tickets) * 1e9 / cpu_spent[k] if cpu_spent[k] else 0.0)
    out: dict[str, Any] = {
        "rules": len(compiled.rules), "shards": len(compiled.shards),
        "patterns": sum(len(v) for v in compiled.patterns.values()),
        "tickets": len(tickets), "rounds": rounds, "load_s": load_s,
        "fired_mean": statistics.fmean(fired_counts) if fired_counts else 0.0,
        "fired_max": max(fired_counts, default=0),
        "fired_none": sum(1 for c in fired_counts if c == 0),
        "mismatches": len(mismatches), "mismatch_examples": mismatches[:5],
    }
    for k, values in series.items():
        out[k] = {"p50_us": percentile(values, 50), "p99_us": percentile(values, 99),
                  "per_s_rounds": rates[k], "per_s": statistics.median(rates[k]),
                  "cpu_per_s_rounds": cpu_rates[k], "cpu_per_s": statistics.median(cpu_rates[k])}
    return out


def memory(root: str, tickets_path: str, n: int, every: int) -> dict[str, Any]:
    """RSS every ``every`` tickets while the Diagnoser diagnoses ``n`` tickets (cycling)."""
    start_rss = _rss_mb()
    diagnoser, compiled, _ = _load(root)
    tickets = _tickets(tickets_path, 5000)
    loaded_rss = _rss_mb()
    samples = [(0, loaded_rss)]
    started = time.perf_counter()
    langs = ("en", "zh")
    for i, raw in enumerate(itertools.islice(itertools.cycle(tickets), n), 1):
        diagnoser.diagnose(raw, langs[i % 2])
        if i % every == 0:
            samples.append((i, _rss_mb()))
    seconds = time.perf_counter() - started
    first = samples[1][1] if len(samples) > 1 else loaded_rss
    return {"rules": len(compiled.rules), "tickets": n, "seconds": seconds,
            "per_s": n / seconds if seconds else 0.0, "rss_start_mb": start_rss,
            "rss_loaded_mb": loaded_rss, "samples": samples,
            "growth_after_first_mb": samples[-1][1] - first,
            "growth_total_mb": samples[-1][1] - loaded_rss}


def batch(root: str, tickets_path: str) -> int:
    """The ``triage diagnose --batch --format json`` loop, with the baseline matcher."""
    from triage.api import load_compiled
    from triage.evaluate import Diagnoser
    from triage.facts.read import iter_jsonl

    from bench.baseline import BaselineEngine

    compiled = load_compiled(Path(root))
    diagnoser = Diagnoser(compiled)  # start-up is subtracted: a 1-ticket run is timed too
    diagnoser.engine = BaselineEngine(compiled)  # type: ignore[assignment]
    out = sys.stdout
    for _number, item in iter_jsonl(tickets_path):
        if isinstance(item, Exception):
            continue
        out.write(json.dumps(diagnoser.diagnose(item, "en"), ensure_ascii=False) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    task = args[0]
    if task == "latency":
        result = latency(args[1], args[2], int(args[3]), int(args[4]))
    elif task == "memory":
        result = memory(args[1], args[2], int(args[3]), int(args[4]))
    elif task == "batch":
        return batch(args[1], args[2])
    else:
        raise SystemExit(f"unknown task {task!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
