"""Small parts: settings, the CLI glue, and the collector endpoint behind its allow-list."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest
from triage.serve import cli
from triage.serve.app import create_app
from triage.serve.settings import Settings, normalise_probe_host

from tests.loopback import loopback_server

from .conftest import KEY, KEY_CORE, Client


def test_settings_round_trip() -> None:
    settings = Settings(max_body=4096, timeout=2.5, allow_probe=("a.example:8443",),
                        generation=3)
    assert Settings.from_json(settings.to_json()) == settings
    with pytest.raises(ValueError):
        Settings(max_body=10)
    with pytest.raises(ValueError):
        Settings(timeout=0)


@pytest.mark.parametrize(("text", "host"), [
    ("GW.Example.com", "gw.example.com"), ("gw.example.com:8443", "gw.example.com:8443"),
    ("127.0.0.1:08080", "127.0.0.1:8080"), ("gw.example.com.", "gw.example.com"),
])
def test_probe_hosts(text: str, host: str) -> None:
    assert normalise_probe_host(text) == host


@pytest.mark.parametrize("text", ["", "https://gw.example.com", "gw.example.com/v1",
                                  "user@gw", "gw:0", "gw:99999", "gw:http"])
def test_probe_hosts_refused(text: str) -> None:
    with pytest.raises(ValueError):
        normalise_probe_host(text)


def test_cli_parser_defaults_and_options() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="verb")
    cli.add_parser(sub)
    args = parser.parse_args(["serve"])
    assert (args.host, args.port, args.workers, args.max_body, args.timeout, args.allow_probe,
            args.no_reload, args.root) == ("127.0.0.1", 8080, 1, 1 << 20, 30.0, [], False, None)
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "4",
                              "--max-body", "2M", "--timeout", "5", "--allow-probe", "a",
                              "--allow-probe", "b:81", "--no-reload", "--root", "."])
    assert (args.port, args.workers, args.max_body, args.timeout, args.allow_probe,
            args.no_reload) == (9000, 4, 2 << 20, 5.0, ["a", "b:81"], True)


def test_main_cli_knows_serve(capsys: pytest.CaptureFixture[str]) -> None:
    from triage.cli import main

    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--workers", "--root", "--max-body", "--timeout",
                   "--allow-probe", "--no-reload"):
        assert option in out


class _Gateway(BaseHTTPRequestHandler):
    """A gateway that refuses the key, the way one-api does."""

    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.seen.append(self.headers.get("authorization", ""))
        body = json.dumps({"error": {"message": "无效的令牌", "type": "one_api_error",
                                     "code": "invalid_api_key"}}).encode()
        self.send_response(401)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    with loopback_server(_Gateway) as server:
        yield f"127.0.0.1:{server.server_address[1]}"


def test_collect_only_on_allowed_hosts(kb_root: Path, gateway: str) -> None:
    client = Client(create_app(kb_root, Settings(allow_probe=(gateway,))))
    body = {"base_url": f"http://{gateway}/v1", "model": "gpt-4o", "api_key": KEY}
    response = client.post("/v1/collect?lang=zh", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["facts"]["response"]["status"] == 401
    assert data["diagnosis"]["diagnoses"][0]["family"] == "auth"
    assert data["diagnosis"]["lang"] == "zh"
    assert _Gateway.seen and all(KEY in s for s in _Gateway.seen)  # the key was used...
    assert KEY not in response.text and KEY_CORE not in response.text  # ...never returned
    other_port = f"http://127.0.0.1:{int(gateway.rsplit(':', 1)[1]) + 1}/v1"
    for url in (other_port, "http://localhost:1/v1", "https://api.openai.com/v1",
                "http://169.254.169.254/latest"):
        refused = client.post("/v1/collect", json={**body, "base_url": url})
        assert refused.status_code == 403, url
        assert refused.json()["error"]["code"] == "probe_not_allowed"
    for bad in ({"model": "x", "api_key": KEY}, {**body, "extra": 1}, {**body, "model": 4},
                {**body, "kind": "music"}, {**body, "base_url": "ftp://" + gateway}):
        response = client.post("/v1/collect", json=bad)
        assert response.status_code in (403, 422), bad
        assert KEY not in response.text
    no_diagnosis = client.post("/v1/collect", json={**body, "diagnose": False}).json()
    assert "diagnosis" not in no_diagnosis
