"""``triage case add``: a redacted, passing case appended by round-trip (comments and
formatting kept); refused when it does not give the expected cause; known misses apart."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.feedback.test_redact import KEYS, ODD, _ticket

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for part in ("rules", "kb", "examples"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def _triage(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triage", *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=180, cwd=root)


def _case_add(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triage", "case", "add", *args, "--root",
                           str(root)], capture_output=True, text=True, timeout=180, cwd=root)


def _first_cause(root: Path, ticket: Path) -> tuple[str, str]:
    done = _triage(root, "diagnose", str(ticket), "--format", "json")
    first = json.loads(done.stdout)["diagnoses"][0]
    return first["cause"], first["rule"]


@pytest.mark.parametrize("example", ["model-not-found.yaml", "official-host-401.yaml",
                                     "quota-as-429.yaml", "video-task-failed.yaml"])
def test_bundled_examples_become_passing_cases(work: Path, example: str) -> None:
    ticket = work / "examples" / example
    cause, rule = _first_cause(work, ticket)
    cases = next(work.glob(f"rules/*/{rule}.cases.yaml"))
    # an editor's comment and layout, which must survive
    before = cases.read_text(encoding="utf-8").replace(
        "fires:\n", "fires:  # cases that must fire\n# keep the real tickets last\n", 1)
    cases.write_text(before, encoding="utf-8")
    done = _case_add(work, str(ticket), "--expect", cause, "--name", f"from {example}")
    assert done.returncode == 0, done.stderr
    after = cases.read_text(encoding="utf-8")
    assert "# redacted case for " in done.stdout and f"+- name: from {example}" in done.stdout
    # the old text is untouched: the new lines are only inserted
    old_lines, new_lines = before.splitlines(), after.splitlines()
    it = iter(new_lines)
    assert all(line in it for line in old_lines)
    assert len(new_lines) > len(old_lines)
    assert "# cases that must fire" in after and "# keep the real tickets last" in after
    data = yaml.safe_load(after)
    added = data["fires"][-1]
    assert added["name"] == f"from {example}" and added["first"] is True
    assert "known_miss" not in added
    raw = yaml.safe_load(ticket.read_text(encoding="utf-8"))
    if "ticket" in raw and "id" in raw["ticket"]:
        assert str(raw["ticket"]["id"]) not in after
    test = _triage(work, "test")
    assert test.returncode == 0, test.stdout
    assert "known miss" not in test.stdout


def test_keys_of_each_shape_never_reach_the_file(work: Path) -> None:
    cases = work / "rules" / "auth" / "invalid-api-key.cases.yaml"
    for i, key in enumerate([*KEYS, ODD]):
        ticket = work / f"t{i}.json"
        facts = _ticket(key)
        del facts["kept"]  # not a fact section: case add refuses it (see the next test)
        ticket.write_text(json.dumps(facts), encoding="utf-8")
        done = _case_add(work, str(ticket), "--expect", "auth.invalid_key", "--rule",
                         "invalid-api-key", "--name", f"key shape {i}")
        assert done.returncode == 0, done.stderr
        for text in (cases.read_text(encoding="utf-8"), done.stdout, done.stderr):
            assert key not in text and key[8:-4] not in text
        assert "T-88231" not in cases.read_text(encoding="utf-8")
    assert _triage(work, "test").returncode == 0


def test_refused_when_the_cause_differs_and_known_miss_with_expect_fail(work: Path) -> None:
    ticket = work / "examples" / "quota-as-429.yaml"
    cause, _ = _first_cause(work, ticket)
    wrong = "rate_limit.exceeded" if cause != "rate_limit.exceeded" else "auth.invalid_key"
    snapshot = {p: p.read_bytes() for p in work.rglob("*.yaml")}
    done = _case_add(work, str(ticket), "--expect", wrong)
    assert done.returncode == 1
    assert f"gives {cause}" in done.stderr and "nothing written" in done.stderr
    assert {p: p.read_bytes() for p in work.rglob("*.yaml")} == snapshot
    done = _case_add(work, str(ticket), "--expect", wrong, "--expect-fail", "--name",
                     "a known miss")
    assert done.returncode == 0, done.stderr
    target = [p for p in work.rglob("*.yaml") if p not in snapshot or
              p.read_bytes() != snapshot[p]]
    assert len(target) == 1
    test = _triage(work, "test")
    assert test.returncode == 0, test.stdout
    assert "known miss: a known miss" in test.stdout
    assert "1 known miss(es)" in test.stdout
    assert test.stdout.rstrip().splitlines()[-1].endswith(" 0 failed")


def test_no_single_rule_goes_to_tickets_folder(work: Path) -> None:
    ticket = work / "t.yaml"
    ticket.write_text("response: {status: 418, body: 'I am a teapot'}\n", encoding="utf-8")
    done = _case_add(work, str(ticket), "--expect", "bad_request.teapot", "--expect-fail")
    assert done.returncode == 0, done.stderr
    path = work / "tests" / "data" / "tickets" / "bad_request.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["cases"][0]["expect"] == "bad_request.teapot"
    assert data["cases"][0]["known_miss"] is True
    test = _triage(work, "test")
    assert "tests/data/tickets/bad_request.yaml:" in test.stdout and test.returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--expect", "nonsense"], "is not a cause"),
    (["--expect", "auth.invalid_key", "--rule", "no-such-rule"], "names no rule"),
])
def test_bad_input_is_one_line_and_exit_2(work: Path, args: list[str], message: str) -> None:
    done = _case_add(work, str(work / "examples" / "model-not-found.yaml"), *args)
    assert done.returncode == 2 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_ticket_that_is_not_a_valid_case_is_refused(work: Path) -> None:
    cases = work / "rules" / "auth" / "invalid-api-key.cases.yaml"
    before = cases.read_bytes()
    ticket = work / "odd.json"
    ticket.write_text(json.dumps(_ticket("sk-" + "q" * 30)), encoding="utf-8")
    done = _case_add(work, str(ticket), "--expect", "auth.invalid_key", "--rule",
                     "invalid-api-key")
    assert done.returncode == 2
    assert "unknown fact section 'kept'" in done.stderr and "Traceback" not in done.stderr
    assert "q" * 30 not in done.stderr + done.stdout
    assert cases.read_bytes() == before


def test_every_bundled_cases_file_round_trips() -> None:
    """`triage case add` rewrites a cases file by round-trip; a file that does not come back
    as it was (a line longer than the width it was written at) would be re-wrapped by it."""
    from triage.cases.yamlfile import _best, _dump

    root = Path(__file__).resolve().parents[2]
    unstable = []
    for path in sorted(root.glob("rules/*/*.cases.yaml")):
        text = path.read_text(encoding="utf-8")
        writer = _best(text)
        if _dump(writer, writer.load(text)) != text:
            unstable.append(path.relative_to(root).as_posix())
    assert unstable == []
