"""Probe a gateway and return the fact set (contract section 2), keys masked.

Two steps: the model list (``GET {base}/models``), then one minimal request of the kind
asked for. What the contract does not define goes under the top-level ``probe`` key.
"""

from __future__ import annotations

import contextlib
import logging
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import httpx
from triage.secrets import mask_key, mask_obj, mask_text

from .body import ACCEPT_ENCODING
from .endpoints import (
    ProbeRequest,
    base_url_shape,
    main_request,
    model_listing,
    models_request,
    paid_request_line,
    parse_model_ids,
    shape_warnings,
)
from .guard import PinnedTransport, check_target
from .options import PAID_KINDS, CollectOptions
from .transport import Exchange, Progress, send

__all__ = ["USER_AGENT", "collect"]

USER_AGENT = "triage-collect/0.1"
SLOW_STEP_MS = 1000
# httpx and httpcore log URLs and, at DEBUG, response headers such as a Location that
# echoes the key: their records are masked while a probe runs.
_HTTP_LOGGERS = (
    "httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy",
    "httpcore.socks",
)


def collect(options: CollectOptions, progress: Progress | None = None) -> dict[str, Any]:
    """Probe the gateway ``options`` names; return the fact set as a JSON-able dict.

    A gateway that answers an error, or does not answer at all, is a fact, not a failure:
    this returns in every such case. Only a probe that cannot be set up raises
    :class:`~triage.errors.CollectError` (from building the options).
    """
    key = options.api_key
    end = time.monotonic() + options.deadline
    pin = check_target(options.base_url, allow_private=options.allow_private,
                       allow_insecure_http=options.allow_insecure_http,
                       timeout=min(options.connect_timeout, options.deadline))
    say = _masked(progress, key)
    shape = base_url_shape(options.base_url)
    warnings = shape_warnings(shape)
    proxy = _env_proxy(options)
    if proxy["set"] and not proxy["used"]:
        warnings.append("a proxy is set in the environment but not used (see --use-env-proxy)")
    steps: list[dict[str, Any]] = []
    # Through a proxy the proxy dials the host; otherwise only the checked address is dialled.
    transport = None if proxy["used"] else PinnedTransport(pin)
    with _masked_logs(key), httpx.Client(
        transport=transport,
        trust_env=options.trust_env,
        follow_redirects=False,
        timeout=options.timeout,
        limits=httpx.Limits(max_keepalive_connections=0),  # a fresh connection per step
        headers={
            "user-agent": USER_AGENT,
            "accept": "application/json",
            "accept-encoding": ACCEPT_ENCODING,  # only what the capped reader can decode
        },
    ) as client:
        listing = models_request(options)
        models = _step("models", client, listing, options, proxy, steps, say, end)
        request = main_request(options)
        main = _step("request", client, request, options, proxy, steps, say, end) \
            if request else None
    if request is None:
        steps.append(
            {"name": "request", "elapsed_ms": 0, "outcome": "skipped: it would cost money"}
        )
    facts = _facts(options, shape, (listing, models), (request, main), steps, warnings, proxy)
    masked: dict[str, Any] = mask_obj(facts, secrets=[key])
    return masked


def _step(
    name: str,
    client: httpx.Client,
    request: ProbeRequest,
    options: CollectOptions,
    proxy: dict[str, Any],
    steps: list[dict[str, Any]],
    say: Progress | None,
    end: float,
) -> Exchange:
    label = f"{request.method} {request.endpoint}"
    if say:
        say(f"probing {label} ...")
    exchange = send(client, request, options, via_proxy=bool(proxy["used"]), progress=say,
                    deadline=end)
    error = exchange.error
    outcome = f"error: {error['kind']}" if error else f"status {exchange.status}"
    if say and exchange.elapsed_ms > SLOW_STEP_MS:
        say(f"  {label}: {outcome} after {exchange.elapsed_ms / 1000:.1f} s")
    steps.append({"name": name, "elapsed_ms": exchange.elapsed_ms, "outcome": outcome})
    return exchange


def _facts(
    options: CollectOptions,
    shape: dict[str, Any],
    listed: tuple[ProbeRequest, Exchange],
    sent: tuple[ProbeRequest | None, Exchange | None],
    steps: list[dict[str, Any]],
    warnings: list[str],
    proxy: dict[str, Any],
) -> dict[str, Any]:
    models = listed[1]
    ids = parse_model_ids(models.body.text) if models.status == 200 and models.body else None
    if models.body is not None and models.body.truncated:
        ids = None  # a cut list would report models as absent that are not
    listing = model_listing(options.model, ids)
    request, main = sent
    # Without the paid step, the model list is the request the facts describe.
    shown_request, shown = (request, main) if request and main else listed
    facts: dict[str, Any] = {
        "request": {
            "base_url": options.base_url,
            "url": shown.url,
            "endpoint": httpx.URL(shown.url).path,
            "method": shown.method,
            "kind": shown_request.kind,
            "model": options.model,
            "key_id": mask_key(options.api_key),
            "headers": shown_request.shown_headers(),
            "stream": False,
            "timeout_s": options.read_timeout,
        },
    }
    facts.update(_answer(shown))
    if ids is not None:
        facts["account"] = {"models": ids}
    redirects = []
    for step, exchange in (("models", models), ("request", main)):
        if exchange is None:
            continue
        for hop in exchange.hops:
            redirects.append({"step": step, **asdict(hop)})
            if not hop.followed:
                warnings.append(f"{step}: redirect to {hop.location} not followed: {hop.note}")
        if exchange.body and exchange.body.truncated:
            warnings.append(f"{step}: body cut at {options.max_bytes} bytes")
        if exchange.body and exchange.body.decode_error:
            warnings.append(f"{step}: {exchange.body.decode_error}")
    probe: dict[str, Any] = {
        "tool": USER_AGENT,
        "style": options.style,
        "kind": options.kind,
        "base_url_shape": shape,
        "models": {
            "url": models.url,
            "status": models.status,
            "count": len(ids) if ids is not None else None,
            "error": dict(models.error) if models.error else None,
            **listing,
            "elapsed_ms": models.elapsed_ms,
            "truncated": bool(models.body and models.body.truncated),
        },
        "steps": steps,
        "redirects": redirects,
        "truncated": bool(shown.body and shown.body.truncated),
        "body_bytes": shown.body.raw_bytes if shown.body else 0,
        "content_encoding": shown.body.encoding if shown.body else None,
        "body_error": dict(shown.body_error) if shown.body_error else None,
        "proxy": proxy,
        "limits": {
            "connect_timeout_s": options.connect_timeout,
            "read_timeout_s": options.read_timeout,
            "total_timeout_s": options.total_timeout,
            "deadline_s": options.deadline,
            "max_bytes": options.max_bytes,
            "max_redirects": options.max_redirects,
        },
        "warnings": warnings,
    }
    if request is None:
        probe["paid_step"] = {
            "skipped": True,
            "reason": f"a {options.kind} request costs money; pass --allow-paid to send one",
            "would_send": paid_request_line(options),
        }
    elif options.kind in PAID_KINDS:
        probe["paid_step"] = {"skipped": False}
    facts["probe"] = probe
    return facts


def _answer(exchange: Exchange) -> dict[str, Any]:
    """The contract's ``response`` (an HTTP answer) or ``error`` (none)."""
    if exchange.status is None:
        error = exchange.error or {"message": "no answer", "kind": "other"}
        return {"error": {"message": error["message"], "kind": error["kind"]}}
    return {
        "response": {
            "status": exchange.status,
            "headers": dict(exchange.headers),
            "body": exchange.body.text if exchange.body else "",
            "elapsed_ms": exchange.elapsed_ms,
        }
    }


def _env_proxy(options: CollectOptions) -> dict[str, Any]:
    """Whether the environment names a proxy for the base URL, and whether it is used."""
    url = httpx.URL(options.base_url)
    found = urllib.request.getproxies()  # what httpx reads when trust_env is on
    proxy_url = found.get(url.scheme) or found.get("all")
    if proxy_url and urllib.request.proxy_bypass(url.host):
        proxy_url = None
    return {"set": bool(proxy_url), "used": bool(proxy_url and options.trust_env),
            "url": proxy_url}


class _MaskFilter(logging.Filter):
    def __init__(self, key: str) -> None:
        super().__init__()
        self._key = key

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage(), [self._key])
        record.args = None
        return True


@contextlib.contextmanager
def _masked_logs(key: str) -> Iterator[None]:
    mask = _MaskFilter(key)
    loggers = [logging.getLogger(name) for name in _HTTP_LOGGERS]
    for logger in loggers:
        logger.addFilter(mask)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(mask)


def _masked(progress: Progress | None, key: str) -> Progress | None:
    if progress is None:
        return None
    report = progress

    def say(message: str) -> None:
        report(mask_text(message, [key]))

    return say
