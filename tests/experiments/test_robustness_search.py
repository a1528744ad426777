"""`govsim robustness` keeps its samples for discovery, runs one scenario alone, samples a
posterior; the derived input `demand_per_staff_hour` recomputed from a run's records."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import SMALL

from govsim.cli import main
from govsim.evidence.robustness import run_parameters
from govsim.evidence.robustness_holds import holds_box
from govsim.experiments.search.futures import draw, read_posterior
from govsim.running.runner import run
from govsim.scenario.config import override

KEY = "responders.department_staff_hours_per_day"


def test_demand_per_staff_hour_recomputed_from_the_records(small):
    result = run(override(small, {"days": 40, "warmup_days": 0}), 2)  # the whole run
    state = result.model.state
    raised = state.cases.columns["day_raised"][: state.cases.n]
    hours = state.log.gov_hours_available[:40].sum()
    assert result.summary["demand_per_staff_hour"] == pytest.approx(
        np.count_nonzero((raised >= 0) & (raised <= 39)) / hours
    )
    assert result.summary["demand_per_staff_hour"] > 0


def test_posterior_draws_follow_the_weights_and_the_rest_the_ranges(tmp_path):
    pd.DataFrame({KEY: [16.0, 20.0, 21.0], "weight": [0.0, 3.0, 1.0]}).to_parquet(
        tmp_path / "posterior.parquet"
    )
    ranges = run_parameters()
    post = read_posterior(tmp_path / "posterior.parquet", ranges)
    futures = draw(ranges, 400, np.random.default_rng(1), post)
    counts = futures[KEY].value_counts()
    assert 16.0 not in counts and counts[20.0] / 400 == pytest.approx(0.75, abs=0.06)
    other = "responders.social_group_staff_hours_per_day"
    lo, hi = ranges[other]
    assert futures[other].between(lo, hi).all() and futures[other].nunique() == 400


def test_bad_posterior_and_unknown_scenario_exit_2(tmp_path, capsys):
    pd.DataFrame({KEY: [20.0]}).to_parquet(tmp_path / "p.parquet")
    assert (
        main(
            [
                "robustness",
                "--samples",
                "2",
                "--scenario",
                "xiaowu_life",
                "--posterior",
                str(tmp_path / "p.parquet"),
                "--out",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert "weight" in capsys.readouterr().err
    assert (
        main(["robustness", "--samples", "2", "--scenario", "nosuch", "--out", str(tmp_path)]) == 2
    )
    assert "--scenario nosuch" in capsys.readouterr().err
    bad = ["--set", "platform.reliability=high", "--out", str(tmp_path / "bad")]
    assert main(["robustness", "--samples", "2", *bad]) == 2  # named before any run
    err = capsys.readouterr().err
    assert "platform.reliability" in err and "Traceback" not in err
    assert not (tmp_path / "bad" / "runs").exists()


# The population of tests/conftest.py's SMALL for every run (`--set`, as a researcher takes
# a quick look): the test reads the files' shape and recomputes differences, which hold at
# any size (16 runs of 7,500 residents took 23 s of the default suite)
SMALL_SET = [
    arg
    for key, value in SMALL.items()
    if key.startswith("population.")
    for arg in ("--set", f"{key}={value}")
]


def test_one_scenario_with_posterior_keeps_every_sample(tmp_path):
    pd.DataFrame({KEY: [15.5, 21.5], "weight": [0.0, 1.0]}).to_parquet(
        tmp_path / "posterior.parquet"
    )
    out = tmp_path / "r"
    assert (
        main(
            [
                "robustness",
                "--samples",
                "4",
                "--days",
                "25",
                "--workers",
                "1",
                "--scenario",
                "xiaowu_life",
                *SMALL_SET,
                "--posterior",
                str(tmp_path / "posterior.parquet"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    report = json.loads((out / "robustness.json").read_text())
    assert {r["scenario"] for r in report["predictions"]} == {"xiaowu_life"}
    assert report["options"]["set"] == SMALL_SET[1::2]
    experiment = yaml.safe_load((out / "experiments" / "xiaowu_life.yaml").read_text())
    assert experiment["set"]["population.residents"] == SMALL["population.residents"]
    assert sorted(p.name for p in (out / "runs").iterdir()) == ["community_y", "xiaowu_life"]
    for folder, runs in (("samples", "runs"), ("samples-posterior", "runs-posterior")):
        path = out / folder / "xiaowu_life.parquet"
        rows = pd.read_parquet(path)
        inputs = json.loads(pq.read_schema(path).metadata[b"govsim_inputs"])
        assert {"base_capacity_utilisation", "base_demand_per_staff_hour", KEY} <= set(inputs)
        assert len(rows) == 4
        # differences recomputed from the two sweeps' runs (paired by sample)
        a = pd.read_parquet(out / runs / "xiaowu_life" / "runs.parquet").sort_values("point")
        b = pd.read_parquet(out / runs / "community_y" / "runs.parquet").sort_values("point")
        m = "mean_days_to_resolve"
        np.testing.assert_allclose(rows[f"{m}_diff"], a[m].to_numpy() - b[m].to_numpy())
        np.testing.assert_allclose(
            rows["base_capacity_utilisation"], b["capacity_utilisation"].to_numpy()
        )
        if folder == "samples-posterior":
            assert (rows[KEY] == 21.5).all()  # the weight-0 draw never appears
        else:
            assert rows[KEY].nunique() == 4
    # shares recomputed from the kept samples
    rows = pd.read_parquet(out / "samples-posterior" / "xiaowu_life.parquet")
    pred = next(r for r in report["predictions"] if r["metric"] == "mean_days_to_resolve")
    assert pred["posterior"]["share_holds"] == pytest.approx(
        (np.sign(rows["mean_days_to_resolve_diff"]) == -1).mean()
    )
    assert "holds over the posterior" in (out / "robustness.md").read_text()
    # --posterior-only reports the posterior design alone (its runs resumed, none re-run)
    (out / "robustness.json").unlink()
    args = ["robustness", "--samples", "4", "--days", "25", "--workers", "1"]
    args += ["--scenario", "xiaowu_life", "--posterior", str(tmp_path / "posterior.parquet")]
    assert main([*args, "--posterior-only", "--out", str(out)]) == 2  # other runs: refused
    assert main([*args, *SMALL_SET, "--posterior-only", "--out", str(out)]) == 0
    alone = json.loads((out / "robustness.json").read_text())
    assert alone["runs"] == 2 * 4 and alone["options"]["prior_design"] is False
    solo = next(r for r in alone["predictions"] if r["metric"] == "mean_days_to_resolve")
    assert solo["share_holds"] == pred["posterior"]["share_holds"]
    assert solo["share_holds_95"] == pred["posterior"]["share_holds_95"]
    assert "joint posterior" in (out / "robustness.md").read_text()


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval written out (Wilson 1927), to check scipy's."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("k, n", [(64, 64), (58, 64), (3, 16), (0, 29)])
def test_the_holds_interval_is_wilsons_and_64_agreeing_samples_show_90_percent(k, n):
    from govsim.evidence.predictions import Prediction
    from govsim.evidence.robustness_holds import evaluate

    diff = np.r_[-np.ones(k), np.ones(n - k)]  # predicted lower: holds where diff < 0
    means = {
        "s": pd.DataFrame({"m": diff}),
        "b": pd.DataFrame({"m": np.zeros(n)}),
    }
    p = Prediction(
        scenario="s",
        metric="m",
        direction="lower",
        kind="direct",
        mechanism="",
        quote=None,
        source=None,
    )
    (row,) = evaluate([p], means, "b", pd.DataFrame(index=range(n)))
    assert row["share_holds"] == k / n
    assert row["share_holds_95"] == pytest.approx(wilson(k, n), abs=1e-9)
    if k == n == 64:
        assert row["share_holds_95"][0] > 0.9


def test_holds_box_finds_the_condition_a_prediction_needs():
    rng = np.random.default_rng(4)
    inputs = pd.DataFrame(rng.random((300, 6)), columns=[f"k{i}" for i in range(6)])
    holds = inputs["k2"].to_numpy() > 0.7
    box = holds_box(holds, inputs)
    assert list(box["limits"]) == ["k2"]
    assert box["limits"]["k2"]["min"] == pytest.approx(0.7, abs=0.03)
    assert box["density"] > 0.95 and box["coverage"] > 0.9


def test_a_lead_box_kept_after_every_limit_was_dropped_has_no_significant_limit():
    """16 samples where PRIM's box has one limit at quasi-p 0.039, but dropping the two
    insignificant ones leaves it insignificant too, and it is dropped: the box kept as a
    lead must not call that limit significant (robustness.md printed such boxes in full)."""
    rng = np.random.default_rng(22)
    inputs = pd.DataFrame(rng.random((16, 4)), columns=[f"k{i}" for i in range(4)])
    holds = rng.random(16) < 0.4
    box = holds_box(holds, inputs)
    assert box["limits"] and min(box["quasi_p"]["k1"].values()) < 0.05  # before the drops
    assert box["significant"] == []
    assert box["lead"] and set(box["dropped"]) >= set(box["limits"])  # all were dropped
