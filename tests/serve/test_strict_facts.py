"""Facts no one can read safely: the API answers 422 where the command line exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from triage.cli import main

from .conftest import Client

JSON = {"content-type": "application/json"}

# (raw JSON body, what the message must name)
REFUSED = [
    (b'{"response": {"status": 401, "status": 402}}', "appears twice"),
    (b'{"response": {"status": ' + b"9" * 5000 + b"}}", "5,000 digits"),
    ('{"response": {"status": 429, "headers": {"retry-after": "\u00b2"}}}'.encode(),
     "not 0-9"),
    ('{"response": {"status": "\u0664\u0660\u0661"}}'.encode(), "status"),
]


@pytest.mark.parametrize(("body", "named"), REFUSED)
def test_api_refuses_with_422(client: Client, body: bytes, named: str) -> None:
    response = client.post("/v1/diagnose", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert named in json.dumps(response.json()["error"], ensure_ascii=False)


@pytest.mark.parametrize(("body", "named"), REFUSED)
def test_cli_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   body: bytes, named: str) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(body)
    assert main(["diagnose", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and named in err, err
    assert "internal error" not in err


def test_401_point_0_is_401_on_both(client: Client, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    body = {"response": {"status": 401.0, "body": "unauthorized"}}
    api = client.post("/v1/diagnose", content=json.dumps(body).encode(), headers=JSON).json()
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert main(["diagnose", str(path), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert api["facts"]["response.status"] == cli["facts"]["response.status"] == 401
    assert [d["rule"] for d in api["diagnoses"]] == [d["rule"] for d in cli["diagnoses"]]
    assert [d["rule"] for d in cli["diagnoses"]]
