"""Which knowledge base a command uses, and a wrong one is an error (exit 2, one line) for
the CLI, the library and ``triage serve``; ``triage init``; the library's import surface."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import triage
from triage.cli import main
from triage.roots import RootError, bundled_root, check_root, resolve_root

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "model-not-found.yaml"
VERBS = (["validate"], ["test"], ["lint"], ["diagnose", str(EXAMPLE)],
         ["build", "--out", "public-out"], ["serve", "--port", "0", "--no-reload"],
         # refused before anything is sent (port 9: nothing listens there anyway)
         ["collect", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--diagnose"])


def _cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "TRIAGE_ROOT"}
    environ.update(env, TRIAGE_API_KEY="not-a-real-key")
    return subprocess.run([sys.executable, "-m", "triage", *args], capture_output=True,
                          text=True, cwd=cwd, env=environ, timeout=120, check=False)


def _wrong_roots(base: Path) -> dict[str, tuple[Path, str]]:
    """Folders that are not knowledge bases, and what the message must say is missing."""
    empty = base / "empty"
    empty.mkdir()
    only_rules = base / "only-rules"
    (only_rules / "rules" / "auth").mkdir(parents=True)
    (only_rules / "rules" / "auth" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    no_rules = base / "no-rules"
    (no_rules / "kb").mkdir(parents=True)
    (no_rules / "rules" / "auth").mkdir(parents=True)
    # a cases file alone is not a rule
    (no_rules / "rules" / "auth" / "x.cases.yaml").write_text("rule: x\n", encoding="utf-8")
    return {"missing": (base / "does-not-exist", "no such folder"),
            "empty": (empty, "no rules/ and no kb/"),
            "only-rules": (only_rules, "no kb/"),
            "no-rules": (no_rules, "rules/ holds no rules")}


@pytest.fixture(scope="module")
def wrong(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return _wrong_roots(tmp_path_factory.mktemp("wrong"))


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
def test_every_verb_refuses_a_wrong_root_with_one_line(
        verb: list[str], wrong: dict[str, tuple[Path, str]], tmp_path: Path) -> None:
    for how in ("--root", "TRIAGE_ROOT"):
        for name, (path, missing) in wrong.items():
            if how == "--root":
                done = _cli([verb[0], "--root", str(path), *verb[1:]], tmp_path)
            else:
                done = _cli(verb, tmp_path, TRIAGE_ROOT=str(path))
            where = f"{verb[0]} {how} {name}"
            assert done.returncode == 2, (where, done.stdout, done.stderr)
            lines = done.stderr.strip().splitlines()
            assert len(lines) == 1, (where, done.stderr)
            assert str(path) in lines[0] and missing in lines[0], (where, lines[0])
            assert how in lines[0], (where, lines[0])
            assert "Traceback" not in done.stderr and "No rule matched" not in done.stdout
    assert not (tmp_path / "public-out").exists()


def test_the_library_raises_a_root_error(wrong: dict[str, tuple[Path, str]]) -> None:
    facts = {"response": {"status": 401, "body": "Incorrect API key provided"}}
    for path, missing in wrong.values():
        with pytest.raises(RootError, match=missing) as caught:
            triage.diagnose(facts, root=path)
        assert isinstance(caught.value, triage.TriageError)
        assert caught.value.root.endswith(str(path)) and caught.value.exit_code == 2
        with pytest.raises(RootError):
            triage.load(root=str(path))
        from triage.serve.app import create_app

        with pytest.raises(RootError):
            create_app(path)


def test_the_library_reads_triage_root(wrong: dict[str, tuple[Path, str]],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = wrong["empty"]
    monkeypatch.setenv("TRIAGE_ROOT", str(path))
    with pytest.raises(RootError, match="TRIAGE_ROOT"):
        triage.diagnose({"response": {"status": 402}})
    monkeypatch.setenv("TRIAGE_ROOT", str(REPO))
    assert triage.diagnose({"response": {"status": 402, "body": "Insufficient Balance"}}
                           )["diagnoses"][0]["family"] == "quota"


def test_the_bundled_root_is_the_checkout_in_an_editable_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert bundled_root() == REPO
    monkeypatch.delenv("TRIAGE_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)  # nothing here: the bundled one
    assert resolve_root() == REPO
    assert check_root(REPO) == REPO
    from triage.loader.schema import SCHEMA_DIR
    from triage.publish.data import SCHEMA_SOURCE
    from triage.publish.mkdocs_run import SITE_ASSETS

    assert SCHEMA_DIR == REPO / "schemas" and SCHEMA_SOURCE == REPO / "schemas" / "public"
    assert SITE_ASSETS == REPO / "site"


def test_a_root_found_from_the_current_folder_wins(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    assert main(["init", "--minimal", "-q", str(mine)]) == 0
    (mine / "deep" / "er").mkdir(parents=True)
    monkeypatch.delenv("TRIAGE_ROOT", raising=False)
    monkeypatch.chdir(mine / "deep" / "er")
    assert resolve_root() == mine.resolve()


# -- triage init ----------------------------------------------------------------------------


def _checks_pass(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    for verb in ("validate", "test", "lint"):
        assert main([verb, "--root", str(root)]) == 0, capsys.readouterr()
    return capsys.readouterr().out


def test_init_minimal_passes_every_check_and_diagnoses_its_example(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kb-mine"
    assert main(["init", "--minimal", str(target)]) == 0
    assert "--root" in capsys.readouterr().err
    rules = [p for p in (target / "rules").rglob("*.yaml") if not p.name.endswith(".cases.yaml")]
    assert len(rules) == 1 and len(list((target / "kb" / "entries").glob("*.yaml"))) == 1
    assert (target / "schemas" / "rule.schema.json").is_file()
    assert _checks_pass(target, capsys).count(" passed, 0 failed") == 1
    example = next((target / "examples").glob("*.yaml"))
    assert main(["diagnose", "--root", str(target), "--format", "json", str(example)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["diagnoses"][0]["rule"] == rules[0].stem
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


def test_init_copy_is_the_bundled_knowledge_base(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy"
    assert main(["init", "-q", str(target)]) == 0
    from triage.cli.init import COPIED, CORPORA

    for part in (*COPIED, *CORPORA):
        source = REPO / part
        files = [source] if source.is_file() else sorted(
            p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        assert (part in CORPORA and part.endswith("messages")) or files, part
        for path in files:
            rel = path.relative_to(REPO)
            assert (target / rel).read_bytes() == path.read_bytes(), rel
    _checks_pass(target, capsys)
    assert main(["diagnose", "--root", str(target), "--format", "json", str(EXAMPLE)]) == 0
    mine = json.loads(capsys.readouterr().out)
    assert main(["diagnose", "--root", str(REPO), "--format", "json", str(EXAMPLE)]) == 0
    assert mine == json.loads(capsys.readouterr().out)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(target) in err[0] and "not an empty folder" in err[0]
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert main(["init", "--minimal", str(a_file)]) == 2
    assert main(["init", str(tmp_path / "no" / "parent")]) == 2
    assert "does not exist" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", "--minimal", "-q", str(empty)]) == 0  # an empty folder is fine
    assert (empty / "rules").is_dir()


# -- the import surface ---------------------------------------------------------------------


def test_all_is_short_sorted_and_real() -> None:
    names: list[str] = list(triage.__all__)
    assert names == sorted(names) and len(names) <= 10
    for name in ("diagnose", "load", "render", "TriageError", "RootError", "Diagnosis"):
        assert name in names
    for name in names:
        assert getattr(triage, name) is not None
    assert (Path(triage.__file__).parent / "py.typed").is_file()
    assert issubclass(triage.RootError, triage.TriageError)


def test_import_is_cheap_and_the_api_names_are_functions(tmp_path: Path) -> None:
    code = ("import sys, triage\n"
            "heavy = sorted(m for m in ('yaml', 'jsonschema', 'durable', 'jinja2', 'httpx',"
            " 'triage.evaluate', 'triage.loader', 'triage.api') if m in sys.modules)\n"
            "print(heavy)\n"
            "import triage.loader.discover, triage.rendering\n"  # the engine's own packages
            "d = triage.load()\n"
            "r = triage.diagnose({'response': {'status': 402, 'body': 'Insufficient Balance'}})\n"
            "print(type(d).__name__, r['diagnoses'][0]['family'])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, check=True)
    assert done.stdout.splitlines() == ["[]", "Diagnoser quota"], done.stderr


def test_render_accepts_the_typed_result() -> None:
    result = triage.diagnose({"response": {"status": 402, "body": "Insufficient Balance"}},
                             lang="zh")
    first: Any = result["diagnoses"][0]
    assert first["cause"].startswith("quota.")
    assert json.loads(triage.render(result, "json", "zh")) == result


def test_the_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Installing it, and a knowledge base of your own", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.delenv("TRIAGE_ROOT", raising=False)
    scope: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["result"]["diagnoses"][0]["family"] == "quota"
    assert type(scope["engine"]).__name__ == "Diagnoser"
    for verb in ("init DIR", "--root DIR", "TRIAGE_ROOT=DIR", "pipx install"):
        assert verb in section
