"""The hotline's calls: consultations as their own stream, by channel (rules/calls.py;
issue 28 item 1), and the promise that scenarios without a hotline do not change.

The consultations a run logs are checked against the rate the rule is given (a Poisson
count a day at the yearly rate per resident times the demand pattern: their total
within 4 standard deviations, the phone share within 4 binomial standard deviations).
Switched off (``consultations_per_resident_year`` 0) the stream logs nothing and the
calls equal the requests.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SMALL, summary_differences

import govsim
from govsim.scenario import events
from govsim.scenario.config import override

BEFORE = Path(__file__).parents[1] / "data" / "community_y_seed1_120d_before_issue28.json"
RATE = 0.6  # consultations per resident-year in the checks below


@pytest.fixture(scope="module")
def consulting(community_y):
    config = override(
        community_y, {**SMALL, "days": 200, "hotline.consultations_per_resident_year": RATE}
    )
    return govsim.run(config, seed=3)


def test_consultations_follow_their_rate_and_channel_split(consulting):
    config, state = consulting.scenario, consulting.model.state
    log = state.log
    phone, online = log.consultations_phone[:200], log.consultations_online[:200]
    expected = sum(
        RATE * state.residents.n / 365 * events.demand_multiplier(config, d) for d in range(200)
    )
    total = phone.sum() + online.sum()
    assert abs(total - expected) < 4 * np.sqrt(expected), (total, expected)
    p = config.hotline.consultation_phone_share
    assert abs(phone.sum() - p * total) < 4 * np.sqrt(total * p * (1 - p))


def test_calls_are_requests_plus_consultations(consulting):
    s = consulting.summary
    assert s["calls_per_resident_year"] > s["requests_per_resident_year"] + 0.5 * RATE


def test_without_consultations_calls_are_the_requests(community_y):
    config = override(community_y, {**SMALL, "days": 80})
    result = govsim.run(config, seed=3)
    log = result.model.state.log
    assert log.consultations_phone.sum() == 0 and log.consultations_online.sum() == 0
    assert result.summary["calls_per_resident_year"] == result.summary["requests_per_resident_year"]


def test_community_y_unchanged_by_the_hotline_model():
    """Every metric main had before issue 28 (community_y, 120 days, seed 1) is identical:
    the observation model and the reform's mechanisms are off outside Beijing."""
    before = json.loads(BEFORE.read_text())["summary"]
    now = govsim.run(govsim.load("community_y", days=120), seed=1).summary
    assert not summary_differences(before, now)
