"""Pattern 2 (MODEL.md §1, S4): elderly residents adopt the platform less and
rely on offline channels (24 % of Community Y is 60+, 7.68 % of respondents).

Asserted over several seeds on the small population (Community Y's rules,
900 residents, 120 days) with a margin.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.runner import run
from govsim.state import Channel

SEEDS = range(6)


@pytest.fixture(scope="module")
def runs(small):
    return [run(small, seed) for seed in SEEDS]


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


def test_the_digital_divide_metric_is_the_adoption_gap(runs):
    for r in runs:
        s = r.summary
        assert s["digital_divide"] == pytest.approx(s["adoption_rate_under60"]
                                                    - s["adoption_rate_60plus"])
        assert s["digital_divide"] > 0.2
