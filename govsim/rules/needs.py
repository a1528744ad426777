"""Step 1, needs: residents raise issues (docs/ODD.md §7.1; rates and categories assumed).

Adults raise issues at `needs.issues_per_adult_year`, residents aged 60+ at
`needs.elderly_multiplier` times that; a share of a 60+ resident's issues is
elderly care. Children raise none.

Demand varies (docs/ODD.md §3 step 5): the day's rate is multiplied by the weekly
and seasonal pattern of `demand` and by any `demand_surge` event on that day
(:mod:`govsim.scenario.events`), whose factor applies to its categories only (its extra
issues are not turned into elderly care).
"""

from __future__ import annotations

import numpy as np

from govsim.scenario import events
from govsim.scenario.schema import CATEGORIES, Scenario
from govsim.world.state import Residents, SimState, Status, add_count

ELDERLY_CARE = CATEGORIES.index("elderly_care")

NO_ZERO = 1e-12  # algorithm: keeps 1 / surge finite when a surge factor is 0


def issue_rates(residents: Residents, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Run tables (``issue_cdf``, ``category_mix``): cumulative daily issue rates over
    residents, and the expected category mix (the population is fixed for a run)."""
    rate = residents.is_adult * np.where(
        residents.is_elderly, scenario.needs.elderly_multiplier, 1.0
    )
    issue_cdf = np.cumsum(rate * scenario.needs.issues_per_adult_year / 365.0)
    return issue_cdf, expected_category_mix(residents, scenario, rate)


def category_shares(scenario: Scenario) -> np.ndarray:
    """Run table ``category_shares``: `needs.category_shares` as an array."""
    return np.array(scenario.needs.category_shares.as_tuple())


def expected_category_mix(residents: Residents, scenario: Scenario, rate: np.ndarray) -> np.ndarray:
    """Expected share of issues per category, after a 60+ resident's issues turn into
    elderly care (what a street office staffing its departments would plan for)."""
    total = float(rate.sum())
    elderly = float(rate[residents.is_elderly].sum()) / total if total else 0.0
    care = elderly * scenario.needs.elderly_care_share_60plus
    mix = np.array(scenario.needs.category_shares.as_tuple()) * (1.0 - care)
    mix[ELDERLY_CARE] += care
    return mix


RAISE_HOUR_STREAM = 22  # algorithm: the spawn-key entry of the hour-raised stream (issue 22)


def raise_hour_rng(rng: np.random.Generator) -> np.random.Generator:
    """The stream that draws the hour an issue arises: a child of the run's SeedSequence
    (its spawn key extended by RAISE_HOUR_STREAM, made directly rather than by
    ``spawn``, which would count children on the caller's SeedSequence and give a rerun
    with the same seed object another child). Made once, when the model is built
    (``state.raise_hour_rng``). It draws nothing from the run's own stream,
    so recording the hour left every other number of a run unchanged (issue 22). Uniform
    over the day (assumed: no daily rhythm of needs); a case reported on the day it arose
    is moved before its report (:func:`govsim.rules.dispatch.stamp_report_times`)."""
    return child_stream(rng, RAISE_HOUR_STREAM)


def child_stream(rng: np.random.Generator, key: int) -> np.random.Generator:
    """A stream of its own for one part of a run: a child of the run's SeedSequence, its
    spawn key extended by `key` (see :func:`raise_hour_rng`)."""
    seq = rng.bit_generator.seed_seq
    child = np.random.SeedSequence(
        seq.entropy, spawn_key=(*seq.spawn_key, key), pool_size=seq.pool_size
    )
    return np.random.Generator(type(rng.bit_generator)(child))


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 1, needs (docs/ODD.md §7.1; S4 Community Y's residents, rates assumed):
    residents raise today's issues, by category, as new cases."""
    issue_cdf = state.tables.issue_cdf
    base = float(issue_cdf[-1]) if len(issue_cdf) else 0.0
    surge = events.category_surge(scenario, state.day)  # None on a day without a surge
    mix = state.tables.category_shares
    weights = mix if surge is None else mix * surge
    total = base * events.demand_multiplier(scenario, state.day) * float(weights.sum())
    total *= state.demand_growth  # a reform's uptake (simulation/reform.py); 1 without it
    k = int(rng.poisson(total)) if total > 0 else 0
    if k == 0:
        return
    res = state.residents
    who = np.searchsorted(issue_cdf, rng.random(k) * base, side="right")
    who = np.minimum(who, res.n - 1)
    shares = np.cumsum(weights)
    category = np.minimum(
        np.searchsorted(shares, rng.random(k) * shares[-1], side="right"), len(CATEGORIES) - 1
    )
    care = res.is_elderly[who] & (rng.random(k) < scenario.needs.elderly_care_share_60plus)
    # a surge's extra issues keep their category (a storm's repairs)
    if surge is not None and np.any(surge != 1.0):
        care &= rng.random(k) >= np.maximum(1.0 - 1.0 / np.maximum(surge, NO_ZERO), 0.0)[category]
    category[care] = ELDERLY_CARE
    state.cases.add(
        category=category,
        reporter=who,
        household=res.household[who],
        grid=res.grid[who],
        status=np.full(k, Status.RAISED),
        day_raised=np.full(k, state.day),
        time_raised=state.day * 24.0 + 24.0 * state.raise_hour_rng.random(k),
        is_cross_department=rng.random(k) < scenario.needs.cross_department_share,
    )
    add_count(res.open_issues, who)
