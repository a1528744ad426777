"""Step 7, participation: activities and who joins them (docs/ODD.md §7.7).

Party branches and social groups hold activities (S0
"action community"; S3 smart party building):
deliberation meetings, volunteer service, cultural events in public space
(S1 B community activity centre) and online
activities, which need the platform up and the resident an adopter.

An invited adult joins with a logistic probability of civic propensity,
a launch campaign's mobilisation in the first days of the run,
trust in government, incentives (time-bank credit for volunteering, S1 G
community; participation points), party mobilisation of members, and a
*complex contagion* term: a pull that applies only once at least
`contagion_threshold` of one's ties took part in the last `contagion_memory_days`
(a share, not one contact: Centola found clustered networks spread such behaviour
further, 54 % vs 38 % on random ones).

Taking part earns time-bank hours (S1), forms ties between co-participants
(S1 "relationship production"), raises trust (S1 "emotional production")
and propensity; without it propensity decays (S3 "insufficient persistence
of linkage", "lack of incentive mechanisms"). With the offline channel gone
(digital only) activities are announced and joined only on the platform.

Scale (docs/scale.md): join chances are computed once a day for everyone (a
resident's log-odds cannot change within the day: only joiners' propensity and
trust move, and a joiner is not invited again that day). An activity whose
invitees far outnumber its seats (online ones in a district: every adopter is
invited) goes through the invitees in random order and keeps the first
`seats_per_activity` who join, instead of drawing every invitee and then the
seats among the joiners: the same distribution, drawing only about
seats / join chance invitees.
"""

from __future__ import annotations

import numpy as np

from govsim.core.stats import logistic
from govsim.scenario.schema import Scenario
from govsim.world.state import SimState

DELIBERATION, VOLUNTEER, CULTURAL, ONLINE = range(4)  # enumeration: names, not a number

# Algorithm constants of first_joiners_in_random_order, not model assumptions: they
# change how many random numbers are drawn, never the distribution of who joins.
SAMPLE_WHEN_EXPECTED_OVER = 4  # algorithm: seats × this expected joiners → draw in order
DRAW_MARGIN = 1.25  # algorithm: positions drawn per seat still needed ÷ join chance
DRAW_EXTRA = 32  # algorithm: positions always drawn on top
FULL_DRAW_FROM = 4  # algorithm: after pool ÷ this positions, draw the rest in full


def activity_rates(scenario: Scenario, branches: int, groups: int) -> np.ndarray:
    """Run table ``activity_rates``: daily chance that each organiser (the `branches` grid
    party branches, then the `groups` social groups) holds an activity."""
    p = scenario.participation
    return (
        np.array(
            [p.activities_per_branch_month] * branches + [p.activities_per_group_month] * groups
        )
        / 30.0
    )


def activity_mix(scenario: Scenario) -> tuple[np.ndarray, float]:
    """Run tables ``activity_cumulative``, ``activity_total``: cumulative weights of the
    kinds of activity and their total (online ones off when the platform has none)."""
    mix = np.array(scenario.participation.activity_mix.as_tuple())
    if not scenario.platform.online_activities:
        mix[ONLINE] = 0.0
    return np.cumsum(mix), float(mix.sum())


def hold_activities(
    state: SimState, scenario: Scenario, rng: np.random.Generator
) -> list[tuple[int, int, int]]:
    """Today's activities as (organiser index, host grid, kind); organisers are the
    grid party branches then the social groups."""
    branches = state.party_organisations[1:]
    tables = state.tables
    rates, cumulative, total = (
        tables.activity_rates,
        tables.activity_cumulative,
        tables.activity_total,
    )
    held = np.flatnonzero(rng.random(len(rates)) < rates)
    if not len(held) or total == 0:
        return []
    kinds = np.minimum(
        np.searchsorted(cumulative, rng.random(len(held)) * total, side="right"),
        len(cumulative) - 1,
    )
    host = np.where(
        held < len(branches), held, rng.integers(0, scenario.population.grids, len(held))
    )
    held, host, kinds = held.tolist(), host.tolist(), kinds.tolist()
    return list(zip(held, host, kinds, strict=True))


def join_logit(
    state: SimState, scenario: Scenario, who: np.ndarray, kind: int, social_pull: np.ndarray
) -> np.ndarray:
    """Log-odds that each invited resident in `who` joins an activity of `kind`."""
    res, p, inc = state.residents, scenario.participation, scenario.incentives
    logit = (
        p.base_logit
        + p.propensity_weight * res.civic_propensity[who]
        + p.trust_weight * res.trust_government[who]
        + p.points_weight * inc.participation_points
        + p.mobilisation_weight * p.party_mobilisation * res.is_party_member[who]
        + p.contagion_weight * social_pull[who]
    )
    if kind == VOLUNTEER:
        logit = logit + p.time_bank_weight * inc.time_bank_credit
    if state.day < p.launch_campaign_days:
        logit = logit + p.launch_campaign_boost
    return logit


def invited(state: SimState, scenario: Scenario, grid: int, kind: int) -> np.ndarray:
    """Adults who can join: the host grid's (offline), or every adopter (online)."""
    res = state.residents
    if kind == ONLINE:
        if not state.platform_up:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(res.is_adult & res.has_adopted)
    hh = state.households
    first = hh.start[hh.grid_start[grid]]
    last_hh = hh.grid_start[grid] + hh.grid_size[grid] - 1
    rows = np.arange(first, hh.start[last_hh] + hh.size[last_hh])
    rows = rows[res.is_adult[rows]]
    if not scenario.platform.offline_channel:  # digital only: sign-up on the platform
        rows = rows[res.has_adopted[rows]]
    return rows


class DayChances:
    """Today's join probabilities and the online invitees, computed on first use.

    With an online activity today (`everyone`), every resident's probability is computed
    once (one array per kind of log-odds): the online pool's expected joiners sum them.
    Otherwise only the invitees' are computed, activity by activity: the same numbers,
    since a resident's log-odds do not change within the day until they join (module
    docstring), for a grid's adults instead of all residents."""

    def __init__(
        self, state: SimState, scenario: Scenario, social_pull: np.ndarray, everyone: bool = True
    ) -> None:
        self.state, self.scenario, self.social_pull = state, scenario, social_pull
        self.everyone = everyone
        self._probability: dict[bool, np.ndarray] = {}
        self._online: tuple[np.ndarray, float] | None = None

    def of(self, kind: int, who: np.ndarray) -> np.ndarray:
        """Join probabilities of the residents `who` for an activity of `kind`."""
        if self.everyone:
            return self.probability(kind)[who]
        return logistic(join_logit(self.state, self.scenario, who, kind, self.social_pull))

    def probability(self, kind: int) -> np.ndarray:
        p, credit = self.scenario.participation, self.scenario.incentives.time_bank_credit
        # only volunteering has its own log-odds term, and only with time-bank credit
        key = kind == VOLUNTEER and p.time_bank_weight * credit != 0
        if key not in self._probability:
            logit = join_logit(self.state, self.scenario, slice(None), kind, self.social_pull)
            self._probability[key] = logistic(logit)
        return self._probability[key]

    def online_pool(self) -> tuple[np.ndarray, float]:
        """Invitees of an online activity and how many of them would join (expected)."""
        if self._online is None:
            pool = invited(self.state, self.scenario, 0, ONLINE)
            self._online = pool, float(self.probability(ONLINE)[pool].sum())
        return self._online


def choose_joiners(
    state: SimState,
    scenario: Scenario,
    grid: int,
    kind: int,
    chances: DayChances,
    joined_today: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Invitees not yet at an activity today join with their chance; at most the seats."""
    seats = scenario.participation.seats_per_activity
    if kind == ONLINE:
        who, expected = chances.online_pool()
        if expected >= SAMPLE_WHEN_EXPECTED_OVER * seats:
            return first_joiners_in_random_order(
                who, chances.probability(kind), seats, joined_today, rng, expected
            )
    else:
        who = invited(state, scenario, grid, kind)
    who = who[~joined_today[who]]
    joiners = who[rng.random(len(who)) < chances.of(kind, who)]
    if len(joiners) > seats:
        joiners = rng.choice(joiners, seats, replace=False)
    return joiners


def first_joiners_in_random_order(
    pool: np.ndarray,
    probability: np.ndarray,
    seats: int,
    joined_today: np.ndarray,
    rng: np.random.Generator,
    expected: float,
) -> np.ndarray:
    """The first `seats` invitees who join, going through `pool` in random order.

    Distributed as "each invitee joins with their chance, then `seats` of the joiners
    at random": given who would join, the first `seats` of them in a random order are
    a random subset. A random order is drawn as positions with replacement, repeats
    skipped; if a quarter of the pool is drawn with seats still free, the rest of the
    pool is drawn in full (the seats then go to a random subset of its joiners).
    """
    size, need = len(pool), seats
    drawn = np.zeros(0, dtype=np.int64)
    found = [pool[:0]]
    while need > 0 and len(drawn) < size // FULL_DRAW_FROM:
        position = rng.integers(0, size, int(DRAW_MARGIN * need * size / expected) + DRAW_EXTRA)
        position = position[np.sort(np.unique(position, return_index=True)[1])]
        if len(drawn):
            position = position[~np.isin(position, drawn)]
        drawn = np.concatenate((drawn, position))
        who = pool[position]
        who = who[~joined_today[who]]
        joiners = who[rng.random(len(who)) < probability[who]][:need]
        found.append(joiners)
        need -= len(joiners)
    if need > 0:
        rest = np.ones(size, dtype=bool)
        rest[drawn] = False
        who = pool[rest]
        who = who[~joined_today[who]]
        joiners = who[rng.random(len(who)) < probability[who]]
        if len(joiners) > need:
            joiners = rng.choice(joiners, need, replace=False)
        found.append(joiners)
    return np.concatenate(found)


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 7, participation (docs/ODD.md §7.7; S0 action community, S1 time bank and
    relationship production, S3 persistence of linkage): activities are held, invitees
    join, propensity decays, new ties are folded in."""
    res, p, day = state.residents, scenario.participation, state.day
    since = max(day - p.contagion_memory_days + 1, 0)
    recent = res.last_participation_day >= since  # NEVER is -1
    social_pull = state.network.share_among_ties(recent, track="recent") >= p.contagion_threshold
    joined_today = np.zeros(res.n, dtype=bool)
    activities = hold_activities(state, scenario, rng)
    chances = DayChances(
        state, scenario, social_pull, everyone=any(kind == ONLINE for _, _, kind in activities)
    )
    for _organiser, grid, kind in activities:
        joiners = choose_joiners(state, scenario, grid, kind, chances, joined_today, rng)
        joined_today[joiners] = True
        record_activity(state, scenario, joiners, kind, rng)
    decay_propensity(state, scenario, joined_today)
    if day % p.tie_rebuild_days == p.tie_rebuild_days - 1 or day == scenario.days - 1:
        fold_in_new_ties(state)


def record_activity(
    state: SimState, scenario: Scenario, joiners: np.ndarray, kind: int, rng: np.random.Generator
) -> None:
    if not len(joiners):
        return
    res, p, log, day = state.residents, scenario.participation, state.log, state.day
    res.last_participation_day[joiners] = day
    res.participation_count[joiners] += 1
    res.civic_propensity[joiners] += p.propensity_gain * (1.0 - res.civic_propensity[joiners])
    res.trust_government[joiners] += p.trust_gain * (1.0 - res.trust_government[joiners])
    hours = p.hours_per_activity * len(joiners)
    if kind == ONLINE:
        log.participants_online[day] += len(joiners)
    else:
        log.participants_offline[day] += len(joiners)
        n_new = int(round(p.new_ties_per_participant * len(joiners)))
        if n_new and len(joiners) > 1:
            # joiners[integers] is what rng.choice(joiners, n_new) draws, minus its overhead
            state.pending_ties.append(
                (
                    joiners[rng.integers(0, len(joiners), n_new)],
                    joiners[rng.integers(0, len(joiners), n_new)],
                )
            )
    if kind == VOLUNTEER:
        log.volunteer_hours[day] += hours
        credit = scenario.incentives.time_bank_credit * p.hours_per_activity
        if credit > 0:
            res.time_bank_balance[joiners] += credit
            log.time_bank_hours[day] += credit * len(joiners)


def decay_propensity(state: SimState, scenario: Scenario, joined_today: np.ndarray) -> None:
    """S3: linkage that is not kept up fades (for everyone but today's joiners)."""
    res = state.residents
    joiners = np.flatnonzero(joined_today)
    kept = res.civic_propensity[joiners]
    res.civic_propensity *= 1.0 - scenario.participation.propensity_decay_per_day
    res.civic_propensity[joiners] = kept


def fold_in_new_ties(state: SimState) -> None:
    """Add the ties formed at activities since the last rebuild (one CSR rebuild)."""
    if not state.pending_ties:
        return
    u = np.concatenate([a for a, _ in state.pending_ties])
    v = np.concatenate([b for _, b in state.pending_ties])
    before = state.network.n_ties
    state.network = state.network.with_ties(u, v)
    state.ties_added += state.network.n_ties - before
    state.pending_ties = []
