"""Summaries over a window and after the warm-up, through the CLI and experiments (issue 22)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SMALL

from govsim.cli import main
from govsim.experiments.batch.plan import make_plan
from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.worker import execute, task_scenario
from govsim.running.runner import run
from govsim.scenario.config import ConfigError, override

EXPERIMENT = {
    "name": "windowed",
    "base": "community_y",
    "days": 60,
    "window": [20, 39],
    "set": SMALL,
    "factors": {"organisation.grid_workers": {"values": [2, 4]}},
    "outcomes": ["mean_days_raised_to_resolved"],
    "root_seed": 5,
}


def test_a_sweep_stores_the_window_summary_of_each_run():
    plan = make_plan(load_experiment(EXPERIMENT))
    for task in plan.tasks(list(range(plan.n_runs))):
        record = execute(task)
        assert record["status"] == "ok", record.get("error")
        result = run(task_scenario(task), task.seed)
        windowed, whole = result.summary_over(20, 39), result.summary
        for name in ("issues_raised", "mean_days_raised_to_resolved", "yearly_cost"):
            assert record["metrics"][name] == windowed[name]
        assert record["metrics"]["issues_raised"] != whole["issues_raised"]


@pytest.mark.parametrize("window", [[20, 60], [30, 10], "20:x"])
def test_an_experiment_window_outside_the_run_names_the_key(window):
    with pytest.raises(ConfigError, match="window"):
        load_experiment({**EXPERIMENT, "window": window})


def test_the_experiment_window_may_be_written_as_in_the_cli():
    assert load_experiment({**EXPERIMENT, "window": "20:39"}).spec.window == (20, 39)


@pytest.mark.parametrize("window", ["5:400", "9:3", "ten:20"])
def test_run_refuses_a_bad_window_with_exit_2(window, capsys):
    assert main(["run", "community_y", "--days", "30", "--window", window, "--no-progress"]) == 2
    assert "--window" in capsys.readouterr().err


def test_run_window_prints_the_window_summary(capsys):
    assert (
        main(
            [
                "run",
                "community_y",
                "--days",
                "40",
                "--set",
                "population.residents=900",
                "--set",
                "population.households=320",
                "--set",
                "population.grids=4",
                "--set",
                "population.buildings_per_grid=4",
                "--set",
                "population.communities=2",
                "--window",
                "10:19",
                "--no-progress",
            ]
        )
        == 0
    )
    assert "summary over days 10-19" in capsys.readouterr().out


def test_a_short_run_leaves_out_at_most_its_first_half(community_y):
    short = override(community_y, {**SMALL, "days": 30})
    assert short.warmup_days == 28 and short.summary_start() == 15
    result = run(short, 2)
    c = result.model.state.cases
    assert result.summary["issues_raised"] == np.count_nonzero(c.day_raised >= 15)
    none = run(override(short, {"warmup_days": 0}), 2)
    assert none.summary["issues_raised"] == c.n
