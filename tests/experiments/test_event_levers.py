"""Temporary measures as levers: the `staffing` event kind and `events.N.FIELD` set by index
from `--set` and experiment factors, without replacing the scenario's other events."""

from __future__ import annotations

import numpy as np
import pytest

from govsim.cli import main
from govsim.experiments.batch.plan import make_plan
from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.worker import task_scenario
from govsim.running.runner import run
from govsim.scenario.config import ConfigError, load_scenario, override

EVENTS = [
    {
        "kind": "demand_surge",
        "day": 5,
        "days": 7,
        "factor": 5.0,
        "categories": ["repairs", "sanitation"],
    },
    {"kind": "staffing", "day": 6, "days": 10, "factor": 1.0},
]


@pytest.fixture(scope="module")
def storm(small):
    return override(small, {"days": 40, "events": EVENTS})


def test_set_by_index_changes_one_field_and_keeps_the_other_events():
    s = load_scenario("community_y_storm", overrides=["events.0.factor=1.5", "events.1.days=14"])
    base = load_scenario("community_y_storm")
    assert s.events[0].factor == 1.5 and s.events[1].days == 14
    assert len(s.events) == len(base.events)
    assert s.events[0].categories == base.events[0].categories
    assert s.events[1].kind == base.events[1].kind and s.events[1].day == base.events[1].day


def test_an_experiment_factor_varies_an_event_field_by_index():
    experiment = load_experiment(
        {
            "name": "surge",
            "base": "community_y_storm",
            "design": "grid",
            "root_seed": 1,
            "factors": {"events.2.factor": {"values": [1.0, 1.5]}},
            "set": {
                "events": [
                    *load_scenario("community_y_storm").model_dump()["events"],
                    {"kind": "staffing", "day": 182, "days": 14, "factor": 1.0},
                ]
            },
            "outcomes": ["backlog"],
        }
    )
    plan = make_plan(experiment)
    scenarios = [task_scenario(t) for t in plan.tasks(list(range(plan.n_runs)))]
    assert [s.events[2].factor for s in scenarios] == [1.0, 1.5]
    assert all(len(s.events) == 3 and s.events[0].kind == "demand_surge" for s in scenarios)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (
            "events.5.factor=2",
            ["community_y_storm.yaml", "events.5.factor", "out of range", "0 … 1"],
        ),
        (
            "events.1.factor=2",
            ["events.1.factor", "kind outage has no field `factor`", "allowed: kind, day, days"],
        ),
        ("events.0.colour=2", ["events.0.colour", "allowed: kind, day, days, factor, categories"]),
        ("events.x.days=2", ["events.x.days", "must be an index"]),
    ],
)
def test_a_bad_event_key_exits_2_naming_file_key_and_what_is_allowed(key, words, capsys):
    assert main(["run", "community_y_storm", "--days", "5", "--set", key]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)


def test_an_experiment_factor_out_of_range_names_the_file_and_factor():
    with pytest.raises(ConfigError) as err:
        load_experiment(
            {
                "name": "bad",
                "base": "community_y_storm",
                "design": "grid",
                "root_seed": 1,
                "factors": {"events.4.days": {"values": [3]}},
                "outcomes": ["backlog"],
            }
        )
    assert "factor `events.4.days`" in str(err.value) and "out of range" in str(err.value)


def test_staffing_needs_a_positive_factor(small):
    with pytest.raises(ConfigError, match="staffing needs factor > 0"):
        override(small, {"events": [{"kind": "staffing", "day": 1, "factor": 0.0}]})


def test_a_staffing_event_multiplies_staff_hours_in_either_direction(storm):
    hours = {}
    for factor in (0.5, 1.0, 1.5):
        state = run(override(storm, {"events.1.factor": factor}), 3).model.state
        hours[factor] = state.log.gov_hours_available
    inside, before = slice(6, 16), slice(0, 6)
    np.testing.assert_allclose(hours[1.5][inside], 1.5 * hours[1.0][inside])
    np.testing.assert_allclose(hours[0.5][inside], 0.5 * hours[1.0][inside])
    np.testing.assert_allclose(hours[1.5][before], hours[1.0][before])
    np.testing.assert_allclose(hours[1.5][16:], hours[1.0][16:])


def test_a_staffing_surge_during_a_storm_keeps_the_backlog_lower(storm):
    peak = {}
    for factor in (0.7, 2.0):
        backlogs = [
            run(override(storm, {"events.1.factor": factor}), seed)
            .model.state.log.backlog[5:16]
            .max()
            for seed in range(3)
        ]
        peak[factor] = float(np.mean(backlogs))
    assert peak[2.0] < 0.9 * peak[0.7], peak


def test_staff_cut_still_works_and_equals_staffing(storm):
    """A staff cut is a shock by its kind; a `staffing` cut says so with `role: shock`."""
    as_cut = override(storm, {"events.1.kind": "staff_cut", "events.1.factor": 0.6})
    as_staffing = override(storm, {"events.1.factor": 0.6, "events.1.role": "shock"})
    a, b = run(as_cut, 4).summary, run(as_staffing, 4).summary
    assert a == pytest.approx(b, nan_ok=True)


def test_a_no_op_staffing_surge_leaves_recovery_unchanged(storm):
    """Issue 29: a staffing surge of factor 1 changes nothing (every day identical), so the
    recovery clock, counted from the storm's end, must not move either. With the clock
    counted from the last event of any kind (the surge ends 4 days after the storm) it
    read 4 days less."""
    without = override(storm, {"events": EVENTS[:1]})
    a, b = run(storm, 5), run(without, 5)
    np.testing.assert_array_equal(a.model.state.log.backlog, b.model.state.log.backlog)
    assert np.isfinite(b.summary["recovery_days"])
    assert a.summary["recovery_days"] == b.summary["recovery_days"]
    assert a.summary["recovery_observed_days"] == b.summary["recovery_observed_days"]
    assert a.summary["shock_cases_cleared_days"] == b.summary["shock_cases_cleared_days"]


def test_a_staffing_event_marked_as_shock_moves_the_clock(storm):
    """`role: shock` makes a staffing event part of the shock (a cut that befalls the
    community); `role: response` takes a demand surge out of it (NaN: no shock left)."""
    shock = override(storm, {"events.1.role": "shock"})
    span_end = max(e.day + e.days - 1 for e in storm.events)
    assert run(shock, 5).summary["recovery_observed_days"] == storm.days - 1 - span_end
    only_response = override(storm, {"events.0.role": "response"})
    assert np.isnan(run(only_response, 5).summary["recovery_days"])
