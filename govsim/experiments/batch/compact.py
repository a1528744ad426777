"""Joining batch files into one sorted Parquet file without holding all rows (issue 32).

``runs.parquet`` and ``series.parquet`` are written window by window of run ids: the
windows are planned from the sources' footers (each row group's run ids, from its
Parquet statistics), each window reads only the row groups that reach into it, sorts
them and appends them to the output as one row group; the output appears by rename when
complete. Memory holds one window (`WINDOW_ROWS` rows), whatever the number of runs.
A paired experiment's ``<outcome>_diff`` columns are added per window from the reference
point's rows, read once (govsim/experiments/batch/paired.py). ``govsim merge`` uses the
same function over shard directories, dropping rows that two shards hold identically.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from govsim.experiments.batch.paired import add_diffs
from govsim.running.output import atomic_write_bytes, json_safe
from govsim.scenario.config import ConfigError

WINDOW_ROWS = 25_000
"""Rows read, sorted and written at a time (~13 MB of runs: 66 columns of 8 bytes, twice
while sorted). 100,000 until the million-run end phase was measured: writing runs.parquet
from 10^6 runs peaked at 456 MB with it, 311 MB with 25,000, in the same 7.7 s."""


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
    `schema` if there are no rows).

    The ranges are planned from the files' footers (each row group's rows and its run ids'
    smallest and largest, from the Parquet statistics), and a window reads only the row
    groups whose run ids reach into it, without pre-buffering. Reading the ``run_id``
    column of every file through ``pyarrow.dataset`` instead took ~110 MB of heap for 8 MB
    of ids at 10^6 runs (500 batch files), and the coordinator kept it (docs/scale.md,
    "The end of a million-run sweep")."""
    groups = sorted((g for p in sources for g in _row_groups(Path(p)) if g.rows), key=_order)
    if not groups:
        if sources:
            yield parquet_file(Path(sources[0])).read(columns=columns)
        else:
            yield schema.empty_table()  # type: ignore[union-attr]
        return
    low, high = min(g.low for g in groups), max(g.high for g in groups)
    step = max(1, WINDOW_ROWS // _rows_per_run(groups[0]))
    for start in range(low, high + 1, step):
        end = start + step
        parts = [_read(g, columns, start, end) for g in groups if g.low < end and g.high >= start]
        if parts:
            window = pa.concat_tables(parts)
            if window.num_rows:
                yield window


def _order(group: _RowGroup) -> tuple[int, int, str, int]:
    return group.low, group.high, str(group.path), group.index


class _RowGroup(NamedTuple):
    path: Path
    index: int
    rows: int
    low: int
    high: int


def _row_groups(path: Path) -> list[_RowGroup]:
    """A file's row groups, each with its rows and smallest and largest run id, from the
    footer (a row group without statistics has its ids read)."""
    meta = pq.read_metadata(path)
    column = meta.schema.to_arrow_schema().get_field_index("run_id")
    groups = []
    for g in range(meta.num_row_groups):
        rows, stats = meta.row_group(g).num_rows, meta.row_group(g).column(column).statistics
        if not rows:
            continue
        if stats is not None and stats.has_min_max:
            low, high = stats.min, stats.max
        else:
            ids = parquet_file(path).read_row_group(g, columns=["run_id"])["run_id"]
            low, high = (v.as_py() for v in pc.min_max(ids).values())
        groups.append(_RowGroup(path, g, rows, low, high))
    return groups


def _rows_per_run(group: _RowGroup) -> int:
    """Rows per run id (1 for runs, the days for series), from one row group's ids."""
    ids = parquet_file(group.path).read_row_group(group.index, columns=["run_id"])["run_id"]
    return max(1, len(ids) // max(1, pc.count_distinct(ids).as_py()))


def _read(group: _RowGroup, columns: list[str] | None, start: int, end: int) -> pa.Table:
    """The rows of one row group whose run id is in [start, end)."""
    file = parquet_file(group.path)
    table = file.read_row_group(group.index, columns=columns)
    if start <= group.low and group.high < end:
        return table
    if "run_id" in table.column_names:
        ids = table["run_id"]
    else:
        ids = file.read_row_group(group.index, columns=["run_id"])["run_id"]
    return table.filter(pc.and_(pc.greater_equal(ids, start), pc.less(ids, end)))


def parquet_file(path: Path) -> pq.ParquetFile:
    """A Parquet file read column chunk by column chunk (``pre_buffer`` would read a batch
    file whole to take one column of it)."""
    return pq.ParquetFile(path, pre_buffer=False)


def _reference_rows(sources: Sequence[Path], outcomes: Sequence[str], reference: int | None):
    """The reference point's outcomes by replicate (a paired experiment), or None."""
    if reference is None or not sources:
        return None
    parts = []
    for path in sources:
        table = parquet_file(Path(path)).read(columns=["point", "replicate", *outcomes])
        parts.append(table.filter(pc.equal(table["point"], reference)).drop_columns(["point"]))
    frame = pa.concat_tables(parts).to_pandas().drop_duplicates()
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
