"""The partition function for Spark's ``mapInPandas`` (documented in docs/report.md).

Spark is not a dependency: this module needs only pandas, and is tested with plain pandas
frames standing in for Spark's batches. On a cluster::

    from triage.report.partition import Spec
    from triage.report.spark import spark_partitions, merge_rows
    spec = Spec("new-api", "jsonl")              # as triage report would detect it
    lines = spark.read.text("s3://logs/2025-12-01/*.jsonl.gz")   # one column: value
    rows = lines.mapInPandas(lambda it: spark_partitions(it, spec), "tally string").collect()
    tally = merge_rows(r.tally for r in rows)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from triage.report.aggregate import Tally
from triage.report.partition import Spec, diagnose_partition

__all__ = ["merge_rows", "spark_partitions"]


def spark_partitions(batches: Iterable[Any], spec: Spec, column: str = "value"
                     ) -> Iterator[Any]:
    """``mapInPandas`` body: the text lines of every batch (pandas frames with a ``value``
    column, as ``spark.read.text`` gives) in, one frame with one JSON ``tally`` out."""
    import pandas as pd

    tally = Tally()
    for batch in batches:
        tally.merge(diagnose_partition((str(v) for v in batch[column]), spec))
    yield pd.DataFrame({"tally": [json.dumps(tally.to_plain(), ensure_ascii=False)]})


def merge_rows(rows: Iterable[str]) -> Tally:
    """The tallies collected on the driver, merged into one."""
    total = Tally()
    for row in rows:
        total.merge(Tally.from_plain(json.loads(row)))
    return total
