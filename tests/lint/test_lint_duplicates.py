"""Two entries asking the same question, per language: exactly (error) or nearly (warning)."""

from __future__ import annotations

import json
from pathlib import Path

from triage.lint.duplicates import normalise
from triage.loader.sources import read_document

from tests.lint.lintkit import reported, run, set_value, where

FIRST = "kb/entries/bad-request-400.yaml"
LATER = "kb/entries/wrong-base-url.yaml"  # sorts after FIRST: reported at the later one


def _question(root: Path, rel: str, lang: str) -> str:
    question = read_document(root / rel, rel).data[lang]["question"]
    assert isinstance(question, str)
    return question


def test_normalise_ignores_case_space_punctuation_and_width() -> None:
    assert normalise("  What is a Base-URL?? ") == normalise("what is a base url")
    assert normalise("模型不存在，怎么办？") == normalise("模型不存在怎么办?")
    assert normalise("ＡＰＩ key") == "apikey"


def test_the_same_question_in_two_entries(kb_copy: Path) -> None:
    asked = _question(kb_copy, FIRST, "en")
    set_value(kb_copy, LATER, "en", "question", text=json.dumps("  " + asked.upper() + " !!"))
    issues = run(kb_copy)
    at = where(kb_copy, LATER, json.dumps("  " + asked.upper() + " !!"))
    issue = reported(issues, at, "duplicate")
    assert issue.message.startswith("the en question of 'wrong-base-url' duplicates the "
                                    "question of 'bad-request-400' (kb/entries/bad-request-400")


def test_the_same_chinese_question(kb_copy: Path) -> None:
    asked = _question(kb_copy, FIRST, "zh")
    text = json.dumps(asked + "？？", ensure_ascii=False)
    set_value(kb_copy, LATER, "zh", "question", text=text)
    reported(run(kb_copy), where(kb_copy, LATER, text), "duplicate", words="the zh question")


def test_a_nearly_identical_question_warns(kb_copy: Path) -> None:
    asked = _question(kb_copy, FIRST, "en")
    middle = len(asked) // 2
    nearly = asked[:middle] + ("x" if asked[middle] != "x" else "y") + asked[middle + 1:]
    text = json.dumps(nearly)
    set_value(kb_copy, LATER, "en", "question", text=text)
    issues = run(kb_copy)
    issue = reported(issues, where(kb_copy, LATER, text), "duplicate", "warning")
    assert "nearly the same" in issue.message
    assert not [i for i in issues if i.code == "duplicate" and i.severity == "error"]


def test_a_variant_that_is_another_entrys_question_warns(kb_copy: Path) -> None:
    asked = _question(kb_copy, FIRST, "en")
    text = json.dumps(asked.lower())
    set_value(kb_copy, LATER, "en", "variants", 0, text=text)
    reported(run(kb_copy), where(kb_copy, LATER, text), "duplicate", "warning",
             words="the en variant of 'wrong-base-url' duplicates the question")


def test_a_variant_repeating_its_own_question_warns(kb_copy: Path) -> None:
    text = json.dumps(_question(kb_copy, LATER, "en"))
    set_value(kb_copy, LATER, "en", "variants", 0, text=text)
    reported(run(kb_copy), where(kb_copy, LATER, text), "duplicate", "warning",
             words="repeats the question")
