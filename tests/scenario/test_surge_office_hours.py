"""A staffing surge lifts the community office's hours while it lasts, and only then
(issue 29 item 8d).

A surge naming no categories multiplies every responder's staff-hours, the community
office's included (govsim/scenario/events.py: office_staff_factor, read by
rules/dispatch.py each day). Nothing checked the office's hours, so a surge whose office
share was never undone at its end passed. The office's hours are recomputed day by day
from the scenario and compared with the run's own record (``state.log
.office_hours_available``, which the running cost also reads).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import govsim
from govsim.scenario.events import DAYS_PER_WEEK

TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
SURGE = {"kind": "staffing", "day": 3, "days": 4, "factor": 2.0}  # Thursday to Sunday
DAYS = 15  # the surge, and more than a week after it


def office_hours(events: list[dict]) -> tuple[np.ndarray, object]:
    config = govsim.load(TINY, days=DAYS, events=events)
    result = govsim.run(config, seed=3)
    return result.model.state.log.office_hours_available[:DAYS], config


def test_the_office_works_surge_hours_during_the_surge_and_its_own_hours_after():
    surged, config = office_hours([SURGE])
    plain, _ = office_hours([])
    r = config.responders
    day = np.arange(DAYS)
    working = day % DAYS_PER_WEEK < r.working_days_per_week
    during = (day >= SURGE["day"]) & (day < SURGE["day"] + SURGE["days"])
    want = r.community_office_staff_hours_per_day * working * np.where(during, SURGE["factor"], 1)
    np.testing.assert_allclose(surged, want)
    np.testing.assert_allclose(plain, r.community_office_staff_hours_per_day * working)
    after = day >= SURGE["day"] + SURGE["days"]
    assert (working & after).sum() >= 5  # a full working week after the surge
    np.testing.assert_array_equal(surged[after], plain[after])
    assert surged[during & working].min() > plain[during & working].max()
