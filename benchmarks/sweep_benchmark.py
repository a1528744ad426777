"""Benchmark of `govsim sweep`: wall time, runs per minute and overhead per run.

Runs an N-run sweep of full Community Y (7,500 residents, 365 days) on a
process pool and compares the sweep's wall time with the time spent inside
the simulations:

    overhead per run = (wall time × workers − Σ simulation time) / N

where simulation time is `RunResult.seconds_build + seconds_run` measured in
the worker. It includes everything else: process start-up, pickling tasks and
results, applying the design point, committing the runs by batch (with
fsync), progress, building runs.parquet and the manifest, and idle workers at
the end. Run by hand, not as a timed test:

    .venv/bin/python benchmarks/sweep_benchmark.py --runs 1000 --workers 2

Results go to stdout and benchmarks/_sweep/result.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def write_experiment(folder: Path, runs: int, days: int) -> Path:
    """8 design points (grid workers × integration), runs / 8 replicates each."""
    experiment = {
        "name": "benchmark",
        "description": f"sweep benchmark, {runs} runs",
        "base": "community_y",
        "days": days,
        "factors": {
            "organisation.grid_workers": {"values": [8, 10, 12, 14]},
            "platform.integrated": {"values": [True, False]},
        },
        "design": "grid",
        "replicates": max(1, runs // 8),
        "outcomes": ["report_rate", "participation_rate"],
        "root_seed": 99,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "benchmark.yaml"
    path.write_text(yaml.safe_dump(experiment, sort_keys=False))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="runs (a multiple of 8)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--folder", type=Path, default=HERE / "_sweep")
    args = parser.parse_args()

    import pandas as pd

    from govsim.experiments.spec import load_experiment
    from govsim.experiments.store import Store
    from govsim.experiments.sweep import sweep

    out = args.folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    experiment = load_experiment(write_experiment(args.folder, args.runs, args.days))
    t0 = time.perf_counter()
    result = sweep(experiment, out, workers=args.workers, engine=args.engine)
    wall = time.perf_counter() - t0
    parts = pd.concat(pd.read_parquet(p) for p in Store(out, experiment).batch_files())
    n = len(parts)
    simulation = float(parts["sim_seconds"].sum())
    in_worker = float(parts["wall_seconds"].sum())
    numbers = {
        "runs": n,
        "failed": len(result.failures),
        "workers": args.workers,
        "engine": args.engine,
        "days": args.days,
        "residents": experiment.base.population.residents,
        "cpu_count": os.cpu_count(),
        "wall_seconds": round(wall, 2),
        "runs_per_minute": round(60 * n / wall, 1),
        "mean_simulation_seconds": round(simulation / n, 4),
        "overhead_per_run_ms": round(1000 * (wall * args.workers - simulation) / n, 1),
        "overhead_outside_worker_per_run_ms": round(
            1000 * (wall * args.workers - in_worker) / n, 1
        ),
        "load_average_at_end": os.getloadavg(),
        "python": sys.version.split()[0],
    }
    (args.folder / "result.json").write_text(json.dumps(numbers, indent=2) + "\n")
    for key, value in numbers.items():
        print(f"{key:>36}: {value}")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
