"""Paired experiments: common random numbers across design points, `<metric>_diff` columns,
the same on every engine, shard split and resume, and in `govsim report`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

import govsim
from govsim.experiments.analysis.report import report
from govsim.experiments.batch.merge import merge
from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.sweep import sweep
from govsim.scenario.config import ConfigError, shipped

SMOKE = shipped("experiments") / "smoke.yaml"
OUTCOMES = ["report_rate", "patrol_found_share", "satisfaction", "mean_days_to_resolve"]


def paired_smoke(**changes: Any) -> dict[str, Any]:
    """The smoke experiment (900 residents), 20 days, paired on grid workers 2 (reference)."""
    data = yaml.safe_load(SMOKE.read_text())
    data.update(
        name="paired",
        days=20,
        outcomes=OUTCOMES,
        replicates=3,
        factors={"organisation.grid_workers": {"values": [2, 6]}},
        paired={"reference": {"organisation.grid_workers": 2}},
    )
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{data['name']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def paired_rows() -> pd.DataFrame:
    return govsim.sweep(paired_smoke())


def test_a_factor_the_model_ignores_gives_paired_differences_of_exactly_zero():
    # survey.day only says when the questionnaire is taken: the runs themselves are the
    # same, so with common random numbers every difference is 0 and its interval [0, 0].
    rows = govsim.sweep(
        paired_smoke(
            factors={"survey.day": {"values": [5, 10]}}, paired={"reference": {"survey.day": 5}}
        )
    )
    other = rows[rows["point"] == 1]
    assert (other["seed_index"].to_numpy() == other["replicate"].to_numpy()).all()
    for outcome in OUTCOMES:
        diffs = other[f"{outcome}_diff"].to_numpy(dtype=float)
        assert np.all(diffs[~np.isnan(diffs)] == 0.0), outcome
        assert np.isfinite(diffs).sum() >= 2, outcome


def test_every_point_runs_the_replicates_seeds_and_diffs_are_run_minus_reference(paired_rows):
    seeds = paired_rows.pivot(index="replicate", columns="point", values="seed_index")
    assert (seeds[0] == seeds[1]).all() and list(seeds[0]) == [0, 1, 2]
    ref = paired_rows[paired_rows["point"] == 0].set_index("replicate")
    for outcome in OUTCOMES:
        want = (
            paired_rows[outcome].to_numpy() - ref.loc[paired_rows["replicate"], outcome].to_numpy()
        )
        np.testing.assert_array_equal(paired_rows[f"{outcome}_diff"].to_numpy(), want)
    assert (paired_rows.loc[paired_rows["point"] == 0, "report_rate_diff"] == 0).all()


def test_diffs_are_identical_serial_in_two_shards_merged_and_resumed(paired_rows, tmp_path):
    path = write(tmp_path, paired_smoke())
    experiment = load_experiment(path)
    for k in (1, 2):
        sweep(experiment, tmp_path / f"s{k}", workers=1, shard=f"{k}/2", progress=False)
    merge([tmp_path / "s1", tmp_path / "s2"], tmp_path / "merged")
    merged = pd.read_parquet(tmp_path / "merged" / "runs.parquet")
    columns = [f"{o}_diff" for o in OUTCOMES]
    pd.testing.assert_frame_equal(
        merged[columns].reset_index(drop=True), paired_rows[columns].reset_index(drop=True)
    )
    # a resumed sweep: runs.parquet is rewritten from all batches, diffs included
    (tmp_path / "s1" / "batches" / "runs-000-000000.parquet").unlink()
    sweep(experiment, tmp_path / "s1", workers=1, shard="1/2", resume=True, progress=False)
    resumed = pd.read_parquet(tmp_path / "s1" / "runs.parquet")
    assert resumed["report_rate_diff"].notna().any()


def test_report_shows_paired_differences_with_intervals_and_pairs(tmp_path):
    path = write(tmp_path, paired_smoke())
    sweep(load_experiment(path), tmp_path / "out", workers=1, progress=False)
    paths = report(tmp_path / "out")
    table = pd.read_csv(tmp_path / "out" / "report.csv")
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    row = table[(table["point"] == 1) & (table["outcome"] == "patrol_found_share")].iloc[0]
    d = runs.loc[runs["point"] == 1, "patrol_found_share_diff"].to_numpy()
    assert row["diff_n"] == 3 and row["diff_mean"] == pytest.approx(d.mean())
    assert row["diff_low"] < d.mean() < row["diff_high"]
    text = (tmp_path / "out" / "report.md").read_text()
    assert "Paired difference to the reference point (point 0" in text
    assert (tmp_path / "out" / "plots" / "patrol_found_share_diff.svg") in paths


@pytest.mark.parametrize(
    ("paired", "words"),
    [
        ({"reference": {"organisation.grid_workers": 3}}, ["paired.reference", "3", "[2, 6]"]),
        ({"reference": {}}, ["every factor", "organisation.grid_workers"]),
        ({"referenc": {}}, ["paired.referenc", "not an experiment key"]),
    ],
)
def test_a_bad_reference_names_the_key_and_what_is_allowed(tmp_path, paired, words):
    path = write(tmp_path, paired_smoke(paired=paired))
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    for word in words:
        assert word in str(err.value), (word, str(err.value))


def test_the_shipped_paired_grid_workers_experiment_is_valid():
    experiment = load_experiment("grid_workers_paired")
    assert experiment.spec.paired.reference == {"organisation.grid_workers": 10}
    assert experiment.spec.replicates >= 10
    assert {"mean_days_to_resolve", "response_within_24h"} <= set(experiment.outcomes)


def test_two_workers_give_the_same_paired_rows(paired_rows):
    parallel = govsim.sweep(paired_smoke(), workers=2)
    pd.testing.assert_frame_equal(
        parallel.reset_index(drop=True), paired_rows.reset_index(drop=True)
    )
