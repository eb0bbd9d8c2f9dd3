"""Structured logs: one JSON object per line on stderr, every value masked.

Access lines carry time, method, path, status, duration_ms, bytes and the request id; never
a body, never a query value (only the names of the query parameters).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from datetime import datetime, timezone
from typing import Any

from triage.secrets import mask_obj, mask_text

__all__ = ["ACCESS", "LOG", "JsonFormatter", "event", "now_iso", "setup_logging"]

ACCESS = logging.getLogger("triage.serve.access")
LOG = logging.getLogger("triage.serve")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, (list, tuple)):
        return [_masked(v) for v in value]
    if isinstance(value, dict):  # by field name too ("api_key": ...)
        return mask_obj({str(k): v for k, v in value.items()})
    return value


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one structured event; its fields are masked before the record exists."""
    if logger.isEnabledFor(level):
        logger.log(level, name, extra={"triage_fields": _masked(fields)})


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "event", "pid", ...fields}``; messages and tracebacks masked."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "triage_fields", None)
        line: dict[str, Any] = {"time": now_iso(), "level": record.levelname.lower()}
        if fields is not None:  # from event(): already masked
            line["event"] = record.getMessage()
            line.update(fields)
        else:  # uvicorn's and other libraries' records
            line["event"] = "log"
            line["logger"] = record.name
            line["message"] = mask_text(record.getMessage())
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info))[-4000:]
            line["traceback"] = mask_text(text)
        line.setdefault("pid", os.getpid())
        return json.dumps(line, ensure_ascii=False, default=str)


def setup_logging(access_log: bool = True) -> None:
    """Send our loggers and uvicorn's (warnings and above) to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name, level in (("triage.serve", logging.INFO), ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    ACCESS.disabled = not access_log
