"""`govsim sweep/merge/report` end to end through the CLI (`main`, as the entry point calls it;
real child processes where a signal is the subject).

A sweep really killed with SIGKILL resumes to exactly the rows of an
uninterrupted sweep; the smoke experiment runs in two shards, is merged and
reported; merge refuses to mix experiments.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from govsim.cli import main
from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.sweep import sweep
from govsim.experiments.batch.worker import rerun
from govsim.scenario.config import shipped

SMOKE = shipped("experiments") / "smoke.yaml"


def govsim(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "govsim.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def read_runs(directory: Path) -> pd.DataFrame:
    return pd.read_parquet(directory / "runs.parquet").sort_values("run_id", ignore_index=True)


def committed(out: Path) -> int:
    """Runs in committed batches (what --resume will not run again)."""
    batches = sorted((out / "batches").glob("runs-*.parquet")) if (out / "batches").is_dir() else []
    return sum(pq.read_metadata(p).num_rows for p in batches)


def smoke_variant(tmp_path: Path, name: str, **changes) -> Path:
    data = {**yaml.safe_load(SMOKE.read_text()), **changes, "name": name}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """The experiment both interrupted sweeps run (40 short runs), and its rows swept in one
    go without a break: made once for the two tests (it was made by each until issue 30)."""
    tmp = tmp_path_factory.mktemp("interrupted")
    experiment = smoke_variant(tmp, "interrupted", replicates=10, days=20)
    sweep(load_experiment(experiment), tmp / "reference", workers=1, progress=False)
    return experiment, read_runs(tmp / "reference")


def sweep_until_four_batches(experiment, out):
    """A sweep of batches of 2 runs on two workers, in a session of its own, once 4 batches
    are committed (it is still running: the tests interrupt it there)."""
    process = govsim(
        "sweep",
        *(str(experiment), "--out", str(out), "--workers", "2", "--batch-runs", "2"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while committed(out) < 4:
        assert process.poll() is None and time.monotonic() < deadline, finish(process)
        time.sleep(0.01)
    return process


def resume(experiment: Path, out: Path, capsys) -> int:
    """`govsim sweep EXPERIMENT --out OUT --workers 1 --resume` through govsim's main() in
    the test's process: the runs it found already done, as it prints them."""
    capsys.readouterr()
    code = main(["sweep", str(experiment), "--out", str(out), "--workers", "1", "--resume"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    return int(re.search(r"\((\d+) already done", printed.out).group(1))


def test_a_sweep_killed_with_sigkill_resumes_to_exactly_the_uninterrupted_rows(
    tmp_path, interrupted, capsys
):
    experiment, reference = interrupted
    out = tmp_path / "out"
    process = sweep_until_four_batches(experiment, out)
    os.killpg(process.pid, signal.SIGKILL)  # the sweep and its workers, mid-run
    process.communicate(timeout=30)
    parts_after_kill = committed(out)
    assert 4 <= parts_after_kill < 40 and not (out / "runs.parquet").exists()

    # resumed in one process, the test's own (the rows do not depend on the worker count:
    # test_experiments; the kill is this test's subject, the resume's start-up is not)
    assert resume(experiment, out, capsys) == parts_after_kill  # finished runs not run again
    resumed = read_runs(out)
    assert list(resumed["run_id"]) == list(range(40))  # none missing, none twice
    pd.testing.assert_frame_equal(resumed, reference)


def alive(pids: list[int]) -> list[int]:
    """The processes of `pids` still running (a zombie has ended: it only awaits its parent)."""
    import psutil

    left = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                left.append(pid)
        except psutil.NoSuchProcess:
            pass
    return left


def test_a_sweep_sent_sigterm_leaves_no_process_and_resumes_to_the_same_rows(
    tmp_path, interrupted, capsys
):
    """SIGTERM to the sweep alone (as `kill`, a CI runner or a batch scheduler sends it):
    it stops, keeps what is written, and no worker or forkserver of it is left."""
    import psutil

    experiment, reference = interrupted
    out = tmp_path / "out"
    process = sweep_until_four_batches(experiment, out)
    family = [p.pid for p in psutil.Process(process.pid).children(recursive=True)]
    assert len(family) >= 3  # the forkserver and two workers (and its resource tracker)
    process.send_signal(signal.SIGTERM)  # to the sweep only, not its process group
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("the sweep did not stop on SIGTERM") from None
    code = process.returncode
    assert code == 130 and "terminated (SIGTERM)" in err, err
    deadline = time.monotonic() + 10
    while alive(family) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        assert alive(family) == [], "processes of the sweep left behind"
    finally:
        for pid in alive(family):
            os.kill(pid, signal.SIGKILL)
    parts = committed(out)
    assert 4 <= parts < 40

    assert resume(experiment, out, capsys) == parts
    pd.testing.assert_frame_equal(read_runs(out), reference)


def test_the_smoke_experiment_runs_in_two_shards_merges_and_reports(tmp_path, capsys, monkeypatch):
    # The commands run in this process (`main`, as the `govsim` entry point calls it): a
    # child per command cost ~3 s of imports each (issue 30 item 7); real processes are the
    # SIGKILL and SIGTERM tests' subject below, and the worker-count tests show that rows do
    # not depend on the process.
    def rows_read_back(*args, **kwargs):  # 10^6 rows in pandas: 1.3 GB to print counts
        raise AssertionError("govsim sweep read runs.parquet back")

    for i in (1, 2):
        args = ["sweep", "smoke", "--shard", f"{i}/2", "--workers", "1"]
        with monkeypatch.context() as patch:
            patch.setattr(pd, "read_parquet", rows_read_back)
            assert main([*args, "--out", str(tmp_path / f"shard{i}")]) == 0
        out, err = capsys.readouterr()
        assert "4 of 4 runs" in out, err
        assert "sweep smoke: 4/4 runs (100 %), 0 failed" in err  # plain progress lines, no TTY
    assert (
        main(
            [
                "merge",
                str(tmp_path / "shard1"),
                str(tmp_path / "shard2"),
                "--out",
                str(tmp_path / "merged"),
            ]
        )
        == 0
    )
    merged = read_runs(tmp_path / "merged")
    whole = tmp_path / "whole"
    sweep(load_experiment("smoke"), whole, workers=1, progress=False)
    pd.testing.assert_frame_equal(merged, read_runs(whole))

    assert main(["report", str(tmp_path / "merged")]) == 0, capsys.readouterr().err
    report = pd.read_csv(tmp_path / "merged" / "report.csv")
    outcomes = load_experiment("smoke").outcomes
    assert len(report) == 4 * len(outcomes) and set(report["n"]) == {2}
    assert (report["ci_low"] <= report["mean"]).all()
    assert (report["mean"] <= report["ci_high"]).all()
    means = merged.groupby("point")["report_rate"].mean().to_numpy()
    assert report[report["outcome"] == "report_rate"]["mean"].to_numpy() == pytest.approx(means)
    assert "## report_rate" in (tmp_path / "merged" / "report.md").read_text()
    for outcome in outcomes:
        assert (tmp_path / "merged" / "plots" / f"{outcome}.png").read_bytes()[:4] == b"\x89PNG"
        series_plot = tmp_path / "merged" / "plots" / f"{outcome}_series.png"
        assert series_plot.read_bytes()[:4] == b"\x89PNG"

    # the daily series of every run, merged from both shards, equal to the whole sweep's
    series = pd.read_parquet(tmp_path / "merged" / "series.parquet")
    days = load_experiment("smoke").base.days
    assert len(series) == len(merged) * days and set(outcomes) <= set(series.columns)
    pd.testing.assert_frame_equal(series, pd.read_parquet(whole / "series.parquet"))
    last = series[series["day"] == days - 1].set_index("run_id")["report_rate"]
    rerun_value = rerun(load_experiment("smoke"), 5).timeseries["report_rate"].iloc[-1]
    assert last.loc[5] == pytest.approx(rerun_value)


def test_merge_refuses_to_mix_experiments(tmp_path, capsys):
    for name, days in (("first", 10), ("second", 12)):
        sweep(
            load_experiment(smoke_variant(tmp_path, name, days=days, replicates=1)),
            tmp_path / name,
            workers=1,
            progress=False,
        )
    assert (
        main(
            [
                "merge",
                str(tmp_path / "first"),
                str(tmp_path / "second"),
                "--out",
                str(tmp_path / "merged"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "cannot be merged" in err and "'second'" in err and "Traceback" not in err
    assert not (tmp_path / "merged" / "runs.parquet").exists()
