"""One HTTP exchange with a gateway, bounded in every direction.

* a total deadline per exchange, redirects included: each operation's timeout is cut to
  what is left, and a watchdog shuts the socket down when the deadline passes (a server
  that trickles bytes would otherwise reset the read timeout forever);
* a size cap on the decoded and the raw body (see :mod:`.body`);
* redirects followed by hand, only within the origin (scheme, host, port) and at most
  ``max_redirects`` times; a redirect elsewhere is recorded, never followed, so no
  credential header of any style leaves the origin.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from .body import BodyRead, CappedBody
from .classify import classify, describe
from .endpoints import ProbeRequest
from .options import CollectOptions

__all__ = ["Exchange", "Hop", "Progress", "send"]

Progress = Callable[[str], None]

HEARTBEAT_S = 5.0
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
KEPT_HEADERS = frozenset(
    {
        "content-type", "content-length", "content-encoding", "retry-after", "retry-after-ms",
        "x-request-id", "request-id", "x-oneapi-request-id", "x-new-api-version", "x-trace-id",
        "cf-ray", "cf-cache-status", "server", "via", "x-cache", "x-amzn-requestid",
        "x-amz-cf-id", "www-authenticate", "location", "openai-processing-ms",
        "openai-version", "x-envoy-upstream-service-time", "x-goog-request-id",
    }
)
KEPT_PREFIXES = ("x-ratelimit-", "ratelimit-", "anthropic-ratelimit-", "x-litellm-")
_MAX_HEADER_VALUE = 2000


@dataclass(frozen=True)
class Hop:
    """A redirect the gateway answered with, and whether the probe followed it."""

    status: int
    location: str
    followed: bool
    note: str


@dataclass(frozen=True)
class Exchange:
    """What one request got: an HTTP answer (``status``) or a failure (``error``)."""

    method: str
    url: str  # the last URL requested
    elapsed_ms: int
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: BodyRead | None = None
    error: Mapping[str, str] | None = None  # {message, kind}: no HTTP answer
    body_error: Mapping[str, str] | None = None  # the answer was cut short
    hops: tuple[Hop, ...] = ()


@dataclass(frozen=True)
class _Answer:
    status: int | None = None
    headers: httpx.Headers | None = None
    body: BodyRead | None = None
    error: dict[str, str] | None = None
    body_error: dict[str, str] | None = None


def send(
    client: httpx.Client,
    request: ProbeRequest,
    options: CollectOptions,
    *,
    via_proxy: bool = False,
    progress: Progress | None = None,
    deadline: float | None = None,
) -> Exchange:
    """Send ``request`` within the bounds of ``options``; never raises for network trouble.

    ``deadline`` (a ``time.monotonic()`` value) is the end of the whole probe: this
    exchange stops there too, even if its own total timeout would allow more.
    """
    start = time.monotonic()
    own = start + options.total_timeout
    deadline = own if deadline is None else min(own, deadline)
    url = httpx.URL(request.url)
    origin = _origin(url)
    method, content = request.method, request.content
    hops: list[Hop] = []
    while True:
        headers = {k: v for k, v in request.headers.items() if content or k != "content-type"}
        answer = _send_once(
            client, method, url, headers, content, options, deadline, via_proxy, progress
        )
        location = answer.headers.get("location") if answer.headers is not None else None
        if answer.status not in REDIRECT_STATUSES or not location:
            break
        try:
            target = url.join(location)
        except (httpx.InvalidURL, ValueError):
            hops.append(Hop(answer.status, location, False, "invalid Location"))
            break
        if _origin(target) != origin:
            note = "another origin; no credential was sent there"
            hops.append(Hop(answer.status, location, False, note))
            break
        if sum(h.followed for h in hops) >= options.max_redirects:
            note = f"more than {options.max_redirects} redirects"
            hops.append(Hop(answer.status, location, False, note))
            break
        hops.append(Hop(answer.status, location, True, "same origin"))
        if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
            method, content = "GET", None
        url = target
    return Exchange(
        method=method,
        url=str(url),
        elapsed_ms=round((time.monotonic() - start) * 1000),
        status=answer.status,
        headers=_kept_headers(answer.headers),
        body=answer.body,
        error=answer.error,
        body_error=answer.body_error,
        hops=tuple(hops),
    )


def _send_once(
    client: httpx.Client,
    method: str,
    url: httpx.URL,
    headers: Mapping[str, str],
    content: bytes | None,
    options: CollectOptions,
    deadline: float,
    via_proxy: bool,
    progress: Progress | None,
) -> _Answer:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return _Answer(error=_deadline_error(options, None))
    connect = min(options.connect_timeout, remaining)
    read = min(options.read_timeout, remaining)
    timeout = httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
    watch = _Watchdog(deadline, progress, f"{method} {url.path}")
    with watch:
        try:
            built = client.build_request(
                method, url, headers=headers, content=content, timeout=timeout,
                extensions={"trace": watch.trace},
            )
            response = client.send(built, stream=True, follow_redirects=False)
        except (httpx.HTTPError, OSError) as exc:
            return _Answer(error=_failure(exc, watch, options, via_proxy))
        try:
            body, body_error = _read_body(response, options, deadline, watch, via_proxy)
        finally:
            response.close()
    return _Answer(
        status=response.status_code, headers=response.headers, body=body, body_error=body_error
    )


def _read_body(
    response: httpx.Response,
    options: CollectOptions,
    deadline: float,
    watch: _Watchdog,
    via_proxy: bool,
) -> tuple[BodyRead, dict[str, str] | None]:
    capped = CappedBody(response.headers.get("content-encoding", ""), options.max_bytes)
    error: dict[str, str] | None = None
    try:
        for chunk in response.iter_raw():
            capped.feed(chunk)
            if capped.full:
                break
            if time.monotonic() >= deadline:
                error = _deadline_error(options, None)
                break
    except (httpx.HTTPError, OSError) as exc:
        error = _failure(exc, watch, options, via_proxy)
    if error is None and watch.fired:  # a close-delimited body ends quietly when cut
        error = _deadline_error(options, None)
    return capped.finish(), error


def _failure(
    exc: BaseException, watch: _Watchdog, options: CollectOptions, via_proxy: bool
) -> dict[str, str]:
    if watch.fired or watch.past_deadline():  # a timeout cut short by the deadline is it
        return _deadline_error(options, exc)
    return {"message": describe(exc), "kind": classify(exc, via_proxy=via_proxy)}


def _deadline_error(options: CollectOptions, exc: BaseException | None) -> dict[str, str]:
    limit = min(options.total_timeout, options.deadline)
    message = f"total deadline of {limit:g} s exceeded"
    if exc is not None:
        message += f" ({describe(exc)})"
    return {"message": message, "kind": "timeout"}


def _origin(url: httpx.URL) -> tuple[str, str, int]:
    default = 443 if url.scheme == "https" else 80
    return (url.scheme, url.host.lower(), url.port or default)


def _kept_headers(headers: httpx.Headers | None) -> dict[str, str]:
    if headers is None:
        return {}
    kept: dict[str, str] = {}
    for name, value in headers.multi_items():
        name = name.lower()
        if name in KEPT_HEADERS or name.startswith(KEPT_PREFIXES):
            kept[name] = f"{kept[name]}, {value}" if name in kept else value
    return {k: v[:_MAX_HEADER_VALUE] for k, v in kept.items()}


class _Watchdog:
    """Shuts the request's sockets down at the deadline; says "still waiting" meanwhile.

    It learns the sockets from httpcore's ``trace`` extension (a public hook), so it can
    interrupt a read that is blocked in the kernel.
    """

    def __init__(self, deadline: float, progress: Progress | None, label: str) -> None:
        self._deadline = deadline
        self._progress = progress
        self._label = label
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._run, name="triage-collect-watch", daemon=True)
        self.fired = False

    def __enter__(self) -> _Watchdog:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join()

    def past_deadline(self) -> bool:
        return time.monotonic() >= self._deadline - 0.05

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if not event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.fired:
                    _shut(sock)

    def _run(self) -> None:
        start = time.monotonic()
        beat = start + HEARTBEAT_S
        while not self._done.wait(max(0.0, min(self._deadline, beat) - time.monotonic())):
            now = time.monotonic()
            if now >= self._deadline:
                with self._lock:
                    self.fired = True
                    for sock in self._sockets:
                        _shut(sock)
                return
            if now >= beat:
                beat += HEARTBEAT_S
                if self._progress is not None:
                    self._progress(f"  still waiting for {self._label} ({now - start:.0f} s)")


def _shut(sock: socket.socket) -> None:
    # The plain socket call: on a TLS socket, ssl's own shutdown would unwrap it.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
