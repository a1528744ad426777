"""Paired differences are taken against `paired.reference`, wherever it sits in the design.

Issue 29 items 5 and 8: a points design can be paired (several levers, each against one
baseline row, in one file), and every fixture here puts the reference *last*, so that
differences taken against the first design point (a planted slip) fail. The rows are
recomputed from the runs by factor values, never by point index.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import govsim
from govsim.experiments.analysis.report import report
from govsim.experiments.batch.spec import load_experiment
from govsim.scenario.config import ConfigError

TINY = {  # a few hundred residents for a few days: the pairing, not the model, is tested
    "population.residents": 300,
    "population.households": 110,
    "population.communities": 1,
    "population.grids": 2,
    "population.buildings_per_grid": 3,
}
WORKERS, STAFF = "organisation.grid_workers", "responders.department_staff_hours_per_day"
OUTCOMES = ["patrol_found_share", "mean_days_to_resolve"]
BASELINE = {WORKERS: 2, STAFF: 18.0}


def levers(**changes: Any) -> dict[str, Any]:
    """Two levers changed alone, then the baseline: the reference is the last point."""
    data = {
        "name": "levers_paired",
        "base": "community_y",
        "set": TINY,
        "days": 8,
        "factors": {WORKERS: {"values": [1, 2, 2]}, STAFF: {"values": [18.0, 6.0, 18.0]}},
        "design": "points",
        "paired": {"reference": BASELINE},
        "replicates": 3,
        "outcomes": OUTCOMES,
        "root_seed": 2908,
    }
    data.update(changes)
    return data


def reference_rows(runs: pd.DataFrame, reference: dict[str, Any]) -> pd.DataFrame:
    """The reference point's runs, found by their factor values, indexed by replicate."""
    mask = np.logical_and.reduce([runs[k] == v for k, v in reference.items()])
    ref = runs[mask]
    assert ref["point"].nunique() == 1
    return ref.set_index("replicate")


def assert_diffs_against(runs: pd.DataFrame, reference: dict[str, Any]) -> None:
    ref = reference_rows(runs, reference)
    assert int(ref["point"].iloc[0]) != 0  # the fixture's point: the reference is not first
    for outcome in OUTCOMES:
        want = runs[outcome].to_numpy(float) - ref.loc[runs["replicate"], outcome].to_numpy(float)
        np.testing.assert_array_equal(runs[f"{outcome}_diff"].to_numpy(float), want)
        assert np.isfinite(want[runs["point"].to_numpy() != ref["point"].iloc[0]]).any()


def test_a_points_design_is_paired_against_its_reference_row(tmp_path):
    out = tmp_path / "levers"
    runs = govsim.sweep(levers(), out=out)
    assert (runs.groupby("replicate")["seed_index"].nunique() == 1).all()  # common seeds
    assert_diffs_against(runs, BASELINE)
    (out / "series.parquet").unlink()  # the daily series plots are not under test here
    report(out)
    table = pd.read_csv(out / "report.csv")
    assert table.loc[table["is_reference"], "point"].unique().tolist() == [2]
    row = table[(table["point"] == 0) & (table["outcome"] == "patrol_found_share")].iloc[0]
    pairs = runs.loc[runs["point"] == 0, "patrol_found_share_diff"].to_numpy(float)
    assert row["diff_mean"] == pytest.approx(pairs.mean()) and row["diff_n"] == 3
    assert "Paired difference to the reference point (point 2" in (out / "report.md").read_text()


def test_a_grid_is_paired_against_a_reference_that_is_not_its_first_point():
    runs = govsim.sweep(
        levers(
            design="grid",
            replicates=2,
            factors={WORKERS: {"values": [1, 2]}, STAFF: {"values": [6.0, 18.0]}},
        )
    )
    assert_diffs_against(runs, BASELINE)


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        ({WORKERS: 1, STAFF: 6.0}, ["is not one of the points", "i-th value"]),
        ({WORKERS: 3, STAFF: 18.0}, ["paired.reference.organisation.grid_workers", "[1, 2, 2]"]),
    ],
)
def test_a_points_reference_must_be_one_of_the_rows(tmp_path, reference, words):
    import yaml

    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(levers(paired={"reference": reference})))
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    for word in words:
        assert word in str(err.value), (word, str(err.value))
