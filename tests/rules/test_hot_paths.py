"""Faster paths of the daily rules give the numbers of the plain computation they replace.

Each shortcut here was measured in a run of Community Y (docs/DEVELOPING.md, "Speed") and
is checked against the plain form on a state 120 days into a run (a real spread of
literacy, adoption, experience and participation), with random subsets of residents.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.scenario.config import load_scenario
from govsim.simulation.model import GovernanceModel


@pytest.fixture(scope="module")
def day_120() -> GovernanceModel:
    scenario = load_scenario("community_y").model_copy(update={"days": 120})
    model = GovernanceModel(scenario, rng=5)
    for _ in range(120):
        model.step()
    return model


def test_channel_preference_of_some_rows_equals_the_whole_column(day_120):
    """Reporting and the survey compute channel preference for the rows they read only
    (0.46 ms a day less); a resident's answer must not depend on who else is computed."""
    from govsim.world.attitudes import channel_preference

    scenario, res, rng = day_120.config, day_120.state.residents, np.random.default_rng(3)
    whole = channel_preference(scenario, res)
    assert np.array_equal(res.channel_preference, whole)  # refreshed on the last day
    assert len(np.unique(whole)) >= 3  # a real spread of answers, not a constant
    for rows in (rng.integers(0, res.n, 40), rng.permutation(res.n)[:999], np.zeros(0, int)):
        assert np.array_equal(channel_preference(scenario, res, rows), whole[rows])


def test_join_chances_of_invitees_equal_everyone_s(day_120):
    """Join chances are computed only for the residents invited (the day's offline
    activities' invitees in one go; the online pool, every adopting adult): they equal
    the whole-population array the rule computed before issue 32, for every kind, and the
    online pool's expected joiners are that array's sum over the pool."""
    from govsim.core.stats import logistic
    from govsim.rules.participation import ONLINE, DayChances, invited, join_logit

    state, scenario, res = day_120.state, day_120.config, day_120.state.residents
    pull = np.random.default_rng(4).random(state.residents.n) < 0.3
    rng = np.random.default_rng(5)
    whole = [logistic(join_logit(state, scenario, slice(None), k, pull)) for k in range(4)]
    assert all(0.0 < w.min() < w.max() < 1.0 for w in whole)
    grids = rng.integers(0, scenario.population.grids, 12).tolist()
    kinds = [0, 1, 2, ONLINE, 1, 0, 2, 2, 1, 0, 1, 2]
    chances = DayChances(state, scenario, pull, list(zip(range(12), grids, kinds, strict=True)))
    for i, (grid, kind) in enumerate(zip(grids, kinds, strict=True)):
        if kind != ONLINE:
            who, chance = chances.offline(i)
            assert np.array_equal(who, invited(state, scenario, grid, kind)) and len(who)
            assert np.array_equal(chance, whole[kind][who])
    for who in (rng.integers(0, state.residents.n, 700), np.zeros(0, int)):
        assert np.array_equal(chances.of(1, who), whole[1][who])
    online = chances.online_pool()
    assert np.array_equal(online.who, np.flatnonzero(res.is_adult & res.has_adopted))
    assert np.array_equal(online.chance, whole[ONLINE][online.who])
    assert online.expected == float(whole[ONLINE][online.who].sum()) > 0


def test_add_count_equals_numpy_add_at_with_repeated_rows():
    """The typed-scalar ufunc.at (fast path) counts repeated rows like the plain one."""
    from govsim.world.state import add_count

    rng = np.random.default_rng(6)
    for dtype in (np.int32, np.int64, np.int16):
        counter = rng.integers(0, 50, 1_000).astype(dtype)
        rows = rng.integers(0, 1_000, 3_000)  # many repeats
        for amount in (1, -1, 3):
            expected = counter.astype(np.int64)
            np.add.at(expected, rows, amount)
            add_count(counter, rows, amount)
            assert counter.dtype == dtype and np.array_equal(counter, expected)


def test_first_visits_equal_numpy_unique():
    """Households visited: the stable sort gives np.unique's households and first visits."""
    from govsim.rules.patrol import first_visits

    rng = np.random.default_rng(7)
    for n in (0, 1, 5, 300, 3_000):
        visited = rng.integers(0, max(n // 3, 1), n)  # many repeats
        worker = rng.integers(0, 40, n)
        households, index = np.unique(visited, return_index=True)
        got = first_visits(visited, worker)
        assert np.array_equal(got[0], households) and np.array_equal(got[1], worker[index])


def test_among_equals_a_mask_over_everyone():
    """Adoption finds coached candidates and unanswered adopters by binary search: the
    positions a mask over every resident gives (repeats and outsiders in `who`)."""
    from govsim.rules.adoption import among

    rng = np.random.default_rng(8)
    for n in (0, 1, 50, 5_000):
        rows = np.flatnonzero(rng.random(n) < 0.4)
        for who in (rng.integers(0, max(n, 1), 300), np.zeros(0, dtype=np.int64)):
            mask = np.zeros(max(n, 1), dtype=bool)
            mask[who] = True
            assert np.array_equal(np.unique(among(rows, who)), np.flatnonzero(mask[rows]))
