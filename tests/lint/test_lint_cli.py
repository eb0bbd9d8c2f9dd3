"""``triage lint`` end to end: file:line:col on stdout, the summary on stderr, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from triage.cli import main

from tests.lint.lintkit import TODAY, add_item, set_value, where

ENTRY = "kb/entries/timeouts-and-streaming.yaml"


def test_a_broken_link_exits_1_with_its_place(kb_copy: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    add_item(kb_copy, ENTRY, "related", text="no-such-entry")
    code = main(["lint", "--root", str(kb_copy), "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 1
    at = where(kb_copy, ENTRY, "no-such-entry")
    assert f"{at}: related links to no knowledge-base entry 'no-such-entry'" in out.splitlines()[0]
    assert "1 error(s), 0 warning(s) in 1 file(s)" in err


def test_warnings_alone_exit_0(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_value(kb_copy, ENTRY, "reviewed", text='"2026-01-01"')
    code = main(["lint", "--root", str(kb_copy), "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.startswith(where(kb_copy, ENTRY, '"2026-01-01"') + ": ")
    assert "0 error(s), 1 warning(s)" in err


def test_a_clean_copy_exits_0(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--root", str(kb_copy), "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "lint: no problems" in err


def test_a_bad_today_exits_2(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--root", str(kb_copy), "--today", "tomorrow"]) == 2
    assert "--today tomorrow: not a date" in capsys.readouterr().err
