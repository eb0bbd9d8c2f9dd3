"""POST /v1/diagnose and the server's logs with every secret shape injected: none comes back."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.secrets.shapes import JWT, R, hostile_facts, leaks

from .conftest import Client

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
