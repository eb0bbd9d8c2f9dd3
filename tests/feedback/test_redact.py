"""Redaction before anything is kept: keys of every shape in every field, e-mails, IP
addresses, user names in URLs, request ids; stable placeholders; the ticket id."""

from __future__ import annotations

import json
from typing import Any

from triage.redact import redact_ticket

# Keys of every shape the detector knows, built at run time (no key-shaped literal here).
BODY = "AbCdEfGhJkMnPqRsTuVw" + "0123456789"
KEYS = ["sk-" + BODY, "sk-proj-" + BODY, "sk-ant-" + "api03-" + BODY, "AIza" + BODY,
        "gsk_" + BODY, "xai-" + BODY, "hf_" + BODY, "r8_" + BODY, "pplx-" + BODY,
        "ghp_" + BODY, "github_pat_" + BODY]
# An odd-shaped gateway token that only the ticket's own api_key field reveals.
ODD = "tok" + "Zq9" * 10


def _ticket(key: str) -> dict[str, Any]:
    return {
        "ticket": {"id": "T-88231", "account": "acme-corp", "summary": f"user pasted {key}"},
        "request": {"api_key": key, "base_url": f"https://alice:{key}@gw.example.com/v1",
                    "url": f"https://gw.example.com/v1/chat?key={key}",
                    "headers": {"Authorization": f"Bearer {key}", "x-api-key": key,
                                "X-Request-Id": "7f1c2d3e4b5a", key: "pasted as a name"},
                    "model": "gpt-4o"},
        "response": {"status": 401, "headers": {"x-oneapi-request-id": "2024112312345678"},
                     "body": json.dumps({"error": {"message": f"Incorrect API key {key} "
                                                  "for ops@acme.example from 203.0.113.9",
                                                  "request_id": "req_abc123def456ghi"}})},
        "error": {"message": f"api-key: {key} rejected, see trace id 0a1b2c3d4e5f"},
        "kept": [key, {"deep": {"deeper": f"Bearer {key}"}}],
    }


def _all_strings(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_no_key_of_any_shape_survives_in_any_field() -> None:
    for key in [*KEYS, ODD]:
        out = _all_strings(redact_ticket(_ticket(key)))
        assert key not in out, key
        assert key[8:-4] not in out, key  # not even the middle of it


def test_personal_and_traceable_values_become_stable_placeholders() -> None:
    ticket = _ticket(KEYS[0])
    ticket["request"]["client_ip"] = "203.0.113.9"
    ticket["platform"] = {"note": "v6 2a00:1450:4001:81b::200e, mail OPS@acme.example",
                          "uuid": "123e4567-e89b-12d3-a456-426614174000"}
    out = redact_ticket(ticket)
    text = _all_strings(out)
    for gone in ("T-88231", "acme-corp", "alice", "ops@acme.example", "OPS@acme.example",
                 "203.0.113.9", "2a00:1450", "7f1c2d3e4b5a", "2024112312345678",
                 "req_abc123def456ghi", "0a1b2c3d4e5f", "123e4567-e89b"):
        assert gone not in text, gone
    assert "id" not in out["ticket"] and out["ticket"]["account"] == "account-1"
    # the same value gets the same placeholder everywhere
    assert out["request"]["client_ip"] == "192.0.2.1" and "192.0.2.1" in out["response"]["body"]
    assert text.count("email-1@example.invalid") == 2
    assert "https://user-1:" in out["request"]["base_url"]
    assert out["request"]["headers"]["X-Request-Id"] == "req-redacted-1"
    assert "2001:db8::1" in out["platform"]["note"]
    # what rules test is untouched
    assert out["response"]["status"] == 401 and out["request"]["model"] == "gpt-4o"
    # the input is not changed
    assert ticket["ticket"]["id"] == "T-88231"


def test_keep_id_and_deterministic_output() -> None:
    ticket = _ticket(KEYS[1])
    assert redact_ticket(ticket, keep_id=True)["ticket"]["id"] == "T-88231"
    assert redact_ticket(ticket) == redact_ticket(ticket)
