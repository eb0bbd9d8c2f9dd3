"""Broken links are reported at the id that names nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.lintkit import add_item, add_key, errors, replace, reported, run, set_value, where

ENTRY = "kb/entries/model-not-found.yaml"
TERM = "kb/glossary/base-url.yaml"
CHECKLIST = "kb/checklists/before-escalating.yaml"
RULE = "rules/auth/invalid-api-key.yaml"


@pytest.mark.parametrize(("rel", "field", "kind"), [
    (ENTRY, "related", "knowledge-base entry"),
    (ENTRY, "glossary", "glossary term"),
    (ENTRY, "checklists", "checklist"),
    (TERM, "see", "glossary term"),
    (TERM, "entries", "knowledge-base entry"),
    (CHECKLIST, "entries", "knowledge-base entry"),
    (RULE, "faq", "knowledge-base entry"),
])
def test_a_link_to_nothing(kb_copy: Path, rel: str, field: str, kind: str) -> None:
    add_item(kb_copy, rel, field, text="no-such-thing")
    issue = reported(run(kb_copy), where(kb_copy, rel, "no-such-thing"), "link")
    assert f"{field} links to no {kind} 'no-such-thing'" in issue.message


def test_a_misspelt_link_gets_a_did_you_mean(kb_copy: Path) -> None:
    add_item(kb_copy, ENTRY, "glossary", text="model-lists")
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, "model-lists"), "link")
    assert issue.hint == "did you mean 'model-list'?"


def test_an_entry_naming_a_missing_rule(kb_copy: Path) -> None:
    add_key(kb_copy, ENTRY, "zh", "rules:\n  - no-such-rule\n")
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, "no-such-rule"), "link")
    assert "no rule 'no-such-rule'" in issue.message


def test_an_entry_naming_a_rule_that_does_not_link_back(kb_copy: Path) -> None:
    add_key(kb_copy, ENTRY, "zh", "rules:\n  - model-not-in-list\n  - invalid-api-key\n")
    issues = run(kb_copy)
    issue = reported(issues, where(kb_copy, ENTRY, "- invalid-api-key\n", at_text="i"), "link")
    assert "its faq does not link 'model-not-found'" in issue.message
    assert "rules/auth/invalid-api-key.yaml" in issue.hint
    assert not [i for i in issues if str(i).startswith(where(kb_copy, ENTRY, "model-not-in-list"))]


def test_a_deprecated_rule_replaced_by_nothing(kb_copy: Path) -> None:
    replace(kb_copy, RULE, "status: stable", "status: deprecated\nreplaced_by: no-such-rule")
    reported(run(kb_copy), where(kb_copy, RULE, "no-such-rule"), "link")


def test_a_link_to_itself_is_a_warning(kb_copy: Path) -> None:
    add_item(kb_copy, TERM, "see", text="base-url")
    issue = reported(run(kb_copy), where(kb_copy, TERM, "see:\n  - base-url", at_text="base-url"),
                     "link", "warning")
    assert "itself" in issue.message


def test_a_broken_file_is_reported_once_not_as_broken_links(kb_copy: Path) -> None:
    replace(kb_copy, TERM, "see:\n", "see: [\n")
    issues = errors(run(kb_copy))
    assert {i.location.path for i in issues} == {TERM}
    assert all(i.code == "yaml" for i in issues)


# --- inline links: [[kind:id]] and [[kind:id|text]] ------------------------------------------

def _inline(kb_copy: Path, token: str, rel: str = ENTRY) -> None:
    """Put ``token`` into the middle of the folded en answer, on a line of its own making."""
    set_value(kb_copy, rel, "en", "answer",
              text=f">-\n    Some words first, then {token} and more words after it.")


def test_an_inline_link_to_nothing(kb_copy: Path) -> None:
    _inline(kb_copy, "[[entry:no-such-entry]]")
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, "[[entry:no-such-entry]]"), "link")
    assert "[[entry:no-such-entry]] links to no knowledge-base entry" in issue.message


@pytest.mark.parametrize("token", [
    "[[entry:wrong-base-url]]", "[[term:base-url|the base URL]]", "[[rule:invalid-api-key]]",
    "[[checklist:before-escalating]]", "[[1, 2]]",
])
def test_good_inline_links_are_quiet(kb_copy: Path, token: str) -> None:
    _inline(kb_copy, token)
    assert [str(i) for i in run(kb_copy) if i.location.path == ENTRY] == []


@pytest.mark.parametrize(("token", "words"), [
    ("[[page:wrong-base-url]]", "unknown link kind 'page'"),
    ("[[term:Base URL]]", "malformed link"),
    ("[[term:no-such-term]]", "links to no glossary term"),
    ("[[rule:no-such-rule|a rule]]", "links to no rule"),
    ("[[checklist:no-such-list]]", "links to no checklist"),
])
def test_bad_inline_links(kb_copy: Path, token: str, words: str) -> None:
    _inline(kb_copy, token)
    issue = reported(run(kb_copy), where(kb_copy, ENTRY, token), "link")
    assert words in issue.message


def test_inline_links_in_plain_and_quoted_text_and_repeated(kb_copy: Path) -> None:
    token = "[[term:no-such-term]]"
    set_value(kb_copy, TERM, "en", "term", text=f'"Base URL {token}"')
    set_value(kb_copy, TERM, "en", "definition",
              text=f"The root address {token}, and again {token} at the end.")
    issues = run(kb_copy)
    for nth in range(3):
        reported(issues, where(kb_copy, TERM, token, nth), "link")


def test_an_inline_link_to_an_internal_rule_warns(kb_copy: Path) -> None:
    replace(kb_copy, RULE, "visibility: public", "visibility: internal")
    _inline(kb_copy, "[[rule:invalid-api-key]]")
    reported(run(kb_copy), where(kb_copy, ENTRY, "[[rule:invalid-api-key]]"), "internal", "warning")
