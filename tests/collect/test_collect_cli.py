"""``triage collect``: where the key comes from, what is printed, exit codes, no key anywhere."""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
import warnings

import pytest
import yaml
from triage.collect import cli


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="triage")
    verbs = parser.add_subparsers(dest="verb", required=True)
    cli.add_parser(verbs)
    args = parser.parse_args(["collect", *argv])
    assert args.func is cli.run
    return int(args.func(args))


def _fast(base: str, *extra: str) -> list[str]:
    return ["--base-url", base, "--model", "gpt-4o-mini", "--connect-timeout", "2",
            "--read-timeout", "2", "--total-timeout", "5", *extra]


def test_key_from_the_default_environment_variable(gateway, fake_key, monkeypatch, capsys):
    monkeypatch.setenv("TRIAGE_API_KEY", fake_key)
    assert _run(_fast(gateway.base("ok"))) == 0
    out, err = capsys.readouterr()
    facts = json.loads(out)
    assert facts["response"]["status"] == 200
    assert gateway.requests("ok")[-1].headers["authorization"] == f"Bearer {fake_key}"
    assert "probing GET /ok/v1/models ..." in err


def test_key_from_a_named_environment_variable(gateway, fake_key, monkeypatch, capsys):
    monkeypatch.delenv("TRIAGE_API_KEY", raising=False)
    monkeypatch.setenv("GW_KEY", fake_key)
    assert _run(_fast(gateway.base("ok"), "--api-key-env", "GW_KEY", "--quiet")) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["request"]["key_id"] == "sk-...uvwx"
    assert err == ""


def test_key_from_stdin(gateway, fake_key, monkeypatch, capsys):
    monkeypatch.delenv("TRIAGE_API_KEY", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(fake_key + "\n"))
    assert _run(_fast(gateway.base("ok"), "--api-key-stdin", "--format", "yaml")) == 0
    facts = yaml.safe_load(capsys.readouterr().out)
    assert facts["response"]["status"] == 200
    assert gateway.requests("ok")[-1].headers["authorization"] == f"Bearer {fake_key}"


def test_there_is_no_plain_key_argument(capsys):
    with pytest.raises(SystemExit) as exit_info:
        _run(["--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--api-key", "x"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("argv", "env", "stdin", "expected"),
    [
        (["--base-url", "http://127.0.0.1:9/v1"], None, None, "no API key: set TRIAGE_API_KEY"),
        (["--base-url", "http://127.0.0.1:9/v1", "--api-key-stdin"], None, "\n", "no API key"),
        (["--base-url", "ftp://gw.example/v1"], "KEY", None, "must start with http"),
        (["--base-url", "https:///v1"], "KEY", None, "--base-url"),
        (["--base-url", "http://127.0.0.1:9/v1", "--api-key-env", "E", "--api-key-stdin"],
         None, "x\n", "give the key one way"),
    ],
)
def test_set_up_problems_exit_2_with_one_line(argv, env, stdin, expected, fake_key,
                                               monkeypatch, capsys):
    monkeypatch.delenv("TRIAGE_API_KEY", raising=False)
    if env:
        monkeypatch.setenv("TRIAGE_API_KEY", fake_key)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert _run([*argv, "--model", "m"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("triage collect: ")
    assert expected in err
    assert "Traceback" not in err
    assert fake_key not in err


def test_gateway_errors_are_facts_and_exit_0(gateway, fake_key, monkeypatch, capsys):
    monkeypatch.setenv("TRIAGE_API_KEY", fake_key)
    assert _run(_fast(gateway.base("drop"), "--quiet")) == 0
    assert json.loads(capsys.readouterr().out)["error"]["kind"] == "connect"


def test_stand_alone_entry_point(gateway, fake_key, monkeypatch, capsys):
    monkeypatch.setenv("TRIAGE_API_KEY", fake_key)
    assert cli.main([*_fast(gateway.base("ok")), "--format", "markdown", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("```yaml\n") and out.rstrip().endswith("```")


SCAN_RUNS = [
    ("badkey", []),
    ("cross", []),
    ("cross", ["--style", "anthropic"]),
    ("cross", ["--style", "gemini"]),
    ("ratelimit", ["--format", "yaml"]),
    ("slow", ["--read-timeout", "0.3"]),
    ("drop", []),
    ("loop", []),
    ("huge", ["--max-bytes", "64K"]),
    ("bomb", ["--max-bytes", "64K"]),
    ("html", ["--format", "text"]),
    ("ok", ["--kind", "image"]),
]


def test_no_output_anywhere_shows_the_key(gateway, other, fake_key, monkeypatch, capsys, caplog):
    """Every output the tool makes: stdout, stderr, logs at DEBUG, warnings."""
    monkeypatch.setenv("TRIAGE_API_KEY", fake_key)
    caplog.set_level(logging.DEBUG)
    outputs: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for scenario, extra in SCAN_RUNS:
            assert _run([*_fast(gateway.base(scenario)), *extra]) == 0, scenario
            out, err = capsys.readouterr()
            outputs += [out, err]
    outputs += [r.getMessage() for r in caplog.records]
    outputs += [str(w.message) for w in caught]
    secret_part = fake_key[len("sk-test-"):]
    for text in outputs:
        assert fake_key not in text
        assert secret_part[:-4] not in text
    # The scan saw the places a key could hide: an echo, a Location, a progress line.
    joined = "\n".join(outputs)
    assert "Incorrect API key provided: sk-...uvwx" in joined
    assert "key=sk-...uvwx" in joined
    assert "probing POST" in joined
