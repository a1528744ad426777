"""Pattern 2 (docs/ODD.md §1, S4): elderly residents adopt the platform less and
rely on offline channels (24 % of Community Y is 60+, 7.68 % of respondents).

Asserted over several seeds on the small population (Community Y's rules,
900 residents, 120 days) with a margin. The mechanism is the literacy gap by age
(literacy gates adoption and online reporting) plus the elderly's offline habit
(`reporting.elderly_offline_bonus`, `attitudes.channel_elderly_weight`); switched
off (the same literacy at every age, no offline habit), the gaps must vanish.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import override
from govsim.world.state import Channel

SEEDS = range(6)
NO_AGE_GAP = {
    **{
        f"literacy.mean_by_age.{b}": 0.6
        for b in ("le_20", "age_21_30", "age_31_40", "age_41_50", "age_51_60", "ge_60")
    },
    "reporting.elderly_offline_bonus": 1.0,
    "attitudes.channel_elderly_weight": 0.0,
}


@pytest.fixture(scope="module")
def runs(small):
    return [run(small, seed) for seed in SEEDS]


@pytest.fixture(scope="module")
def runs_off(small):
    return [run(override(small, NO_AGE_GAP), seed) for seed in SEEDS]


def offline_share_of_reports(result, elderly: bool) -> float:
    """Share of an age group's reported cases that went offline or were found on patrol."""
    cases, residents = result.model.state.cases, result.model.state.residents
    mine = (cases.day_reported >= 0) & (residents.is_elderly[cases.reporter] == elderly)
    offline = (cases.channel == Channel.OFFLINE) | (cases.channel == Channel.PATROL)
    return float(offline[mine].mean())


def test_elderly_adopt_the_platform_much_less_at_day_0_and_at_the_end(runs):
    for when in (0, -1):
        young = np.mean([r.timeseries["adoption_rate_under60"].iloc[when] for r in runs])
        old = np.mean([r.timeseries["adoption_rate_60plus"].iloc[when] for r in runs])
        assert old < young - 0.25, (when, old, young)


def test_elderly_reports_go_offline_or_on_patrol_more_often(runs):
    old = np.mean([offline_share_of_reports(r, elderly=True) for r in runs])
    young = np.mean([offline_share_of_reports(r, elderly=False) for r in runs])
    assert old > young + 0.15
    assert old > 0.75


def test_without_the_literacy_gap_and_offline_habit_the_elderly_are_like_the_rest(runs_off):
    for when in (0, -1):
        young = np.mean([r.timeseries["adoption_rate_under60"].iloc[when] for r in runs_off])
        old = np.mean([r.timeseries["adoption_rate_60plus"].iloc[when] for r in runs_off])
        assert abs(old - young) < 0.05, (when, old, young)
    old = np.mean([offline_share_of_reports(r, elderly=True) for r in runs_off])
    young = np.mean([offline_share_of_reports(r, elderly=False) for r in runs_off])
    assert abs(old - young) < 0.05, (old, young)
