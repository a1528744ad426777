"""The result store of a sweep directory: runs kept by batch, nothing committed ever lost.

Layout of ``DIR`` (issue 32: two files per 2,000 runs, not two per run)::

    batches/runs-SSS-NNNNNN.parquet    a committed batch: up to `batch_runs` finished runs,
                                       one row each, sorted by run id (session SSS, batch NNNNNN)
    batches/series-SSS-NNNNNN.parquet  the same runs' daily series (written just before)
    failures/run-00000007.json         a run that raised: its design point and error
    runs.parquet                       all batches, sorted by run id (written at the end, and
                                       by merge); a paired experiment adds `<outcome>_diff`
    series.parquet                     all series: run_id, point, day, one column per outcome
    timing.parquet                     every run's wall time, model wall time and model CPU time
    failures.json                      all failures (only when there are some)
    manifest.json                      provenance (see sweep.py)

Finished runs wait in the coordinator's buffer until `batch_runs` of them are there or
`batch_seconds` have passed since the last commit; the batch then appears by rename of a
complete temporary file (``running.output.atomic_write_bytes``), so a file in
``batches/`` is always whole. A row group appended to an open Parquet file is not a
commit (its footer comes only when the file is closed), which is why a batch is a file.
A sweep killed with SIGKILL loses only the runs of the open buffer (at most
`batch_runs`, or `batch_seconds` of work); ``--resume`` reads the ``run_id`` column of
the committed batches and runs exactly the others. Ctrl-C and SIGTERM commit the buffer
first. Directories of the per-run layout (``parts/``, before issue 32) stay readable
through their ``runs.parquet``; resuming one is refused with what to do.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from govsim.experiments.batch.compact import compact, parquet_file, write_json, write_parquet
from govsim.experiments.batch.paired import reference_point
from govsim.experiments.batch.spec import Experiment, Factor
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import METRICS

__all__ = [
    "ID_COLUMNS",
    "TIMING_COLUMNS",
    "TIMING_FILE",
    "Store",
    "part_schema",
    "record_row",
    "write_json",
]
__all__ += ["read_columns", "timing_summary", "write_parquet"]

BATCH = re.compile(r"runs-(\d+-\d+)\.parquet")
ID_COLUMNS = ["run_id", "point", "replicate", "root_seed", "seed_index"]
TIMING_COLUMNS = ["wall_seconds", "sim_seconds", "sim_cpu_seconds"]
TIMING_FILE = "timing.parquet"
BATCH_RUNS = 2000
"""Runs per committed batch: a million runs leave 500 runs files and 500 series files."""
BATCH_SECONDS = 300.0
"""A batch is committed at least this often, so a killed sweep of slow runs loses at most
five minutes of its workers' time (1.1 s runs on 2 workers: ~500 runs a file)."""


def _factor_type(factor: Factor) -> pa.DataType:
    if factor.values is not None:
        kind = type(factor.values[0])
        return {bool: pa.bool_(), int: pa.int64(), float: pa.float64()}.get(kind, pa.string())
    return pa.int64() if factor.is_integer else pa.float64()


def part_schema(experiment: Experiment) -> pa.Schema:
    """Columns of a batch: ids, seed, every factor, every metric, timing."""
    fields = [pa.field(c, pa.int64()) for c in ID_COLUMNS]
    fields += [pa.field(k, _factor_type(f)) for k, f in experiment.factors.items()]
    fields += [pa.field(m, pa.float64()) for m in METRICS]
    fields += [pa.field(c, pa.float64()) for c in TIMING_COLUMNS]
    return pa.schema(fields)


def record_row(record: dict[str, Any]) -> dict[str, Any]:
    """The row of a finished run: ids, design point, every metric, timing."""
    row = {c: record[c] for c in ID_COLUMNS} | record["values"] | record["metrics"]
    return row | {c: record.get(c) for c in TIMING_COLUMNS}


def read_columns(path: Path, wanted: list[str] | None = None) -> pd.DataFrame:
    """The columns of `wanted` that a Parquet file (or dataset) has, or all of them: only
    those are read (``pyarrow.dataset`` projection), however many rows and columns it holds."""
    data = ds.dataset(str(path), format="parquet")
    names = data.schema.names
    columns = None if wanted is None else [c for c in names if c in set(wanted)]
    return data.to_table(columns=columns).to_pandas()


def series_table(records: list[tuple[int, int, dict[str, np.ndarray]]]) -> pa.Table:
    """Finished runs' daily series, one row per run and day: run_id, point, day, one column
    per outcome (built once per batch: a table per run costs the coordinator ~50 µs)."""
    days = [len(next(iter(series.values()))) for _, _, series in records]
    columns = {
        "run_id": np.repeat([r for r, _, _ in records], days).astype(np.int64),
        "point": np.repeat([p for _, p, _ in records], days).astype(np.int64),
        "day": np.concatenate([np.arange(d, dtype=np.int64) for d in days]),
    }
    for name in records[0][2]:
        columns[name] = np.concatenate([np.asarray(s[name], dtype=float) for _, _, s in records])
    return pa.table(columns)


class Store:
    def __init__(
        self,
        out_dir: Path,
        experiment: Experiment,
        batch_runs: int = BATCH_RUNS,
        batch_seconds: float = BATCH_SECONDS,
    ):
        self.dir = Path(out_dir)
        self.schema = part_schema(experiment)
        self.batches = self.dir / "batches"
        self.outcomes = list(experiment.spec.outcomes)
        self.failures_dir = self.dir / "failures"
        self.reference = reference_point(experiment.spec)
        self.batch_runs, self.batch_seconds = max(1, batch_runs), batch_seconds
        self.session = 0
        self._rows: list[dict[str, Any]] = []
        self._series: list[tuple[int, int, dict[str, np.ndarray]]] = []
        self._seq = 0
        self._last_commit = time.monotonic()

    # -- what is on disk -------------------------------------------------------------
    def is_per_run_layout(self) -> bool:
        """A directory written before issue 32: one Parquet file per run in ``parts/``."""
        parts = self.dir / "parts"
        return parts.is_dir() and any(parts.glob("run-*.parquet"))

    def has_results(self) -> bool:
        return bool(self.batch_files() or self.failed_ids() or self.is_per_run_layout())

    def batch_files(self) -> list[Path]:
        if not self.batches.is_dir():
            return []
        return sorted(p for p in self.batches.iterdir() if BATCH.fullmatch(p.name))

    def done_ids(self) -> np.ndarray:
        """Run ids in committed batches (only the ``run_id`` column is read, file by file:
        through ``pyarrow.dataset`` it cost 117 MB of heap for 8 MB of ids at 10^6 runs)."""
        ids = [parquet_file(p).read(columns=["run_id"])["run_id"] for p in self.batch_files()]
        return np.concatenate([i.to_numpy() for i in ids]) if ids else np.empty(0, np.int64)

    def failed_ids(self) -> set[int]:
        if not self.failures_dir.is_dir():
            return set()
        return {int(p.stem.removeprefix("run-")) for p in self.failures_dir.glob("run-*.json")}

    def check_resumable(self) -> None:
        if self.is_per_run_layout():
            raise ConfigError(
                f"{self.dir}: written by govsim before issue 32 (one file per run in "
                "parts/); its runs.parquet stays readable by report, sensitivity, discover "
                "and merge, but this version cannot add runs to it. Run the sweep into a new "
                "--out (finished runs are not reused), or finish it with the govsim that "
                "started it."
            )

    def start_session(self, session: int) -> None:
        """Name this session's batches ``runs-<session>-*``, after clearing what a killed
        session left uncommitted (temporaries, a series batch whose runs batch is missing)."""
        self.session, self._seq = session, 0
        for folder in (self.dir, self.batches, self.failures_dir):
            for tmp in folder.glob(".*.tmp") if folder.is_dir() else []:
                tmp.unlink(missing_ok=True)
        committed = {BATCH.fullmatch(p.name)[1] for p in self.batch_files()}  # type: ignore[index]
        for series in self.batches.glob("series-*.parquet") if self.batches.is_dir() else []:
            if series.stem.removeprefix("series-") not in committed:
                series.unlink()

    # -- adding runs -----------------------------------------------------------------
    def add(self, record: dict[str, Any]) -> None:
        """Keep one finished run: into the open batch if it succeeded, a failure file if not."""
        if record["status"] != "ok":
            write_json(
                self.failures_dir / f"run-{record['run_id']:08d}.json",
                {
                    k: record[k]
                    for k in ("run_id", "point", "replicate", "values", "error", "traceback")
                },
            )
            return
        self._rows.append(record_row(record))
        if record.get("series"):
            self._series.append((record["run_id"], record["point"], record["series"]))
        if (
            len(self._rows) >= self.batch_runs
            or time.monotonic() - self._last_commit >= self.batch_seconds
        ):
            self.commit()

    def commit(self) -> None:
        """Write the open batch as one file (series first), by atomic rename."""
        self._last_commit = time.monotonic()
        if not self._rows:
            return
        tag = f"{self.session:03d}-{self._seq:06d}"
        self._seq += 1
        rows = pa.Table.from_pylist(self._rows, schema=self.schema).sort_by("run_id")
        if self._series:
            series = series_table(self._series).sort_by([("run_id", "ascending")])
            write_parquet(self.batches / f"series-{tag}.parquet", series)
        write_parquet(self.batches / f"runs-{tag}.parquet", rows)
        retried = self.failed_ids().intersection(rows["run_id"].to_pylist())
        for run_id in retried:  # a retry that worked (no file operation a run otherwise)
            (self.failures_dir / f"run-{run_id:08d}.json").unlink(missing_ok=True)
        self._rows, self._series = [], []

    # -- the end of a session ------------------------------------------------------------
    def failures(self) -> list[dict[str, Any]]:
        if not self.failures_dir.is_dir():
            return []
        return [json.loads(p.read_text()) for p in sorted(self.failures_dir.glob("run-*.json"))]

    def finish(self) -> tuple[int, dict[str, Any]]:
        """Commit the open batch; write runs.parquet (no timing columns), timing.parquet (run
        id and the timing columns), series.parquet and failures.json; return the number of
        runs and a summary of their wall times (every run's time stays in timing.parquet, so
        the coordinator never holds a million of them, issue 32)."""
        self.commit()
        files = self.batch_files()
        timing_schema = pa.schema(
            [self.schema.field("run_id")] + [self.schema.field(c) for c in TIMING_COLUMNS]
        )
        compact(files, self.dir / TIMING_FILE, timing_schema if files else None)
        wall = timing_summary(self.dir / TIMING_FILE)
        runs_schema = pa.schema([f for f in self.schema if f.name not in TIMING_COLUMNS])
        n = compact(
            files,
            self.dir / "runs.parquet",
            runs_schema,
            outcomes=self.outcomes,
            reference=self.reference,
        )
        series = [p.with_name(p.name.replace("runs-", "series-", 1)) for p in files]
        compact([p for p in series if p.is_file()], self.dir / "series.parquet", None, by_day=True)
        failures = self.failures()
        if failures:
            write_json(self.dir / "failures.json", failures)
        else:
            (self.dir / "failures.json").unlink(missing_ok=True)
        return n, wall


def timing_summary(path: Path) -> dict[str, Any]:
    """The manifest's account of every run's wall time: where they are, and their sum,
    median and maximum (seconds)."""
    if not path.is_file():
        return {"file": None, "runs": 0}
    wall = pq.read_table(path, columns=["wall_seconds"])["wall_seconds"]
    return {
        "file": path.name,
        "runs": len(wall),
        "wall_seconds_sum": pc.sum(wall).as_py(),
        "wall_seconds_median": pc.approximate_median(wall).as_py(),
        "wall_seconds_max": pc.max(wall).as_py(),
    }
