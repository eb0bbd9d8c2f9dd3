"""Strict reading of fact files on the command line, and no terminal control from bodies."""

from __future__ import annotations

from pathlib import Path

import pytest
from triage.cli import main
from triage.facts.normalise import normalise


@pytest.mark.parametrize(("name", "text", "named"), [
    ("f.json", "response: {status: 401}\n", "not valid JSON"),
    ("f.json", '{"response": {"elapsed_ms": NaN}}', "NaN is not a number"),
    ("f.json", '{"response": {"elapsed_ms": Infinity}}', "Infinity is not a number"),
    ("f.yaml", "response: {status: 401}\nresponse: {status: 402}\n", "duplicate key"),
    ("f.yaml", "{response: {status: 401}, response: {status: 402}}\n", "duplicate key"),
    ("f.yaml", "response:\n  status: 429\n  headers: {retry-after: \"\u00b2\"}\n", "0-9"),
    ("f.yaml", "request: {timeout_s: \"\u0663\u0660\"}\n", "0-9"),
])
def test_refused_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                             text: str, named: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["diagnose", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and named in err, err


def test_ascii_digits_with_words_are_only_a_warning(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("request: {timeout_s: 30秒}\nresponse: {status: 401}\n", encoding="utf-8")
    assert main(["diagnose", str(path), "--format", "json"]) == 0
    assert "request.timeout_s" in capsys.readouterr().out  # named in a warning


def test_batch_line_with_duplicate_key(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"response": {"status": 401}}\n{"a": 1, "a": 2}\n', encoding="utf-8")
    assert main(["diagnose", "--batch", str(path)]) == 2
    out, err = capsys.readouterr()
    assert '"line": 2' in out and "appears twice" in err


def test_normaliser_never_raises_on_odd_numbers() -> None:
    facts = normalise({"response": {"status": 10 ** 5000, "elapsed_ms": "\u00b2",
                                    "headers": {"retry-after": "\u00b2\u00b3"}}})
    assert "response.status" not in facts.values
    assert "response.retry_after_s" not in facts.values
    assert any("whole number" in w for w in facts.warnings)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_control_characters_never_reach_the_terminal(tmp_path: Path, fmt: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('request: {model: "gpt\\e]0;title\\a-4o"}\nresponse:\n  status: 404\n'
                    '  body: "\\e[31mThe model gpt-4o does not exist\\a\\x9b"\n',
                    encoding="utf-8")
    assert main(["diagnose", str(path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f for c in out)
    if fmt == "markdown":
        assert "\\x1b" in out  # shown, not obeyed


def test_error_line_shows_control_characters(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"a\\u001b[2J": 1, "a\\u001b[2J": 2}', encoding="utf-8")
    assert main(["diagnose", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "a\\x1b[2J" in err


def test_unknown_keys_in_a_ticket_get_a_did_you_mean() -> None:
    warnings = normalise({"respnse": {"status": 401}, "request": {"modle": "gpt-4o"}}).warnings
    assert "unknown fact 'respnse' is kept but not used; did you mean 'response'?" in warnings
    assert "unknown fact 'request.modle' is kept but not used; did you mean 'request.model'?" \
        in warnings
