"""``triage report``: read gateway request logs, diagnose every failed request, report causes.

Stages, each a small module: ``reader`` (open, gzip, recognise the format, stream chunks),
``formats`` (one row of new-api / one-api / LiteLLM / JSONL logs → ``records.Record``),
``partition`` (the partition function: diagnose and count, the same on every engine),
``aggregate`` (mergeable counts), ``run`` (local process pool or Dask), ``build`` (the report
data and the ``--baseline`` comparison), ``html`` / ``markdown`` / ``charts`` (renderers).
"""

from __future__ import annotations

__all__: list[str] = []
