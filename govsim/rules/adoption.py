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


def adopt(
    state: SimState, scenario: Scenario, rng: np.random.Generator, adopting_ties: np.ndarray
) -> None:
    res, a, plat = state.residents, scenario.adoption, scenario.platform
    candidates = np.flatnonzero(res.is_adult & ~res.has_adopted)
    if not len(candidates):
        return
    push = a.external_push + a.peer_weight * adopting_ties[candidates]
    if scenario.literacy.coaching:  # coached candidates: + coaching_push (others + 0; a
        coached = among(candidates, state.coached_today)  # repeat sets the same value)
        push[coached] = push[coached] + a.coaching_push
    factor = (1.0 if plat.integrated else a.several_apps_factor) * (
        1.0 - a.privacy_weight * (1.0 - plat.privacy)
    )
    p = unit_clip(push * factor * literacy_gate(scenario, res.literacy[candidates]))
    adopters = candidates[rng.random(len(candidates)) < p]
    state.tallies.adopted(adopters)  # the level metrics' counts (docs/scale.md)
    res.has_adopted[adopters] = True


def drop_out(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    res, a, cases = state.residents, scenario.adoption, state.cases
    adopters = np.flatnonzero(res.has_adopted)
    p = np.full(len(adopters), a.dropout_base + (0.0 if state.platform_up else a.outage_dropout))
    view = cases.open_view()
    waiting = (cases.status[view] == Status.REPORTED) | (cases.status[view] == Status.DISPATCHED)
    waiting &= cases.channel[view] == Channel.ONLINE
    waiting &= state.day - cases.day_reported[view] > a.unanswered_days
    unanswered = among(adopters, cases.reporter[view][waiting])
    p[unanswered] = p[unanswered] + a.unanswered_dropout
    leaving = adopters[rng.random(len(adopters)) < p]
    state.tallies.dropped_out(leaving)  # the level metrics' counts (docs/scale.md)
    res.has_adopted[leaving] = False


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
