"""Pattern 1 (docs/ODD.md §1): the Community Y questionnaire (S4 Tables 2-5) as a
measurement of the simulated community on the survey day.

What the survey mechanism must produce, and can fail to: because questionnaires
reach platform users online and middle-aged adults door to door, and the literate
return them more often, the respondents are far younger and lean online far more
than the adults they are drawn from (S4: 24 % of residents are 60+, 7.68 % of
respondents). Switched off (questionnaires to adults uniformly at random, returns
independent of the person), respondents look like the adults. Both surveys are
taken of the same simulated community on the same day (Community Y, day 365), so
only the survey mechanism differs. How close the cells come to S4 is reported in
docs/calibration.md, not asserted: the fitted cells are fitted, the held-out cells
are predictions with errors we report.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.evidence.survey import conduct, run_to_survey_day
from govsim.scenario.config import override

SEEDS = range(100, 103)
UNIFORM_REACH = {
    "survey.online_share": 0.0,
    "survey.door_to_door_middle_aged_weight": 1.0,
    "survey.response_literacy": 0.0,
    "survey.response_adopted": 0.0,
    "survey.response_elderly": 0.0,
}


@pytest.fixture(scope="module")
def surveyed(community_y):
    """(adults' 60+ share, adults' online-leaning share, survey on, survey off) per seed."""
    out = []
    uniform = override(community_y, UNIFORM_REACH)
    for seed in SEEDS:
        model = run_to_survey_day(community_y, seed)
        res = model.state.residents
        adults = res.is_adult
        on = conduct(res, community_y, model.rng, day=model.day)
        off = conduct(res, uniform, model.rng, day=model.day)
        out.append(
            (res.is_elderly[adults].mean(), np.mean(res.channel_preference[adults] <= 1), on, off)
        )
    return out


def elderly_share(result) -> float:
    return float(np.mean(result.answers["table_2"] == 5))


def online_leaning(result) -> float:
    return float(np.mean(result.answers["table_4"] <= 1))


def test_respondents_are_far_younger_than_the_adults(surveyed):
    """S4: 7.68 % of respondents 60+, 24 % of residents."""
    adults = np.mean([s[0] for s in surveyed])
    respondents = np.mean([elderly_share(s[2]) for s in surveyed])
    assert respondents < adults / 2, (adults, respondents)


def test_with_uniform_reach_respondents_are_as_old_as_the_adults(surveyed):
    adults = np.mean([s[0] for s in surveyed])
    respondents = np.mean([elderly_share(s[3]) for s in surveyed])
    assert abs(respondents - adults) < 0.04, (adults, respondents)


def test_respondents_lean_online_more_than_the_adults(surveyed):
    adults = np.mean([s[1] for s in surveyed])
    respondents = np.mean([online_leaning(s[2]) for s in surveyed])
    assert respondents > adults + 0.1, (adults, respondents)


def test_with_uniform_reach_respondents_lean_online_like_the_adults(surveyed):
    adults = np.mean([s[1] for s in surveyed])
    respondents = np.mean([online_leaning(s[3]) for s in surveyed])
    assert abs(respondents - adults) < 0.04, (adults, respondents)
