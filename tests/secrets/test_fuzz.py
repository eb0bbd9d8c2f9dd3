"""Fuzz targets, one per input path, bounded so CI stays quick (hypothesis, fixed budget).

Each asserts: no exception escapes (no exit 3, no traceback), and no injected secret in any
output. Budget: FUZZ_EXAMPLES examples per target (env TRIAGE_FUZZ_EXAMPLES to raise it).
"""

from __future__ import annotations

import json
import os
import zlib
from html.parser import HTMLParser
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from triage.collect.body import CappedBody
from triage.collect.endpoints import parse_model_ids
from triage.errors import FactsError
from triage.escape import attr, json_script, md, plain, pre, yaml_str
from triage.facts.body import parse_body
from triage.facts.normalise import normalise
from triage.facts.read import parse_facts
from triage.rendering import render
from triage.secrets import mask_text
from triage.yamlmarks import parse_yaml

from .shapes import SHAPES, leaks

FUZZ_EXAMPLES = int(os.environ.get("TRIAGE_FUZZ_EXAMPLES", "80"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text of every kind but surrogates (which no UTF-8 input can carry).
text = st.text(st.characters(codec="utf-8"), max_size=80)
shaped = st.sampled_from(SHAPES).map(lambda s: s[2].format(s=s[1]))
text_or_secret = st.one_of(text, shaped, st.tuples(text, shaped, text).map(" ".join))
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                   st.floats(allow_nan=False, allow_infinity=False), text_or_secret)
json_value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.one_of(text, st.sampled_from(["error", "message", "code", "type", "task_id", "api_key",
                                     "detail", "status", "data", "id"])), inner, max_size=4),
    max_leaves=16)
FIELDS = {
    "request": ["model", "endpoint", "base_url", "url", "api_key", "headers", "stream",
                "method", "key_id"],
    "response": ["status", "headers", "body", "elapsed_ms"],
    "error": ["message", "kind"],
    "account": ["models", "balance", "group"],
    "task": ["id", "status", "message"],
}


@st.composite
def fact_sets(draw: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for section, names in FIELDS.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(names), max_size=4, unique=True))
            facts[section] = {n: draw(st.one_of(json_value, json_value.map(json.dumps)))
                              for n in chosen}
    if draw(st.booleans()):
        facts[draw(text)] = draw(json_value)  # an unknown top-level field
    return facts


@FUZZ
@given(st.one_of(json_value, json_value.map(json.dumps), text_or_secret))
def test_body_parser(body: Any) -> None:
    parsed = parse_body(body)
    assert parsed is not None


@FUZZ
@given(fact_sets())
def test_facts_normalising_and_diagnosis(diagnoser: Any, facts: dict[str, Any]) -> None:
    # Hypothesis also plants string constants it finds in the code (the secret shapes among
    # them) bare, with no shape around them ("0wJalr..." as a task id): a secret that the
    # detector cannot tell even in the input is not a leak of the output's making.
    unshaped = set(leaks(mask_text(json.dumps(facts, default=str, ensure_ascii=False))))
    norm = normalise(facts)
    assert set(leaks(json.dumps(norm.public(), default=str, ensure_ascii=False))) <= unshaped
    result = diagnoser.diagnose(facts, "en")
    out = json.dumps(result, ensure_ascii=False)
    assert set(leaks(out)) <= unshaped
    for fmt in ("text", "markdown"):
        assert set(leaks(render(result, fmt, "en"))) <= unshaped


@FUZZ
@given(st.one_of(text, json_value.map(json.dumps), st.lists(text, max_size=6).map("\n".join)))
def test_facts_reader(source: str) -> None:
    try:
        data = parse_facts(source, "t.yaml")
    except FactsError as exc:
        assert str(exc).startswith("t.yaml")
        assert "\n" not in str(exc).strip()
    else:
        assert isinstance(data, dict)


_YAML_PIECES = st.sampled_from(["a: ", "- ", "&x ", "*x", "{", "}", "[", "]", "<<: *x", "\n",
                                "  ", "!!python/object:os.system ", "? ", "'", '"', "#", "|",
                                ">", "%YAML 1.1\n", "---\n", "...\n", "x", "1e999", "\t"])


@FUZZ
@given(st.one_of(text, st.lists(st.one_of(_YAML_PIECES, text), max_size=30).map("".join)))
def test_yaml_loader(source: str) -> None:
    doc = parse_yaml(source, "x.yaml")
    for issue in doc.issues:
        assert str(issue).startswith("x.yaml")


def _printable(value: str) -> str:
    return " ".join("".join(c for c in value if c.isprintable() or c.isspace()).split())


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@FUZZ
@given(text_or_secret)
def test_markdown_and_html_escaping(value: str) -> None:
    page = _Tags()
    page.feed(markdown.markdown(md(value)))
    page.close()
    assert set(page.tags) <= {"p"}, page.tags  # content never becomes markup
    # the words survive as text (control characters are the terminal output's concern)
    assert _printable("".join(page.text)) == _printable(plain(value))
    block = _Tags()
    block.feed(pre(value))
    block.close()
    assert block.tags == ["pre", "code"]
    assert not any(c in attr(value) for c in "<>\"'")
    assert "<" not in json_script({"v": value}) and ">" not in json_script({"v": value})
    assert yaml.safe_load(yaml_str(value)) == value


@FUZZ
@given(st.lists(st.binary(max_size=300), max_size=8),
       st.sampled_from(["", "gzip", "deflate", "br", "gzip, deflate", "identity"]),
       st.booleans(), st.integers(1024, 4096))
def test_collector_body_handling(chunks: list[bytes], encoding: str, compress: bool,
                                 cap: int) -> None:
    if compress and encoding in ("gzip", "deflate"):
        packer = zlib.compressobj(wbits=31 if encoding == "gzip" else 15)
        data = packer.compress(b"".join(chunks) * 50) + packer.flush()
        chunks = [data[i:i + 97] for i in range(0, len(data), 97)]
    body = CappedBody(encoding, cap)
    for chunk in chunks:
        body.feed(chunk)
        if body.full:
            break
    read = body.finish()
    assert len(read.data) <= cap
    ids = parse_model_ids(read.text)
    assert ids is None or all(isinstance(i, str) for i in ids)


@FUZZ
@given(json_value)
def test_model_list_parser(doc: Any) -> None:
    for candidate in (json.dumps(doc), json.dumps({"data": doc}), "[" * 5000):
        ids = parse_model_ids(candidate)
        assert ids is None or isinstance(ids, list)


@FUZZ
@given(text_or_secret)
def test_mask_text_never_raises_and_is_stable(value: str) -> None:
    once = mask_text(value)
    assert mask_text(once) == once
    # every secret that came in its shape is gone (Hypothesis may also plant a bare one)
    for _, secret, shape in SHAPES:
        if shape.format(s=secret) in value:
            assert secret not in once, shape


_PASTE_PIECES = st.sampled_from(["HTTP/1.1 401 Unauthorized\n", "content-type: application/json\n",
                                 "\n", "{", "}", '"error": ', '"message": "x"', "status: 429\n",
                                 "request:\n  model: m\n", "Traceback (most recent call last):\n",
                                 "openai.AuthenticationError: Error code: 401 - "])


@FUZZ
@given(st.lists(st.one_of(_PASTE_PIECES, text_or_secret), max_size=12).map("\n".join))
def test_pasted_text_reader(diagnoser: Any, pasted: str) -> None:
    from triage.serve.forms import read_paste

    facts, how = read_paste(pasted)
    assert isinstance(facts, dict) and how in ("empty", "ticket", "http", "body", "message")
    result = diagnoser.diagnose(facts, "zh")
    unshaped = set(leaks(mask_text(pasted)))   # see test_facts_normalising_and_diagnosis
    assert set(leaks(json.dumps(result, ensure_ascii=False))) <= unshaped


_MD_PIECES = st.sampled_from(["`", "``", "<b>", "</b>", "[x](http://e.x)", "![i](http://e.x)",
                              "*", "_", "|", "~~", "# ", "1. ", "- ", "&amp;", "&lt;b&gt;",
                              "<http://e.x>", "\\", "(", ")", "!", " ", "x"])


@FUZZ
@given(st.one_of(text_or_secret, st.lists(st.one_of(_MD_PIECES, text), max_size=20)
                 .map("".join)))
def test_handoff_markdown_escaping(value: str) -> None:
    from triage.rendering import _md

    page = _Tags()
    page.feed(markdown.markdown(_md(value), extensions=["tables"]))
    page.close()
    # content never becomes markup; a balanced code span written in the sources stays one
    assert set(page.tags) <= {"p", "code"}, page.tags
    # the words survive as text (a code span shows without its backticks)
    assert _printable("".join(page.text)).replace(" ", "").replace("`", "") == \
        _printable(" ".join(value.split())).replace(" ", "").replace("`", "")
