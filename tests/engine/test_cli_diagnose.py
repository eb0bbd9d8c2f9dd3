"""`triage diagnose` and `triage test` from the command line: formats, languages, batch,
exit codes, hostile input, and no key in any output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from triage.cli import main
from triage.loader.schema import validator

KEY = "sk-" + "Zq7" * 12          # built at run time: a key-shaped string, not a literal
ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "triage", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120, check=False)


def _facts(**extra: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "request": {"model": "gpt-4o", "api_key": KEY,
                    "headers": {"Authorization": f"Bearer {KEY}"},
                    "base_url": f"https://gw.example.com/v1?key={KEY}"},
        "response": {"status": 401, "body": json.dumps(
            {"error": {"message": f"Incorrect API key provided: {KEY}",
                       "code": "invalid_api_key"}})},
    }
    facts.update(extra)
    return facts


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_formats_languages_and_masking(tmp_path: Path, fmt: str, lang: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(_facts()), encoding="utf-8")
    done = _run(["diagnose", str(path), "--format", fmt, "--lang", lang])
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert KEY not in out and KEY not in done.stderr.decode()
    if fmt != "text":
        assert KEY[-4:] in out  # the masked identifier keeps the last four characters
    if fmt == "json":
        result = json.loads(out)
        assert not list(validator("diagnosis").iter_errors(result))
        assert result["diagnoses"][0]["family"] == "auth"
        assert result["lang"] == lang
    if lang == "zh":
        assert "令牌" in out
    if fmt == "markdown":
        heading = "# 工单交接说明" if lang == "zh" else "# Support handoff"
        assert out.startswith(heading)
        for label in (("负责人", "环境", "涉及能力", "最近一次正常", "现象", "下次复查时间")
                      if lang == "zh" else ("Owner", "Environment", "Capability",
                                            "Last known good", "Symptom", "Next review point")):
            assert f"| {label} |" in out


def test_stdin_yaml_and_contract_shape() -> None:
    text = ("request: {model: gpt-4o}\nresponse:\n  status: 429\n  headers: {retry-after: '20'}\n"
            "  body: '{\"error\":{\"message\":\"Rate limit reached for requests\"}}'\n")
    done = _run(["diagnose", "-", "--format", "json"], text.encode())
    result = json.loads(done.stdout)
    assert result["diagnoses"][0]["cause"].startswith("rate_limit")
    assert set(result) >= {"diagnoses", "ask", "facts", "warnings"}
    first = result["diagnoses"][0]
    assert set(first) >= {"rule", "rule_version", "cause", "title", "confidence", "because",
                          "next_steps", "evidence", "faq"}
    assert first["because"] and first["next_steps"] and first["evidence"]


def test_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"response": {"status": 402, "body": "Insufficient Balance"}}),
             "{not json",
             json.dumps({"error": {"message": "getaddrinfo ENOTFOUND gw.example.com"}}),
             json.dumps(_facts())]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _run(["diagnose", "--batch", str(path)])
    out = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert len(out) == 4
    assert out[0]["diagnoses"][0]["family"] == "quota"
    assert out[1]["line"] == 2 and "error" in out[1]
    assert out[2]["diagnoses"][0]["cause"] == "network.dns"
    assert out[3]["diagnoses"][0]["family"] == "auth"
    assert done.returncode == 2
    assert f"{path}:2:2:" in done.stderr.decode()
    assert KEY not in done.stdout.decode() + done.stderr.decode()


def test_ask_names_the_missing_facts() -> None:
    facts = {"response": {"status": 404, "body": '{"error":{"message":"model foo-1 not found"}}'},
             "request": {"model": "foo-1"}}
    done = _run(["diagnose", "-", "--format", "json"], json.dumps(facts).encode())
    result = json.loads(done.stdout)
    assert result["diagnoses"][0]["family"] == "model_not_found"
    assert result["ask"][0]["fact"] == "account.models"
    video = {"response": {"status": 200, "body": '{"data":{"task_status":"failed"}}'},
             "request": {"kind": "video"}}
    result = json.loads(_run(["diagnose", "-", "--format", "json"],
                             json.dumps(video).encode()).stdout)
    assert result["diagnoses"][0]["family"] == "task_failed"
    assert result["ask"][0]["fact"] == "task.id"


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe{bad", "not UTF-8"),
    (b"[1, 2]", "a fact set is a mapping"),
    (b"request: [unclosed", "malformed YAML"),
    (b"", "empty"),
    (b"- a\n- b\n", "a fact set is a mapping"),
])
def test_unreadable_facts_give_one_line_and_exit_2(tmp_path: Path, content: bytes,
                                                   message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    done = _run(["diagnose", str(path)])
    err = done.stderr.decode()
    assert done.returncode == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    for args in (["diagnose"], ["diagnose", "/no/such/file"], ["frobnicate"],
                 ["diagnose", "-", "--format", "xml"]):
        done = _run(args, b"")
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr.decode()


def test_hostile_facts_are_survived(tmp_path: Path) -> None:
    hostile = {
        "request": {"model": ["not", "a", "string"], "stream": "maybe", "timeout_s": "soon"},
        "response": {"status": "four-oh-one", "body": {"error": {"message": "rate limit"}},
                     "headers": "nope"},
        "account": {"models": "gpt-4o, gpt-4o-mini", "balance": True},
        "task": {"status": "exploded", "age_s": -5},
        "whatever": {"x": 1},
        "error": None,
    }
    result = json.loads(_run(["diagnose", "-", "--format", "json"],
                             json.dumps(hostile).encode()).stdout)
    warnings = "\n".join(result["warnings"])
    assert "response.status" in warnings and "unknown fact 'whatever'" in warnings
    assert "account.models" in warnings and "task.status" in warnings
    assert result["diagnoses"][0]["family"] == "rate_limit"


def test_huge_bodies(tmp_path: Path) -> None:
    tail = " You exceeded your current quota, please check your plan and billing details."
    body = "x" * 70_000 + tail                   # longer than durable-rules' 65,535 limit
    facts = {"response": {"status": 429, "body": json.dumps({"error": {"message": body}})}}
    result = json.loads(_run(["diagnose", "-", "--format", "json"],
                             json.dumps(facts).encode()).stdout)
    assert result["diagnoses"][0]["family"] == "quota"
    big = {"response": {"status": 500, "body": "A" * (5 << 20) + " rate limit exceeded"}}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big), encoding="utf-8")
    done = _run(["diagnose", str(path), "--format", "json"])
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert any("only the first and last" in w for w in result["warnings"])
    assert result["diagnoses"][0]["family"] == "rate_limit"
    assert len(done.stdout) < 100_000


def test_triage_test_passes_and_fails(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--root", str(kb_copy)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.endswith(" passed, 0 failed")
    cases = kb_copy / "rules/quota/payment-required-status.cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("status: 402", "status: 400", 1),
                     encoding="utf-8")
    assert main(["test", "--root", str(kb_copy)]) == 1
    out = capsys.readouterr().out
    assert "rules/quota/payment-required-status.cases.yaml:4:1: payment-required-status " \
           "should fire" in out
    assert out.strip().splitlines()[-1].endswith(" passed, 1 failed")
