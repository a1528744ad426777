"""The 12345 hotline KPIs (issue 19 item 1): hand-counted cases and a finished run's records.

Definitions: govsim/data/beijing_12345_baseline.json `kpi_definitions`; the reading of a
rating as "solved"/"satisfied" is the schema's `kpi:` section (assumed).
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import override
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel
from govsim.world.state import CaseBook, Channel, Status

NAN = float("nan")
# category: 0 repairs (24 h), 1 sanitation (24 h), 2 safety (2 h), 3 dispute (360 h),
# 4 elderly care (168 h), 5 property (168 h)
HAND = [  # (category, channel, time_reported, time_acknowledged, day_closed, quality, satisf.)
    (0, Channel.ONLINE, 10.0, 20.0, 2, 0.8, 0.7),  # A: on time; solved, satisfied
    (2, Channel.OFFLINE, 30.0, 33.0, 3, 0.4, 0.55),  # B: 3 h > 2 h late; neither
    (1, Channel.PATROL, 5.0, 6.0, 1, 0.9, 0.9),  # C: found on patrol, not a request
    (3, Channel.ONLINE, 100.0, NAN, -1, 0.0, 0.0),  # D: limit ends after the window
    (5, Channel.ONLINE, 40.0, NAN, -1, 0.0, 0.0),  # E: never contacted within 168 h
    (0, Channel.OFFLINE, 50.0, 70.0, 12, 0.9, 0.9),  # F: on time; rated after the window
    (4, Channel.ONLINE, 60.0, 100.0, 5, 0.6, 0.5),  # G: on time; solved, not satisfied
]
# counted by hand over days 0-9 (240 h): eligible for response A B E F G, on time A F G;
# rated in the window A B G: solved A G, satisfied A; requests A B D E F G
EXPECTED = {"response_rate": 3 / 5, "resolution_rate": 2 / 3, "satisfaction_rate": 1 / 3}


def hand_state(small):
    model = GovernanceModel(override(small, {"days": 5}), 1)
    state = model.state
    book = CaseBook(capacity=16)
    t_rep = np.array([c[2] for c in HAND])
    closed = np.array([c[4] for c in HAND], dtype=np.int32)
    book.add(
        **{
            "category": np.array([c[0] for c in HAND], dtype=np.int8),
            "channel": np.array([c[1] for c in HAND], dtype=np.int8),
            "reporter": np.arange(len(HAND), dtype=np.int32),
            "status": np.where(closed >= 0, Status.CLOSED, Status.DISPATCHED).astype(np.int8),
            "day_raised": (t_rep // 24).astype(np.int32),
            "day_reported": (t_rep // 24).astype(np.int32),
            "day_dispatched": (t_rep // 24).astype(np.int32),
            "day_closed": closed,
            "time_reported": t_rep,
            "time_acknowledged": np.array([c[3] for c in HAND]),
            "quality": np.array([c[5] for c in HAND], dtype=np.float32),
            "satisfaction": np.array([c[6] for c in HAND], dtype=np.float32),
        }
    )
    state.cases = book
    return state, model.config


def test_kpis_equal_hand_counted_cases(small):
    state, scenario = hand_state(small)
    values = metrics.evaluate(state, scenario, 0, 9)
    for name, expected in EXPECTED.items():
        assert values[name] == pytest.approx(expected), name
    assert values["requests_per_resident_year"] == pytest.approx(6 / state.residents.n * 365 / 10)


def test_rating_thresholds_are_the_schema_keys(small):
    state, scenario = hand_state(small)
    strict = override(scenario, {"kpi.solved_quality_from": 0.7, "kpi.satisfied_from": 0.5})
    values = metrics.evaluate(state, strict, 0, 9)
    assert values["resolution_rate"] == pytest.approx(1 / 3)  # A only
    assert values["satisfaction_rate"] == pytest.approx(3 / 3)  # A, B, G


def test_kpis_recomputed_from_a_finished_runs_case_records(small):
    result = run(override(small, {"days": 60, "warmup_days": 0}), 3)  # the whole run
    s, cases = result.summary, result.model.state.cases
    hi = 59
    kpi = result.scenario.kpi
    request = cases.channel != Channel.PATROL
    limits = np.array(
        [
            getattr(kpi.response_limit_hours, c)
            for c in ("repairs", "sanitation", "safety", "dispute", "elderly_care", "property")
        ]
    )[cases.category]
    eligible = (
        request & (cases.day_dispatched >= 0) & (cases.time_reported + limits <= (hi + 1) * 24)
    )
    on_time = np.nan_to_num(cases.time_acknowledged - cases.time_reported, nan=np.inf) <= limits
    rated = request & (cases.day_closed >= 0)
    assert eligible.sum() > 50 and rated.sum() > 50
    assert s["response_rate"] == pytest.approx((on_time & eligible).sum() / eligible.sum())
    assert s["resolution_rate"] == pytest.approx(
        (cases.quality[rated] >= kpi.solved_quality_from).mean()
    )
    assert s["satisfaction_rate"] == pytest.approx(
        (cases.satisfaction[rated] >= kpi.satisfied_from).mean()
    )
    assert s["requests_per_resident_year"] == pytest.approx(
        (request & (cases.day_reported >= 0)).sum() / result.model.state.residents.n * 365 / 60
    )
