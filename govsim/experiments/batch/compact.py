"""Joining batch files into one sorted Parquet file without holding all rows (issue 32).

``runs.parquet`` and ``series.parquet`` are written window by window of run ids: each
window is read from the sources as a dataset (``pyarrow.dataset``; Parquet statistics
skip the files and row groups outside it), sorted, and appended to the output as one
row group; the output appears by rename when complete. Memory holds one window
(`WINDOW_ROWS` rows), whatever the number of runs. A paired experiment's
``<outcome>_diff`` columns are added per window from the reference point's rows, read
once (govsim/experiments/batch/paired.py). ``govsim merge`` uses the same function over
shard directories, dropping rows that two shards hold identically.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from govsim.experiments.batch.paired import add_diffs
from govsim.running.output import atomic_write_bytes, json_safe
from govsim.scenario.config import ConfigError

WINDOW_ROWS = 100_000
"""Rows read, sorted and written at a time (~60 MB of runs: 65 columns of 8 bytes)."""


def write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, (json.dumps(json_safe(data), indent=2) + "\n").encode())


def write_parquet(path: Path, table: pa.Table) -> None:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(path, sink.getvalue())


def compact(
    sources: Sequence[Path],
    out: Path,
    schema: pa.Schema | None,
    outcomes: Sequence[str] = (),
    reference: int | None = None,
    by_day: bool = False,
    dedup: bool | list[str] = False,
) -> int:
    """Write the rows of `sources` (columns of `schema`, or all) sorted by run id (and day,
    `by_day`) into `out`; return the number of rows. No sources and no `schema`: nothing
    is written. `dedup`: identical rows of one run id are kept once; rows that differ are
    a ConfigError (a list of columns: the first row of each key is kept, e.g. a run's
    timings, which differ between two runs of the same seed)."""
    if not sources and schema is None:
        return 0
    columns = schema.names if schema is not None else None
    keys = [("run_id", "ascending")] + ([("day", "ascending")] if by_day else [])
    ref = _reference_rows(sources, outcomes, reference)
    writer, tmp, rows = None, None, 0
    try:
        for window in _windows(sources, columns, schema):
            table = window.sort_by(keys)
            if dedup:
                keys_kept = dedup if isinstance(dedup, list) else None
                table = _unique(table, keys_kept or (["run_id", "day"] if by_day else None))
            if reference is not None:
                frame = add_diffs(table.to_pandas(), list(outcomes), reference, ref=ref)
                table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                out.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
                os.close(fd)
                writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
            writer.write_table(table.cast(writer.schema))
            rows += table.num_rows
        if writer is not None:
            writer.close()
            writer = None
            _fsync(tmp)
            os.replace(tmp, out)  # type: ignore[arg-type]
            tmp = None
    finally:
        if writer is not None:
            writer.close()
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return rows


def _windows(sources: Sequence[Path], columns: list[str] | None, schema: pa.Schema | None):
    """Tables of consecutive run-id ranges of about WINDOW_ROWS rows (one empty table with
    `schema` if there are no rows)."""
    if not sources:
        yield schema.empty_table()  # type: ignore[union-attr]
        return
    data = ds.dataset([str(p) for p in sources], format="parquet")
    ids = data.to_table(columns=["run_id"])["run_id"]
    if len(ids) == 0:
        yield data.to_table(columns=columns)
        return
    low, high = pc.min_max(ids).values()
    low, high = low.as_py(), high.as_py()
    per_run = max(1, len(ids) // max(1, pc.count_distinct(ids).as_py()))
    step = max(1, WINDOW_ROWS // per_run)
    run_id = ds.field("run_id")
    for start in range(low, high + 1, step):
        window = data.to_table(columns=columns, filter=(run_id >= start) & (run_id < start + step))
        if window.num_rows:
            yield window


def _reference_rows(sources: Sequence[Path], outcomes: Sequence[str], reference: int | None):
    """The reference point's outcomes by replicate (a paired experiment), or None."""
    if reference is None or not sources:
        return None
    data = ds.dataset([str(p) for p in sources], format="parquet")
    table = data.to_table(columns=["replicate", *outcomes], filter=ds.field("point") == reference)
    frame = table.to_pandas().drop_duplicates()
    if frame["replicate"].duplicated().any():
        raise ConfigError("the directories hold different rows for the same run id.")
    return frame.set_index("replicate")


def _unique(table: pa.Table, keys: list[str] | None) -> pa.Table:
    """Identical rows (of `keys`, or whole rows) once; whole rows that differ for one run id
    are a ConfigError (shards not produced by the same code and experiment)."""
    frame = table.to_pandas()
    unique = frame.drop_duplicates(keys)
    if keys is None and unique["run_id"].duplicated().any():
        raise ConfigError(
            "the directories hold different rows for the same run id; they "
            "were not produced by the same code and experiment."
        )
    if len(unique) == len(frame):
        return table
    return pa.Table.from_pandas(unique, schema=table.schema, preserve_index=False)


def _fsync(path: str | None) -> None:
    with open(path, "rb") as f:  # type: ignore[arg-type]
        os.fsync(f.fileno())
