"""Editor content is data: hostile fields come out inert everywhere; a failed build keeps the
previous output and leaves no temporary folder behind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
from triage.cli import main
from triage.errors import BuildError, SourceError
from triage.publish import build_site

from .conftest import Built, copy_sources
from .hostile import (
    HOSTILE_ID,
    HOSTILE_RULE,
    INTERNAL_RULE,
    INTERNAL_TITLE,
    OLD_RULE,
    TEMPLATE,
    TITLE,
)
from .scan import SITE_URL, Scan, bad_url, markdown_tags, scan_html

LIVE_TAGS = {"iframe", "object", "embed", "svg", "img", "style", "meta", "base", "form"}


def _live(scan: Scan, baseline_tags: set[str]) -> list[str]:
    """Anything from content that a browser would run, load or obey."""
    found = [f"handler {t} {a}={v!r}" for t, a, v in scan.handlers]
    found += [f"url {t} {a}={u!r}" for t, a, u in scan.links if bad_url(u)]
    for attrs, body in scan.scripts:
        if attrs.get("type") == "application/ld+json":
            if "<" in body or "</script" in body.lower():
                found.append("JSON-LD holds '<'")
            json.loads(body)
        elif "alert(" in body:
            found.append(f"script {body[:60]!r}")
    for tag, attrs in scan.tags:
        if tag in LIVE_TAGS and tag not in baseline_tags:
            found.append(f"tag <{tag} {attrs}>")
        if tag == "img" and attrs.get("src") == "x":
            found.append("img src=x")
        if tag == "meta" and attrs.get("http-equiv"):
            found.append(f"meta http-equiv {attrs}")
    return found


def test_hostile_content_is_inert_in_every_html_page(hostile: Built, site: Built) -> None:
    baseline = {tag for scan in site.pages.values() for tag, _a in scan.tags}
    problems = {str(p.relative_to(hostile.out)): _live(scan, baseline)
                for p, scan in hostile.pages.items()}
    assert not {k: v for k, v in problems.items() if v}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_answer_shows_its_text_literally(hostile: Built, lang: str) -> None:
    scan = hostile.pages[hostile.out / lang / "answers" / HOSTILE_ID / "index.html"]
    visible = scan.visible
    assert TITLE in visible                       # as text, in the heading
    assert TITLE in scan.title                    # and in <title>, as text
    assert TEMPLATE in visible and "{% raw %}" in visible and "{% endraw %}" in visible
    assert "[x](javascript:alert(1))" in visible
    assert "<script>alert(7)</script>" in visible
    assert "</code></pre><script>alert(20)</script>" in visible     # a code sample, as text
    assert "<img src=x onerror=alert(21)> a short summary" in visible   # the AI summary
    assert "site_name" not in visible.replace("config.site_name", "")
    description = [a["content"] for _t, a in scan.tags if a.get("name") == "description"]
    assert description and description[0].startswith("<img src=x")


def test_hostile_json_ld_is_data_not_markup(hostile: Built) -> None:
    scan = hostile.pages[hostile.out / "en" / "answers" / HOSTILE_ID / "index.html"]
    (raw,) = scan.jsonld()
    assert "</script" not in raw.lower() and "<" not in raw
    graph = {n["@type"]: n for n in json.loads(raw)["@graph"]}
    assert graph["TechArticle"]["headline"] == TITLE
    assert graph["FAQPage"]["mainEntity"][0]["name"] == "</script><script>alert(9)</script>"


def _render(text: str) -> Scan:
    """Render Markdown as a site or a reader would, then scan the HTML."""
    html = markdown.markdown(text, extensions=["admonition", "attr_list", "toc",
                                               "fenced_code"])
    return scan_html(Path("rendered.html"), html)


def _without_fences(text: str) -> str:
    out, fence = [], ""
    for line in text.split("\n"):
        if fence:
            if line.strip() == fence:
                fence = ""
            continue
        m = re.match(r"^(`{3,})(python|javascript|bash|json|http|text)$", line)
        if m:
            fence = m.group(1)
            continue
        out.append(line)
    assert not fence, "a fenced block is never closed"
    return "\n".join(out)


def test_hostile_markdown_copies_and_llms_txt_are_inert(hostile: Built) -> None:
    texts = {name: (hostile.out / name).read_text(encoding="utf-8") for name in (
        f"en/answers/{HOSTILE_ID}/index.html.md", f"zh/answers/{HOSTILE_ID}/index.html.md",
        f"en/rules/{HOSTILE_RULE}/index.html.md", "llms.txt", "llms-full.txt", "en/llms.txt",
        "en/changes/index.html.md")}
    for name, text in texts.items():
        # inside a fenced code block text is literal in every Markdown that knows fences
        # (CommonMark, Python-Markdown's fenced_code); outside, no tag may appear
        assert not markdown_tags(_without_fences(text)), (name, markdown_tags(text)[:3])
        assert not re.search(r"(?<!\\)\]\((?:javascript|data):", text), name
        rendered = _render(text)
        assert not _live(rendered, set()), (name, _live(rendered, set())[:3])
        assert not [u for _t, _a, u in rendered.links if bad_url(u)], name
    copy = _render(texts[f"en/answers/{HOSTILE_ID}/index.html.md"])
    assert TITLE in copy.visible and TEMPLATE in copy.visible
    assert "</code></pre><script>alert(11)</script>" in copy.visible
    assert "</code></pre><script>alert(20)</script>" in copy.visible


def test_hostile_data_files_keep_the_text_and_stay_inert(hostile: Built) -> None:
    raw = (hostile.out / "data" / "entries.json").read_text(encoding="utf-8")
    assert "<" not in raw
    entry = next(e for e in json.loads(raw)["entries"] if e["id"] == HOSTILE_ID)
    assert entry["en"]["title"] == TITLE


def test_internal_rules_are_never_published(hostile: Built) -> None:
    for path in hostile.files():
        if path.suffix == ".gz":
            continue
        data = path.read_text(encoding="utf-8", errors="replace")
        for secret in (INTERNAL_RULE, INTERNAL_TITLE, "internal says"):
            assert secret not in data, (path.relative_to(hostile.out), secret)
    rules = json.loads((hostile.out / "data" / "rules.json").read_text(encoding="utf-8"))
    assert {HOSTILE_RULE, OLD_RULE} <= {r["id"] for r in rules["rules"]}
    assert not (hostile.out / "en" / "rules" / INTERNAL_RULE).exists()


# ---- a failed build leaves the previous output ----

def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    root = copy_sources(tmp_path_factory.mktemp("fail-root"))
    out = tmp_path_factory.mktemp("fail-out") / "public"
    assert main(["build", "--root", str(root), "--out", str(out), "--quiet"]) == 0
    return root, out, _snapshot(out)


def test_invalid_sources_leave_the_previous_output(
        previous: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]) -> None:
    root, out, before = previous
    broken = root / "kb" / "entries" / "broken.yaml"
    broken.write_text("id: broken\nversion: nope\n", encoding="utf-8")
    try:
        with pytest.raises(SourceError):
            build_site(root, out, SITE_URL)
        assert main(["build", "--root", str(root), "--out", str(out), "-q"]) == 2
        assert "broken.yaml" in capsys.readouterr().err
    finally:
        broken.unlink()
    assert _snapshot(out) == before
    assert _leftovers(out) == []


@pytest.mark.parametrize("stage", ["run_mkdocs", "_after_mkdocs", "_swap"])
def test_a_failing_stage_leaves_the_previous_output(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        stage: str) -> None:
    root, out, before = previous
    import triage.publish.build as build_module

    def boom(*_args: object, **_kwargs: object) -> None:
        raise (BuildError("boom") if stage == "run_mkdocs" else OSError(28, "No space left"))

    monkeypatch.setattr(build_module, stage, boom)
    if stage == "run_mkdocs":           # through the command line: exit 1, one line
        assert main(["build", "--root", str(root), "--out", str(out), "-q"]) == 1
    else:
        with pytest.raises(BuildError):
            build_site(root, out, SITE_URL)
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_a_real_mkdocs_failure_is_a_build_error(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    root, out, before = previous
    import triage.publish.mkdocs_run as run_module

    config = run_module.mkdocs_config
    monkeypatch.setattr(run_module, "mkdocs_config",
                        lambda url: {**config(url), "theme": {"name": "no-such-theme"}})
    with pytest.raises(BuildError, match="MkDocs"):
        build_site(root, out, SITE_URL)
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("precious", encoding="utf-8")
    root = copy_sources(tmp_path / "root")
    with pytest.raises(BuildError, match="not a site built by triage"):
        build_site(root, out, SITE_URL)
    assert (out / "keep.txt").read_text(encoding="utf-8") == "precious"
    with pytest.raises(BuildError, match="refusing"):
        build_site(root, root, SITE_URL)
    assert _leftovers(out) == []
