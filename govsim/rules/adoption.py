"""Step 8, literacy and adoption (docs/ODD.md §7.8; S4).

Literacy grows through training seats (optionally aimed at residents 60+),
grid-worker coaching on patrol (S4: grid members "guide residents to use
online applications") and help from adopting neighbours. Adoption diffuses
from an external push and the share of adopting ties, gated by literacy;
several apps instead of one integrated platform lower it (S4 Table 5: 22.6 %
worry about "many applications"), and so do privacy concerns (15.1 % worry
about information security). Outages and unanswered online cases make
adopters drop out (S3 "instability of smart community technology").
"""

from __future__ import annotations

import numpy as np

from govsim.core import sampling
from govsim.core.stats import logistic, unit_clip
from govsim.scenario.schema import Scenario
from govsim.world.state import Channel, SimState, Status


def seats_today(state: SimState, scenario: Scenario, rng: np.random.Generator) -> int:
    """Training seats per month spread over days (stochastic rounding)."""
    per_day = scenario.literacy.training_seats_per_month / 30.0
    return int(per_day) + int(rng.random() < per_day - int(per_day))


def train(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    seats = seats_today(state, scenario, rng)
    if not seats:
        return
    res = state.residents
    pool = np.flatnonzero(res.is_adult & (res.literacy < scenario.literacy.trainable_below))
    if scenario.literacy.target_elderly:
        elderly = pool[res.is_elderly[pool]]
        pool = elderly if len(elderly) >= seats else pool
    if not len(pool):
        return
    trainees = rng.choice(pool, min(seats, len(pool)), replace=False)
    res.literacy[trainees] += scenario.literacy.training_gain * (1.0 - res.literacy[trainees])
    res.training_received[trainees] += 1  # read by the survey (understanding)
    state.log.training_seats[state.day] += len(trainees)  # costs (issue 22)


def coach(state: SimState, scenario: Scenario) -> None:
    if scenario.literacy.coaching and len(state.coached_today):
        res, who = state.residents, state.coached_today
        res.literacy[who] += scenario.literacy.coaching_gain * (1.0 - res.literacy[who])


def literacy_gate(scenario: Scenario, literacy: np.ndarray) -> np.ndarray:
    a = scenario.adoption
    return logistic((literacy - a.literacy_threshold) / a.literacy_slope)


def adoption_factor(scenario: Scenario) -> float:
    """Several apps instead of one integrated platform, and privacy concerns (S4 Table 5),
    scale every candidate's chance."""
    a, plat = scenario.adoption, scenario.platform
    return (1.0 if plat.integrated else a.several_apps_factor) * (
        1.0 - a.privacy_weight * (1.0 - plat.privacy)
    )


def adoption_chance(
    state: SimState, scenario: Scenario, rows: np.ndarray, push: np.ndarray
) -> np.ndarray:
    """Today's chance that each candidate in `rows` adopts, from their `push`."""
    literacy = state.residents.literacy[rows]
    return unit_clip(push * adoption_factor(scenario) * literacy_gate(scenario, literacy))


def adopt(
    state: SimState, scenario: Scenario, rng: np.random.Generator, adopting_ties: np.ndarray
) -> None:
    if state.tables.thinned:
        adopters = who_adopts_thinned(state, scenario, rng, adopting_ties)
    else:
        adopters = who_adopts(state, scenario, rng, adopting_ties)
    state.tallies.adopted(adopters)  # the level metrics' counts (docs/scale.md)
    state.residents.has_adopted[adopters] = True


def who_adopts(
    state: SimState, scenario: Scenario, rng: np.random.Generator, adopting_ties: np.ndarray
) -> np.ndarray:
    """Adult non-adopters who adopt today: one draw each."""
    res, a = state.residents, scenario.adoption
    candidates = np.flatnonzero(res.is_adult & ~res.has_adopted)
    if not len(candidates):
        return candidates
    push = a.external_push + a.peer_weight * adopting_ties[candidates]
    if scenario.literacy.coaching:  # coached candidates: + coaching_push (others + 0; a
        coached = among(candidates, state.coached_today)  # repeat sets the same value)
        push[coached] = push[coached] + a.coaching_push
    p = adoption_chance(state, scenario, candidates, push)
    return candidates[rng.random(len(candidates)) < p]


def who_adopts_thinned(
    state: SimState, scenario: Scenario, rng: np.random.Generator, adopting_ties: np.ndarray
) -> np.ndarray:
    """The same as :func:`who_adopts`, in distribution, by thinning (govsim/core/sampling.py):
    candidates not coached today are drawn with the bound of their push (every tie
    adopting) and kept by their chance; today's coached candidates (~24,000 of ~330,000
    non-adopters at a million: their push is five times the others' bound) draw as in
    :func:`who_adopts`."""
    res, a = state.residents, scenario.adoption
    bound = max(a.external_push + max(a.peer_weight, 0.0), 0.0) * adoption_factor(scenario)
    if bound >= sampling.THIN_BELOW:
        return who_adopts(state, scenario, rng, adopting_ties)
    coached = np.zeros(0, dtype=np.int64)
    if scenario.literacy.coaching:
        coached = sampling.distinct_sorted(state.coached_today)
        coached = coached[res.is_adult[coached] & ~res.has_adopted[coached]]
    drawn = sampling.thinned_rows(res.n, bound, rng)
    drawn = drawn[res.is_adult[drawn] & ~res.has_adopted[drawn]]
    drawn = np.delete(drawn, among(drawn, coached))  # the coached draw below
    push = a.external_push + a.peer_weight * adopting_ties[drawn]
    p = adoption_chance(state, scenario, drawn, push)
    taken = drawn[sampling.kept(p, bound, rng)]
    push = a.external_push + a.peer_weight * adopting_ties[coached] + a.coaching_push
    p = adoption_chance(state, scenario, coached, push)
    return np.union1d(taken, coached[rng.random(len(coached)) < p])


def drop_out(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    if state.tables.thinned:
        leaving = who_drops_out_thinned(state, scenario, rng)
    else:
        leaving = who_drops_out(state, scenario, rng)
    state.tallies.dropped_out(leaving)  # the level metrics' counts (docs/scale.md)
    state.residents.has_adopted[leaving] = False


def daily_dropout(state: SimState, scenario: Scenario) -> float:
    """Every adopter's chance to drop out today (more on a day the platform is down)."""
    a = scenario.adoption
    return a.dropout_base + (0.0 if state.platform_up else a.outage_dropout)


def unanswered_reporters(state: SimState, scenario: Scenario) -> np.ndarray:
    """Reporters of online cases waiting longer than `unanswered_days` (a resident with
    several such cases once per case)."""
    a, cases = scenario.adoption, state.cases
    view = cases.open_view()
    waiting = (cases.status[view] == Status.REPORTED) | (cases.status[view] == Status.DISPATCHED)
    waiting &= cases.channel[view] == Channel.ONLINE
    waiting &= state.day - cases.day_reported[view] > a.unanswered_days
    return cases.reporter[view][waiting]


def who_drops_out(state: SimState, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Adopters who stop using the platform today: one draw each."""
    res, a = state.residents, scenario.adoption
    adopters = np.flatnonzero(res.has_adopted)
    p = np.full(len(adopters), daily_dropout(state, scenario))
    unanswered = among(adopters, unanswered_reporters(state, scenario))
    p[unanswered] = p[unanswered] + a.unanswered_dropout
    return adopters[rng.random(len(adopters)) < p]


def who_drops_out_thinned(
    state: SimState, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """The same as :func:`who_drops_out`, in distribution: every adopter is drawn with the
    daily chance (govsim/core/sampling.py), and an adopter with an unanswered case not
    drawn then leaves with u / (1 − d) (u `unanswered_dropout`, d the daily chance), so
    such an adopter leaves with d + u, as in one draw."""
    res, a = state.residents, scenario.adoption
    daily = max(daily_dropout(state, scenario), 0.0)
    if daily + a.unanswered_dropout >= sampling.THIN_BELOW:
        return who_drops_out(state, scenario, rng)
    drawn = sampling.thinned_rows(res.n, daily, rng)
    drawn = drawn[res.has_adopted[drawn]]
    unanswered = np.unique(unanswered_reporters(state, scenario))
    unanswered = np.delete(unanswered, among(unanswered, drawn))  # leaving already
    unanswered = unanswered[res.has_adopted[unanswered]]
    extra = unanswered[rng.random(len(unanswered)) * (1.0 - daily) < a.unanswered_dropout]
    return np.union1d(drawn, extra)


def among(rows: np.ndarray, who: np.ndarray) -> np.ndarray:
    """Positions in `rows` (sorted, distinct) of those residents `who` that are in it (a
    resident listed twice in `who` twice): a few residents among many without a mask over
    everyone (issue 32)."""
    at = np.searchsorted(rows, who)
    inside = at < len(rows)
    at = at[inside]
    return at[rows[at] == who[inside]]


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 8, literacy and adoption (docs/ODD.md §7.8; S4, S3): training, coaching,
    neighbours' help, then adoption and drop-out."""
    res = state.residents
    train(state, scenario, rng)
    coach(state, scenario)
    adopting_ties = state.network.share_among_ties(res.has_adopted, kept=state.network.adopting)
    res.literacy += (
        scenario.literacy.neighbour_help_gain * adopting_ties * (1.0 - res.literacy)
    ).astype(res.literacy.dtype)
    adopt(state, scenario, rng, adopting_ties)
    drop_out(state, scenario, rng)
