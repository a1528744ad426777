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

Scale (docs/scale.md): join chances are computed for those invited, once a day
(a resident's log-odds cannot change within the day: only joiners' propensity and
trust move, and a joiner is not invited again that day). An activity whose
invitees far outnumber its seats (online ones in a district: every adopter is
invited) goes through the invitees in random order and keeps the first
`seats_per_activity` who join, instead of drawing every invitee and then the
seats among the joiners: the same distribution, drawing only about
seats / join chance invitees.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """Today's join probabilities: every offline activity's invitees', and the online pool's.

    A resident's log-odds do not change within the day until they join, and a joiner is
    not invited again (module docstring), so the offline activities' invitees get theirs
    computed together before the first one (`offline`). On a day with an online activity
    (`everyone`) its pool, every adopting adult, gets theirs at once (`online_pool`), at
    the day's first activity whose log-odds carry no volunteering term: so the expected
    joiners (their sum) count an earlier joiner at the chance they had before joining.
    (Until issue 32 this was one array over all residents, made at that moment.)
    """

    def __init__(
        self,
        state: SimState,
        scenario: Scenario,
        social_pull: np.ndarray,
        activities: list[tuple[int, int, int]],
    ) -> None:
        self.state, self.scenario, self.social_pull = state, scenario, social_pull
        self.activities = activities  # (organiser, host grid, kind), hold_activities'
        self.everyone = any(kind == ONLINE for _, _, kind in activities)
        self.online: OnlinePool | None = None  # made at the moment described above
        self.invitees: list[tuple[np.ndarray, np.ndarray] | None] | None = None

    def of(self, kind: int, who: np.ndarray) -> np.ndarray:
        """Join probabilities of the residents `who` (none joined today) for `kind`."""
        return logistic(join_logit(self.state, self.scenario, who, kind, self.social_pull))

    def volunteering_term(self, kind: int) -> bool:
        """Whether `kind`'s log-odds carry a term of their own (volunteering with credit)."""
        p, credit = self.scenario.participation, self.scenario.incentives.time_bank_credit
        return kind == VOLUNTEER and p.time_bank_weight * credit != 0

    def offline(self, activity: int) -> tuple[np.ndarray, np.ndarray]:
        """Today's `activity`-th activity (offline): its invitees and their probabilities."""
        kind = self.activities[activity][2]  # enumeration: (organiser, grid, kind)
        if self.everyone and not self.volunteering_term(kind):
            self.online_pool()
        if self.invitees is None:
            self.invitees = [None] * len(self.activities)
            for volunteering in (False, True):
                self.compute_offline(volunteering)
        return self.invitees[activity]

    def compute_offline(self, volunteering: bool) -> None:
        """The invitees and probabilities of the offline activities with (or without) the
        volunteering term, in one computation over all of them."""
        picked = [
            i
            for i, (_, _, kind) in enumerate(self.activities)
            if kind != ONLINE and self.volunteering_term(kind) == volunteering
        ]
        if not picked:
            return
        who = [invited(self.state, self.scenario, *self.activities[i][1:]) for i in picked]
        kind = VOLUNTEER if volunteering else DELIBERATION
        chance, start = self.of(kind, np.concatenate(who)), 0
        for i, w in zip(picked, who, strict=True):
            self.invitees[i] = (w, chance[start : start + len(w)])
            start += len(w)

    def online_pool(self) -> OnlinePool:
        """Invitees of an online activity, their join probabilities and the expected joiners."""
        if self.online is None:
            pool = invited(self.state, self.scenario, 0, ONLINE)
            chance = self.of(ONLINE, pool)
            self.online = OnlinePool(pool, chance, float(chance.sum()))
        return self.online


@dataclass
class OnlinePool:
    """The online activities' invitees (`who`: adopting adults), each one's join
    probability (`chance`, aligned with `who`) and their sum (`expected` joiners)."""

    who: np.ndarray
    chance: np.ndarray
    expected: float


def choose_joiners(
    scenario: Scenario,
    activity: int,
    chances: DayChances,
    joined_today: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Invitees of today's `activity`-th activity not yet at one today join with their
    chance; at most the seats."""
    seats = scenario.participation.seats_per_activity
    if chances.activities[activity][2] == ONLINE:  # enumeration: the activity's kind
        online = chances.online_pool()
        if online.expected >= SAMPLE_WHEN_EXPECTED_OVER * seats:
            return first_joiners_in_random_order(online, seats, joined_today, rng)
        who, chance = online.who, online.chance
    else:
        who, chance = chances.offline(activity)
    free = ~joined_today[who]
    who, chance = who[free], chance[free]
    joiners = who[rng.random(len(who)) < chance]
    if len(joiners) > seats:
        joiners = rng.choice(joiners, seats, replace=False)
    return joiners


def first_joiners_in_random_order(
    online: OnlinePool, seats: int, joined_today: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The first `seats` invitees who join, going through the pool in random order.

    Distributed as "each invitee joins with their chance, then `seats` of the joiners
    at random": given who would join, the first `seats` of them in a random order are
    a random subset. A random order is drawn as positions with replacement, repeats
    skipped; if a quarter of the pool is drawn with seats still free, the rest of the
    pool is drawn in full (the seats then go to a random subset of its joiners).
    """
    pool, chance, size, need = online.who, online.chance, len(online.who), seats
    drawn = np.zeros(0, dtype=np.int64)
    found = [pool[:0]]
    while need > 0 and len(drawn) < size // FULL_DRAW_FROM:
        draws = int(DRAW_MARGIN * need * size / online.expected) + DRAW_EXTRA
        position = rng.integers(0, size, draws)
        position = position[np.sort(np.unique(position, return_index=True)[1])]
        if len(drawn):
            position = position[~np.isin(position, drawn)]
        drawn = np.concatenate((drawn, position))
        position = position[~joined_today[pool[position]]]
        joiners = pool[position][rng.random(len(position)) < chance[position]][:need]
        found.append(joiners)
        need -= len(joiners)
    if need > 0:
        rest = np.ones(size, dtype=bool)
        rest[drawn] = False
        rest &= ~joined_today[pool]
        who = pool[rest]
        joiners = who[rng.random(len(who)) < chance[rest]]
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
    social_pull = (
        state.network.share_among_ties(recent, kept=state.network.participating)
        >= p.contagion_threshold
    )
    joined_today = np.zeros(res.n, dtype=bool)
    activities = hold_activities(state, scenario, rng)
    chances = DayChances(state, scenario, social_pull, activities)
    for activity, (_organiser, _grid, kind) in enumerate(activities):
        joiners = choose_joiners(scenario, activity, chances, joined_today, rng)
        joined_today[joiners] = True
        record_activity(state, scenario, joiners, kind, rng)
    joiners = np.flatnonzero(joined_today)
    note_took_part(state, joiners)
    decay_propensity(state, scenario, joiners)
    if day % p.tie_rebuild_days == p.tie_rebuild_days - 1 or day == scenario.days - 1:
        fold_in_new_ties(state)


def record_activity(
    state: SimState, scenario: Scenario, joiners: np.ndarray, kind: int, rng: np.random.Generator
) -> None:
    if not len(joiners):
        return
    res, p, log, day = state.residents, scenario.participation, state.log, state.day
    propensity, trust = res.civic_propensity[joiners], res.trust_government[joiners]
    res.civic_propensity[joiners] = propensity + p.propensity_gain * (1.0 - propensity)
    res.trust_government[joiners] = trust + p.trust_gain * (1.0 - trust)
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


def note_took_part(state: SimState, joiners: np.ndarray) -> None:
    """Today's joiners (distinct) took part today: their last day and count of activities
    (written once a day: nothing reads them while activities are held)."""
    res = state.residents
    state.tallies.took_part(joiners, state.day)  # the level metrics' counts (docs/scale.md)
    res.last_participation_day[joiners] = state.day
    res.participation_count[joiners] += 1


def decay_propensity(state: SimState, scenario: Scenario, joiners: np.ndarray) -> None:
    """S3: linkage that is not kept up fades (for everyone but today's joiners)."""
    res = state.residents
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
