"""Rules and entries agree on the cause family; every family, rule and troubleshooting entry
is covered; public entries do not name internal rules."""

from __future__ import annotations

from pathlib import Path

from triage.loader.sources import read_document

from tests.lint.lintkit import (
    add_item,
    add_key,
    drop,
    errors,
    replace,
    reported,
    run,
    set_value,
    where,
)

RULE = "rules/auth/invalid-api-key.yaml"
AUTH_ENTRY = "kb/entries/invalid-api-key-401.yaml"
POLICY_ENTRY = "kb/entries/content-policy-refusal.yaml"


def test_a_rule_linking_only_an_entry_of_another_family(kb_copy: Path) -> None:
    set_value(kb_copy, RULE, "faq", 0, text="insufficient-balance-402")
    issue = reported(run(kb_copy), where(kb_copy, RULE, "- insufficient-balance-402",
                                         at_text="i"), "family")
    assert issue.message == ("rule 'invalid-api-key' diagnoses 'auth' but links only "
                             "troubleshooting entries of other families: "
                             "insufficient-balance-402 (quota)")
    assert "invalid-api-key-401" in issue.hint


def test_an_entry_that_also_covers_the_family_agrees(kb_copy: Path) -> None:
    set_value(kb_copy, RULE, "faq", 0, text="insufficient-balance-402")
    add_key(kb_copy, "kb/entries/insufficient-balance-402.yaml", "owner",
            "families:\n  - auth\n")
    assert not [i for i in run(kb_copy) if i.code == "family"]


def test_a_rule_linking_only_a_guide_warns(kb_copy: Path) -> None:
    set_value(kb_copy, RULE, "faq", 0, text="support-ticket-evidence")
    reported(run(kb_copy), where(kb_copy, RULE, "- support-ticket-evidence", at_text="s"),
             "family", "warning", words="links no troubleshooting entry")


def test_an_entry_naming_a_rule_of_another_family(kb_copy: Path) -> None:
    add_key(kb_copy, AUTH_ENTRY, "zh", "rules:\n  - invalid-api-key\n  - insufficient-balance\n")
    issues = run(kb_copy)
    at = where(kb_copy, AUTH_ENTRY, "- insufficient-balance\n", at_text="i")
    issue = reported(issues, at, "family")
    assert issue.message.startswith("rule 'insufficient-balance' diagnoses 'quota', but this "
                                    "entry answers auth")
    reported(issues, at, "link", words="does not link 'invalid-api-key-401'")
    assert [str(i) for i in errors(issues)] == [str(i) for i in errors(issues)
                                                if str(i).startswith(at + ":")]


def test_a_troubleshooting_entry_without_a_family(kb_copy: Path) -> None:
    set_value(kb_copy, POLICY_ENTRY, "family", text="null")
    reported(run(kb_copy), where(kb_copy, POLICY_ENTRY, "family: null", at_text="null"),
             "family", words="needs a cause family")


def test_an_unknown_family_in_families(kb_copy: Path) -> None:
    add_key(kb_copy, POLICY_ENTRY, "owner", "families:\n  - moderation\n")
    reported(run(kb_copy), where(kb_copy, POLICY_ENTRY, "- moderation", at_text="m"), "family",
             words="'moderation' is not a cause family")


def test_an_internal_rule_named_by_a_public_entry_warns(kb_copy: Path) -> None:
    replace(kb_copy, RULE, "visibility: public", "visibility: internal")
    add_key(kb_copy, AUTH_ENTRY, "zh", "rules:\n  - invalid-api-key\n")
    issues = run(kb_copy)
    reported(issues, where(kb_copy, AUTH_ENTRY, "- invalid-api-key\n", at_text="i"),
             "internal", "warning")
    assert not errors(issues)


# --- coverage ---------------------------------------------------------------------------------

def test_a_family_without_a_troubleshooting_entry(kb_copy: Path) -> None:
    replace(kb_copy, POLICY_ENTRY, "kind: troubleshooting", "kind: guide")
    issue = reported(run(kb_copy), where(kb_copy, "kb/triage-order.yaml", "- content_policy",
                                         at_text="c"), "coverage")
    assert issue.message == "no troubleshooting entry answers the cause family 'content_policy'"


def test_without_a_triage_order_the_family_is_reported_at_kb(kb_copy: Path) -> None:
    replace(kb_copy, POLICY_ENTRY, "kind: troubleshooting", "kind: guide")
    (kb_copy / "kb" / "triage-order.yaml").unlink()
    issue = reported(run(kb_copy), "kb", "coverage")
    assert str(issue).startswith("kb: no troubleshooting entry answers the cause family "
                                 "'content_policy'")


def test_a_rule_with_no_entry(kb_copy: Path) -> None:
    set_value(kb_copy, RULE, "faq", text="[]")
    reported(run(kb_copy), where(kb_copy, RULE, "faq: []", at_text="[]"), "coverage",
             words="links to no knowledge-base entry")


def _unlink_everywhere(root: Path, entry_id: str) -> list[str]:
    """Remove ``entry_id`` from every rule's faq (replacing a lone link by a guide)."""
    touched = []
    for file in sorted((root / "rules").rglob("*.yaml")):
        if file.name.endswith(".cases.yaml"):
            continue
        rel = str(file.relative_to(root))
        faq = read_document(file, rel).data["faq"]
        if entry_id in faq:
            if len(faq) > 1:
                drop(root, rel, "faq", faq.index(entry_id))
            else:
                set_value(root, rel, "faq", 0, text="support-ticket-evidence")
            touched.append(file.name.removesuffix(".yaml"))
    assert touched
    return touched


def test_a_troubleshooting_entry_no_rule_links(kb_copy: Path) -> None:
    rules = _unlink_everywhere(kb_copy, "content-policy-refusal")
    issue = reported(run(kb_copy), where(kb_copy, POLICY_ENTRY, "id: content-policy-refusal",
                                         at_text="content"), "coverage")
    assert issue.message == "no rule links the troubleshooting entry 'content-policy-refusal'"
    assert issue.hint.startswith("add content-policy-refusal to the faq of a 'content_policy' "
                                 "rule: ")
    assert rules[0] in issue.hint


def test_a_link_from_a_deprecated_rule_does_not_count(kb_copy: Path) -> None:
    files = [f for f in (kb_copy / "rules").rglob("*.yaml") if not f.name.endswith(
        ".cases.yaml") and "content-policy-refusal" in f.read_text(encoding="utf-8")]
    for file in files:
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("status: stable", "status: deprecated\n"
                                     "replaced_by: invalid-api-key", 1), encoding="utf-8")
    reported(run(kb_copy), where(kb_copy, POLICY_ENTRY, "id: content-policy-refusal",
                                 at_text="content"), "coverage")


def test_a_new_family_in_families_needs_no_extra_rule(kb_copy: Path) -> None:
    add_item(kb_copy, "kb/entries/model-not-found.yaml", "families", text="auth")
    assert not errors(run(kb_copy))
