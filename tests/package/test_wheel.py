"""The wheel works anywhere: built from the sources, installed into a fresh venv, and run
from a folder outside any checkout, every verb uses the bundled knowledge base and gives the
same answers as the checkout; ``triage init`` copies work the same way.

One venv for the whole module (building and installing take most of the time; pip's cache
is reused, and durable-rules is built there like on a user's machine).
"""

from __future__ import annotations

import contextlib
import email.parser
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
# copied into the wheel under triage/_bundled/ (setup.py), compared file by file
BUNDLED = ("rules", "kb", "schemas", "site/assets", "site/overrides", "examples",
           "tests/data/dev-errors.yaml", "tests/data/holdout.yaml", "tests/data/messages")
_JUNK = {"__pycache__", ".triage-cache", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
_TOP_JUNK = {".git", ".venv", "build", "dist", "public", "triage.egg-info"}


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    outside: Path
    env: dict[str, str]

    def run(self, *args: str, cwd: Path | None = None, timeout: float = 300,
            **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "triage"), *args], capture_output=True,
                              text=True, cwd=cwd or self.outside, env={**self.env, **env},
                              timeout=timeout, check=False)


def _ignore(folder: str, names: list[str]) -> set[str]:
    top = Path(folder).resolve() == REPO
    return {n for n in names if n in _JUNK or n.endswith(".egg-info") or (top and n in _TOP_JUNK)}


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "TRIAGE_ROOT", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    import shutil

    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    shutil.copytree(REPO, src, ignore=_ignore, symlinks=True)  # the build writes build/ there
    dist, venv, outside = base / "dist", base / "venv", base / "outside"
    outside.mkdir()
    env = _clean_env()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(src)], check=True, env=env, cwd=base, timeout=600, capture_output=True)
    (wheel,) = dist.glob("triage-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env,
                   timeout=300)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                           str(wheel)], env=env, cwd=base, timeout=1200, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return Installed(wheel, venv, outside, {**env, "TRIAGE_CACHE_DIR": str(base / "cache")})


def _checkout(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TRIAGE_ROOT"}
    return subprocess.run([sys.executable, "-m", "triage", *args, "--root", str(REPO)],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=600,
                          check=False)


def _members(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_wheel_carries_the_knowledge_base_and_agrees_on_python(installed: Installed
                                                                     ) -> None:
    members = _members(installed.wheel)
    assert "triage/py.typed" in members and "triage/__init__.py" in members
    assert not [n for n in members if n.startswith("engine/")]
    for rel in BUNDLED:
        source = REPO / rel
        files = [source] if source.is_file() else sorted(
            p for p in source.rglob("*") if p.is_file() and not _JUNK & set(p.parts))
        if rel != "tests/data/messages":
            assert files, rel
        for path in files:
            name = "triage/_bundled/" + path.relative_to(REPO).as_posix()
            assert members.get(name) == path.read_bytes(), name
    meta_name = next(n for n in members if n.endswith(".dist-info/METADATA"))
    meta = email.parser.Parser().parsestr(members[meta_name].decode())
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    spec = re.search(r'^requires-python = "([^"]+)"', pyproject, re.M).group(1)  # type: ignore[union-attr]
    assert sorted(meta["Requires-Python"].split(",")) == sorted(spec.split(","))
    low, high = re.fullmatch(r">=3\.(\d+),<3\.(\d+)", spec).groups()  # type: ignore[union-attr]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`requires-python` is `{spec}`" in readme
    assert f"Python 3.{low}–3.{int(high) - 1}" in readme


def test_it_imports_from_the_venv_and_finds_the_bundle(installed: Installed) -> None:
    code = ("import triage, triage.roots as r; print(triage.__file__); "
            "print(r.bundled_root())")
    done = subprocess.run([str(installed.venv / "bin" / "python"), "-c", code],
                          capture_output=True, text=True, cwd=installed.outside,
                          env=installed.env, timeout=120, check=True)
    module, bundle = done.stdout.split()
    assert module.startswith(str(installed.venv)) and "site-packages" in module
    assert Path(bundle).name == "_bundled" and Path(bundle).parent == Path(module).parent


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_diagnose_gives_the_checkout_answer(installed: Installed, example: Path) -> None:
    ticket = installed.outside / example.name
    ticket.write_bytes(example.read_bytes())
    mine = installed.run("diagnose", "--format", "json", example.name)
    assert mine.returncode == 0, mine.stderr
    want = _checkout("diagnose", "--format", "json", str(example))
    assert want.returncode == 0, want.stderr
    got = json.loads(mine.stdout)
    assert got == json.loads(want.stdout)
    assert got["diagnoses"], example
    if example.stem == "model-not-found":  # the README's command 1
        assert got["diagnoses"][0]["family"] == "model_not_found"
    text = installed.run("diagnose", example.name)
    assert text.returncode == 0 and "No rule matched" not in text.stdout
    assert got["diagnoses"][0]["title"] in text.stdout


def _passed(out: str) -> int:
    found = re.search(r"(\d+) passed, (\d+) failed", out)
    assert found, out
    assert found.group(2) == "0", out
    return int(found.group(1))


def test_validate_test_lint_on_the_bundled_knowledge_base(installed: Installed) -> None:
    validate = installed.run("validate")
    assert validate.returncode == 0 and "no problems" in validate.stderr, validate
    tested = installed.run("test")
    assert tested.returncode == 0, tested.stderr
    n = _passed(tested.stdout)
    assert n > 0 and n == _passed(_checkout("test").stdout)
    lint = installed.run("lint")
    assert lint.returncode == 0 and "no problems" in lint.stderr, lint


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_makes_the_same_site(installed: Installed, tmp_path: Path) -> None:
    done = installed.run("build", "-q")  # default: ./public, not inside the package
    assert done.returncode == 0, done.stderr
    site = installed.outside / "public"
    for name in ("index.html", "en/index.html", "zh/index.html", "sitemap.xml", "llms.txt",
                 "robots.txt", "data/rules.json", "data/rules.schema.json", "en/feed.xml"):
        assert (site / name).is_file(), name
    rules = json.loads((site / "data" / "rules.json").read_text(encoding="utf-8"))
    assert rules["count"] > 0
    want = _checkout("build", "-q", "--out", str(tmp_path / "public"))
    assert want.returncode == 0, want.stderr
    mine, theirs = _tree(site), _tree(tmp_path / "public")
    assert sorted(mine) == sorted(theirs)
    differ = [name for name in mine if mine[name] != theirs[name]]
    assert not differ, differ[:10]
    bundle = Path(installed.venv).glob("lib/python*/site-packages/triage/_bundled")
    assert not [p for b in bundle for p in (b / "public", b / ".triage-cache") if p.exists()]


@contextlib.contextmanager
def _serving(installed: Installed, log: Path) -> Iterator[str]:
    with log.open("wb") as err:
        proc = subprocess.Popen([str(installed.venv / "bin" / "triage"), "serve", "--host",
                                 "127.0.0.1", "--port", "0", "--workers", "1", "--no-reload"],
                                cwd=installed.outside, env=installed.env, stdout=err,
                                stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        until = time.monotonic() + 120
        url = ""
        while time.monotonic() < until and not url:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            for line in log.read_text(errors="replace").splitlines():
                with contextlib.suppress(ValueError):
                    item: Any = json.loads(line)
                    if isinstance(item, dict) and item.get("event") == "listening":
                        url = item["url"]
            time.sleep(0.1)
        assert url, log.read_text(errors="replace")[-3000:]
        while time.monotonic() < until:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "healthz", timeout=5).status_code == 200:
                    break
            time.sleep(0.1)
        yield url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_serve_answers_from_the_bundled_knowledge_base(installed: Installed,
                                                       tmp_path: Path) -> None:
    import yaml

    example = REPO / "examples" / "model-not-found.yaml"
    facts = yaml.safe_load(example.read_text(encoding="utf-8"))
    want = json.loads(_checkout("diagnose", "--format", "json", str(example)).stdout)
    with _serving(installed, tmp_path / "serve.log") as url:
        got = httpx.post(url + "v1/diagnose?lang=en", json=facts, timeout=30)
        assert got.status_code == 200, got.text
        assert got.json()["diagnoses"] == want["diagnoses"]
        assert httpx.get(url + "v1/rules", timeout=30).status_code == 200


def test_init_copies_work_outside_the_checkout(installed: Installed) -> None:
    copy, minimal = installed.outside / "team-kb", installed.outside / "small-kb"
    assert installed.run("init", str(copy)).returncode == 0
    assert installed.run("init", "--minimal", str(minimal)).returncode == 0
    refused = installed.run("init", str(copy))
    assert refused.returncode == 2 and str(copy) in refused.stderr
    for root in (copy, minimal):
        assert installed.run("validate", "--root", str(root)).returncode == 0
        assert _passed(installed.run("test", cwd=root).stdout) > 0  # found from here
        assert installed.run("lint", TRIAGE_ROOT=str(root)).returncode == 0
    example = REPO / "examples" / "model-not-found.yaml"
    got = installed.run("diagnose", "--format", "json", str(example), TRIAGE_ROOT=str(copy))
    want = _checkout("diagnose", "--format", "json", str(example))
    assert json.loads(got.stdout) == json.loads(want.stdout)
    (ticket,) = (minimal / "examples").glob("*.yaml")
    small = installed.run("diagnose", "--format", "json", "--root", str(minimal), str(ticket))
    (rule,) = [p.stem for p in (minimal / "rules").rglob("*.yaml")
               if not p.name.endswith(".cases.yaml")]
    assert json.loads(small.stdout)["diagnoses"][0]["rule"] == rule
    built = installed.run("build", "-q", cwd=minimal)  # default: public/ in that root
    assert built.returncode == 0 and (minimal / "public" / "index.html").is_file(), built.stderr


def test_a_wrong_root_is_an_error_from_the_wheel(installed: Installed) -> None:
    missing = installed.outside / "nowhere"
    done = installed.run("diagnose", "x.yaml", TRIAGE_ROOT=str(missing))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and str(missing) in done.stderr
