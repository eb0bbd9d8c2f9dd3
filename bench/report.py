"""Benchmark of ``triage report``: lines per second, memory, Dask, and the parse-only floor.

``python -m bench.report [--sizes 100000,1000000] [--workers 2] [--no-dask]``

For each size it generates a new-api JSON Lines log (bench/loggen.py, 35 % failures), then
runs, side by side on the same file:

- the floor: a plain Python loop that only reads and ``json.loads`` every line;
- ``triage report --workers 1`` and ``--workers N`` (the process pool), in a subprocess whose
  whole process tree is sampled for resident memory every 50 ms (peak of the sum);
- the same partition function on a Dask ``LocalCluster`` of N single-threaded workers.

It prints a table and writes ``bench/results/report.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from bench.loggen import generate

HERE = Path(__file__).resolve().parent
TRIAGE = Path(sys.executable).parent / "triage"


def _floor(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            json.loads(line)
    return time.perf_counter() - start


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def _run(args: list[str]) -> tuple[float, int, dict[str, Any], float]:
    """Wall time, peak RSS of the process tree, the JSON report, and the CPU seconds of the
    whole tree (workers included: triage waits for them, so they count as its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    fd, name = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    start = time.perf_counter()
    proc = subprocess.Popen([str(TRIAGE), "report", *args, "--format", "json", "--quiet",
                             "--out", name], stderr=subprocess.DEVNULL)
    watched = psutil.Process(proc.pid)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                peak[0] = max(peak[0], _tree_rss(watched))
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    thread.join()
    if code != 0:
        raise SystemExit(f"triage report failed ({code})")
    report = json.loads(Path(name).read_text(encoding="utf-8"))
    os.unlink(name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, peak[0], report, cpu


def _dask(path: Path, workers: int) -> float:
    from dask.distributed import LocalCluster
    from triage.report.run import run_dask

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster:
        start = time.perf_counter()
        run_dask([str(path)], None, "", cluster.scheduler_address, blocksize=16 << 20)
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-dask", action="store_true")
    p.add_argument("--out", default=str(HERE / "results" / "report.json"))
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"new-api-{size}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                truth = generate("new-api-jsonl", size, fh)
            floor_cpu = time.process_time()
            floor = _floor(path)
            floor_cpu = time.process_time() - floor_cpu
            one, one_rss, _, one_cpu = _run([str(path), "--workers", "1"])
            many, many_rss, report, many_cpu = _run([str(path), "--workers", str(args.workers)])
            exact = report["totals"]["failed"] == truth["failed"] and {
                c["cause"]: c["count"] for c in report["causes"]} == truth["causes"]
            dask = None if args.no_dask else _dask(path, args.workers)
            row = {"lines": size, "failed": truth["failed"], "floor_s": round(floor, 2),
                   "floor_cpu_s": round(floor_cpu, 2), "workers_1_cpu_s": round(one_cpu, 2),
                   f"workers_{args.workers}_cpu_s": round(many_cpu, 2),
                   "lines_per_cpu_s": round(size / one_cpu),
                   "load_average": round(os.getloadavg()[0], 1),
                   "workers_1_s": round(one, 2), "workers_1_peak_mb": one_rss >> 20,
                   f"workers_{args.workers}_s": round(many, 2),
                   f"workers_{args.workers}_peak_mb": many_rss >> 20,
                   "lines_per_s": round(size / many), "x_floor": round(many / floor, 2),
                   "dask_s": None if dask is None else round(dask, 2),
                   "counts_equal_truth": exact}
            rows.append(row)
            print(json.dumps(row), flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"cores": os.cpu_count(), "rows": rows}, indent=1) + "\n",
                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
