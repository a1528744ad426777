"""Response as contact within the limit (rules/contact.py; issue 28 item 1).

The desk's contacts are recomputed from a finished run's records (each after its
dispatch, one at a time, at most the day's cap), and the desk is shown to carry the
response rate: switched off, the response rate falls back to "work begun within the
limit", which a slow street misses.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import govsim

TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
SLOW = {"days": 40, "responders.department_staff_hours_per_day": 20.0}
DESK = {"hotline.contact_desk": True, "hotline.contact_staff_hours_per_day": 6.0}


@pytest.fixture(scope="module")
def with_desk():
    return govsim.run(govsim.load(TINY, **SLOW, **DESK), seed=4)


def test_contacts_follow_the_desk_rule(with_desk):
    config, state = with_desk.scenario, with_desk.model.state
    c = {k: v[: state.cases.n] for k, v in state.cases.columns.items()}
    u = config.hotline.contact_hours_per_request
    reached = ~np.isnan(c["time_contacted"])
    assert reached.sum() > 100
    assert np.all(c["time_contacted"][reached] >= c["time_dispatched"][reached] + u - 1e-9)
    assert np.all(c["channel"][reached] != 2)  # patrol finds are not requests
    day = np.floor(c["time_contacted"][reached] / 24.0)
    cap = config.hotline.contact_staff_hours_per_day / u
    assert np.bincount(day.astype(int)).max() <= cap
    for d in np.unique(day):
        times = np.sort(c["time_contacted"][reached][day == d])
        assert np.all(np.diff(times) >= u - 1e-9)  # one contact at a time


def test_the_desk_carries_the_response_rate(with_desk):
    without = govsim.run(govsim.load(TINY, **SLOW), seed=4)
    on, off = with_desk.summary["response_rate"], without.summary["response_rate"]
    assert on > 0.95 and on > off + 0.1, (on, off)
