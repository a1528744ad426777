"""Clean distributed runs: no ERROR lines or tracebacks, and no row lost to a killed worker.

An external cluster is real processes: `dask scheduler` and `dask worker` on
127.0.0.1, started and stopped by the fixture. `govsim sweep --engine dask`
runs the smoke experiment (8 runs) through the CLI, as a user would.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
SMOKE_RUNS = 8


def _clean(stderr: str) -> bool:
    return "ERROR" not in stderr and "Traceback" not in stderr


def _sweep(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "govsim.cli", "sweep", "smoke", "--engine", "dask", *args],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def _rows(out: Path) -> list[int]:
    return sorted(pd.read_parquet(out / "runs.parquet")["run_id"].tolist())


class Cluster:
    def __init__(self, tmp: Path, workers: int) -> None:
        self.file = tmp / "scheduler.json"
        self.logs = tmp / "cluster.log"
        self.log = log = self.logs.open("w")
        self.scheduler = subprocess.Popen(
            [
                BIN / "dask",
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                self.file,
            ],
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 120
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        # --no-nanny: each worker is one process, so SIGKILL takes its runs with it
        self.workers = [
            subprocess.Popen(
                [
                    BIN / "dask",
                    "worker",
                    self.address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                stdout=log,
                stderr=log,
            )
            for _ in range(workers)
        ]
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def stop(self) -> None:
        # SIGTERM alone leaves a worker without nanny retrying its scheduler for about
        # 30 s; shutting the cluster down through the scheduler ends both at once.
        from distributed import Client

        try:
            with Client(self.address, timeout="10s") as client:
                client.shutdown()
        except OSError:
            pass
        for proc in (*self.workers, self.scheduler):
            if proc.poll() is None:
                proc.terminate()
        # One grace period for all three, then SIGKILL: a worker that outlived the shutdown
        # and SIGTERM waited 10 s each before (the 20 s teardown in the CI durations record)
        deadline = time.monotonic() + 5
        for proc in (*self.workers, self.scheduler):
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.log.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = Cluster(tmp_path, workers=2)
    try:
        yield c
    finally:
        c.stop()


# slow since issue 30 item 7 (~28 s: a scheduler and two workers started and stopped): the
# default suite keeps the Dask engine through a local cluster (the test below, through the
# CLI) and its rows equal to the local engine's (tests/experiments/test_experiments.py::
# test_serial_two_workers_and_dask_give_identical_rows); what only an external scheduler
# adds, `--scheduler ADDR`, runs nightly here and in the SIGKILL test.
@pytest.mark.slow
def test_external_scheduler_sweep_finishes_clean(cluster: Cluster, tmp_path: Path):
    proc = _sweep("--scheduler", cluster.address, "--out", str(tmp_path / "out"))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert _clean(err), err
    assert _rows(tmp_path / "out") == list(range(SMOKE_RUNS))


def test_local_cluster_sweep_finishes_clean(tmp_path: Path):
    proc = _sweep("--workers", "2", "--out", str(tmp_path / "out"))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert _clean(err), err
    assert _rows(tmp_path / "out") == list(range(SMOKE_RUNS))


@pytest.mark.slow
def test_a_killed_worker_loses_and_duplicates_no_row(cluster: Cluster, tmp_path: Path):
    out = tmp_path / "out"
    proc = _sweep("--scheduler", cluster.address, "--out", str(out))
    victim = cluster.workers[0]
    line = ""
    while "1/8" not in line:  # the first run is in: the others are on the workers
        line = proc.stderr.readline()
        assert line or proc.poll() is None, "sweep ended before a run finished"
    victim.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    assert proc.returncode == 0, err  # every run redone on the surviving worker
    rows = _rows(out)
    assert rows == list(range(SMOKE_RUNS)) and len(rows) == len(set(rows))
