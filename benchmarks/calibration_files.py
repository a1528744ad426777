"""How many files a calibration and a robustness check leave (issue 32 item 4).

Item 4 asks that calibration and robustness use the same kind of store as sweeps, so that
ten thousand simulations leave tens of files, not twenty thousand. This runs each at two
sizes and counts the files in its output folder against the simulations it ran: if the
count does not grow with the simulations, the store holds.

- calibration: `govsim calibrate` on tests/data/tiny_hotline.yaml (300 residents, 20
  days), one parameter, ABC-SMC at two population sizes; simulations = rows of
  ``runs.sqlite`` (every evaluation, govsim/evidence/pool.py).
- robustness: `govsim robustness --scenario S --samples N --days 20`, a sweep per design
  (govsim/evidence/robustness.py); simulations = rows of its ``runs.parquet`` files.

    nice -n 10 .venv/bin/python benchmarks/calibration_files.py

Writes benchmarks/calibration_files.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TINY = ROOT / "tests" / "data" / "tiny_hotline.yaml"


def files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def targets(folder: Path, population: int, generations: int) -> Path:
    """tests/evidence/test_calibrate.py's targets: one key, a resolution rate to fit."""
    spec = {
        "scenario": str(TINY),
        "seed": 5,
        "others": "fixed",
        "calibrate": ["kpi.solved_quality_from"],
        "abc": {"population": population, "generations": generations, "batch": 8},
        "targets": [
            {
                "name": "resolution",
                "metric": "resolution_rate",
                "value": 0.855,
                "uncertainty": 0.03,
                "source": "the model at kpi.solved_quality_from = 0.55",
                "use": "fit",
            }
        ],
    }
    path = folder / f"targets_{population}.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def calibration(folder: Path, population: int, generations: int) -> dict:
    from govsim.evidence.calibrate import calibrate
    from govsim.evidence.pool import RunStore

    out = folder / f"calibration_{population}"
    t0 = time.perf_counter()
    calibrate(targets(folder, population, generations), out, workers=2, progress=False)
    store = RunStore(out / "runs.sqlite")
    simulations = store.count()
    store.close()
    return {
        "kind": "calibration",
        "population": population,
        "generations": generations,
        "simulations": simulations,
        "files": files(out),
        "file_names": sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def robustness(folder: Path, samples: int, scenario: str) -> dict:
    out = folder / f"robustness_{samples}"
    args = [sys.executable, "-m", "govsim.cli", "robustness", "--samples", str(samples)]
    args += ["--scenario", scenario, "--days", "20", "--workers", "2", "--out", str(out)]
    t0 = time.perf_counter()
    subprocess.run(
        args, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    runs = sum(pq.read_metadata(p).num_rows for p in out.rglob("runs.parquet"))
    return {
        "kind": "robustness",
        "samples": samples,
        "scenario": scenario,
        "simulations": runs,
        "files": files(out),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main() -> int:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    scenario = sys.argv[1] if len(sys.argv) > 1 else None
    results = []
    with tempfile.TemporaryDirectory(prefix="calibration_files-") as tmp:
        for population, generations in ((8, 2), (24, 3)):
            results.append(calibration(Path(tmp), population, generations))
            print(json.dumps(results[-1]), flush=True)
        if scenario:
            for samples in (4, 16):
                results.append(robustness(Path(tmp), samples, scenario))
                print(json.dumps(results[-1]), flush=True)
    document = {
        "commit": commit,
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": os.getloadavg(),
        "results": results,
    }
    (HERE / "calibration_files.json").write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
