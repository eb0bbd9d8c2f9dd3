"""The repository stands alone: a fresh clone with nothing beside it collects the whole suite,
runs the corpus checks and README command 1, and no file points outside the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# built by concatenation so that this file does not match itself
OUTSIDE = re.compile("|".join([re.escape(".." + "/shared"), re.escape("shared" + "/CONTRACT"),
                               r"(?<![\w.~-])/" + "work/", r"(?<![\w.~-])/" + "home/\\w"]))
# captured client output (tests/data/) quotes anonymised home-folder paths of its own:
# that text is data, not a reference; it must still never name this machine's /work
IN_DATA = re.compile("|".join([re.escape(".." + "/shared"), r"(?<![\w.~-])/" + "work/"]))
CHECKED = re.compile(r"\.(py|md|sh|toml|ya?ml|json|cfg|ini|txt|j2|html|in)$|^\.ci/")


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    base = tmp_path_factory.mktemp("clone")
    _git("clone", "--quiet", "--no-hardlinks", str(REPO), str(base / "repo"), cwd=base)
    return base / "repo"


def test_no_path_leaves_the_repository(clone: Path) -> None:
    found = []
    for name in _git("ls-files", cwd=clone).splitlines():
        if not CHECKED.search(name):
            continue
        text = (clone / name).read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if (IN_DATA if name.startswith("tests/data/") else OUTSIDE).search(line):
                found.append(f"{name}:{number}: {line.strip()[:120]}")
    assert not found, "\n".join(found)


def test_the_pattern_finds_what_it_must() -> None:
    for bad in (".." + "/shared" + "/corpus.yaml", "see ../" + "shared" + "/CONTRACT.md",
                'Path("/' + 'work/main/rules")', "cd /" + "home/me/triage"):
        assert OUTSIDE.search(bad), bad
    for fine in ("https://example.com/work/x", "rules/work/x.yaml", "~/work/x"):
        assert not OUTSIDE.search(fine), fine


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("TRIAGE_ROOT", "PYTHONPATH")}


def test_a_clone_runs_the_corpus_checks_and_command_one(clone: Path) -> None:
    assert not (clone.parent / "shared").exists()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/engine/test_corpus.py"], cwd=clone, env=_env(),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"\b[1-9]\d* passed", done.stdout), done.stdout[-500:]
    listed = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--collect-only"], cwd=clone, env=_env(), capture_output=True,
                            text=True, timeout=600, check=False)
    assert listed.returncode == 0 and "error" not in listed.stdout.splitlines()[-1], (
        listed.stdout[-3000:])
    one = subprocess.run([sys.executable, "-m", "triage", "diagnose",
                          "examples/model-not-found.yaml"], cwd=clone, env=_env(),
                         capture_output=True, text=True, timeout=120, check=False)
    assert one.returncode == 0 and "Check first:" in one.stdout, one


def test_every_subpackage_is_in_the_wheel() -> None:
    """pyproject lists packages by hand (package-dir maps engine/ to triage): none may be missed."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(__file__).resolve().parents[2]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
                 ["packages"])
    found = {"triage" + ("." + ".".join(p.parent.relative_to(root / "engine").parts)
                         if p.parent != root / "engine" else "")
             for p in (root / "engine").rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
