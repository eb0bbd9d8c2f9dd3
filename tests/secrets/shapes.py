"""Secret shapes shared by the output scans: fake, built by concatenation, varied."""

from __future__ import annotations

import json
from typing import Any

from tests.engine.test_secrets import HEX, JWT, SHAPES, R

__all__ = ["HEX", "JWT", "SHAPES", "R", "all_secrets", "hostile_facts", "leaks"]


def all_secrets() -> list[str]:
    return sorted({s for _, s, _ in SHAPES})


def hostile_facts() -> dict[str, Any]:
    """A fact set that carries every shape, in every field a ticket has."""
    texts = [t.format(s=s) for _, s, t in SHAPES]
    return {
        "request": {
            "model": "gpt-4o", "endpoint": "/v1/chat/completions",
            "base_url": f"https://{R}@gw.example.com/v1?secret={HEX}#access_token={JWT}",
            "url": f"https://gw.example.com/v1/chat/completions?key={R}",
            "headers": {"Ocp-Apim-Subscription-Key": HEX, "api-key": HEX,
                        "Authorization": "Token " + HEX, "Cookie": "sid=" + R,
                        "X-Note": texts[0]},
        },
        "response": {
            "status": 401,
            "headers": {"x-request-id": "req_1", "www-authenticate": texts[1]},
            "body": json.dumps({"error": {"message": " | ".join(texts), "code": "invalid_api_key",
                                          "task_id": JWT, "client_secret": R}}),
        },
        "task_id": JWT,
        "notes": texts,
    }


def leaks(text: str) -> list[str]:
    """The secrets of :data:`SHAPES` found in ``text``."""
    return [s for s in all_secrets() if s in text]
