"""The escaping functions, condition wording and command-line wiring, without a build."""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from triage.cli import main
from triage.errors import UsageError
from triage.escape import attr, code, json_script, md, plain, pre, safe_url, yaml_str
from triage.publish.build import normalise_site_url
from triage.publish.conditions import condition_lines, lines_markdown, lines_plain
from triage.publish.mkdocs_run import SEARCH_SEPARATOR
from triage.publish.site import Linker, copy_path, page_url

EXTENSIONS = ["admonition", "attr_list", "toc"]
TRICKY = st.lists(st.sampled_from(
    [*"<>&\"'`*_{}[]()#+-!.|~:=\\/ \n\tab1", "javascript:", "{{", "{%", "]]>", "模型",
     "\u2028", "&lt;", "<!--", "1. ", "~~~"]),
    max_size=40).map("".join)


def _text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@settings(max_examples=300, deadline=None)
@given(TRICKY)
def test_md_renders_as_exactly_the_text(value: str) -> None:
    out = markdown.markdown(md(value), extensions=EXTENSIONS)
    tags = set(re.findall(r"</?([a-z0-9]+)", out))
    assert tags <= {"p"}, (value, out)
    assert _text_of(out).strip() == plain(value).strip()


@settings(max_examples=200, deadline=None)
@given(TRICKY)
def test_md_inside_a_list_item_stays_one_item(value: str) -> None:
    out = markdown.markdown(f"- {md(value)}\n- next", extensions=EXTENSIONS)
    assert out.count("<li>") == 2 and "<ul>" in out and "<ol>" not in out


@settings(max_examples=200, deadline=None)
@given(TRICKY)
def test_code_and_pre_keep_the_text(value: str) -> None:
    out = markdown.markdown(f"x {code(value)}", extensions=EXTENSIONS)
    assert set(re.findall(r"</?([a-z0-9]+)", out)) <= {"p", "code"}
    assert _text_of(out) == "x " + plain(value)
    block = markdown.markdown(f"para\n\n{pre(value)}\n\nafter", extensions=EXTENSIONS)
    assert set(re.findall(r"</?([a-z0-9]+)", block)) <= {"p", "pre", "code"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_yaml_str_loads_back_exactly(value: str) -> None:
    loaded = yaml.load(f"v: {yaml_str(value)}\n", Loader=getattr(yaml, "CSafeLoader",
                                                               yaml.SafeLoader))
    assert loaded == {"v": value}


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12))
def test_json_script_is_json_without_markup(value: object) -> None:
    text = json_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)", "\x01javascript:x",
    "data:text/html,<script>", "vbscript:msgbox", "//evil.example/x", "file:///etc/passwd",
])
def test_safe_url_refuses_other_schemes(url: str) -> None:
    assert safe_url(url) == "#"


@pytest.mark.parametrize("url", ["https://a.example/x?y#z", "http://a.example", "../x.md",
                                 "x/y/", "#anchor", "glossary.md#api-key"])
def test_safe_url_keeps_http_and_relative_links(url: str) -> None:
    assert safe_url(url) == url


def test_attr_escapes_quotes() -> None:
    assert attr('"><script>') == "&quot;&gt;&lt;script&gt;"


def test_linker_relative_and_copy_links() -> None:
    here = Linker("zh/answers/a.md", "https://s.example/")
    assert here.to("zh/answers/b.md") == "b.md"
    assert here.to("zh/glossary.md", "api-key") == "../glossary.md#api-key"
    assert here.to("data/entries.json") == "../../data/entries.json"
    copy = Linker("zh/answers/a.md", "https://s.example/", copy=True)
    assert copy.to("zh/answers/b.md") == "https://s.example/zh/answers/b/index.html.md"
    assert page_url("index.md") == "" and page_url("zh/index.md") == "zh/"
    assert page_url("zh/rules/a.b.md") == "zh/rules/a.b/"
    assert copy_path("zh/index.md") == "zh/index.html.md"


def test_conditions_in_plain_words() -> None:
    when = {"all": [
        {"fact": "response.status", "in": [401, 403]},
        {"fact": "url.doubled_v1", "eq": True},
        {"not": {"fact": "request.stream", "eq": True}},
        {"fact": "account.balance", "lte": 0},
        {"fact": "task.status", "exists": False},
        {"text": "no[ _]such model", "says": {"zh": "提到模型不存在", "en": "says no such model"}},
        {"any": [{"text": "x+y", "in": "code"}]},
    ]}
    en = condition_lines(when, "en")
    assert [line.depth for line in en] == [0, 1, 1, 1, 2, 1, 1, 1, 1, 2]
    words = [line.words for line in en]
    assert words[0] == "all of these hold:"
    assert "the HTTP status is one of 401, 403" in words
    assert "the path has /v1 twice" in words
    assert "streaming was on" in words and "the task status is not known" in words
    assert "the account balance is at most 0" in words
    assert "says no such model" in words
    assert "the error code or type matches a known wording" in words
    zh = [line.words for line in condition_lines(when, "zh")]
    assert "HTTP 状态码是 401, 403 之一" in zh and "提到模型不存在" in zh
    markdown_list = lines_markdown(en)
    assert "        - streaming was on <code>request.stream eq true</code>" in markdown_list
    assert lines_plain(en)[1] == "  the HTTP status is one of 401, 403 [response.status in " \
                                 "[401, 403]]"


def test_search_separator_keeps_chinese_words_whole() -> None:
    sep = re.compile(SEARCH_SEPARATOR)
    # the search plugin puts a zero-width space between the words jieba finds
    assert [t for t in sep.split("模型\u200b不\u200b存在，model_not_found gpt-4.1 (x)") if t] \
        == ["模型", "不", "存在", "model_not_found", "gpt", "4.1", "x"]


def test_site_url_is_checked() -> None:
    assert normalise_site_url("https://a.example/docs") == "https://a.example/docs/"
    for bad in ("javascript:alert(1)", "ftp://a.example/", "/relative/", "https://a/\"x",
                "https://a.example/?q=1"):
        with pytest.raises(UsageError):
            normalise_site_url(bad)


def test_cli_wires_build(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--help"]) == 0
    assert "--site-url" in capsys.readouterr().out
    assert main(["build", "--site-url", "javascript:alert(1)", "--out", "/nonexistent/x"]) == 2
    assert "site-url" in capsys.readouterr().err


def test_short_descriptions_are_whole_sentences() -> None:
    from triage.publish.sentences import sentences

    text = "Use gpt-4.1 here. Then check e.g. the key. A third sentence that is long."
    assert sentences(text, 40) == "Use gpt-4.1 here."
    assert sentences(text, 60) == "Use gpt-4.1 here. Then check e.g. the key."
    assert sentences("先查模型名。再查权限！最后看余额？", 12) == "先查模型名。再查权限！"
    long_one = "One long sentence without an end that goes on"
    assert sentences(long_one, 10) == long_one
