"""`govsim report` on any sweep (issue 29 item 5): every factor type a sweep can hold.

The report once tested ``dtype == object`` to tell text factors from numbers; pandas 3
reads text columns back from parquet as its ``str`` dtype, so a sweep with a text factor
(``scenario`` × staff-hours) crashed with ``could not convert string to float:
'community_y'``: exit 1, no plots. Each test runs a real sweep of a few hundred residents
for a few days (under a second of model time), then the report through the CLI.

Missing values a sweep can hold: an outcome undefined in a run (NaN) and a run that
failed or was not merged. A factor value cannot be missing: an experiment file's
`values` refuse null (spec.Factor), and every run of a point carries the point's values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import govsim
from govsim.cli import main

TINY = {  # a few hundred residents: the report, not the model, is under test
    "population.residents": 300,
    "population.households": 110,
    "population.communities": 1,
    "population.grids": 2,
    "population.buildings_per_grid": 3,
}
STAFF = "responders.department_staff_hours_per_day"
FACTOR_KINDS: dict[str, tuple[str, list[Any]]] = {
    "text": ("scenario", ["community_y", "digital_only"]),
    "bool": ("platform.integrated", [True, False]),
    "int": ("organisation.grid_workers", [1, 3]),
    "float": ("feedback.satisfaction_noise_sd", [0.05, 0.1]),
}
# resolved_within_7_days is undefined (NaN) in a 6-day run; recovery_days has no shock to
# recover from (NaN, and nothing observed): the report must carry missing values through.
OUTCOMES = ["report_rate", "resolved_within_7_days"]


def experiment(kind: str, **changes: Any) -> dict[str, Any]:
    key, values = FACTOR_KINDS[kind]
    data = {
        "name": f"report_{kind}",
        "base": None if key == "scenario" else "community_y",
        "set": TINY,
        "days": 6,
        "factors": {key: {"values": values}, STAFF: {"values": [4.0, 8.0]}},
        "design": "grid",
        "replicates": 2,
        "outcomes": OUTCOMES,
        "root_seed": 29,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def report_through_cli(out: Path) -> int:
    return main(["report", str(out)])


def test_a_sweep_of_scenario_by_staff_hours_reports_with_exit_0_and_plots(tmp_path):
    out = tmp_path / "sweep"
    outcomes = ["report_rate", "recovery_days"]  # a mean, and a censored (Kaplan-Meier) one
    govsim.sweep(experiment("text", outcomes=outcomes), out=out)
    assert report_through_cli(out) == 0
    for name in (*outcomes, "report_rate_series"):
        assert (out / "plots" / f"{name}.png").is_file(), name
        assert (out / "plots" / f"{name}.svg").is_file(), name
    table = pd.read_csv(out / "report.csv")
    assert set(table["scenario"]) == {"community_y", "digital_only"}


@pytest.mark.parametrize("kind", sorted(FACTOR_KINDS))
def test_the_report_takes_every_factor_type_and_missing_values(tmp_path, kind):
    out = tmp_path / kind
    runs = govsim.sweep(experiment(kind, replicates=1), out=out)
    assert len(runs) == 4
    # a run lost (failed, or a shard not merged): the report works on what is there
    runs.iloc[1:].to_parquet(out / "runs.parquet", index=False)
    (out / "series.parquet").unlink()  # the daily series plots: the first test draws them
    assert report_through_cli(out) == 0
    for outcome in OUTCOMES:
        assert (out / "plots" / f"{outcome}.png").is_file(), (kind, outcome)
    table = pd.read_csv(out / "report.csv")
    key, values = FACTOR_KINDS[kind]
    assert len(table) == 3 * len(OUTCOMES)
    assert sorted(table[key].drop_duplicates().astype(str)) == sorted(map(str, values))
    rate = table[table["outcome"] == "report_rate"].set_index("point")
    kept = runs.iloc[1:]
    np.testing.assert_allclose(
        rate["mean"].to_numpy(), kept.groupby("point")["report_rate"].mean().to_numpy()
    )  # the point whose only run was lost has no mean (NaN on both sides)
    assert list(rate["n"]) == list(kept.groupby("point")["report_rate"].count())
    missing = table[table["outcome"] == "resolved_within_7_days"]
    assert missing["mean"].isna().all() and (missing["n"] == 0).all()
    text = (out / "report.md").read_text()
    assert "1 run(s) of the design are missing" in text
