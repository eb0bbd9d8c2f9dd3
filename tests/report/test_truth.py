"""On generated logs with a known mix of causes, every count of the JSON report is the truth."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from triage.cli import main

from bench.loggen import FORMATS
from tests.report.logs import SCHEMA, leaked, mismatches, write_log


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["report", "--format", "json", "--quiet", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_count_equals_the_truth(fmt: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = write_log(tmp_path, fmt, 1500, bad_every=250)
    assert truth["bad"] > 0 and truth["failed"] > 100
    report = _report(capsys, str(path), "--workers", "1")
    assert mismatches(report, truth) == []
    jsonschema.validate(report, SCHEMA)
    assert leaked(json.dumps(report, ensure_ascii=False), truth) == []
    expected = {"new-api-csv": "new-api", "new-api-jsonl": "new-api", "new-api-json": "new-api",
                "one-api-log": "one-api-log", "litellm-spend-jsonl": "litellm-spend",
                "litellm-spend-csv": "litellm-spend", "litellm-error-csv": "litellm-error",
                "openai-jsonl": "openai-jsonl", "triage-batch": "triage-batch"}[fmt]
    assert report["inputs"][0]["format"] == expected
    assert len(report["bad_lines"]["samples"]) == min(truth["bad"], 10)


def test_gzip_and_two_worker_processes_give_the_same_counts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = write_log(tmp_path, "new-api-csv", 9000, gz=True, bad_every=1000)
    report = _report(capsys, str(path), "--workers", "2")
    assert mismatches(report, truth) == []
    assert leaked(json.dumps(report), truth) == []


def test_several_inputs_add_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, truth_a = write_log(tmp_path, "openai-jsonl", 800, seed=1)
    b, truth_b = write_log(tmp_path, "litellm-error-csv", 800, seed=2)
    report = _report(capsys, str(a), str(b), "--workers", "1")
    assert report["totals"]["failed"] == truth_a["failed"] + truth_b["failed"]
    causes = {c["cause"]: c["count"] for c in report["causes"]}
    for cause in set(truth_a["causes"]) | set(truth_b["causes"]):
        assert causes[cause] == truth_a["causes"].get(cause, 0) + truth_b["causes"].get(cause, 0)


def test_named_format_and_user_fixable_share(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = write_log(tmp_path, "new-api-jsonl", 1000)
    report = _report(capsys, str(path), "--input-format", "new-api", "--workers", "1")
    def count(*families: str) -> int:
        return sum(n for c, n in truth["causes"].items() if c.split(".")[0] in families)

    # the user's own configuration, key and balance are theirs to fix; a down channel, an
    # upstream 500 and a gateway timeout are not (rate limits may go either way)
    user = count("auth", "quota", "model_not_found", "model_access", "context_length",
                 "content_policy")
    platform = count("model_unavailable", "upstream_error", "timeout")
    assert user <= report["sides"]["user"]["count"] <= user + count("rate_limit")
    assert platform <= report["sides"]["platform"]["count"] <= platform + count("rate_limit")
    assert report["sides"]["unknown"]["count"] == truth["causes"].get("unknown.undiagnosed", 0)
    assert sum(s["count"] for s in report["sides"].values()) == truth["failed"]
    top = report["causes"][0]
    assert top["examples"] and all(a["url"].startswith("https://") for a in top["answers"])
