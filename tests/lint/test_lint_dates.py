"""Reviews past due, reviews older than changes, dates in the future, the changelog."""

from __future__ import annotations

from pathlib import Path

from tests.lint.lintkit import TODAY, reported, run, set_value, where

ENTRY = "kb/entries/rate-limit-429.yaml"


def test_an_entry_past_its_review_date(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "next_review", text='"2026-11-27"')
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, '"2026-11-27"'), "review")
    assert issue.message == f"the review was due on 2026-11-27 (today is {TODAY})"


def test_today_decides_what_is_past_due(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "next_review", text='"2026-12-01"')
    assert not [i for i in run(kb_copy, "2026-12-01") if i.code == "review"]
    reported(run(kb_copy, "2026-12-02"), where(kb_copy, ENTRY, '"2026-12-01"'), "review")


def test_changed_after_the_last_review_warns(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "reviewed", text='"2026-10-01"')
    reported(run(kb_copy), where(kb_copy, ENTRY, '"2026-10-01"'), "review", "warning",
             words="after the last review on 2026-10-01")


def test_a_date_that_does_not_exist(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "changed", text='"2026-02-30"')
    reported(run(kb_copy), where(kb_copy, ENTRY, '"2026-02-30"'), "date",
             words="is not a real date")


def test_glossary_and_checklists_changed_in_the_future_warn(kb_copy: Path) -> None:
    term, checklist = "kb/glossary/dns.yaml", "kb/checklists/ticket-evidence.yaml"
    set_value(kb_copy, term, "changed", text='"2027-01-01"')
    set_value(kb_copy, checklist, "changed", text='"2027-01-02"')
    issues = run(kb_copy)
    reported(issues, where(kb_copy, term, '"2027-01-01"'), "date", "warning",
             words="in the future")
    reported(issues, where(kb_copy, checklist, '"2027-01-02"'), "date", "warning")


def test_the_newest_changelog_entry_must_be_the_version(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "version", text='"1.1.0"')
    set_value(kb_copy, ENTRY, "changelog", 0, "version", text='"0.9.0"')
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, '"0.9.0"'), "changelog")
    assert issue.message == "the newest changelog entry is 0.9.0, but the entry is version 1.1.0"


def test_a_change_after_changed_warns(kb_copy: Path) -> None:
    set_value(kb_copy, ENTRY, "changelog", 0, "date", text='"2026-11-29"')
    reported(run(kb_copy), where(kb_copy, ENTRY, '"2026-11-29"'), "changelog", "warning")
