"""Sources are checked for secrets: `validate` names file:line:col, `build` refuses to publish;
clearly fake documentation examples pass. Also: an entry without `variants` builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from triage.cli import main
from triage.errors import BuildError, SourceError
from triage.publish import build_site
from triage.publish.build import _refuse_secrets

from .shapes import HEX, JWT, SHAPES, R

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {
    "rule": ("rules/auth/invalid-api-key.yaml", "    title: The API key is invalid or missing"),
    "entry": ("kb/entries/model-not-found.yaml", "id: model-not-found"),
    "glossary": ("kb/glossary/api-key.yaml", "id: api-key"),
    "checklist": ("kb/checklists/ticket-evidence.yaml", "  title: Ticket evidence checklist"),
}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    for name in ("rules", "kb"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def _comment_after(root: Path, rel: str, anchor: str, text: str) -> tuple[int, int]:
    """Add ``# text`` on its own line after ``anchor``; return the line and column of text."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(anchor) + 1
    indent = anchor[: len(anchor) - len(anchor.lstrip())]
    lines.insert(at, f"{indent}# {text}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1, len(indent) + 3


_PICKED = [s for s in SHAPES if s[0] in ("openai project", "jwt in task_id",
                                          "azure 32-hex header", "anthropic", "aws access key",
                                          "url token userinfo", "google", "slack")]
CASES = [(where, *shape) for where, shape in zip(sorted(TARGETS) * 2, _PICKED, strict=True)]


@pytest.mark.parametrize(("where", "name", "secret", "template"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_validate_names_the_secret(kb: Path, where: str, name: str, secret: str, template: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    rel, anchor = TARGETS[where]
    text = template.format(s=secret)
    line, col = _comment_after(kb, rel, anchor, text)
    assert main(["validate", "--root", str(kb)]) == 1
    out = capsys.readouterr().out
    assert secret not in out
    found = [x for x in out.splitlines() if x.startswith(f"{rel}:{line}:")]
    assert found, out
    assert "published" in found[0] and "hint:" in found[0] and "fake" in found[0]
    assert int(found[0].split(":")[2]) >= col


def test_every_line_and_column_is_exact(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel, anchor = TARGETS["entry"]
    line, col = _comment_after(kb, rel, anchor, "sk-proj-" + R)
    _comment_after(kb, rel, "id: model-not-found", "Ocp-Apim-Subscription-Key: " + HEX)
    assert main(["validate", "--root", str(kb)]) == 1
    out = capsys.readouterr().out
    # the second comment went in above the first
    assert f"{rel}:{line + 1}:{col}: an OpenAI project" in out
    assert f"{rel}:{line}:{col + len('Ocp-Apim-Subscription-Key: ')}: the value of a " \
           "credential field" in out


@pytest.mark.parametrize("fake", ["sk-" + "x" * 40, "sk-...9f2c",
                                  "Authorization: Bearer <your-key>", "api_key: YOUR_API_KEY",
                                  "api_key=os.environ['GW_API_KEY']",
                                  "sk-" + "a" * 48, "https://<token>@gw.example.com/v1"])
def test_documentation_examples_pass(kb: Path, fake: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _comment_after(kb, *TARGETS["entry"], fake)
    assert main(["validate", "--root", str(kb)]) == 0, capsys.readouterr().out


def test_build_refuses_to_publish_a_key(kb: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = kb / TARGETS["entry"][0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["en"]["answer"] += " Use the key " + JWT + " for the test."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "public"
    out.mkdir()
    with pytest.raises(SourceError):
        build_site(kb, out)
    assert not any(out.iterdir())  # nothing was published
    assert main(["build", "--root", str(kb), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr()
    assert JWT not in err.out + err.err
    assert "JSON Web Token" in err.out + err.err


def test_the_last_gate_scans_the_built_files(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "theme.json").write_text('{"key": "resolveOptions1"}')
    (tmp_path / "en" / "a.html").write_text("<p>sk-...9f2c</p>")
    _refuse_secrets(tmp_path)
    (tmp_path / "search_index.json").write_text('{"text": "token ' + "ghp_" + R + '"}')
    with pytest.raises(BuildError, match=r"search_index\.json: github-token"):
        _refuse_secrets(tmp_path)


def test_an_entry_without_variants_builds(kb: Path, tmp_path: Path) -> None:
    path = kb / TARGETS["entry"][0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for lang in ("zh", "en"):
        data[lang].pop("variants", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["validate", "--root", str(kb)]) == 0
    out = tmp_path / "public"
    assert main(["build", "--root", str(kb), "--out", str(out), "--quiet"]) == 0
    page = (out / "en" / "answer" / "model-not-found" / "index.html")
    assert page.is_file() or any(out.rglob("model-not-found*"))


def test_a_schema_error_never_echoes_the_key(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = "sk-proj-" + R
    path = kb / TARGETS["entry"][0]
    path.write_text(path.read_text(encoding="utf-8").replace(
        'version: "1.0.0"', f"version: {key}", 1), encoding="utf-8")
    assert main(["validate", "--root", str(kb)]) == 1
    out = capsys.readouterr().out
    assert "version" in out and key not in out
