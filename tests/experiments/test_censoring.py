"""Recovery over runs that have not recovered by their end: censored, never dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govsim.experiments.analysis.report import summarise
from govsim.experiments.analysis.survival import summarise_censored
from govsim.running.runner import run
from govsim.scenario.config import override

NAN = float("nan")


def km_median(times: list[float], events: list[bool]) -> float:
    """Product-limit estimate by hand: the first time the survival falls to 0.5 or below."""
    survival, at_risk = 1.0, len(times)
    for t, e in sorted(zip(times, events, strict=True), key=lambda p: (p[0], not p[1])):
        if e:
            survival *= 1 - 1 / at_risk
            if survival <= 0.5 + 1e-12:
                return t
        at_risk -= 1
    return NAN


def runs_frame(recovery: list[float], observed: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"point": 0, "x": 1, "recovery_days": recovery, "recovery_observed_days": observed}
    )


def test_a_run_not_recovered_is_censored_at_its_observed_days_not_dropped():
    # two of four runs recover (10 and 40 days); two are watched 30 and 100 days without
    # recovering. Dropping them would give a median of 25 days; Kaplan-Meier gives 40.
    frame = runs_frame([10.0, NAN, 40.0, NAN], [100.0, 30.0, 100.0, 100.0])
    row = summarise(frame, ["x"], ["recovery_days"]).iloc[0]
    assert row["n"] == 4 and row["censored"] == 2
    assert row["km_median"] == km_median([10, 30, 40, 100], [True, False, True, False]) == 40
    assert "mean" not in row.index  # no mean over the recovered runs


def test_when_fewer_than_half_recover_the_median_is_not_reached_and_says_how_long():
    out = summarise_censored(np.array([20.0, NAN, NAN]), np.array([150.0, 150.0, 150.0]))
    assert out["censored"] == 2 and np.isnan(out["km_median"])
    assert out["km_median_above"] == 150


def test_all_recovered_gives_the_sample_median_and_a_lower_limit():
    out = summarise_censored(np.array([5.0, 7.0, 9.0, 11.0, 13.0]), np.full(5, 200.0))
    assert out["censored"] == 0 and out["km_median"] == 9
    assert out["km_low"] <= 9


def test_a_storm_not_recovered_by_the_end_records_how_long_it_was_watched(small):
    storm = override(
        small,
        {
            "days": 40,
            "responders.department_staff_hours_per_day": 2.0,
            "events": [{"kind": "demand_surge", "day": 20, "days": 5, "factor": 5.0}],
        },
    )
    summary = run(storm, 1).summary
    last_event_day, last_day = 24, 39
    assert np.isnan(summary["recovery_days"])
    assert summary["recovery_observed_days"] == last_day - last_event_day
    no_events = run(override(storm, {"events": []}), 1).summary
    assert np.isnan(no_events["recovery_observed_days"])


def test_a_recovered_run_was_watched_at_least_as_long_as_it_took(small):
    storm = override(
        small,
        {"days": 120, "events": [{"kind": "demand_surge", "day": 20, "days": 3, "factor": 2.0}]},
    )
    summary = run(storm, 2).summary
    assert np.isfinite(summary["recovery_days"])
    assert summary["recovery_days"] <= summary["recovery_observed_days"] == 120 - 1 - 22


def test_a_report_of_runs_without_the_observed_horizon_says_the_mean_is_biased(tmp_path):
    import json

    from govsim.experiments.analysis.report import report

    frame = runs_frame([10.0, NAN, 40.0], [100.0, 100.0, 100.0])
    frame = frame.drop(columns=["recovery_observed_days"]).assign(
        run_id=[0, 1, 2], replicate=[0, 1, 2]
    )
    frame.to_parquet(tmp_path / "runs.parquet")
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "experiment": {"name": "old", "factors": ["x"], "outcomes": ["recovery_days"]},
                "expected_runs": 3,
            }
        )
    )
    report(tmp_path)
    assert "biased low" in (tmp_path / "report.md").read_text()
