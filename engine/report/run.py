"""Running the partition function over the inputs: in this process, on a local process pool
(one knowledge base per worker), or on a Dask cluster.

The local pool keeps at most ``2 × workers`` chunks in flight, so reading never runs ahead
of the workers and memory stays flat however long the log is.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

from triage.errors import UsageError
from triage.report.aggregate import Tally
from triage.report.partition import Spec, diagnose_lines, diagnose_partition
from triage.report.progress import Progress
from triage.report.reader import Source, chunks, detect, open_source

__all__ = ["Input", "dask_partition", "run_dask", "run_local"]

CHUNK = 2000


@dataclass(frozen=True)
class Input:
    name: str
    format: str
    container: str


def _warm(root: str) -> None:
    """Worker start: load the knowledge base once, before the first chunk arrives."""
    from pathlib import Path

    from triage.api import load_diagnoser

    load_diagnoser(Path(root) if root else None)


def _sources(names: Sequence[str]) -> int:
    total = 0
    for name in names:
        if name != "-":
            with contextlib.suppress(OSError):
                total += os.path.getsize(name)
    return total


def run_local(names: Sequence[str], forced: str | None, root: str, workers: int,
              progress: Progress | None = None) -> tuple[Tally, list[Input]]:
    """Every input through the partition function; ``workers`` > 1 uses a process pool."""
    tally = Tally()
    inputs: list[Input] = []
    progress = progress or Progress(_sources(names), force=False)
    done_bytes = 0
    pool = None
    if workers > 1:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm, initargs=(root,))
    try:
        for name in names:
            source = open_source(name)
            try:
                spec, head = detect(source, forced, root)
                seen = _run_one(source, spec, head, tally, pool, workers,
                                _reporter(progress, source, done_bytes))
                if source.damage:
                    tally.add_bad(name, source.damage)
                inputs.append(Input(name, seen.fmt, seen.container))
                done_bytes += source.size
            finally:
                source.close()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        progress.close()
    return tally, inputs


def _reporter(progress: Progress, source: Source, before: int) -> Callable[[int], None]:
    def report(lines: int) -> None:
        progress.update(before + source.position(), lines)

    return report


def _run_one(source: Source, spec: Spec, head: list[str], tally: Tally,
             pool: ProcessPoolExecutor | None, workers: int,
             report: Callable[[int], None]) -> Spec:
    seen = spec
    if pool is None:
        for seen, chunk in chunks(source, spec, head, CHUNK):
            tally.merge(diagnose_lines(chunk, seen))
            report(tally.lines)
        return seen
    pending: set[Future[Tally]] = set()
    for seen, chunk in chunks(source, spec, head, CHUNK):
        pending.add(pool.submit(diagnose_lines, chunk, seen))
        if len(pending) >= 2 * workers:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                tally.merge(future.result())
            report(tally.lines)
    for future in pending:
        tally.merge(future.result())
    report(tally.lines)
    return seen


def dask_partition(lines: Any, spec: Spec) -> list[dict[str, Any]]:
    """What a Dask bag partition runs: its lines through :func:`diagnose_partition`, the
    tally as plain data (one item per partition)."""
    return [diagnose_partition(lines, spec).to_plain()]


def run_dask(names: Sequence[str], forced: str | None, root: str, address: str,
             blocksize: int = 64 << 20, timeout: float = 30.0) -> tuple[Tally, list[Input]]:
    """The same partition function on a Dask cluster (``tcp://host:8786``). The inputs must
    be readable at the same path by every worker. CSV and gzip files are one partition each
    (a CSV header and quoted newlines, or a gzip stream, cannot be split)."""
    try:
        import dask.bag as db
        from dask.distributed import Client
    except ImportError:
        raise UsageError("--dask needs Dask: pip install 'triage[scale]'") from None
    bags = []
    inputs: list[Input] = []
    for name in names:
        if name == "-":
            raise UsageError("--dask reads files that every worker can open, not stdin")
        source = open_source(name)
        try:
            spec, _head = detect(source, forced, root)
            gz = source.gzip
        finally:
            source.close()
        if spec.container == "objects":
            raise UsageError(f"{name}: a JSON document is read whole; use JSON Lines with "
                             "--dask, or run without it")
        whole = gz or spec.container == "csv"
        bag = db.read_text(os.path.abspath(name), blocksize=None if whole else blocksize,
                           compression="gzip" if gz else None, encoding="utf-8",
                           errors="replace")
        bags.append(bag.map_partitions(dask_partition, replace(spec, root=root)))
        inputs.append(Input(name, spec.fmt, spec.container))
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    try:
        results = client.compute(db.concat(bags)).result()
    finally:
        client.close()
    tally = Tally()
    for plain in results:
        tally.merge(Tally.from_plain(plain))
    return tally, inputs
