"""`triage lint` knows languages, and reports validation's problems too."""

from __future__ import annotations

from pathlib import Path

import pytest
from triage.cli import main
from triage.lint.base import collect
from triage.lint.untranslated import check_untranslated

ENTRY = "kb/entries/upstream-server-error.yaml"
RULE = "rules/auth/invalid-api-key.yaml"
SAYS_RULE = "rules/auth/client-missing-credentials.yaml"   # a single text list with its says


def _edit(root: Path, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _found(root: Path) -> list[str]:
    return [str(i) for i in check_untranslated(collect(root))]


def test_bundled_content_is_translated(root: Path) -> None:
    assert _found(root) == []


def test_zh_in_latin_script_only(kb_copy: Path) -> None:
    line = _edit(kb_copy, ENTRY, "  title: 500 / 502 / 503 服务端内部错误：重试与何时上报",
                 "  title: Server errors and when to escalate them")
    assert _found(kb_copy) == [
        f"{ENTRY}:{line}:10: the zh text at zh.title is in Latin script only: it looks "
        "untranslated (hint: write it in Chinese (keep code, names and URLs as they are))"]


def test_code_and_names_in_zh_are_fine(kb_copy: Path) -> None:
    _edit(kb_copy, ENTRY, "  title: 500 / 502 / 503 服务端内部错误：重试与何时上报",
          "  title: '`GET /v1/models` https://gw.example.com/v1 gpt-4o'")
    assert _found(kb_copy) == []


def test_identical_zh_and_en(kb_copy: Path) -> None:
    line = _edit(kb_copy, RULE, "    title: API 令牌无效或缺失",
                 "    title: The API key is invalid or missing")
    found = _found(kb_copy)
    assert f"{RULE}:{line}:12: the zh and en texts at text.zh.title are identical (hint: "\
        "translate one of them)" in found


@pytest.mark.parametrize("word", ["TODO", "TBD", "待补充"])
def test_placeholders(kb_copy: Path, word: str) -> None:
    line = _edit(kb_copy, RULE, "    title: The API key is invalid or missing",
                 f"    title: The API key is invalid or missing {word}")
    assert f"{RULE}:{line}:12: a placeholder '{word}' is left in text.en.title (hint: write "\
        "the text, or remove the item)" in _found(kb_copy)


def test_says_is_checked_too(kb_copy: Path) -> None:
    line = _edit(kb_copy, SAYS_RULE, "      zh: 客户端报告没有拿到 API 令牌（令牌为空或未配置）",
                 "      zh: the client says it had no key")
    assert any(f.startswith(f"{SAYS_RULE}:{line}:11: the zh text at when.all[0].says.zh")
               for f in _found(kb_copy))


def test_lint_runs_validation_first(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _edit(kb_copy, RULE, "priority: 10", "priorty: 10")
    assert main(["lint", "--root", str(kb_copy), "--today", "2026-11-28"]) == 1
    out, err = capsys.readouterr()
    assert f"{RULE}:{line}:1: unknown field 'priorty'" in out
    assert "no problems" not in err


def test_code_samples_are_verbatim_but_their_titles_are_prose(kb_copy: Path) -> None:
    entry = "kb/entries/model-not-found.yaml"
    assert _found(kb_copy) == []  # the same curl/Python/Node code in zh and en is by design
    line = _edit(kb_copy, entry, "    - title: 用 curl 列出这个令牌能看到的模型 ID",
                 "    - title: List the model ids this key can see with curl")
    assert [f for f in _found(kb_copy) if f.startswith(f"{entry}:{line}:")] == [
        f"{entry}:{line}:14: the zh text at zh.code[0].title is in Latin script only: it looks "
        "untranslated (hint: write it in Chinese (keep code, names and URLs as they are))"]
