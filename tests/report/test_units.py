"""Inputs that are wrong, the baseline comparison, escaping, masking and the progress bar."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from triage.cli import main
from triage.report.build import build_report
from triage.report.formats import parse_line, parse_row
from triage.report.partition import Spec, diagnose_lines
from triage.report.progress import Progress
from triage.report.records import epoch, masked_key
from triage.report.run import Input

from tests.report.logs import write_log

FAKE_KEY = "sk-" + "Q" * 10 + "w" * 22


def _json_report(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["report", "--format", "json", "--quiet", "--workers", "1", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_unknown_format_is_one_line_and_exit_2(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "x.log"
    log.write_text("hello world\nnothing here\n", encoding="utf-8")
    assert main(["report", str(log)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"triage: {log}:1:1: cannot tell the log format")
    assert "--input-format" in err[0]


@pytest.mark.parametrize("content, message", [
    ('{\n"data": 5}', "without a list of rows"),
    ('{"data": [1, 2', "1:"),
])
def test_bad_json_documents(content: str, message: str, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "x.json"
    log.write_text(content, encoding="utf-8")
    assert main(["report", str(log), "--input-format", "new-api"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_file_and_bad_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope.log")]) == 2
    assert "no such file" in capsys.readouterr().err
    log, _ = write_log(tmp_path, "openai-jsonl", 50)
    bad = tmp_path / "base.json"
    bad.write_text('{"report": "triage-report",\n "causes": [}', encoding="utf-8")
    assert main(["report", str(log), "--baseline", str(bad)]) == 2
    assert f"{bad}:2:" in capsys.readouterr().err
    bad.write_text('{"a": 1}', encoding="utf-8")
    assert main(["report", str(log), "--baseline", str(bad)]) == 2
    assert "not a triage report" in capsys.readouterr().err


def test_baseline_shows_new_and_rising_causes(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_path / "before.jsonl"
    after = tmp_path / "after.jsonl"

    def line(status: int, message: str) -> str:
        return json.dumps({"status": status, "request": {"model": "gpt-4o"},
                           "response": {"error": {"message": message}}}) + "\n"

    quota, rate = line(402, "Insufficient Balance"), line(429, "Rate limit reached for gpt-4o"
                                                               " on tokens per min (TPM)")
    ctx = line(400, "This model's maximum context length is 128000 tokens.")
    before.write_text(quota * 8 + rate * 2, encoding="utf-8")
    after.write_text(quota * 4 + rate * 4 + ctx * 2, encoding="utf-8")
    old = tmp_path / "old.json"
    assert main(["report", str(before), "--format", "json", "--out", str(old),
                 "--workers", "1"]) == 0
    report = _json_report(capsys, str(after), "--baseline", str(old))
    base = report["baseline"]
    assert [c["cause"] for c in base["new"]] == ["context_length.exceeded"]
    assert [(c["cause"], c["before_share"], c["share"]) for c in base["rising"]] == [
        ("rate_limit.exceeded", 0.2, 0.4)]
    assert base["gone"] == [] and base["failed_before"] == 10
    md = tmp_path / "r.md"
    assert main(["report", str(after), "--format", "md", "--out", str(md), "--baseline",
                 str(old), "--workers", "1"]) == 0
    assert "context\\_length.exceeded" in md.read_text(encoding="utf-8")


def test_hostile_text_is_escaped_and_keys_masked(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "evil.jsonl"
    model = '<script>alert(1)</script>$x^2$'
    rows = [{"status": 401, "request": {"model": model},
             "headers": {"Authorization": "Bearer " + FAKE_KEY},
             "response": {"error": {"message": f"Incorrect API key provided: {FAKE_KEY}"}}},
            {"status": 500, "request": {"model": "m|`x`"},
             "response": {"error": {"message": "<img src=x onerror=alert(1)>"}}}]
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(log), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert FAKE_KEY not in html and FAKE_KEY[3:20] not in html and "sk-...wwww" in html
    for fmt in ("json", "md"):
        assert main(["report", str(log), "--format", fmt, "--workers", "1"]) == 0
        text = capsys.readouterr().out
        assert FAKE_KEY not in text and FAKE_KEY[3:20] not in text
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


def test_out_replaces_only_when_done(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text("previous", encoding="utf-8")
    assert main(["report", str(tmp_path / "missing.log"), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_rows_and_lines() -> None:
    row = {"type": 5, "content": "该令牌额度已用尽", "created_at": "1764547200",
           "model_name": "gpt-4o", "token_name": FAKE_KEY, "username": "u1",
           "other": '{"status_code": 401, "channel_name": "c1", "error_code": "quota"}'}
    record = parse_row("new-api", row)
    assert record is not None and record.failed and record.status == 401
    assert record.key == "sk-...wwww" and record.channel == "c1" and record.time == 1764547200
    assert parse_row("new-api", {**row, "type": 1}) is None  # a top-up is not a request
    with pytest.raises(ValueError, match="no 'type' column"):
        parse_row("new-api", {"content": "x"})
    line = ("[ERR] 2025/12/01 - 10:00:00 | 20251201 [relay.go:125] [processChannelRelayError] "
            "relay error (channel id 4, user id: 9): Insufficient Balance")
    rec = parse_line(line)
    assert rec is not None and (rec.channel, rec.user, rec.body) == ("4", "9",
                                                                     "Insufficient Balance")
    assert rec.time == epoch("2025-12-01T10:00:00Z")
    assert parse_line("[INFO] 2025/12/01 - 10:00:00 | x using channel #2") is None
    assert epoch(1764547200123) == 1764547200 and epoch("nonsense") is None
    assert masked_key("Bearer " + FAKE_KEY) == "sk-...wwww" and masked_key("team-a") == "team-a"


def test_repeated_failures_reuse_the_answer_and_stay_bounded() -> None:
    spec = Spec("openai-jsonl", "jsonl", (), "", "t")
    line = json.dumps({"status": 402, "response": {"error": {"message": "Insufficient Balance"}}})
    tally = diagnose_lines(((i, line) for i in range(3000)), spec)
    assert tally.causes == {"quota.balance": 3000}
    assert len(tally.examples["quota.balance"]) == 1
    report = build_report(tally, [Input("t", "openai-jsonl", "jsonl")], lang="zh",
                          site_url="https://s.example/")
    assert report["causes"][0]["answers"][0]["url"].startswith("https://s.example/zh/answers/")


def test_progress_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped = io.StringIO()
    bar = Progress(1000, piped)
    bar.update(500, 10)
    bar.close()
    assert piped.getvalue() == ""
    tty = Tty()
    bar = Progress(1000, tty)
    bar.update(500, 10)
    assert "50%" in tty.getvalue() and "10 lines" in tty.getvalue()
    bar.close()
    assert tty.getvalue().endswith("\r")


def test_empty_log_and_successes_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "ok.jsonl"
    log.write_text(json.dumps({"status": 200, "response": {"id": "x"}}) + "\n", encoding="utf-8")
    report = _json_report(capsys, str(log))
    assert report["totals"]["requests"] == 1 and report["totals"]["failed"] == 0
    out = tmp_path / "r.html"
    assert main(["report", str(log), "--out", str(out), "--workers", "1"]) == 0
    assert "No failed requests" in out.read_text(encoding="utf-8")
    empty = tmp_path / "empty.log"
    empty.write_text("", encoding="utf-8")
    assert _json_report(capsys, str(empty))["totals"]["lines"] == 0


def test_truncated_gzip_counts_what_was_read(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path, truth = write_log(tmp_path, "openai-jsonl", 20000, gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a log rotated while it was being written
    report = _json_report(capsys, str(path))
    assert 0 < report["totals"]["requests"] < truth["requests"]
    assert report["totals"]["bad_lines"] >= 1
    assert any("ends early" in s for s in report["bad_lines"]["samples"])
    broken = tmp_path / "broken.gz"
    broken.write_bytes(b"\x1f\x8b" + b"\x00" * 40)
    assert main(["report", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "cannot read it" in err and "Traceback" not in err


def test_long_spans_are_counted_per_day(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "week.jsonl"
    day = 86_400
    rows = [{"time": 1_764_547_200 + i * day + 3600 * (i % 5), "status": 402,
             "response": {"error": {"message": "Insufficient Balance"}}} for i in range(5)]
    rows.append({"time": 1_764_547_200 + 4 * day + 60, "status": 200, "response": {}})
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = _json_report(capsys, str(log))
    assert report["period"]["bucket"] == "day"
    assert [(r["start"][:10], r["requests"], r["failed"]) for r in report["over_time"]] == [
        ("2025-12-01", 1, 1), ("2025-12-02", 1, 1), ("2025-12-03", 1, 1),
        ("2025-12-04", 1, 1), ("2025-12-05", 2, 1)]
    assert all(r["start"].endswith("T00:00:00Z") for r in report["over_time"])
