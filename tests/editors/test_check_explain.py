"""`triage check` (validate + test + lint), its watch mode and GitHub annotations, the
pre-commit hook, and `triage diagnose --explain`."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import yaml
from triage.cli import build_parser, main
from triage.cli.check import github_line, watch
from triage.errors import Issue, Location

RULE = "rules/auth/invalid-api-key.yaml"
CASES = "rules/auth/invalid-api-key.cases.yaml"
TODAY = ["--today", "2026-11-28"]


def _edit(root: Path, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_check_clean(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(root), *TODAY]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("triage check: ok: 0 error(s), 0 warning(s) in 0 file(s); "
                              "tests: ") and out[-1].endswith(" passed, 0 failed")


def test_check_reports_a_failing_case(kb_copy: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    text = (kb_copy / CASES).read_text(encoding="utf-8")
    head, tail = text.split("not_fires:\n", 1)
    case = ("- name: a key error that must not fire (wrong on purpose)\n  facts:\n"
            "    response: {status: 401, body: invalid api key}\n")
    (kb_copy / CASES).write_text(head + "not_fires:\n" + case + tail, encoding="utf-8")
    line = len((head + "not_fires:\n").splitlines()) + 1
    assert main(["check", "--root", str(kb_copy), *TODAY]) == 1
    out = capsys.readouterr().out
    assert f"{CASES}:{line}:1: invalid-api-key should not fire: a key error that must not " \
        "fire (wrong on purpose)" in out
    assert out.strip().splitlines()[-1].endswith(", 1 failed")


def test_check_stops_before_tests_on_invalid_sources(kb_copy: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    line = _edit(kb_copy, RULE, "priority: 10", "priorty: 10")
    assert main(["check", "--root", str(kb_copy), *TODAY]) == 1
    out = capsys.readouterr().out
    assert f"{RULE}:{line}:1: unknown field 'priorty'" in out
    assert out.strip().splitlines()[-1].endswith("tests: not run (fix the errors first)")


def test_check_github_format(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _edit(kb_copy, RULE, "priority: 10", "priorty: 10")
    assert main(["check", "--root", str(kb_copy), "--format", "github", *TODAY]) == 1
    out = capsys.readouterr().out
    assert f"::error file={RULE},line={line},col=1,title=triage schema::unknown field " \
        "'priorty' (hint: did you mean 'priority'?)" in out


def test_github_line_escapes() -> None:
    issue = Issue(Location("a,b:c.yaml", 3, 4), "100% wrong\nreally", "", "x", "warning")
    assert github_line(issue) == ("::warning file=a%2Cb%3Ac.yaml,line=3,col=4,title=triage x"
                                  "::100%25 wrong%0Areally")


def test_watch_checks_again_after_a_change(kb_copy: Path) -> None:
    calls: list[float] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(kb_copy, lambda: calls.append(1), 0.05,
                                                  lambda: not stop.is_set()))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(calls) == 1
        time.sleep(0.2)
        assert len(calls) == 1  # nothing changed, nothing checked
        _edit(kb_copy, RULE, "priority: 10", "priority: 11")
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(calls) == 2
    finally:
        stop.set()
        thread.join(5)


def test_pre_commit_hooks_name_real_verbs(root: Path) -> None:
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} >= {"triage-check"}
    for hook in hooks:
        words = hook["entry"].split()
        assert words[0] == "triage"
        build_parser(words[1]).parse_args([*words[1:], "--root", str(root)])
        assert hook["pass_filenames"] is False and hook["language"] == "python"


def _ticket(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_explain_a_rule_that_fired(root: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    key = "sk-" + "q" * 24
    ticket = _ticket(tmp_path, "request: {api_key: " + key + "}\nresponse:\n  status: 401\n"
                     "  body: 'Incorrect API key provided: " + key + "'\n")
    assert main(["diagnose", "--root", str(root), "--explain", "invalid-api-key", ticket]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].startswith("  [yes] all of 4:")
    assert "matched 'Incorrect API key'" in out and "[Incorrect API key]" in out
    assert "[no ] text /missing authentication token/" in out
    assert "[no ] text /exceeded (your )?current quota" in out
    assert lines[-1].startswith("conditions: they hold; rules engine: fired")
    assert key not in out


def test_explain_a_rule_that_did_not_fire(root: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    ticket = _ticket(tmp_path, "request: {model: GPT-4o-Mini}\naccount: {models: [gpt-4o-mini]}"
                     "\nresponse: {status: 404}\n")
    assert main(["diagnose", "--root", str(root), "--explain", "model-not-in-list",
                 ticket]) == 0
    out = capsys.readouterr().out
    assert "[no ] model.listed eq 'absent': the ticket has 'case_only'" in out
    assert out.splitlines()[-1] == "conditions: they do not hold; rules engine: did not fire"


def test_explain_unknown_rule(root: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    ticket = _ticket(tmp_path, "response: {status: 404}\n")
    assert main(["diagnose", "--root", str(root), "--explain", "model.not-in-list",
                 ticket]) == 2
    assert "did you mean 'model-not-in-list'?" in capsys.readouterr().err


def test_watch_command_end_to_end(kb_copy: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "triage", "check", "--watch", "--root",
                             str(kb_copy), "--interval", "0.2", *TODAY],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        lines: list[str] = []

        def summary() -> str:
            assert proc.stdout is not None
            while True:
                line = proc.stdout.readline()
                assert line, "the watch ended early"
                lines.append(line)
                if line.startswith("triage check:"):
                    return line

        assert summary().startswith("triage check: ok")
        _edit(kb_copy, RULE, "priority: 10", "priorty: 10")
        assert summary().startswith("triage check: problems found: 2 error(s)")
        assert any("files changed, checking again" in line for line in lines)
        assert any("unknown field 'priorty'" in line for line in lines)
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
