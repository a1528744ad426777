"""Pattern 4 (docs/ODD.md §1, S2): closed-loop case handling and
public evaluation make responders faster, each on its own (not bundled).

Community Y (7,500 residents), 120 days with the seasonal peak on day 60 (queues bind),
four seeds per arm. Closed loop alone: public ratings off in both arms; the closed loop
orders the queue (overdue first, then by report time) instead of an unordered pile, so
the slow tail (p90) shortens. Public ratings alone: closed loop off in both arms; effort
rises, a case needs fewer staff-hours, so the mean falls. Each is paired with the same
comparison with its mechanism switched off (no binding queue; no effort from ratings),
where the effect must vanish. Directions and margins were written before the first run.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import override

SEEDS = range(4)
NO_QUEUE = {
    "responders.department_staff_hours_per_day": 180.0,
    "responders.social_group_staff_hours_per_day": 40.0,
}


@pytest.fixture(scope="module")
def busy(community_y):
    return override(community_y, {"days": 120, "demand.seasonal_peak_day": 60})


def mean(scenario, kv: dict, metric: str) -> float:
    return float(
        np.nanmean([run(override(scenario, kv), s, series=False).summary[metric] for s in SEEDS])
    )


def closed_loop_effect(busy, extra: dict) -> float:
    base = {"platform.public_ratings": False, **extra}
    return mean(busy, {**base, "platform.closed_loop": False}, "p90_days_to_resolve") - mean(
        busy, {**base, "platform.closed_loop": True}, "p90_days_to_resolve"
    )


def ratings_effect(busy, extra: dict) -> float:
    base = {"platform.closed_loop": False, **extra}
    return mean(busy, {**base, "platform.public_ratings": False}, "mean_days_to_resolve") - mean(
        busy, {**base, "platform.public_ratings": True}, "mean_days_to_resolve"
    )


@pytest.mark.slow  # a prediction that did not come out guards nothing: recorded nightly
@pytest.mark.xfail(
    strict=True,
    reason="written before running: p90 falls ≥ 0.3 d with the "
    "closed loop; in tests/rules/test_responsiveness.py it rose by 0.87 d (p90 over "
    "resolved cases: a random pile leaves its starved cases unresolved, censored)",
)
def test_closed_loop_alone_shortens_the_slow_tail(busy):
    assert closed_loop_effect(busy, {}) > 0.3  # p90 days, ratings off in both arms


def test_closed_loop_without_a_binding_queue_changes_nothing(busy):
    assert abs(closed_loop_effect(busy, NO_QUEUE)) < 0.3


def test_public_ratings_alone_speed_up_handling(busy):
    assert ratings_effect(busy, {}) > 0.2  # mean days, closed loop off in both arms


def test_public_ratings_without_effort_change_nothing(busy):
    assert abs(ratings_effect(busy, {"responders.public_ratings_effort": 0.0})) < 0.2


def test_closed_loop_closes_resolved_cases_with_feedback(busy):
    on = mean(busy, {"platform.closed_loop": True}, "closure_rate")
    off = mean(busy, {"platform.closed_loop": False}, "closure_rate")
    assert on > off + 0.4
