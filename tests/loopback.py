"""A real HTTP server on 127.0.0.1 for tests: a random free port, stopped and closed after."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextlib.contextmanager
def loopback_server(handler: Any) -> Iterator[ThreadingHTTPServer]:
    """Serve ``handler`` (a BaseHTTPRequestHandler class or factory) on loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


__all__ = ["BaseHTTPRequestHandler", "loopback_server"]
