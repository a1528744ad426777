"""Pattern 3 (docs/ODD.md §1, S3): participation decays
without incentives and linkage mechanisms ("insufficient persistence of
linkage", "lack of incentive mechanisms").

Needs the participation rule (govsim/rules/participation.py, step 7). Small
population, a whole year, several seeds: with incentives off, the 30-day
participation rate at day 365 is well below its day-60 level (after the
launch campaign); with time-bank credit and participation points it holds up.

Each is paired with its mechanism switched off, where the pattern must vanish
(expected directions written before the runs; measured values print with -s):
without propensity decay and without the launch campaign's lift, participation
does not fall; with incentives that do not enter the join log-odds
(time_bank_weight = points_weight = 0), incentives do not keep it up.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import override

# 2 seeds (6 until issue 30: 30 runs of a year, ~45 s; 3 until its item 7's fifth step,
# 13.3 s on a clean clone): per seed, the fall from day 60 to 365 without incentives was
# 0.34, 0.13, 0.36 (seeds 0-2; 0.41, 0.36, 0.27 for seeds 3-5), incentives kept day 365 up
# by 0.60, 0.31, 0.63; without decay and campaign day 365 rose by 0.42, 0.43, 0.41; with
# inert incentives day 365 was exactly the no-incentive run's (2026-12-06, seeds 0-2). The
# margins (0.1, 0.2, −0.02, 0.2) hold on each seed, so on 2.
SEEDS = range(2)
NO_INCENTIVES = {"incentives.time_bank_credit": 0.0, "incentives.participation_points": 0.0}
INCENTIVES = {"incentives.time_bank_credit": 1.0, "incentives.participation_points": 1.0}
NO_DECAY = {
    "participation.propensity_decay_per_day": 0.0,
    "participation.launch_campaign_boost": 0.0,
}
INERT_INCENTIVES = {
    "participation.time_bank_weight": 0.0,
    "participation.points_weight": 0.0,
    "participation.help_hours": 100.0,
}  # banked hours cannot buy help either


def participation_on_days(scenario, days: tuple[int, ...] = (60, 365)) -> np.ndarray:
    """Mean over seeds of participation_rate on the given (1-based) days."""
    rates = []
    for seed in SEEDS:
        series = run(scenario, seed, series=["participation_rate"]).timeseries.set_index("day")[
            "participation_rate"
        ]
        rates.append([series.loc[d - 1] for d in days])
    return np.mean(rates, axis=0)


@pytest.fixture(scope="module")
def participation(small) -> dict[str, np.ndarray]:
    """Participation on days 60 and 365 of a year, incentives off and on."""
    year = override(small, {"days": 365})
    return {
        "off": participation_on_days(override(year, NO_INCENTIVES)),
        "on": participation_on_days(override(year, INCENTIVES)),
        "off_no_decay": participation_on_days(override(year, {**NO_INCENTIVES, **NO_DECAY})),
        "on_inert": participation_on_days(override(year, {**INCENTIVES, **INERT_INCENTIVES})),
        "off_inert": participation_on_days(override(year, {**NO_INCENTIVES, **INERT_INCENTIVES})),
    }


def test_participation_decays_without_incentives(participation):
    day60, day365 = participation["off"]
    print(f"\nMEASURED days 60/365, no incentives: {day60:.4f} {day365:.4f}")
    assert day365 < day60 - 0.1, (day60, day365)


def test_without_decay_or_campaign_participation_does_not_fall(participation):
    day60, day365 = participation["off_no_decay"]
    print(f"\nMEASURED days 60/365, no decay, no campaign: {day60:.4f} {day365:.4f}")
    assert day365 > day60 - 0.02, (day60, day365)


def test_incentives_keep_participation_up(participation):
    without, with_incentives = participation["off"][1], participation["on"][1]
    print(f"\nMEASURED day 365 without/with incentives: {without:.4f} {with_incentives:.4f}")
    assert with_incentives > without + 0.2, (without, with_incentives)


def test_incentives_outside_the_join_odds_keep_nothing_up(participation):
    without, with_incentives = participation["off_inert"][1], participation["on_inert"][1]
    print(f"\nMEASURED day 365, inert incentives: {without:.4f} {with_incentives:.4f}")
    assert abs(with_incentives - without) < 0.2, (without, with_incentives)
