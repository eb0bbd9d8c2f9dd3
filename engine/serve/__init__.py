"""``triage serve``: the web console and HTTP API over the same engine and knowledge base.

The pieces:

- :mod:`triage.serve.app` — ``create_app(root, settings) -> Starlette`` (testable in-process);
- :mod:`triage.serve.api` — ``/v1/*``, ``/healthz`` and ``/openapi.json``;
- :mod:`triage.serve.console` — the server-rendered zh/en console (works without JavaScript);
- :mod:`triage.serve.supervisor` — the ``serve`` parent: one listening socket, uvicorn worker
  processes, and reload by recycling workers when the sources change;
- :mod:`triage.serve.worker` — one worker process (``python -m triage.serve.worker``).

Starlette and uvicorn are imported only when serving, so ``triage`` works without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triage.serve.app import create_app
    from triage.serve.settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from triage.serve.app import create_app

        return create_app
    if name == "Settings":
        from triage.serve.settings import Settings

        return Settings
    raise AttributeError(name)
