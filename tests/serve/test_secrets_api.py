"""POST /v1/diagnose and the server's logs with every secret shape injected: none comes back."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from triage.serve.app import create_app
from triage.serve.settings import Settings

from tests.secrets.shapes import JWT, R, hostile_facts, leaks

from .conftest import Client, copy_root

JSON = {"content-type": "application/json"}


def test_diagnose_response_and_logs_hold_no_secret(
        client: Client, server_logs: Callable[[], list[str]]) -> None:
    facts = hostile_facts()
    for lang in ("en", "zh"):
        response = client.post(f"/v1/diagnose?lang={lang}&token={JWT}",
                               content=json.dumps(facts).encode(), headers=JSON)
        assert response.status_code in (200, 422), response.text
        assert leaks(response.text) == []
        assert leaks(json.dumps(dict(response.headers))) == []
    batch = client.post("/v1/diagnose/batch", content=json.dumps(
        {"items": [facts, {"request": {"api_key": R}}]}).encode(), headers=JSON)
    assert batch.status_code == 200, batch.text
    assert leaks(batch.text) == []
    lines = server_logs()
    assert lines
    assert leaks("\n".join(lines)) == []


def test_a_200_diagnosis_masks_a_jwt_task_id(client: Client) -> None:
    facts = {"request": {"model": "gpt-4o"}, "response": {"status": 500, "body": json.dumps(
        {"error": {"message": "task failed", "task_id": JWT}})}, "task_id": JWT}
    response = client.post("/v1/diagnose", content=json.dumps(facts).encode(), headers=JSON)
    assert response.status_code == 200, response.text
    assert JWT not in response.text


def test_server_probe_refuses_metadata_and_plain_http_even_when_allowed(
        kb_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "gw.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    root = copy_root(tmp_path / "root")
    settings = Settings(allow_probe=("169.254.169.254", "gw.test", "metadata.google.internal"))
    client = Client(create_app(root, settings))
    key = "sk-" + R
    for url in ("http://169.254.169.254/v1", "https://metadata.google.internal/v1",
                "http://gw.test/v1"):
        response = client.post("/v1/collect", content=json.dumps(
            {"base_url": url, "model": "m", "api_key": key}).encode(), headers=JSON)
        assert response.status_code == 422, response.text
        assert "refusing" in response.json()["error"]["message"]
        assert key not in response.text
