"""Out-of-hours levers (issue 29 item 2; docs/ODD.md §7.5): an evening and weekend rota and
a duty officer for urgent categories move the 24-hour share counted from arising; off by
default, so Community Y runs exactly as before.

Seen red with the mechanism switched off (`work_rota` returning at once; `answer_urgent`
returning at once): the rota and duty-officer tests below fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SMALL, summary_differences

import govsim
from govsim.scenario.config import override
from govsim.scenario.schema import CATEGORIES

BEFORE = Path(__file__).parents[1] / "data" / "community_y_seed1_120d_before_issue29.json"
SATURDAY = 5  # day 0 is a Monday


SETTINGS = {
    "off": {},
    "rota": {"out_of_hours.rota_staff": 1.0},
    "duty": {"out_of_hours.duty_officer": True},
}


class Runs(dict):
    """The same seed without and with each lever, each run when first asked for."""

    def __init__(self, small) -> None:
        super().__init__()
        self.small = small

    def __missing__(self, name: str):
        self[name] = govsim.run(override(self.small, {**SMALL, "days": 100, **SETTINGS[name]}), 4)
        return self[name]


@pytest.fixture(scope="module")
def runs(small):
    return Runs(small)


def _cases(result) -> dict[str, np.ndarray]:
    book = result.model.state.cases
    return {name: col[: book.n] for name, col in book.columns.items()}


def test_the_levers_are_off_by_default_and_community_y_runs_as_before(community_y):
    """Community Y, seed 1, 120 days: every metric of the run made before the levers existed
    (main a73bf20) is identical."""
    before = json.loads(BEFORE.read_text())["summary"]
    now = govsim.run(override(community_y, {"days": 120}), 1).summary
    assert not summary_differences(before, now)


def test_a_weekend_rota_answers_saturday_reports_on_saturday(runs):
    """Departments rest on Saturday: without a rota no department case reported on a
    Saturday is begun that day; with one staff on the rota most of those reported before
    its end (21:00) are."""
    shares = {}
    for name in ("off", "rota"):
        c = _cases(runs[name])
        day = np.floor(c["time_reported"] / 24.0)
        saturday = (day % 7 == SATURDAY) & (c["time_reported"] % 24 < 20.0)
        department = saturday & (c["responder"] >= 0) & (c["responder"] < len(CATEGORIES))
        same_day = np.floor(c["time_acknowledged"][department] / 24.0) == day[department]
        shares[name] = same_day.mean()
    assert shares["off"] < 0.05 and shares["rota"] > 0.5, shares


def test_the_rota_raises_the_24_hour_share_from_arising(runs):
    off, rota = runs["off"].summary, runs["rota"].summary
    assert rota["response_within_24h_of_arising"] > off["response_within_24h_of_arising"] + 0.01
    assert rota["response_within_24h"] > off["response_within_24h"] + 0.05
    assert off["cost_out_of_hours"] == 0 < rota["cost_out_of_hours"]


def test_the_duty_officer_answers_urgent_cases_within_its_hours(runs):
    """Every dispatched safety case gets its first response `duty_response_hours` after
    dispatch; other categories as without the officer; the share from arising rises."""
    duty = runs["duty"].scenario.out_of_hours
    c = _cases(runs["duty"])
    safety = (c["category"] == CATEGORIES.index("safety")) & ~np.isnan(c["time_dispatched"])
    waited = c["time_acknowledged"][safety] - c["time_dispatched"][safety]
    np.testing.assert_allclose(waited, duty.duty_response_hours)
    off, on = runs["off"].summary, runs["duty"].summary
    assert on["response_within_24h_of_arising"] > off["response_within_24h_of_arising"]
    assert on["mean_days_to_resolve"] == off["mean_days_to_resolve"]  # work is not faster
    assert on["cost_out_of_hours"] == runs["duty"].scenario.costs.duty_officer_yuan_per_year


def test_a_rota_ending_before_the_offices_close_is_refused(community_y):
    with pytest.raises(Exception, match="rota_end_hour"):
        override(community_y, {"out_of_hours.rota_staff": 1.0, "out_of_hours.rota_end_hour": 17.0})
