"""The error-message index, built from a small corpus of our own in tests/data/messages/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from triage.errors import BuildError
from triage.publish import build_site

from .conftest import REPO, Built, copy_sources
from .scan import SITE_URL, scan_html

FAKE_KEY = "sk-" + "fixture" + "0" * 22
FIXTURE = [
    {"id": "fx-balance-zh", "source": "https://docs.example.com/errors#balance",
     "origin": "fixture-gw", "lang": "zh", "status": 402,
     "body": '{"error":{"message":"用户余额不足，请充值后再试","type":"fixture_error",'
             '"code":"insufficient_user_quota"}}',
     "label": "quota", "cause": "quota.insufficient_balance", "split": "dev", "note": "n"},
    {"id": "fx-balance-en", "source": "example/gateway@0123abc:relay/quota.go:42",
     "origin": "fixture-gw", "lang": "en", "status": 402,
     "body": '{"error":{"message":"Insufficient Balance <script>alert(1)</script>"}}',
     "label": "quota", "split": "holdout", "note": "n"},
    {"id": "fx-key", "source": "example/gateway@0123abc:auth.go:7", "origin": "fixture-gw",
     "lang": "en", "status": 401,
     "body": '{"error":{"message":"Incorrect API key provided: ' + FAKE_KEY + '"}}',
     "label": "auth", "split": "dev", "note": "n"},
    # a "template--variant" id, and a message that starts with a masked key: the heading's
    # own slug would look like a key ("sk-abcq9z-token-amount-..."), so the id must anchor it
    {"id": "fx-token--1", "source": "example/gateway@0123abc:quota.go:9", "origin": "fixture-gw",
     "lang": "en", "status": 401,
     "body": '{"error":{"message":"[sk-abc***Q9z] Token amount has been exhausted '
             'token.RemainQuota = 0 (request id: 20260101120000000000000aBcD)"}}',
     "label": "quota", "split": "dev", "note": "n"},
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_sources(tmp_path_factory.mktemp("errors-root"))
    data = root / "tests" / "data"
    (data / "messages").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "data" / "holdout.yaml", data / "holdout.yaml")
    (data / "messages" / "fixture.yaml").write_text(
        yaml.safe_dump(FIXTURE, allow_unicode=True), encoding="utf-8")
    out = tmp_path_factory.mktemp("errors") / "public"
    build_site(root, out, SITE_URL)
    from triage.loader.sources import load_sources

    kb, _ = load_sources(root)
    return Built(root, out, kb, {})


def _corpus(root: Path) -> list[dict[str, object]]:
    items = yaml.safe_load((root / "tests/data/holdout.yaml").read_text(encoding="utf-8"))
    return [*items, *FIXTURE]


def test_every_message_has_a_place_in_both_languages(built: Built) -> None:
    data = json.loads((built.out / "data" / "errors.json").read_text(encoding="utf-8"))
    schema = json.loads((built.out / "data" / "errors.schema.json").read_text("utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(data))
    corpus = _corpus(built.root)
    assert data["count"] == len(corpus) == len(data["errors"])
    assert {e["id"] for e in data["errors"]} == {str(c["id"]) for c in corpus}
    for item in data["errors"]:
        assert item["provenance"], item["id"]
        for lang in ("zh", "en"):
            page = item["urls"][lang]["html"].split("#")[0].removeprefix(SITE_URL)
            html = built.out / page / "index.html"
            assert html.is_file(), page
            scan = scan_html(html)
            assert item["id"] in scan.ids, (page, item["id"])


def test_the_exact_text_is_on_the_page_and_links_to_the_answer_of_its_cause(
        built: Built) -> None:
    page = built.out / "en" / "errors" / "fixture-gw-quota" / "index.html"
    scan = scan_html(page)
    assert "用户余额不足，请充值后再试" in scan.visible
    assert "Insufficient Balance <script>alert(1)</script>" in scan.visible  # as text
    assert "<script>alert(1)" not in page.read_text(encoding="utf-8")
    hrefs = [a.get("href", "") for _t, a in scan.tags if _t == "a"]
    # the engine's cause for a balance message is the insufficient-balance answer
    assert "../../answers/insufficient-balance-402/" in hrefs
    zh = scan_html(built.out / "zh" / "errors" / "fixture-gw-quota" / "index.html")
    assert "用户余额不足，请充值后再试" in zh.visible and zh.lang == "zh"
    copy = (built.out / "zh/errors/fixture-gw-quota/index.html.md").read_text("utf-8")
    assert "用户余额不足，请充值后再试" in copy
    assert f"{SITE_URL}zh/answers/insufficient-balance-402/index.html.md" in copy


def test_keys_in_messages_are_masked_everywhere(built: Built) -> None:
    for path in built.out.rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            assert FAKE_KEY.encode() not in path.read_bytes(), path


def test_index_pages_llms_txt_and_sitemap_list_the_errors(built: Built) -> None:
    for lang in ("zh", "en"):
        index = scan_html(built.out / lang / "errors" / "index.html")
        assert "fixture-gw" in index.visible
        llms = (built.out / lang / "llms.txt").read_text(encoding="utf-8")
        assert f"{SITE_URL}{lang}/errors/index.html.md" in llms
        assert f"{SITE_URL}{lang}/errors/fixture-gw-auth/index.html.md" in llms
    sitemap = (built.out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}en/errors/fixture-gw-quota/" in sitemap
    assert f"{SITE_URL}zh/errors/" in sitemap


def test_a_site_without_corpora_has_no_error_pages(hostile: Built) -> None:
    assert not (hostile.root / "tests").exists()
    assert not (hostile.out / "en" / "errors").exists()
    data = json.loads((hostile.out / "data" / "errors.json").read_text(encoding="utf-8"))
    assert data["count"] == 0


def test_a_broken_corpus_file_is_reported_with_its_path(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "root")
    messages = root / "tests" / "data" / "messages"
    messages.mkdir(parents=True)
    (messages / "bad.yaml").write_text("- id: x\n  body: 3\n  label: auth\n", "utf-8")
    with pytest.raises(BuildError, match=r"tests/data/messages/bad.yaml: item 1: 'body'"):
        build_site(root, tmp_path / "out", SITE_URL)
    assert not (tmp_path / "out").exists()


def test_home_pages_link_the_error_index_only_when_it_exists(built: Built, hostile: Built
                                                             ) -> None:
    for lang in ("zh", "en"):
        home = scan_html(built.out / lang / "index.html")
        assert "errors/" in [a.get("href") for t, a in home.tags if t == "a"]
        other = scan_html(hostile.out / lang / "index.html")
        assert "errors/" not in [a.get("href") for t, a in other.tags if t == "a"]


def test_a_message_id_in_two_corpus_files_is_published_once(tmp_path: Path) -> None:
    from triage.publish.messages import load_messages

    data = tmp_path / "tests" / "data"
    (data / "messages").mkdir(parents=True)
    first = {**FIXTURE[0], "origin": "newer"}
    (data / "messages" / "a.yaml").write_text(yaml.safe_dump([first]), "utf-8")
    (data / "dev-errors.yaml").write_text(yaml.safe_dump([FIXTURE[0], FIXTURE[1]]), "utf-8")
    records = load_messages(tmp_path)
    assert [r["id"] for r in records] == ["fx-balance-zh", "fx-balance-en"]
    assert records[0]["origin"] == "newer"
