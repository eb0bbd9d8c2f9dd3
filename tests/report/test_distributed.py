"""The same partition function on Dask (a LocalCluster on loopback) and as Spark's
``mapInPandas`` body (pandas frames standing in for Spark batches): the counts are the truth."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from triage.cli import main
from triage.report.aggregate import Tally
from triage.report.build import build_report
from triage.report.partition import Spec
from triage.report.reader import detect, open_source
from triage.report.run import Input, run_dask

from tests.report.logs import leaked, mismatches, write_log

distributed = pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.mark.parametrize("fmt", ["new-api-jsonl", "litellm-spend-csv", "one-api-log"])
def test_dask_partitions_count_the_truth(fmt: str, cluster: str, tmp_path: Path) -> None:
    path, truth = write_log(tmp_path, fmt, 6000, bad_every=700)
    tally, inputs = run_dask([str(path)], None, "", cluster, blocksize=64 << 10)
    report = build_report(tally, inputs, lang="en", site_url="https://triage.example.com/")
    assert mismatches(report, truth) == []
    assert leaked(json.dumps(report), truth) == []


def test_dask_from_the_command_line_with_gzip(cluster: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = write_log(tmp_path, "openai-jsonl", 3000, gz=True)
    assert main(["report", str(path), "--dask", cluster, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert mismatches(report, truth) == []


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    import socket

    from triage.errors import UsageError

    path, _truth = write_log(tmp_path, "openai-jsonl", 50)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(UsageError, match="cannot reach the scheduler"):
        run_dask([str(path)], None, "", f"tcp://127.0.0.1:{port}", timeout=2)


def test_spark_map_in_pandas_body(tmp_path: Path) -> None:
    from triage.report.spark import merge_rows, spark_partitions

    path, truth = write_log(tmp_path, "litellm-spend-jsonl", 4000, bad_every=333)
    source = open_source(str(path))
    spec, _head = detect(source, None, "")
    source.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    # three "executors", each handed its own batches, in an order unlike the file's
    parts = [lines[i::3] for i in range(3)]
    rows = []
    for part in parts:
        batches = [pd.DataFrame({"value": part[j:j + 500]}) for j in range(0, len(part), 500)]
        out = list(spark_partitions(iter(batches), spec))
        assert len(out) == 1 and list(out[0].columns) == ["tally"]
        rows.append(out[0]["tally"][0])
    tally = merge_rows(rows)
    report = build_report(tally, [Input(str(path), spec.fmt, spec.container)], lang="zh",
                          site_url="https://triage.example.com/")
    assert mismatches(report, truth) == []


def test_tallies_merge_the_same_whatever_the_split(tmp_path: Path) -> None:
    from triage.report.partition import diagnose_partition

    path, _truth = write_log(tmp_path, "new-api-jsonl", 1200, bad_every=100)
    lines = path.read_text(encoding="utf-8").splitlines()
    spec = Spec("new-api", "jsonl", (), "", "x")
    whole = diagnose_partition(lines, spec)
    for cut in (1, 7, 500, 1199):
        left, right = diagnose_partition(lines[:cut], spec), diagnose_partition(lines[cut:], spec)
        for merged in (Tally().merge(left).merge(right), Tally().merge(right).merge(left)):
            plain, expect = merged.to_plain(), whole.to_plain()
            for key in ("lines", "requests", "failed", "bad", "causes", "hours", "dims",
                        "dim_family", "first", "last"):
                assert plain[key] == expect[key], key
    assert Tally.from_plain(json.loads(json.dumps(whole.to_plain()))).to_plain() == \
        whole.to_plain()
