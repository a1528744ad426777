"""One-off costs stay one-off (issue 29 item 3): a temporary staffing surge is reported in
yuan per event (`one_off_cost`), the same whatever the summary window, and the yearly
running costs (`cost_staff_hours`, `yearly_cost`) leave it out. Before, the surge's
staff-hours were annualised over the window: the same 14-day surge read 1.6× dearer in
a 212-day summary (`govsim optimise`, storm_policy) than in a 337-day one (a sweep)."""

from __future__ import annotations

import pytest

from govsim.running.runner import run
from govsim.scenario.config import override
from govsim.simulation.metrics import INFO, format_value

STORM = {"kind": "demand_surge", "day": 20, "days": 5, "factor": 4.0}
SURGE = {"kind": "staffing", "day": 21, "days": 14, "factor": 2.0}


@pytest.fixture(scope="module")
def runs(small):
    scenario = override(small, {"days": 100, "events": [STORM, SURGE]})
    without = override(small, {"days": 100, "events": [STORM]})
    return run(scenario, 3), run(without, 3)


def test_a_surge_costs_the_same_yuan_in_a_short_and_a_long_window(runs):
    surged, _ = runs
    short, long = surged.summary_over(10, 60), surged.summary_over(10, 99)
    assert short["one_off_cost"] > 0
    assert short["one_off_cost"] == pytest.approx(long["one_off_cost"], rel=1e-12)


def test_running_costs_leave_the_surge_out(runs):
    """Staff-hours on duty do not depend on the draws, so without the surge's one-off
    hours the running cost is the same as a run without the surge; the surge's yuan equal
    the hours it added to the daily log (×2: half of its days' hours are extra)."""
    surged, without = runs
    for window in ((10, 60), (10, 99)):
        a, b = surged.summary_over(*window), without.summary_over(*window)
        assert a["cost_staff_hours"] == pytest.approx(b["cost_staff_hours"], rel=1e-12)
    log, k = surged.model.state.log, surged.scenario.costs
    days = slice(SURGE["day"], SURGE["day"] + SURGE["days"])
    added = (
        log.gov_hours_available[days].sum() * k.department_staff_hour_yuan
        + log.office_hours_available[days].sum() * k.office_staff_hour_yuan
        + log.social_hours_available[days].sum() * k.social_group_staff_hour_yuan
    ) / 2
    assert surged.summary_over(10, 99)["one_off_cost"] == pytest.approx(added, rel=1e-9)


def test_one_off_cost_is_yuan_per_event_and_prints_as_yuan():
    assert INFO["one_off_cost"].unit == "yuan_per_event"
    assert format_value("one_off_cost", 5_023_058.4) == "5,023,058"
