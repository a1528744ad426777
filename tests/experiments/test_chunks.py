"""Tasks go to workers in chunks sized by run time (issue 32 item 2): the size follows the
runs, and a sweep of tiny runs sent in chunks gives exactly the rows of one run at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from govsim.experiments.batch import worker
from govsim.experiments.batch.engines import chunks as chunks_module
from govsim.experiments.batch.engines.chunks import CHUNK_SECONDS, MOST_RUNS, Chunks
from govsim.experiments.batch.plan import make_plan
from govsim.experiments.batch.spec import Experiment, load_experiment
from govsim.experiments.batch.store import TIMING_COLUMNS
from govsim.experiments.batch.sweep import sweep


def test_a_chunk_holds_about_half_a_second_of_runs_between_one_and_the_cap():
    chunks = Chunks(iter(range(1000)))  # any items: only their count matters here
    assert chunks.size() == 1  # nothing measured yet: one run, as before chunks
    chunks.observe([{"wall_seconds": 0.02}])
    assert chunks.size() == int(CHUNK_SECONDS / 0.02) and len(chunks.next()) == chunks.size()
    chunks.observe([{"wall_seconds": 1e-5}] * 50)
    assert chunks.size() == MOST_RUNS
    chunks.observe([{"wall_seconds": 5.0}] * 50)  # long runs go one a message again
    assert chunks.size() == 1
    chunks.observe([{"wall_seconds": float("nan")}])  # a lost run says nothing of time
    assert chunks.size() == 1


def tiny_experiment(tmp_path: Path) -> Experiment:
    """Two design points × 12 replicates of 200 residents for 2 days."""
    spec = {
        "name": "chunked",
        "base": "community_y",
        "days": 2,
        "set": {
            "population.residents": 200,
            "population.households": 70,
            "population.communities": 1,
            "population.grids": 2,
            "population.buildings_per_grid": 2,
        },
        "factors": {"organisation.grid_workers": {"values": [1, 3]}},
        "design": "grid",
        "replicates": 12,
        "outcomes": ["report_rate"],
        "root_seed": 5,
    }
    path = tmp_path / "chunked.yaml"
    path.write_text(yaml.safe_dump(spec))
    return load_experiment(path)


def test_tiny_runs_sent_in_chunks_give_the_rows_of_one_run_at_a_time(tmp_path: Path, monkeypatch):
    experiment = tiny_experiment(tmp_path)
    sent: list[int] = []
    real_next = Chunks.next

    def recording_next(self):
        chunk = real_next(self)
        sent.append(len(chunk))
        return chunk

    monkeypatch.setattr(chunks_module.Chunks, "next", recording_next)
    sweep(experiment, tmp_path / "two", workers=2, progress=False)
    sweep(experiment, tmp_path / "one", workers=1, progress=False)
    assert max(sent) > 1, sent  # the tiny runs did go in chunks
    two, one = (
        pd.read_parquet(tmp_path / d / "runs.parquet").drop(columns=TIMING_COLUMNS, errors="ignore")
        for d in ("two", "one")
    )
    pd.testing.assert_frame_equal(two, one, check_exact=True)
    series = [pd.read_parquet(tmp_path / d / "series.parquet") for d in ("two", "one")]
    pd.testing.assert_frame_equal(*series, check_exact=True)


def test_a_chunk_across_two_points_gives_each_run_its_own_scenario_and_series(tmp_path: Path):
    """`execute_chunk` reuses a scenario between replicates of one point and takes the
    outcomes' columns of the daily series directly: each record equals its run made afresh
    (`worker.rerun`: the summary and `timeseries`, the DataFrame of every metric)."""
    experiment = tiny_experiment(tmp_path)
    tasks = list(make_plan(experiment).tasks([10, 11, 12, 13]))  # points 0, 0, 1, 1
    for task, record in zip(tasks, worker.execute_chunk(tasks), strict=True):
        result = worker.rerun(experiment, task.run_id)
        assert record["values"] == task.values and record["status"] == "ok"
        expected = [float(result.summary.get(name, float("nan"))) for name in record["metrics"]]
        np.testing.assert_array_equal(list(record["metrics"].values()), expected)
        assert list(record["series"]) == ["report_rate"]
        np.testing.assert_array_equal(
            record["series"]["report_rate"], result.timeseries["report_rate"].to_numpy(float)
        )
