"""The monthly ranking of a hotline reform (simulation/ranking.py; issue 19 item 5).

The gains are recomputed with numpy from the month-by-month record of a finished run
(shortfall = 1 − mean of the three rates of each month), and the ranking is shown to
raise the resolution rate against the same runs without it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import govsim
from govsim.simulation import metrics
from govsim.simulation.ranking import RATES

TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
RANKED = {
    "ranking.enabled": True,
    "ranking.start_day": 5,
    "ranking.month_days": 5,
    "responders.quality_mean": 0.55,
    "days": 60,
}


def test_gains_follow_the_rule_recomputed_from_the_monthly_record():
    result = govsim.run(govsim.load(TINY, **RANKED), seed=2)
    state, config = result.model.state, result.scenario
    r = config.ranking
    history = state.ranking_history
    assert len(history) == (60 - 5) // 5
    shortfalls, quality, effort = [], 0.0, 1.0
    for month, row in enumerate(history):
        end = r.start_day + r.month_days * (month + 1) - 1
        values = metrics.evaluate(state, config, end - r.month_days + 1, end)
        rates = [values[k] for k in RATES if values[k] == values[k]]
        shortfalls.append(1 - np.mean(rates))
        pressure = r.pressure * shortfalls[-1] / shortfalls[0]
        quality += (
            r.quality_learning * pressure * (r.quality_ceiling - 0.55 - quality) - r.decay * quality
        )
        effort += r.effort_learning * pressure * (r.effort_ceiling - effort) - r.decay * (
            effort - 1
        )
        assert row["shortfall"] == pytest.approx(shortfalls[-1])
        assert row["quality_gain"] == pytest.approx(quality)
        assert row["effort_gain"] == pytest.approx(effort)
    assert state.quality_gain > 0.02 and state.effort_gain > 1.02
    coordination = [b.coordination for b in state.party_organisations]
    assert coordination == pytest.approx(
        [0.5 + 0.5 * min(len(history) / r.whistle_months, 1)] * len(coordination)
    )


def test_the_ranking_raises_resolution_over_the_same_seeds():
    on = govsim.load(TINY, **RANKED)
    off = govsim.load(TINY, **{**RANKED, "ranking.enabled": False})
    late = {"lo": 35, "hi": 59}

    def late_resolution(config, seed):
        state = govsim.run(config, seed=seed).model.state
        return metrics.evaluate(state, config, late["lo"], late["hi"])["resolution_rate"]

    gain = [late_resolution(on, s) - late_resolution(off, s) for s in range(3)]
    assert np.mean(gain) > 0.03


def test_without_the_ranking_nothing_changes():
    config = govsim.load(TINY, days=30)
    state = govsim.run(config, seed=1).model.state
    assert state.ranking_history == [] and state.quality_gain == 0.0
    assert state.effort_gain == 1.0
