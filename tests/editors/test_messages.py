"""Each editing mistake gives one precise line: the right place, the real mistake, a fix."""

from __future__ import annotations

from pathlib import Path

from triage.loader.sources import load_sources
from triage.yamlmarks import parse_yaml

RULE = "rules/auth/invalid-api-key.yaml"
CASES = "rules/auth/invalid-api-key.cases.yaml"
ANCHOR = "  - not:\n      text: exceeded"
# a rule whose first condition is a single text list with its says (invalid-api-key's
# patterns are two lists under an any:, over the text length limit as one)
SAYS_RULE = "rules/auth/client-missing-credentials.yaml"
SAYS_ZH = "      zh: 客户端报告没有拿到 API 令牌（令牌为空或未配置）\n"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def _issues(root: Path, rel: str) -> list[str]:
    _, issues = load_sources(root)
    return [str(i) for i in issues if i.location.path == rel]


def test_operator_did_you_mean(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, ANCHOR, "  - fact: response.status\n    equals: 401\n" + ANCHOR)
    line = _line(kb_copy, RULE, "equals: 401")
    assert _issues(kb_copy, RULE) == [
        f"{RULE}:{line}:5: unknown operator 'equals' in the condition on 'response.status' "
        "(when.all[1]) (hint: did you mean 'eq'?)"]


def test_unknown_fact_once_with_did_you_mean(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, ANCHOR, "  - fact: respons.status\n    eq: 401\n" + ANCHOR)
    line = _line(kb_copy, RULE, "fact: respons.status")
    assert _issues(kb_copy, RULE) == [
        f"{RULE}:{line}:11: unknown fact 'respons.status' (hint: did you mean "
        "'response.status'?)"]


def test_says_without_zh_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, SAYS_RULE, SAYS_ZH, "")
    line = _line(kb_copy, SAYS_RULE, "    says:")
    found = _issues(kb_copy, SAYS_RULE)
    assert found == [f"{SAYS_RULE}:{line}:5: when.all[0].says has no zh: the Chinese (zh) text "
                     "is missing (hint: add zh: next to the other language)"]
    assert "too long" not in found[0]


def test_not_a_condition(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, ANCHOR, "  - fakt: response.status\n    eq: 401\n" + ANCHOR)
    line = _line(kb_copy, RULE, "fakt:")
    assert _issues(kb_copy, RULE) == [
        f"{RULE}:{line}:5: when.all[1] is not a condition: it needs one of fact, text, all, "
        "any or not (hint: did you mean 'fact'?)"]


def test_two_operators(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, ANCHOR, "  - fact: response.status\n    eq: 401\n    in: [401]\n"
          + ANCHOR)
    line = _line(kb_copy, RULE, "fact: response.status")
    found = _issues(kb_copy, RULE)
    assert len(found) == 1 and found[0].startswith(f"{RULE}:{line}:5: a condition on "
                                                   "'response.status' needs exactly one of")


def test_tab_is_named(kb_copy: Path) -> None:
    _edit(kb_copy, SAYS_RULE, "  all:\n  - text", "  all:\n\t- text")
    line = _line(kb_copy, SAYS_RULE, "\t- text")
    assert _issues(kb_copy, SAYS_RULE) == [
        f"{SAYS_RULE}:{line}:1: malformed YAML: a tab character indents this line (hint: YAML "
        "indents with spaces only; replace the tab with spaces)"]


def test_swallowed_list_item_names_both_lines() -> None:
    text = "steps:\n- first step\n - second step\n- third\n"
    issues = parse_yaml(text, "f.yaml").issues
    assert [str(i) for i in issues] == [
        "f.yaml:3:2: this '- ' line is read as part of the item at line 2, not as a new list "
        "item (hint: indent it like the '- ' at line 2 to make it an item of its own, or "
        "quote the text)"]
    assert issues[0].severity == "warning"
    assert parse_yaml(text, "f.yaml").data == {"steps": ["first step - second step", "third"]}


def test_swallowed_by_a_mapping_item() -> None:
    text = "followups:\n- q: why\n  a: because\n   - q: next\n"
    assert [i.location.line for i in parse_yaml(text, "f.yaml").issues] == [4]


def test_block_scalar_content_is_not_a_swallowed_item_when_it_ends_before() -> None:
    text = "followups:\n- q: why\n  a: >-\n    because\n- q: next\n  a: x\n"
    assert parse_yaml(text, "f.yaml").issues == []


def test_case_fact_typo(kb_copy: Path) -> None:
    _edit(kb_copy, CASES, "    response:\n      status: 401\n      body",
          "    response:\n      statsu: 401\n      body")
    line = _line(kb_copy, CASES, "statsu")
    assert _issues(kb_copy, CASES) == [
        f"{CASES}:{line}:7: unknown fact 'response.statsu' (hint: did you mean "
        "'response.status'?)"]


def test_case_fact_in_not_fires_and_wrong_type(kb_copy: Path) -> None:
    text = (kb_copy / CASES).read_text(encoding="utf-8")
    head, tail = text.split("not_fires:", 1)
    tail = tail.replace("      status: 401", "      status: [401]", 1)
    tail = tail.replace("    response:", "    respose:\n      x: 1\n    response:", 1)
    (kb_copy / CASES).write_text(head + "not_fires:" + tail, encoding="utf-8")
    found = _issues(kb_copy, CASES)
    assert any("unknown fact section 'respose' (hint: did you mean 'response'?)" in f
               for f in found), found
    assert any("'response.status' should be a whole number, not [401]" in f for f in found)


def test_case_fact_bad_enum(kb_copy: Path) -> None:
    _edit(kb_copy, CASES, "    response:\n      status: 401\n      body",
          "    error: {kind: timout}\n    response:\n      status: 401\n      body")
    found = _issues(kb_copy, CASES)
    assert any("'error.kind' has no value 'timout' (hint: did you mean 'timeout'?)" in f
               for f in found), found


def test_case_folded_value_warns(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, ANCHOR, "  - fact: body.code\n    eq: NO\n" + ANCHOR)
    _, issues = load_sources(kb_copy)
    found = [i for i in issues if i.location.path == RULE]
    line = _line(kb_copy, RULE, "eq: NO")
    assert [str(i) for i in found] == [
        f"{RULE}:{line}:9: 'body.code' is compared in lower case, so 'NO' can never match "
        "(hint: write 'no')"]
    assert found[0].severity == "warning"


def test_ask_names_a_known_fact(kb_copy: Path) -> None:
    line = _edit_line(kb_copy, RULE, "- fact: request.key_id", "- fact: request.keyid")
    assert _issues(kb_copy, RULE) == [
        f"{RULE}:{line}:9: ask names an unknown fact 'request.keyid' (hint: did you mean "
        "'request.key_id'?)"]


def test_type_hints_say_what_to_write(kb_copy: Path) -> None:
    _edit(kb_copy, RULE, "confidence: 0.9", "confidence: high")
    _edit(kb_copy, RULE, "text:\n  zh:\n", "text:\n  cn:\n")
    found = "\n".join(_issues(kb_copy, RULE))
    assert "confidence should be number, not text (hint: write a number, without quotes)" \
        in found
    assert "text has no zh: the Chinese (zh) text is missing" in found
    assert "unknown field 'cn' in text (hint: did you mean 'zh'?)" in found


def _edit_line(root: Path, rel: str, old: str, new: str) -> int:
    _edit(root, rel, old, new)
    return _line(root, rel, new)
