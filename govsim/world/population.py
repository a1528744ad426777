"""Build Community Y's residents and households from a scenario and a Generator.

Nested units as in docs/ODD.md §2: community → grid (one per grid worker, S4) →
building → household → resident. Sizes and the 24 % share aged 60+ come from
S4 (§4.1). The age structure under 60 is the 2020
census's (cited in the scenario file, derivation in docs/calibration.md),
rescaled to S4's 24 % aged 60+; everything else is assumed and set in the
scenario file.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.attitudes import channel_preference, main_concern
from govsim.world.state import NEVER, Households, Residents

# Lowest and highest age of each S4 Table 2 bracket; 60+ is drawn as 60 + an
# exponential tail (population.elderly_age_tail_mean, capped at population.oldest_age).
_BRACKET_AGE = ((0, 20), (21, 30), (31, 40), (41, 50), (51, 59))  # enumeration: S4 Table 2


def _beta(
    rng: np.random.Generator, mean: np.ndarray | float, concentration: float, size: int
) -> np.ndarray:
    mean = np.clip(mean, 1e-3, 1 - 1e-3)  # algorithm: keeps both Beta parameters positive
    return rng.beta(mean * concentration, (1 - mean) * concentration, size).astype(np.float32)


def build_households(scenario: Scenario, rng: np.random.Generator) -> Households:
    """Households sorted by grid then building; sizes ≥ 1 summing to the residents."""
    p = scenario.population
    n_households, n_grids = p.households, p.grids
    size = 1 + rng.multinomial(p.residents - n_households, np.full(n_households, 1 / n_households))
    grid = np.repeat(
        np.arange(n_grids), np.diff(np.linspace(0, n_households, n_grids + 1).round().astype(int))
    )
    grid_size = np.bincount(grid, minlength=n_grids)
    grid_start = np.concatenate(([0], np.cumsum(grid_size)[:-1]))
    position = np.arange(n_households) - grid_start[grid]
    building = grid * p.buildings_per_grid + position * p.buildings_per_grid // grid_size[grid]
    community = grid * p.communities // n_grids
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    return Households(
        start=start.astype(np.int32),
        size=size.astype(np.int16),
        building=building.astype(np.int32),
        grid=grid.astype(np.int32),
        community=community.astype(np.int32),
        grid_start=grid_start.astype(np.int32),
        grid_size=grid_size.astype(np.int32),
        last_visit_day=np.full(n_households, NEVER, dtype=np.int32),
    )


def _ages(scenario: Scenario, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    p = scenario.population
    shares = np.array(p.age_shares.as_tuple())
    bracket = np.searchsorted(np.cumsum(shares), rng.random(n) * shares.sum(), side="right")
    bracket = np.minimum(bracket, len(shares) - 1)
    lo = np.array([a for a, _ in _BRACKET_AGE] + [60])[bracket]
    hi = np.array([b for _, b in _BRACKET_AGE] + [60])[bracket]
    age = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(int)
    tail = np.minimum(rng.exponential(p.elderly_age_tail_mean, n), p.oldest_age - 60).astype(int)
    age = np.where(bracket == len(shares) - 1, 60 + tail, age)
    return age.astype(np.int16), bracket.astype(np.int8)


def _initial_adoption(
    scenario: Scenario, rng: np.random.Generator, literacy: np.ndarray, is_adult: np.ndarray
) -> np.ndarray:
    """The most literate adults adopt first: rank on literacy's log-odds plus Gumbel noise
    of scale ``platform.initial_adoption_noise``."""
    plat = scenario.platform
    n_adopters = round(plat.initial_adoption * is_adult.sum())
    odds = literacy / (1 - literacy + 1e-6) + 1e-6  # algorithm: finite log-odds at 0 and 1
    score = np.log(odds) + rng.gumbel(0.0, plat.initial_adoption_noise, len(literacy))
    score[~is_adult] = -np.inf
    has_adopted = np.zeros(len(literacy), dtype=bool)
    if n_adopters:
        has_adopted[np.argsort(-score, kind="stable")[:n_adopters]] = True
    return has_adopted


def build_residents(
    scenario: Scenario, households: Households, rng: np.random.Generator
) -> Residents:
    p = scenario.population
    n = int(households.size.sum())
    household = np.repeat(np.arange(households.n, dtype=np.int32), households.size)
    age, bracket = _ages(scenario, rng, n)
    is_elderly = age >= 60
    is_adult = age >= p.adult_age
    literacy = _beta(
        rng,
        np.array(scenario.literacy.mean_by_age.as_tuple())[bracket],
        scenario.literacy.concentration,
        n,
    )
    has_adopted = _initial_adoption(scenario, rng, literacy, is_adult)
    t = scenario.trust
    q = scenario.participation
    civic = np.where(
        is_elderly,
        rng.beta(q.initial_propensity_a_elderly, q.initial_propensity_b_elderly, n),
        rng.beta(q.initial_propensity_a_under_60, q.initial_propensity_b_under_60, n),
    )
    is_party = is_adult & (rng.random(n) < p.party_member_share)
    in_group = is_adult & (rng.random(n) < p.social_group_member_share)
    n_groups = scenario.organisation.social_groups
    group = np.where(in_group & (n_groups > 0), rng.integers(0, max(n_groups, 1), n), -1)
    res = Residents(
        age=age,
        age_bracket=bracket,
        is_elderly=is_elderly,
        is_adult=is_adult,
        is_female=rng.random(n) < p.female_share,
        household=household,
        building=households.building[household],
        grid=households.grid[household],
        community=households.community[household],
        literacy=literacy,
        has_adopted=has_adopted,
        channel_preference=np.zeros(n, dtype=np.int8),
        concern=main_concern(scenario, rng, literacy),
        trust_government=_beta(rng, t.government_mean, t.concentration, n),
        trust_platform=_beta(rng, t.platform_mean, t.concentration, n),
        civic_propensity=civic.astype(np.float32),
        is_party_member=is_party,
        social_group=group.astype(np.int16),
        time_bank_balance=np.zeros(n, dtype=np.float32),
        last_participation_day=np.full(n, NEVER, dtype=np.int32),
        participation_count=np.zeros(n, dtype=np.int32),
        open_issues=np.zeros(n, dtype=np.int32),
        channel_personal=rng.normal(0.0, 1.0, n).astype(np.float32),
    )
    res.channel_preference = channel_preference(scenario, res)
    return res
