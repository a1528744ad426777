"""Adoption and drop-out by thinning (govsim/core/sampling.py; runs of 100,000 residents
or more) draw the same events as one draw per resident: each resident's frequency over
many days drawn from one state is its chance, within sampling noise.

The statistic: residents are grouped (by decile of their chance, coached or not,
unanswered or not); in each group the count of events over R draws is compared with R
times the sum of the group's chances, as z = (observed − expected) / sd (a sum of
independent Bernoulli draws). Every |z| must stay below 4.5 and the mean z² below 3
(about 1 when the distributions agree). Seen red (the commit message has the numbers):
kept with ``chance`` instead of ``chance / bound`` (no thinning: frequencies × bound),
coached candidates drawn with the others' bound (their push left out), and an adopter
with an unanswered case given ``u`` instead of ``u / (1 − d)``.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.core import sampling
from govsim.rules import adoption
from govsim.scenario.config import load_scenario, override
from govsim.simulation.model import GovernanceModel

R = 3000  # draws from the one state (a test of this file takes about 0.6 s)
FREQUENT = {  # chances large enough that every group sees hundreds of events in R draws
    "adoption.external_push": 0.004,
    "adoption.peer_weight": 0.02,
    "adoption.coaching_push": 0.05,
    "adoption.dropout_base": 0.004,
    "adoption.unanswered_dropout": 0.03,
    "adoption.unanswered_days": 1,
    "responders.department_staff_hours_per_day": 4.0,  # a queue: unanswered online cases
}


@pytest.fixture(scope="module")
def day_60() -> GovernanceModel:
    """Community Y 60 days in, its adoption chances raised (FREQUENT)."""
    scenario = override(load_scenario("community_y"), {**FREQUENT, "days": 60})
    model = GovernanceModel(scenario, rng=11)
    for _ in range(60):
        model.step()
    return model


def z_scores(counts: np.ndarray, chance: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Per group: (events − R Σ chance) / √(R Σ chance (1 − chance))."""
    z = []
    for g in np.unique(groups):
        p = chance[groups == g]
        sd = np.sqrt(R * (p * (1 - p)).sum())
        z.append((counts[groups == g].sum() - R * p.sum()) / sd)
    return np.array(z)


def deciles(chance: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.quantile(chance, np.linspace(0.1, 0.9, 9)), chance)


def assert_same_distribution(z: np.ndarray) -> None:
    assert np.abs(z).max() < 4.5 and float(np.mean(z**2)) < 3.0, np.round(z, 2)


def test_thinned_rows_draw_each_row_with_the_bound():
    rng, n, bound = np.random.default_rng(1), 500, 0.03
    counts = np.zeros(n, dtype=np.int64)
    for _ in range(R):
        rows = sampling.thinned_rows(n, bound, rng)
        assert np.all(np.diff(rows) > 0)  # sorted, distinct
        counts[rows] += 1
    assert_same_distribution(z_scores(counts, np.full(n, bound), np.arange(n) % 10))


def test_adoption_by_thinning_has_each_candidate_s_chance(day_60):
    state, scenario, res = day_60.state, day_60.config, day_60.state.residents
    a, rng = scenario.adoption, np.random.default_rng(2)
    ties = state.network.share_among_ties(res.has_adopted)
    candidates = np.flatnonzero(res.is_adult & ~res.has_adopted)
    coached = np.isin(candidates, state.coached_today)
    assert 50 < coached.sum() < len(candidates) // 2  # both kinds are tested
    push = a.external_push + a.peer_weight * ties[candidates] + a.coaching_push * coached
    chance = adoption.adoption_chance(state, scenario, candidates, push)
    counts = np.zeros(res.n, dtype=np.int64)
    for _ in range(R):
        counts[adoption.who_adopts_thinned(state, scenario, rng, ties)] += 1
    assert counts.sum() == counts[candidates].sum()  # nobody else ever adopts
    groups = deciles(chance) + 10 * coached
    assert_same_distribution(z_scores(counts[candidates], chance, groups))


@pytest.mark.parametrize("daily, unanswered_dropout", [(0.004, 0.03), (0.2, 0.25)])
def test_drop_out_by_thinning_has_each_adopter_s_chance(
    day_60, monkeypatch, daily, unanswered_dropout
):
    """Also at chances too large to thin in a run (THIN_BELOW raised for the test), where
    the unanswered adopters' second draw, u / (1 − d), differs from u by a quarter."""
    monkeypatch.setattr(sampling, "THIN_BELOW", 0.9)
    state, res = day_60.state, day_60.state.residents
    a = day_60.config.adoption.model_copy(
        update={"dropout_base": daily, "unanswered_dropout": unanswered_dropout}
    )
    scenario, rng = day_60.config.model_copy(update={"adoption": a}), np.random.default_rng(3)
    adopters = np.flatnonzero(res.has_adopted)
    unanswered = np.isin(adopters, adoption.unanswered_reporters(state, scenario))
    assert 30 < unanswered.sum() < len(adopters) // 2  # both kinds are tested
    chance = adoption.daily_dropout(state, scenario) + a.unanswered_dropout * unanswered
    counts = np.zeros(res.n, dtype=np.int64)
    for _ in range(R):
        counts[adoption.who_drops_out_thinned(state, scenario, rng)] += 1
    assert counts.sum() == counts[adopters].sum()
    groups = adopters % 8 + 8 * unanswered  # eight arbitrary groups of each kind
    assert_same_distribution(z_scores(counts[adopters], chance, groups))


def test_only_runs_of_thinned_from_residents_thin():
    """Every community-sized run keeps its draws (and so its numbers: golden runs)."""
    for name in ("community_y", "beijing_2019", "district_100k"):
        scenario = load_scenario(name).model_copy(update={"days": 2})
        model = GovernanceModel(scenario, rng=1)
        assert model.state.tables.thinned == (scenario.population.residents >= 100_000)
