"""The result store of a sweep directory: nothing finished is ever lost.

Layout of ``DIR``::

    parts/run-00000042.parquet   one row per finished run, written atomically as it finishes
    series/run-00000042.parquet  that run's daily series of the outcomes (written just before)
    failures/run-00000007.json   a run that raised: its design point and error
    runs.parquet                 all parts, sorted by run id (written at the end, and by merge);
                                 a paired experiment adds `<outcome>_diff` (paired.py)
    series.parquet               all series: run_id, point, day, one column per outcome
    failures.json                all failures (only when there are some)
    manifest.json                provenance (see sweep.py)

A part appears only by rename of a complete temporary file, so a sweep killed
at any moment leaves whole parts and ``--resume`` runs exactly the others.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govsim.experiments.batch.paired import add_diffs_table, reference_point
from govsim.experiments.batch.spec import Experiment, Factor
from govsim.running.output import atomic_write_bytes, json_safe
from govsim.simulation.metrics import METRICS

PART = re.compile(r"run-(\d+)\.parquet")
ID_COLUMNS = ["run_id", "point", "replicate", "root_seed", "seed_index"]
TIMING_COLUMNS = ["wall_seconds", "sim_seconds"]


def _factor_type(factor: Factor) -> pa.DataType:
    if factor.values is not None:
        kind = type(factor.values[0])
        return {bool: pa.bool_(), int: pa.int64(), float: pa.float64()}.get(kind, pa.string())
    return pa.int64() if factor.is_integer else pa.float64()


def part_schema(experiment: Experiment) -> pa.Schema:
    """Columns of a part: ids, seed, every factor, every metric, timing."""
    fields = [pa.field(c, pa.int64()) for c in ID_COLUMNS]
    fields += [pa.field(k, _factor_type(f)) for k, f in experiment.factors.items()]
    fields += [pa.field(m, pa.float64()) for m in METRICS]
    fields += [pa.field(c, pa.float64()) for c in TIMING_COLUMNS]
    return pa.schema(fields)


def write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, (json.dumps(json_safe(data), indent=2) + "\n").encode())


def write_parquet(path: Path, table: pa.Table) -> None:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(path, sink.getvalue())


def record_row(record: dict[str, Any]) -> dict[str, Any]:
    """The row of a finished run: ids, design point, every metric, timing."""
    row = {c: record[c] for c in ID_COLUMNS} | record["values"] | record["metrics"]
    return row | {c: record.get(c) for c in TIMING_COLUMNS}


class Store:
    def __init__(self, out_dir: Path, experiment: Experiment):
        self.dir = Path(out_dir)
        self.schema = part_schema(experiment)
        self.parts = self.dir / "parts"
        self.series_dir = self.dir / "series"
        self.outcomes = list(experiment.spec.outcomes)
        self.failures_dir = self.dir / "failures"
        self.reference = reference_point(experiment.spec)

    def has_results(self) -> bool:
        return bool(self.done_ids() or self.failed_ids())

    def done_ids(self) -> set[int]:
        if not self.parts.is_dir():
            return set()
        return {int(m[1]) for p in self.parts.iterdir() if (m := PART.fullmatch(p.name))}

    def failed_ids(self) -> set[int]:
        if not self.failures_dir.is_dir():
            return set()
        return {int(p.stem.removeprefix("run-")) for p in self.failures_dir.glob("run-*.json")}

    def remove_temporary_files(self) -> None:
        """Half-written temporaries of a killed sweep (never renamed, so never counted)."""
        for folder in (self.parts, self.series_dir, self.failures_dir):
            for tmp in folder.glob(".*.tmp") if folder.is_dir() else []:
                tmp.unlink(missing_ok=True)

    def add(self, record: dict[str, Any]) -> None:
        """Keep one finished run: a part if it succeeded, a failure file if it raised."""
        name = f"run-{record['run_id']:08d}"
        if record["status"] != "ok":
            write_json(
                self.failures_dir / f"{name}.json",
                {
                    k: record[k]
                    for k in ("run_id", "point", "replicate", "values", "error", "traceback")
                },
            )
            return
        if record.get("series"):
            days = len(next(iter(record["series"].values())))
            columns = {
                "run_id": [record["run_id"]] * days,
                "point": [record["point"]] * days,
                "day": list(range(days)),
            } | {k: v for k, v in record["series"].items()}
            write_parquet(self.series_dir / f"{name}.parquet", pa.table(columns))
        write_parquet(
            self.parts / f"{name}.parquet",
            pa.Table.from_pylist([record_row(record)], schema=self.schema),
        )
        (self.failures_dir / f"{name}.json").unlink(missing_ok=True)  # a retry that worked

    def read_parts(self) -> pa.Table:
        files = sorted(p for p in self.parts.glob("run-*.parquet")) if self.parts.is_dir() else []
        tables = [pq.read_table(p, schema=self.schema) for p in files]
        table = pa.concat_tables(tables) if tables else self.schema.empty_table()
        return table.sort_by("run_id")

    def failures(self) -> list[dict[str, Any]]:
        if not self.failures_dir.is_dir():
            return []
        return [json.loads(p.read_text()) for p in sorted(self.failures_dir.glob("run-*.json"))]

    def finish(self) -> tuple[pa.Table, dict[int, float]]:
        """Write runs.parquet (no timing columns) and failures.json; return rows and wall times."""
        table = self.read_parts()
        wall = dict(
            zip(table["run_id"].to_pylist(), table["wall_seconds"].to_pylist(), strict=True)
        )
        runs = add_diffs_table(table.drop_columns(TIMING_COLUMNS), self.outcomes, self.reference)
        write_parquet(self.dir / "runs.parquet", runs)
        write_series(
            self.dir,
            [self.series_dir / f"run-{i:08d}.parquet" for i in table["run_id"].to_pylist()],
        )
        failures = self.failures()
        if failures:
            write_json(self.dir / "failures.json", failures)
        else:
            (self.dir / "failures.json").unlink(missing_ok=True)
        return runs, wall


def write_series(directory: Path, files: list[Path]) -> None:
    """Join per-run series files (those that exist) into ``series.parquet``, by run and day."""
    tables = [pq.read_table(p) for p in files if p.is_file()]
    if tables:
        write_parquet(
            directory / "series.parquet",
            pa.concat_tables(tables).sort_by([("run_id", "ascending"), ("day", "ascending")]),
        )
