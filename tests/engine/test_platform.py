"""The support desk's platform base URL, set once: filled into tickets silent about it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from triage.api import diagnose, load_compiled
from triage.errors import UsageError
from triage.evaluate import Diagnoser
from triage.facts.platform import PLATFORM_ENV, checked_base_url, with_platform

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = "https://gw.example.com/v1"
# a gateway's key sent to the vendor's own host (the text as an app printed it)
PASTED = ('HTTP POST https://api.openai.com/v1/chat/completions failed with status code 401:\n'
          '{"error": {"message": "Incorrect API key provided: sk-ab12***********cd34.", '
          '"type": "invalid_request_error", "code": "invalid_api_key", "param": null}}\n')


def _first(result: dict[str, Any]) -> str:
    return str(result["diagnoses"][0]["cause"])


def test_with_platform_fills_only_what_the_ticket_leaves_out() -> None:
    assert with_platform({"a": 1}, GATEWAY) == {"a": 1, "platform": {"base_url": GATEWAY}}
    own = {"platform": {"base_url": "https://other.example/v1"}}
    assert with_platform(own, GATEWAY) is own
    assert with_platform({"platform": {"channel_status": "down"}}, GATEWAY) == {
        "platform": {"channel_status": "down", "base_url": GATEWAY}}
    assert with_platform({"platform": "text"}, GATEWAY) == {"platform": "text"}
    assert with_platform({"a": 1}, "") == {"a": 1}


@pytest.mark.parametrize("bad", ["ftp://gw.example.com", "gw.example.com/v1", "https://",
                                 "https://user:pw@gw.example.com/v1", "https://gw.example.com:x",
                                 "https://gw.example.com/ v1", "https://" + "a" * 3000])
def test_a_bad_base_url_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match="is not a base URL"):
        checked_base_url(bad, "--platform-base-url")
    assert checked_base_url(f" {GATEWAY} ", "x") == GATEWAY


def test_the_platform_decides_what_an_official_host_means() -> None:
    compiled = load_compiled(ROOT)
    facts = {"error": {"message": PASTED}}
    assert _first(Diagnoser(compiled).diagnose(facts)) == "auth.invalid_key"
    at_gateway = Diagnoser(compiled, GATEWAY).diagnose(facts)
    assert _first(at_gateway) == "base_url.official_host"
    assert [d["cause"] for d in at_gateway["diagnoses"]][1] == "auth.invalid_key"
    # the ticket's own platform wins over the desk's
    official = {**facts, "platform": {"base_url": "https://api.openai.com/v1"}}
    assert _first(Diagnoser(compiled, GATEWAY).diagnose(official)) == "auth.invalid_key"
    assert _first(diagnose(facts, root=ROOT, platform_base_url=GATEWAY)) == \
        "base_url.official_host"


def test_rule_cases_never_see_the_desk_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PLATFORM_ENV, GATEWAY)
    assert Diagnoser(load_compiled(ROOT)).platform_base_url == ""


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triage", "diagnose", *args, "-"],
                          input=PASTED, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False, env=env)


def test_cli_takes_the_platform_from_the_option_or_the_environment() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != PLATFORM_ENV}
    plain = _run([], env)
    assert plain.returncode == 0 and "[auth.invalid_key" in plain.stdout.split("Then")[0]
    opt = _run(["--platform-base-url", GATEWAY], env)
    assert opt.returncode == 0 and "[base_url.official_host" in opt.stdout.split("Then")[0]
    by_env = _run([], {**env, PLATFORM_ENV: GATEWAY})
    assert by_env.stdout == opt.stdout
    for args, extra in ((["--platform-base-url", "gw.example.com"], {}),
                        ([], {PLATFORM_ENV: "not a url"})):
        bad = _run(args, {**env, **extra})
        assert bad.returncode == 2 and bad.stdout == ""
        assert bad.stderr.count("\n") == 1 and "is not a base URL" in bad.stderr
        assert "Traceback" not in bad.stderr
