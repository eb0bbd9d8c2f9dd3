"""Both languages, every section, as many follow-ups and steps: reported with lines, even
when the file also fails its schema."""

from __future__ import annotations

from pathlib import Path

from triage.loader.sources import load_sources

from tests.lint.lintkit import drop, reported, run, set_value, where

ENTRY = "kb/entries/wrong-base-url.yaml"


def test_a_missing_language_is_reported_at_the_other_one(kb_copy: Path) -> None:
    drop(kb_copy, ENTRY, "en")
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, "\nzh:", at_text="zh"), "language")
    assert issue.message == "no English (en) text"


def test_the_file_also_fails_validate_but_lint_still_reports_it(kb_copy: Path) -> None:
    drop(kb_copy, ENTRY, "zh")
    _, problems = load_sources(kb_copy)
    assert any(i.location.path == ENTRY for i in problems)  # validate: schema error
    reported(run(kb_copy), where(kb_copy, ENTRY, "\nen:", at_text="en"), "language",
             words="no Chinese (zh) text")


def test_a_missing_section(kb_copy: Path) -> None:
    drop(kb_copy, ENTRY, "en", "basis")
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, "\nen:", at_text="en"), "section")
    assert issue.message == "the en text has no 'basis' section"
    assert issue.hint.startswith("add it; the zh text has it at line ")


def test_an_empty_section(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "zh", "safety", text='"   "')
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, 'safety: "   "', at_text='"'),
                     "section")
    assert issue.message == "the zh 'safety' section is empty"


def test_an_empty_list_section(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "en", "never_ask", text="[]")
    reported(run(kb_copy), where(kb_copy, ENTRY, "never_ask: []", at_text="[]"), "section")


def test_an_empty_step_and_a_followup_without_an_answer(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "en", "steps", 1, text='""')
    set_value(kb_copy, ENTRY, "zh", "followups", 0, text="q: 这是一个没有回答的问题？")
    issues = run(kb_copy)
    reported(issues, where(kb_copy, ENTRY, '- ""', at_text='"'), "section",
             words="en.steps[1] is empty")
    reported(issues, where(kb_copy, ENTRY, "- q: 这是一个没有回答的问题", at_text="q"), "section",
             words="zh.followups[0] has no 'a'")


def test_different_numbers_of_followups_is_an_error(kb_copy: Path) -> None:
    drop(kb_copy, ENTRY, "en", "followups", 0)
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, "followups:", nth=1), "language")
    assert issue.message.startswith("en.followups has ")
    assert " but zh.followups has " in issue.message


def test_different_numbers_of_steps_is_a_warning(kb_copy: Path) -> None:
    drop(kb_copy, ENTRY, "zh", "steps", 0)
    issues = run(kb_copy)
    reported(issues, where(kb_copy, ENTRY, "steps:"), "language", "warning",
             words="zh.steps has ")
    assert not [i for i in issues if i.severity == "error"]


def test_glossary_terms_and_rules_need_both_languages_too(kb_copy: Path) -> None:
    term = "kb/glossary/base-url.yaml"
    rule = "rules/auth/invalid-api-key.yaml"
    drop(kb_copy, term, "en", "definition")
    drop(kb_copy, rule, "text", "zh")
    issues = run(kb_copy)
    reported(issues, where(kb_copy, term, "\nen:", at_text="en"), "section",
             words="no 'definition'")
    reported(issues, where(kb_copy, rule, "\n  en:", at_text="en"), "language",
             words="no Chinese (zh) text")
