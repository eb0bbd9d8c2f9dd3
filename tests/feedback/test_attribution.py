"""Who must act: every rule has an owner; kb/owners.yaml, cause refinements and a rule's own
attribution; shown in JSON, text, the handoff note, the API and the public pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from triage.attribution import BUILTIN, BUILTIN_CAUSES, OWNERS, owner_table
from triage.compile import compile_kb
from triage.evaluate import Diagnoser
from triage.loader.sources import load_sources
from triage.vocabulary import FAMILIES

ROOT = Path(__file__).resolve().parents[2]


def _kb(root: Path) -> Any:
    kb, issues = load_sources(root)
    assert not [i for i in issues if i.severity == "error"], issues
    return kb


def test_every_rule_has_an_owner_and_the_file_matches_the_builtin_table() -> None:
    kb = _kb(ROOT)
    assert set(kb.owners.families) == set(FAMILIES)
    for rule in kb.rules:
        who = kb.owner_of(rule)
        assert who.owner in OWNERS and isinstance(who.escalate, bool)
        assert who.reason["zh"] and who.reason["en"]
    # the fallback used for a knowledge base without owners.yaml says the same as the file
    import yaml

    data = yaml.safe_load((ROOT / "kb" / "owners.yaml").read_text(encoding="utf-8"))
    table = owner_table(data)
    assert dict(table.families) == BUILTIN and dict(table.causes) == BUILTIN_CAUSES


def test_cause_refinement_and_rule_override(kb_copy: Path) -> None:
    rule_file = kb_copy / "rules" / "timeout" / "client-timeout.yaml"
    text = rule_file.read_text(encoding="utf-8")
    rule_file.write_text(text + "attribution:\n  owner: upstream\n  reason:\n    zh: 测试用的原因\n"
                         "    en: a reason for the test\n", encoding="utf-8")
    kb = _kb(kb_copy)
    by_id = {r.id: r for r in kb.rules}
    # a refinement by cause beats the family default
    assert kb.owner_of(by_id["gateway-timeout"]).owner == "gateway"
    assert kb.owner_of(by_id["gateway-timeout"]).escalate is True
    # the rule's own field beats both; what it leaves out (escalate) is inherited
    own = kb.owner_of(by_id["client-timeout"])
    assert (own.owner, own.escalate, own.reason["en"]) == ("upstream", False,
                                                           "a reason for the test")
    result = Diagnoser(compile_kb(kb)).diagnose(
        {"error": {"message": "httpx.ReadTimeout: The read operation timed out"},
         "request": {"timeout_s": 5}}, "en")
    first = result["diagnoses"][0]
    assert first["rule"] == "client-timeout"
    assert (first["owner"], first["escalate"], first["owner_reason"]) == (
        "upstream", False, "a reason for the test")


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triage", "validate", "--root", str(root)],
                          capture_output=True, text=True, timeout=120)


def test_bad_attribution_and_missing_family_default_are_reported(kb_copy: Path) -> None:
    rule_file = kb_copy / "rules" / "auth" / "invalid-api-key.yaml"
    lines = rule_file.read_text(encoding="utf-8").splitlines()
    rule_file.write_text("\n".join([*lines, "attribution:", "  owner: somebody"]) + "\n",
                         encoding="utf-8")
    owners = kb_copy / "kb" / "owners.yaml"
    text = owners.read_text(encoding="utf-8")
    start = text.index("  quota:\n")
    end = text.index("  base_url:\n")
    owners.write_text(text[:start] + text[end:], encoding="utf-8")
    done = _validate(kb_copy)
    assert done.returncode == 1
    out = done.stdout
    assert f"rules/auth/invalid-api-key.yaml:{len(lines) + 2}:10: attribution.owner must be" in out
    assert "kb/owners.yaml:9:3: missing required field 'quota'" in out
    assert "Traceback" not in done.stderr


def _diagnose(path: str, fmt: str, lang: str) -> str:
    done = subprocess.run([sys.executable, "-m", "triage", "diagnose", path, "--format", fmt,
                           "--lang", lang, "--root", str(ROOT)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("example", "owner", "words"), [
    ("examples/model-not-found.yaml", "user", ("the user", "用户")),
    ("examples/video-task-failed.yaml", "upstream", ("the upstream provider", "上游服务商")),
])
def test_outputs_say_who_acts_next(example: str, owner: str, words: tuple[str, str]) -> None:
    result = json.loads(_diagnose(example, "json", "en"))
    assert result["diagnoses"][0]["owner"] == owner
    escalate = result["diagnoses"][0]["escalate"]
    assert escalate is (owner != "user")
    md_en = _diagnose(example, "markdown", "en").splitlines()[0]
    md_zh = _diagnose(example, "markdown", "zh").splitlines()[0]
    assert md_en.startswith("# Support handoff") and "Who acts next: " + words[0] in md_en
    assert md_zh.startswith("# 工单交接说明") and "下一步由谁处理：" + words[1] in md_zh
    assert ("hand the ticket on" in md_en) is escalate
    text = _diagnose(example, "text", "en").splitlines()[0]
    assert text.startswith("Who acts next: " + words[0])
    assert result["diagnoses"][0]["owner_reason"] in text


def test_no_diagnosis_names_support() -> None:
    from triage.attribution import who_acts

    assert who_acts({"diagnoses": []}, "en").startswith("Who acts next: support")
    assert who_acts({"diagnoses": []}, "zh").startswith("下一步由谁处理：客服")


def test_public_pages_say_who_can_fix_it() -> None:
    from triage.publish.pages import render_pages
    from triage.publish.site import Site

    kb = _kb(ROOT)
    site = Site.of(kb, "https://triage.example.com/")
    seen = {}
    for page in render_pages(site):
        if page.key in ("rule/gateway-timeout", "answer/model-not-found"):
            seen[(page.key, page.lang)] = page.body + page.copy
    assert "**Who can fix this:** the gateway operator" in seen[("rule/gateway-timeout", "en")]
    assert "**谁能解决：** 网关运营方" in seen[("rule/gateway-timeout", "zh")]
    assert "**Who can fix this:** the user" in seen[("answer/model-not-found", "en")]


def test_a_refinement_for_no_cause_is_a_warning(kb_copy: Path) -> None:
    owners = kb_copy / "kb" / "owners.yaml"
    text = owners.read_text(encoding="utf-8").replace("  timeout.gateway:",
                                                      "  timeout.gatewy:", 1)
    owners.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  timeout.gatewy:") + 1
    done = _validate(kb_copy)
    assert done.returncode == 0, done.stdout
    assert f"kb/owners.yaml:{line}:" in done.stdout and "'timeout.gatewy'" in done.stdout
