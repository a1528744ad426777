"""Benchmark of the batch store (issue 32 item 2): a sweep of many tiny runs.

Each run is Community Y's rules on 300 residents for 3 days, so the model's own time is
small and what is measured is the sweep around it: tasks made lazily, sent to workers,
records buffered and committed by batch, runs.parquet written by window. Reports for
each engine (the local process pool; an external Dask scheduler and workers started as
`dask scheduler` / `dask worker` processes):

- runs per second (wall), the model's time per run (``sim_seconds``: build + days, from
  the batches' timing columns) and the per-run overhead outside the model, in wall time
  ``(wall × workers − Σ sim_seconds) / runs`` and in CPU time ``(Σ CPU of every process
  of the sweep − Σ sim_cpu_seconds) / runs`` (ms). On a shared machine the wall figure
  counts other people's work; the CPU figure does not (CPU sampled every 0.2 s with
  psutil: a process's last 0.2 s may be missed);
- the number of files in the sweep directory;
- the coordinator's peak memory and each worker's (RSS sampled every 0.2 s with psutil;
  for Dask also the scheduler's);
- the time and peak memory of `govsim report` on the result;
- an extrapolation to 10^6 runs by the measured per-run cost (time) and by the measured
  growth of the coordinator's peak between the sizes run (memory).

    nice -n 10 .venv/bin/python benchmarks/million_runs.py --runs 10000 100000

Writes benchmarks/million_runs.json (commit, machine, load, every measurement).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
POINTS = 8  # grid workers × integration
MAX_REPLICATES = 100_000  # the schema's limit on runs per design point


def write_experiment(folder: Path, runs: int) -> Path:
    """8 design points, runs / 8 replicates: 300 residents, 3 days each. Above 800,000 runs
    (100,000 replicates a point, the schema's limit) online activities on and off double
    the points to 16."""
    factors: dict = {
        "organisation.grid_workers": {"values": [1, 2, 3, 4]},
        "platform.integrated": {"values": [True, False]},
    }
    points = POINTS
    if runs // points > MAX_REPLICATES:
        factors["platform.online_activities"] = {"values": [True, False]}
        points *= 2
    experiment = {
        "name": "million_runs",
        "description": f"tiny runs for the batch-store benchmark, {runs} runs",
        "base": "community_y",
        "days": 3,
        "set": {
            "population.residents": 300,
            "population.households": 105,
            "population.communities": 1,
            "population.grids": 2,
            "population.buildings_per_grid": 2,
        },
        "factors": factors,
        "design": "grid",
        "replicates": max(1, runs // points),
        "outcomes": ["report_rate", "adoption_rate"],
        "root_seed": 32,
    }
    path = folder / f"million_runs_{runs}.yaml"
    path.write_text(yaml.safe_dump(experiment, sort_keys=False))
    return path


class PeakSampler:
    """Peak RSS (MB) of named processes, sampled every `every` seconds in a thread."""

    def __init__(self, every: float = 0.2):
        self.every, self.peaks, self.procs = every, {}, {}
        self.cpu: dict[int, float] = {}  # last user + system seconds seen, by pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, name: str, pid: int, children: bool = False) -> None:
        self.procs[name] = (psutil.Process(pid), children)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for name, (proc, children) in list(self.procs.items()):
                try:
                    self._note(name, proc)
                    if children:
                        for child in proc.children(recursive=True):
                            self._note(f"{name}.{child.pid}", child)
                except psutil.Error:
                    continue

    def _note(self, name: str, proc: psutil.Process) -> None:
        with proc.oneshot():
            rss, times = proc.memory_info().rss, proc.cpu_times()
        self.peaks[name] = max(self.peaks.get(name, 0.0), rss / 2**20)
        self.cpu[proc.pid] = times.user + times.system

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_sweep(experiment: Path, out: Path, workers: int, scheduler: str | None) -> dict:
    args = [PYTHON, "-m", "govsim.cli", "sweep", str(experiment), "--out", str(out)]
    args += ["--workers", str(workers)]
    if scheduler:
        args += ["--engine", "dask", "--scheduler", scheduler]
    t0 = time.perf_counter()
    with PeakSampler() as sampler:
        proc = subprocess.Popen(args, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        sampler.watch("coordinator", proc.pid, children=scheduler is None)
        out_text, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"sweep failed ({proc.returncode}): {err.decode()[-2000:]}")
    return {
        "wall_seconds": wall,
        "stdout": out_text.decode().strip(),
        "peaks_mb": sampler.peaks,
        "cpu_seconds": sum(sampler.cpu.values()),
    }


def timing(out: Path) -> dict:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    data = ds.dataset(sorted(str(p) for p in (out / "batches").glob("runs-*.parquet")))
    table = data.to_table(columns=["sim_seconds", "sim_cpu_seconds", "wall_seconds"])
    return {
        "runs": table.num_rows,
        "sim_seconds_sum": pc.sum(table["sim_seconds"]).as_py(),
        "sim_cpu_seconds_sum": pc.sum(table["sim_cpu_seconds"]).as_py(),
        "worker_wall_seconds_sum": pc.sum(table["wall_seconds"]).as_py(),
    }


def run_report(out: Path) -> dict:
    t0 = time.perf_counter()
    with PeakSampler() as sampler:
        proc = subprocess.Popen(
            [PYTHON, "-m", "govsim.cli", "report", str(out)],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        sampler.watch("report", proc.pid)
        _, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"report failed: {err.decode()[-2000:]}")
    return {"seconds": time.perf_counter() - t0, "peak_mb": sampler.peaks.get("report")}


def start_dask(workers: int, folder: Path, sampler: PeakSampler) -> tuple[str, list]:
    """A `dask scheduler` and `dask worker` processes (single-threaded), as a user would."""
    dask = str(Path(PYTHON).with_name("dask"))
    file = folder / "scheduler.json"
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
        + ["--scheduler-file", str(file)],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while not file.is_file():
        time.sleep(0.2)
    address = json.loads(file.read_text())["address"]
    worker = subprocess.Popen(
        [dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1"]
        + ["--no-dashboard", "--memory-limit", "0"],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sampler.watch("dask_scheduler", scheduler.pid)
    sampler.watch("dask_workers", worker.pid, children=True)
    return address, [worker, scheduler]


def measure(runs: int, engine: str, workers: int, folder: Path) -> dict:
    experiment = write_experiment(folder, runs)
    out = folder / f"out-{engine}-{runs}"
    procs: list = []
    with PeakSampler() as cluster:
        scheduler = None
        if engine == "dask":
            scheduler, procs = start_dask(workers, folder, cluster)
            time.sleep(5)  # workers connect
        try:
            sweep = run_sweep(experiment, out, workers, scheduler)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
    times = timing(out)
    n = times["runs"]
    model = times["sim_seconds_sum"] / n
    overhead = (sweep["wall_seconds"] * workers - times["sim_seconds_sum"]) / n
    cpu = sweep["cpu_seconds"] + sum(cluster.cpu.values())
    model_cpu = times["sim_cpu_seconds_sum"] / n
    files = sum(1 for p in out.rglob("*") if p.is_file())
    batch_files = sum(1 for p in (out / "batches").iterdir() if p.is_file())
    rows = [pq.read_metadata(p).num_rows for p in sorted((out / "batches").glob("runs-*"))]
    peaks = {**sweep["peaks_mb"], **cluster.peaks}
    worker_peaks = {k: round(v, 1) for k, v in peaks.items() if "." in k}
    result = {
        "engine": engine,
        "runs": n,
        "workers": workers,
        "wall_seconds": round(sweep["wall_seconds"], 2),
        "runs_per_second": round(n / sweep["wall_seconds"], 2),
        "model_ms_per_run": round(1000 * model, 3),
        "overhead_ms_per_run": round(1000 * overhead, 3),
        "cpu_seconds_all_processes": round(cpu, 1),
        "model_cpu_ms_per_run": round(1000 * model_cpu, 3),
        "overhead_cpu_ms_per_run": round(1000 * (cpu / n - model_cpu), 3),
        "files": files,
        "batch_files": batch_files,
        "runs_per_batch_max": max(rows),
        "coordinator_peak_mb": round(peaks["coordinator"], 1),
        "worker_peaks_mb": worker_peaks,
        "dask_scheduler_peak_mb": round(peaks.get("dask_scheduler", 0.0), 1) or None,
        "report": run_report(out),
        "sweep_stdout": sweep["stdout"],
        "load_average_after": os.getloadavg(),
    }
    print(json.dumps(result), flush=True)
    return result


def coordinator_only(runs: int, folder: Path) -> dict:
    """The sweep's coordinator alone at `runs` runs: an engine that hands it a synthetic
    record (every metric, a 3-day series of each outcome) per task, in this process, so the
    coordinator's peak memory and CPU per run are measured at sizes the model cannot reach
    here. CPU per run includes making the synthetic record (an upper bound)."""
    import resource

    import numpy as np

    from govsim.experiments.batch import sweep as sweep_module
    from govsim.experiments.batch.spec import load_experiment
    from govsim.simulation.metrics import METRICS

    def engine(name, tasks, on_record, workers, scheduler, points) -> None:
        for task in tasks:
            rng = np.random.default_rng(task.run_id)
            on_record(
                {
                    "run_id": task.run_id,
                    "point": task.point,
                    "replicate": task.replicate,
                    "root_seed": task.root_seed,
                    "seed_index": int(task.seed.spawn_key[-1]),
                    "status": "ok",
                    "values": task.values,
                    "metrics": dict(zip(METRICS, rng.random(len(METRICS)).tolist(), strict=True)),
                    "series": {o: rng.random(3) for o in task.outcomes},
                    "wall_seconds": 0.01,
                    "sim_seconds": 0.01,
                    "sim_cpu_seconds": 0.01,
                }
            )

    sweep_module.execute = engine
    experiment = load_experiment(write_experiment(folder, runs))
    before = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    result = sweep_module.sweep(experiment, folder / "out", workers=1, progress=False)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "engine": "coordinator_only",
        "runs": result.done,
        "wall_seconds": round(time.perf_counter() - t0, 2),
        "cpu_ms_per_run": round(1000 * cpu / result.done, 3),
        "coordinator_peak_mb": round(after.ru_maxrss / 1024, 1),
        "files": sum(1 for p in (folder / "out").rglob("*") if p.is_file()),
        "load_average_after": os.getloadavg(),
    }


def extrapolate(results: list[dict]) -> dict:
    """10^6 runs from the largest measurement per engine: time by per-run cost, files by
    batches of 1,000, coordinator memory by the growth between the two largest sizes."""
    out = {}
    for engine in sorted({r["engine"] for r in results} - {"coordinator_only"}):
        rows = sorted((r for r in results if r["engine"] == engine), key=lambda r: r["runs"])
        last = rows[-1]
        per_run = last["wall_seconds"] / last["runs"]
        cpu_per_run = last["cpu_seconds_all_processes"] / last["runs"]
        growth = 0.0
        if len(rows) > 1:
            a, b = rows[-2], rows[-1]
            growth = (b["coordinator_peak_mb"] - a["coordinator_peak_mb"]) / (b["runs"] - a["runs"])
        out[engine] = {
            "hours_at_1e6": round(per_run * 1e6 / 3600, 2),
            "hours_at_1e6_on_2_idle_cores": round(cpu_per_run * 1e6 / 2 / 3600, 2),
            "coordinator_peak_mb_at_1e6": round(
                last["coordinator_peak_mb"] + max(growth, 0.0) * (1e6 - last["runs"]), 1
            ),
            "coordinator_mb_per_1000_runs": round(1000 * growth, 3),
            # batches at 1e6 hold as many runs as the fullest measured one (a batch is
            # committed at 2,000 runs or after 300 s, whichever comes first)
            "files_at_1e6": round(
                last["files"]
                - last["batch_files"]
                + last["batch_files"]
                / math.ceil(last["runs"] / last["runs_per_batch_max"])
                * math.ceil(1e6 / last["runs_per_batch_max"])
            ),
        }
    alone = sorted(
        (r for r in results if r["engine"] == "coordinator_only"), key=lambda r: r["runs"]
    )
    if len(alone) > 1:
        a, b = alone[-2], alone[-1]
        growth = (b["coordinator_peak_mb"] - a["coordinator_peak_mb"]) / (b["runs"] - a["runs"])
        out["coordinator_only"] = {
            "coordinator_kb_per_run": round(1024 * growth, 3),
            "coordinator_peak_mb_at_1e6": round(
                b["coordinator_peak_mb"] + growth * (1e6 - b["runs"]), 1
            ),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[10_000])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=HERE / "million_runs.json")
    parser.add_argument(
        "--from-log",
        type=Path,
        help="build the JSON from the result lines a run printed (one that was stopped "
        "before its last size finished) instead of measuring",
    )
    parser.add_argument(
        "--coordinator",
        type=int,
        metavar="N",
        help="measure the coordinator alone at N runs (synthetic records) and print it",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="run the sweeps in DIR and keep them (benchmarks/sweep_end_phase.py reads one)",
    )
    args = parser.parse_args()
    if args.coordinator:
        with tempfile.TemporaryDirectory(prefix="million_runs-") as tmp:
            print(json.dumps(coordinator_only(args.coordinator, Path(tmp))), flush=True)
        return 0
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    results = []
    if args.from_log:
        lines = args.from_log.read_text().splitlines()
        results = [json.loads(line) for line in lines if line.startswith('{"engine"')]
    else:
        keep = contextlib.nullcontext(args.keep) if args.keep else None
        with keep or tempfile.TemporaryDirectory(prefix="million_runs-") as tmp:
            Path(tmp).mkdir(parents=True, exist_ok=True)
            for runs in args.runs:
                for engine in args.engines:
                    results.append(measure(runs, engine, args.workers, Path(tmp)))
    document = {
        "commit": commit,
        "started_load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        # the script as the repository names it (a checkout's own path would point outside
        # it: tests/test_standalone.py); "commit" says which checkout ran it
        "command": " ".join([os.path.relpath(Path(sys.argv[0]).resolve(), ROOT), *sys.argv[1:]]),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "results": results,
        "extrapolated": extrapolate(results),
    }
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document["extrapolated"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
