"""What a server may do: limits, the probe allow-list, and how workers are run."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

__all__ = ["DEFAULT_MAX_BODY", "Settings", "normalise_probe_host"]

DEFAULT_MAX_BODY = 1 << 20


@dataclass(frozen=True)
class Settings:
    """Limits and switches of one server (the same in every worker).

    ``allow_probe`` lists the hosts (``host`` or ``host:port``, lower case) that
    ``POST /v1/collect`` may probe; empty means the endpoint does not exist.
    """

    max_body: int = DEFAULT_MAX_BODY      # bytes of a request body, enforced while reading
    timeout: float = 30.0                 # seconds per request: reading, diagnosing, rendering
    allow_probe: tuple[str, ...] = ()
    max_batch: int = 1000                 # fact sets in one POST /v1/diagnose/batch
    threads: int = 4                      # engine threads per worker (one durable session each)
    max_depth: int = 64                   # JSON nesting accepted in a fact set
    access_log: bool = True
    generation: int = 0                   # which set of workers this is (shown in /healthz)
    feedback_db: str = ""                 # SQLite path or postgresql://...; "" = the default

    def __post_init__(self) -> None:
        if not 1024 <= self.max_body <= 1 << 30:
            raise ValueError("max_body must be between 1 KiB and 1 GiB")
        if not 0 < self.timeout <= 3600:
            raise ValueError("timeout must be between 0 and 3600 seconds")
        if not 1 <= self.max_batch <= 100_000:
            raise ValueError("max_batch must be between 1 and 100000")
        if not 1 <= self.threads <= 64:
            raise ValueError("threads must be between 1 and 64")

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        data["allow_probe"] = tuple(data.get("allow_probe", ()))
        return cls(**data)

    def with_generation(self, generation: int) -> Settings:
        return replace(self, generation=generation)


def normalise_probe_host(text: str) -> str:
    """``host`` or ``host:port`` as given to ``--allow-probe``, lower-cased; ValueError if not."""
    value = text.strip().lower().rstrip(".")
    if not value or "/" in value or "@" in value or "://" in value or " " in value:
        raise ValueError(f"not a host name: {text!r} (give host or host:port, no scheme)")
    host, sep, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    if sep and (not port.isdigit() or not 0 < int(port) < 65536):
        raise ValueError(f"not a port: {text!r}")
    if value.startswith("[") and "]" not in value:
        raise ValueError(f"not a host name: {text!r}")
    return f"{host}:{int(port)}" if sep else value
