"""`triage validate`: every kind of defect is reported as file:line:col, all at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from triage.cli import main
from triage.loader.sources import load_sources

RULE = "rules/auth/invalid-api-key.yaml"


def _issues(root: Path) -> list[str]:
    _, issues = load_sources(root)
    return [str(i) for i in issues]


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(root: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_bundled_sources_are_clean(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(root)]) == 0
    assert "no problems" in capsys.readouterr().err


def test_malformed_yaml(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "priority: 10", "priority: [10")
    line = _line_of(kb_copy, RULE, "priority: [10")
    found = [i for i in _issues(kb_copy) if i.startswith(RULE)]
    assert found and "malformed YAML" in found[0]
    assert re.match(rf"{re.escape(RULE)}:{line + 1}:\d+: ", found[0])


def test_duplicate_key(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "priority: 10\n", "priority: 10\npriority: 11\n")
    line = _line_of(kb_copy, RULE, "priority: 11")
    assert f"{RULE}:{line}:1: duplicate key 'priority' (first at line {line - 1})" in "\n".join(
        _issues(kb_copy))


def test_unknown_field_with_suggestion(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "priority: 10\n", "priorty: 10\n")
    line = _line_of(kb_copy, RULE, "priorty")
    text = "\n".join(_issues(kb_copy))
    assert f"{RULE}:{line}:1: unknown field 'priorty'" in text
    assert "did you mean 'priority'?" in text


def test_wrong_type(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "priority: 10\n", "priority: ten\n")
    line = _line_of(kb_copy, RULE, "priority: ten")
    assert f"{RULE}:{line}:11: priority should be integer, not text" in "\n".join(
        _issues(kb_copy))


def test_fact_value_of_the_wrong_type(kb_copy: Path) -> None:
    rel = "rules/auth/unauthorized-status.yaml"
    _edit(kb_copy, rel, "eq: 401", "eq: '401'")
    line = _line_of(kb_copy, rel, "eq: '401'")
    assert any(i.startswith(f"{rel}:{line}:") and "whole number" in i for i in _issues(kb_copy))


def test_regex_that_does_not_compile(kb_copy: Path) -> None:
    rel = "rules/permission/ip-not-allowed.yaml"
    text = (kb_copy / rel).read_text(encoding="utf-8")
    pattern_line = next(n for n, line in enumerate(text.splitlines(), 1) if "- text:" in line)
    _edit(kb_copy, rel, "- text: ", "- text: (unclosed")
    found = [i for i in _issues(kb_copy) if i.startswith(f"{rel}:{pattern_line}:")]
    assert found and "does not compile" in found[0], _issues(kb_copy)


def test_regex_that_could_backtrack(kb_copy: Path) -> None:
    rel = "rules/permission/ip-not-allowed.yaml"
    text = (kb_copy / rel).read_text(encoding="utf-8")
    pattern_line = next(n for n, line in enumerate(text.splitlines(), 1) if "- text:" in line)
    _edit(kb_copy, rel, "- text: ", "- text: (a+)+b|")
    found = [i for i in _issues(kb_copy) if i.startswith(f"{rel}:{pattern_line}:")]
    assert found and "backtrack catastrophically" in found[0]


def test_duplicate_ids_and_id_against_file_name(kb_copy: Path) -> None:
    src = kb_copy / RULE
    (kb_copy / "rules/auth/invalid-api-key-copy.yaml").write_text(
        src.read_text(encoding="utf-8"), encoding="utf-8")
    text = "\n".join(_issues(kb_copy))
    assert "rules/auth/invalid-api-key-copy.yaml:2:5: the id 'invalid-api-key' differs" in text
    assert (f"{RULE}:2:5: duplicate rule id 'invalid-api-key' (first in "
            "rules/auth/invalid-api-key-copy.yaml:2:5)") in text


def test_link_to_a_missing_entry(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "- invalid-api-key-401", "- invalid-api-key-410")
    line = _line_of(kb_copy, RULE, "invalid-api-key-410")
    text = "\n".join(_issues(kb_copy))
    assert f"{RULE}:{line}:3: no knowledge-base entry 'invalid-api-key-410'" in text
    assert "did you mean 'invalid-api-key-401'?" in text


def test_unknown_fact_and_folder_family(kb_copy: Path) -> None:
    rel = "rules/auth/unauthorized-status.yaml"
    _edit(kb_copy, rel, "fact: response.status", "fact: response.statu")
    _edit(kb_copy, rel, "cause: auth.unauthorized", "cause: quota.unauthorized")
    text = "\n".join(_issues(kb_copy))
    assert "unknown fact 'response.statu' (hint: did you mean 'response.status'?)" in text
    assert "the cause family 'quota' differs from the folder 'auth'" in text


def test_all_problems_are_collected_and_exit_code(kb_copy: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _edit(kb_copy, RULE, "priority: 10\n", "priority: ten\n")
    _edit(kb_copy, "kb/entries/model-not-found.yaml", "owner:", "ownr:")
    (kb_copy / "rules/auth/broken.yaml").write_bytes(b"id: broken\nversion: \xff\n")
    assert main(["validate", "--root", str(kb_copy)]) == 1
    out = capsys.readouterr()
    files = {line.split(":", 1)[0] for line in out.out.splitlines()}
    assert {RULE, "kb/entries/model-not-found.yaml", "rules/auth/broken.yaml"} <= files
    assert "rules/auth/broken.yaml:2:10: not UTF-8 (byte 0xff)" in out.out
    assert "Traceback" not in out.err


def test_validate_named_files_only(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(kb_copy, RULE, "priority: 10\n", "priority: ten\n")
    good = kb_copy / "rules/auth/unauthorized-status.yaml"
    assert main(["validate", "--root", str(kb_copy), str(good)]) == 0
    assert main(["validate", "--root", str(kb_copy), str(kb_copy / RULE)]) == 1
    capsys.readouterr()


def test_deprecated_rule_needs_a_replacement(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "status: stable", "status: deprecated")
    text = "\n".join(_issues(kb_copy))
    assert f"{RULE}:2:1: missing required field 'replaced_by'" in text
