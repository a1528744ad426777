"""`govsim merge`: join shard directories of one experiment into one directory.

Refuses to mix experiments: every directory's manifest must carry the same
plan hash (experiment as read + resolved base scenario). A run present in two
directories must have identical rows; it is kept once. Rows are joined window by window
(govsim/experiments/batch/compact.py), never all in memory. A paired experiment's
`<outcome>_diff` columns are recomputed over the joined rows (govsim/experiments/batch/paired.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govsim.experiments.batch.compact import compact, write_json
from govsim.experiments.batch.paired import diff_columns
from govsim.experiments.batch.store import TIMING_FILE, timing_summary
from govsim.experiments.batch.sweep import now, read_manifest
from govsim.scenario.config import ConfigError


def _load(directory: Path) -> tuple[dict[str, Any], pa.Schema]:
    """A shard's manifest and the schema of its runs.parquet (rows are read by window)."""
    manifest = read_manifest(directory)
    runs = directory / "runs.parquet"
    if manifest is None or not runs.is_file():
        raise ConfigError(
            f"{directory}: not a finished sweep directory (needs manifest.json and "
            "runs.parquet from `govsim sweep`)."
        )
    return manifest, pq.read_schema(runs)


def _failures(directory: Path) -> list[dict[str, Any]]:
    import json

    path = directory / "failures.json"
    return json.loads(path.read_text()) if path.is_file() else []


def merge(dirs: list[str | Path], out_dir: str | Path) -> tuple[int, int]:
    """Write the merged runs.parquet and manifest.json; return (runs, runs expected)."""
    loaded = [(Path(d), *_load(Path(d))) for d in dirs]
    first_dir, first, _ = loaded[0]
    want = first["experiment"]["plan_sha256"]
    for directory, manifest, _ in loaded[1:]:
        if manifest["experiment"]["plan_sha256"] != want:
            raise ConfigError(
                f"{directory}: results of experiment {manifest['experiment']['name']!r} "
                f"(plan {manifest['experiment']['plan_sha256'][:12]}) cannot be merged with "
                f"{first_dir} ({first['experiment']['name']!r}, plan {want[:12]}): the "
                "experiment file or its base scenario differ."
            )
    reference = first["experiment"].get("reference_point")
    outcomes = list(first["experiment"]["outcomes"])
    out = Path(out_dir)
    schema = _without_diffs(loaded[0][2], outcomes)  # recomputed over all rows
    sources = [d / "runs.parquet" for d, _, _ in loaded]
    n = compact(sources, out / "runs.parquet", schema, outcomes, reference, dedup=True)
    series = [d / "series.parquet" for d, _, _ in loaded if (d / "series.parquet").is_file()]
    compact(series, out / "series.parquet", None, by_day=True, dedup=True)
    timing = [d / TIMING_FILE for d, _, _ in loaded if (d / TIMING_FILE).is_file()]
    compact(timing, out / TIMING_FILE, None, dedup=["run_id"])
    done = set(pq.read_table(out / "runs.parquet", columns=["run_id"])["run_id"].to_pylist())
    failures = [f for d, _, _ in loaded for f in _failures(d) if f["run_id"] not in done]
    if failures:
        write_json(out / "failures.json", failures)
    manifest = {
        **first,
        "shard": None,
        "expected_runs": first["experiment"]["n_runs"],
        "merged_from": [
            {
                "dir": str(d),
                "shard": m.get("shard"),
                "git": m.get("git"),
                "started": m.get("started"),
                "finished": m.get("finished"),
                "sessions": m.get("sessions"),
            }
            for d, m, _ in loaded
        ],
        "merged": now(),
        "sessions": [],
        "run_timing": timing_summary(out / TIMING_FILE),
    }
    write_json(out / "manifest.json", manifest)
    return n, first["experiment"]["n_runs"]


def _without_diffs(schema: pa.Schema, outcomes: list[str]) -> pa.Schema:
    """A shard's columns without its `_diff` columns (NaN where its reference run was
    elsewhere): they are recomputed over the joined rows."""
    drop = set(diff_columns(outcomes))
    return pa.schema([f for f in schema if f.name not in drop])
