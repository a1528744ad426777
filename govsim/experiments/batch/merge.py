"""`govsim merge`: join shard directories of one experiment into one directory.

Refuses to mix experiments: every directory's manifest must carry the same
plan hash (experiment as read + resolved base scenario). A run present in two
directories must have identical rows; it is kept once. A paired experiment's
`<outcome>_diff` columns are recomputed over the joined rows (govsim/experiments/batch/paired.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govsim.experiments.batch.paired import add_diffs_table, diff_columns
from govsim.experiments.batch.store import write_json, write_parquet
from govsim.experiments.batch.sweep import now, read_manifest
from govsim.scenario.config import ConfigError


def _load(directory: Path) -> tuple[dict[str, Any], pa.Table]:
    manifest = read_manifest(directory)
    runs = directory / "runs.parquet"
    if manifest is None or not runs.is_file():
        raise ConfigError(
            f"{directory}: not a finished sweep directory (needs manifest.json and "
            "runs.parquet from `govsim sweep`)."
        )
    return manifest, pq.read_table(runs)


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
    tables = [_without_diffs(t, outcomes) for _, _, t in loaded]  # recomputed over all rows
    table = pa.concat_tables(tables).sort_by("run_id")
    ids = table["run_id"].to_numpy()
    if len(ids) != len(set(ids.tolist())):
        unique = _drop_identical_duplicates(table)
        if unique is None:
            raise ConfigError(
                "the directories hold different rows for the same run id; they "
                "were not produced by the same code and experiment."
            )
        table = unique
    out = Path(out_dir)
    table = add_diffs_table(table, outcomes, reference)
    write_parquet(out / "runs.parquet", table)
    _merge_series([d for d, _, _ in loaded], out)
    done = set(table["run_id"].to_pylist())
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
        "run_wall_seconds": {
            k: v for _, m, _ in loaded for k, v in m.get("run_wall_seconds", {}).items()
        },
    }
    write_json(out / "manifest.json", manifest)
    return table.num_rows, first["experiment"]["n_runs"]


def _without_diffs(table: pa.Table, outcomes: list[str]) -> pa.Table:
    """A shard's rows without its `_diff` columns (NaN where its reference run was elsewhere)."""
    return table.drop_columns([c for c in diff_columns(outcomes) if c in table.column_names])


def _drop_identical_duplicates(table: pa.Table) -> pa.Table | None:
    """Overlapping shards: keep one copy of identical rows; None if a run id's rows differ."""
    frame = table.to_pandas()
    unique = frame.drop_duplicates()
    if unique["run_id"].duplicated().any():
        return None
    return pa.Table.from_pandas(unique, schema=table.schema, preserve_index=False)


def _merge_series(dirs: list[Path], out: Path) -> None:
    """Join the shards' series.parquet (daily outcome series), one copy per run and day."""
    tables = [pq.read_table(d / "series.parquet") for d in dirs if (d / "series.parquet").is_file()]
    if not tables:
        return
    frame = pa.concat_tables(tables).to_pandas().drop_duplicates(["run_id", "day"])
    write_parquet(
        out / "series.parquet",
        pa.Table.from_pandas(frame.sort_values(["run_id", "day"]), preserve_index=False),
    )
