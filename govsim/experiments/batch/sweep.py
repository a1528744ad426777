"""`govsim sweep`: plan the runs, skip finished ones, run the rest, keep provenance.

``manifest.json`` records the govsim version and git commit, the experiment
file's sha256 and the plan hash (experiment + resolved base scenario), Python
and package versions, each session's start and end (a resumed sweep has
several) and a summary of the runs' wall times (every run's own in ``timing.parquet``).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from govsim.experiments.batch.engines import check, execute
from govsim.experiments.batch.paired import reference_point
from govsim.experiments.batch.plan import make_plan, parse_shard, plan_hash, shard_ids
from govsim.experiments.batch.progress import Progress
from govsim.experiments.batch.spec import Experiment, experiment_to_dict
from govsim.experiments.batch.store import BATCH_RUNS, Store, write_json
from govsim.scenario.config import REPO_ROOT, ConfigError

PACKAGES = (
    "govsim",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "pydantic",
    "scipy",
    "SALib",
    "dask",
    "distributed",
    "tqdm",
    "matplotlib",
)


@dataclass
class SweepResult:
    out_dir: Path
    expected: int
    done: int
    skipped: int
    failures: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def git_commit() -> dict[str, Any]:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"],
            text=True,
            capture_output=True,
            timeout=5,
        )
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            text=True,
            capture_output=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    if head.returncode:
        return {"commit": None, "dirty": None}
    return {"commit": head.stdout.strip(), "dirty": bool(dirty.stdout.strip())}


def new_manifest(
    experiment: Experiment, n_points: int, n_runs: int, shard: tuple[int, int] | None, expected: int
) -> dict[str, Any]:
    spec = experiment.spec
    return {
        "govsim_version": _version("govsim"),
        "git": git_commit(),
        "experiment": {
            "name": spec.name,
            "path": str(experiment.path),
            "file_sha256": experiment.file_sha256,
            "plan_sha256": plan_hash(experiment),
            "design": spec.design,
            "factors": list(spec.factors),
            "outcomes": list(spec.outcomes),
            "replicates": spec.replicates,
            "root_seed": spec.root_seed,
            "n_points": n_points,
            "n_runs": n_runs,
            "reference_point": reference_point(spec),
            "spec": experiment_to_dict(experiment),
        },
        "environment": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "packages": {p: _version(p) for p in PACKAGES},
        },
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
        "expected_runs": expected,
        "started": now(),
        "finished": None,
        "sessions": [],
        "run_timing": None,
    }


def _check_directory(
    store: Store,
    manifest: dict[str, Any] | None,
    experiment: Experiment,
    shard_text: str | None,
    resume: bool,
) -> None:
    where = store.dir
    if manifest is not None:
        if manifest["experiment"]["plan_sha256"] != plan_hash(experiment):
            raise ConfigError(
                f"{where}: holds results of a different experiment "
                f"({manifest['experiment']['name']!r}, or the same file changed); "
                "choose another --out."
            )
        if resume and manifest.get("shard") != shard_text:
            raise ConfigError(
                f"{where}: holds shard {manifest.get('shard') or 'all'}; resume "
                f"with the same --shard."
            )
    if store.has_results() and not resume:
        raise ConfigError(
            f"{where}: already holds runs of this sweep; add --resume to run only "
            "the missing ones, or choose another --out."
        )


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    import json

    path = Path(out_dir) / "manifest.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path}: not a govsim manifest ({err}).") from None


def sweep(
    experiment: Experiment,
    out_dir: str | Path,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    shard: str | None = None,
    resume: bool = False,
    progress: bool = True,
    batch_runs: int = BATCH_RUNS,
) -> SweepResult:
    """Run the experiment's runs (or one shard of them) into `out_dir`, committing them by
    batches of `batch_runs` (govsim/experiments/batch/store.py)."""
    t0 = time.perf_counter()
    shard_range = parse_shard(shard)
    check(engine, scheduler)
    if batch_runs < 1:
        raise ConfigError(f"--batch-runs {batch_runs}: must be 1 or more.")
    shard_text = f"{shard_range[0]}/{shard_range[1]}" if shard_range else None
    plan = make_plan(experiment)
    ids = shard_ids(plan.n_runs, shard_range)
    store = Store(Path(out_dir), experiment, batch_runs=batch_runs)
    manifest = read_manifest(store.dir)
    _check_directory(store, manifest, experiment, shard_text, resume)
    store.check_resumable()
    manifest = manifest or new_manifest(
        experiment, len(plan.points), plan.n_runs, shard_range, len(ids)
    )
    store.start_session(len(manifest["sessions"]))
    missing = np.ones(plan.n_runs, dtype=bool)  # one byte a run, not a set of ids
    missing[store.done_ids()] = False
    n_todo = int(missing[ids.start : ids.stop : ids.step].sum())  # a range as an index: 47 MB
    workers = max(1, min(workers or os.cpu_count() or 1, n_todo or 1))
    session = {
        "started": now(),
        "engine": engine,
        "workers": workers,
        "scheduler": scheduler,
        "runs_attempted": n_todo,
    }
    manifest["sessions"].append(session)
    write_json(store.dir / "manifest.json", manifest)

    bar = Progress(n_todo, f"sweep {experiment.name}", enabled=progress)

    def on_record(record: dict[str, Any]) -> None:
        store.add(record)
        bar.update(record["status"] == "ok")

    todo = (i for i in ids if missing[i])
    try:
        execute(engine, plan.tasks(todo), on_record, workers, scheduler, plan.point_tasks())
    finally:
        bar.close()
        done, wall = store.finish()
        manifest["run_timing"] = wall
        session.update(finished=now(), wall_seconds=round(time.perf_counter() - t0, 3))
        manifest["finished"] = session["finished"]
        write_json(store.dir / "manifest.json", manifest)
    return SweepResult(
        out_dir=store.dir,
        expected=len(ids),
        done=done,
        skipped=len(ids) - n_todo,
        failures=store.failures(),
        seconds=time.perf_counter() - t0,
    )
