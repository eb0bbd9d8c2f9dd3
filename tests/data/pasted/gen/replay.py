"""A loopback server that answers each request with the current scenario's real status,
headers and body (or a real failure: a web page, a slow answer, a stream cut mid-way).

Used only by ``generate.py``; it binds 127.0.0.1. ``GET /__set/<n>`` selects scenario n.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_MISSING_KEY = json.dumps({"error": {
    "message": "You didn't provide an API key. You need to provide your API key in an "
               "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    "type": "invalid_request_error", "param": None, "code": None}})

_SPA = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>AI Gateway "
        "Console</title><script type=\"module\" src=\"/assets/index.js\"></script></head>"
        "<body><div id=\"root\"></div></body></html>")


class State:
    def __init__(self, plan: list[dict[str, Any]]) -> None:
        self.plan = plan
        self.current: dict[str, Any] = {}


def make_handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            return

        def _drain(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)

        def _send(self, status: int, body: str, headers: dict[str, str],
                  ctype: str = "application/json") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("content-type", ctype)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.startswith("/__set/"):
                state.current = state.plan[int(self.path.rsplit("/", 1)[1])]
                self._send(200, "{}", {})
                return
            self.answer()

        def do_POST(self) -> None:
            self._drain()
            self.answer()

        def answer(self) -> None:
            sc = state.current
            mode = sc.get("mode", "body")
            auth = self.headers.get("authorization") or self.headers.get("x-api-key") or ""
            if mode == "no_key" and auth.strip().lower() in ("", "bearer", "bearer none"):
                self._send(401, _MISSING_KEY, {"x-request-id": "req_" + "0" * 12})
                return
            if mode == "doubled" and "/v1/v1/" in self.path:
                body = json.dumps({"error": {
                    "message": f"Invalid URL (POST {self.path})",
                    "type": "invalid_request_error", "param": None, "code": None}})
                self._send(404, body, {})
                return
            if mode == "html200":
                self._send(200, _SPA, {}, "text/html; charset=utf-8")
                return
            if mode == "sleep":
                time.sleep(float(sc.get("sleep", 3)))
                self._send(200, "{}", {})
                return
            if mode == "stream_cut":
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                chunk = (b'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,'
                         b'"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},'
                         b'"finish_reason":null}]}\n\n')
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"400\r\ndata: {\"id\"")   # a chunk announced, then cut
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            status = int(sc.get("status") or 200)
            body = sc.get("body") or ""
            ctype = "text/html; charset=utf-8" if body.lstrip()[:1] == "<" else (
                "application/json" if body.lstrip()[:1] in "{[" else "text/plain; charset=utf-8")
            self._send(status, body, dict(sc.get("headers") or {}), ctype)

    return Handler


def start(plan: list[dict[str, Any]]) -> tuple[ThreadingHTTPServer, int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(State(plan)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]
