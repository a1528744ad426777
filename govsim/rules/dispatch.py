"""Step 4, dispatch (S2 002_f45f750ee9168511.txt, S3 003_63f6ab9ee8ea6d1a.txt).

The platform routes a reported case the same day; while it is down, dispatch
is by hand and slower (`responders.manual_dispatch_probability`). On the
platform a social group serving the category is offered the case (always on
an integrated platform, sometimes on a fragmented one) and takes it when
subsidy and reputation outweigh its cost (S3 cooperative game); otherwise
the lead department gets it. Cross-department cases wait on the
organisational barrier, which party-led coordination lowers (S2 "party-led
governance", S3 "difficulty in breaking through organizational barriers").
"""

from __future__ import annotations

import numpy as np

from govsim.agents import SocialGroup
from govsim.schema import CATEGORIES, Scenario
from govsim.state import SimState, Status


def social_groups_able(state: SimState, scenario: Scenario) -> np.ndarray:
    """Per responder: may it take new cases (a social group's queue is not too long)?"""
    cases = state.cases
    view = cases.open_view()
    queued = cases.responder[view][cases.status[view] == Status.DISPATCHED]
    queue = np.bincount(queued, minlength=len(state.responders))
    limit = np.array([r.capacity_per_day for r in state.responders])
    return queue < scenario.responders.queue_days_limit * np.maximum(limit, 1)


def candidate_table(state: SimState) -> tuple[np.ndarray, np.ndarray]:
    """Per category: responder ids of the social groups serving it, and how many."""
    serving: list[list[int]] = [[] for _ in CATEGORIES]  # Python lists: no numpy scalar
    n_groups = 0  # writes in the loop (a district has hundreds of groups)
    for i, r in enumerate(state.responders):
        if isinstance(r, SocialGroup):
            n_groups += 1
            for c in r.categories:
                serving[CATEGORIES.index(c)].append(i)
    table = np.full((len(CATEGORIES), max(n_groups, 1)), -1, dtype=np.int64)
    for k, ids in enumerate(serving):
        table[k, : len(ids)] = ids
    return table, np.array([len(ids) for ids in serving], dtype=np.int64)


def dispatch(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    cases = state.cases
    idx = cases.first_open + np.flatnonzero(cases.status[cases.open_view()] == Status.REPORTED)
    p_go = 1.0 if state.platform_up else scenario.responders.manual_dispatch_probability
    idx = idx[rng.random(len(idx)) < p_go]
    category = cases.category[idx].astype(np.int64)
    responder = category.copy()  # department k leads category k (govsim.agents)
    able = social_groups_able(state, scenario)
    table, count = candidate_table(state)
    if state.platform_up and count.any():
        offered = count[category] > 0
        if not scenario.platform.integrated:
            offered &= rng.random(len(idx)) < scenario.responders.unlinked_offer_share
        pick = table[category, (rng.random(len(idx)) * np.maximum(count[category], 1))
                     .astype(np.int64)]
        willing = np.array([r.willingness(scenario) if isinstance(r, SocialGroup) else 0.0
                            for r in state.responders])
        pick_ok = np.maximum(pick, 0)
        taken = offered & able[pick_ok] & (rng.random(len(idx)) < willing[pick_ok])
        responder[taken] = pick[taken]
        for i, n in enumerate(np.bincount(pick[taken], minlength=len(state.responders))):
            state.responders[i].cases_taken += int(n)
    spend_time_bank(state, scenario, idx, category, responder)
    cols = cases.columns
    cols["status"][idx] = Status.DISPATCHED
    cols["day_dispatched"][idx] = state.day
    cols["responder"][idx] = responder
    cols["is_blocked"][idx] = cases.is_cross_department[idx]
    release_blocked(state, scenario, rng)


def spend_time_bank(state: SimState, scenario: Scenario, idx: np.ndarray, category: np.ndarray,
                    responder: np.ndarray) -> None:
    """S1 (G community time bank): a reporter with enough banked hours gets the case
    taken by a volunteer team serving its category, paying `participation.help_hours`."""
    if scenario.incentives.time_bank_credit <= 0 or not len(idx):
        return
    volunteer_for = np.full(len(CATEGORIES), -1)
    for i, r in reversed(list(enumerate(state.responders))):
        if isinstance(r, SocialGroup) and r.kind == "volunteer team":
            volunteer_for[[CATEGORIES.index(c) for c in r.categories]] = i
    res, hours = state.residents, scenario.participation.help_hours
    who = state.cases.reporter[idx]
    able = social_groups_able(state, scenario)
    helper = volunteer_for[category]
    helped = (helper >= 0) & able[np.maximum(helper, 0)] & (res.time_bank_balance[who] >= hours)
    helped &= _first_of_each(who)
    responder[helped] = helper[helped]
    res.time_bank_balance[who[helped]] -= hours
    state.log.time_bank_hours_spent[state.day] += hours * int(helped.sum())


def _first_of_each(who: np.ndarray) -> np.ndarray:
    """Mask: the first case of each reporter (one paid help per resident per day)."""
    first = np.zeros(len(who), dtype=bool)
    first[np.unique(who, return_index=True)[1]] = True
    return first


def release_blocked(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """A blocked case stays blocked with chance barrier × (1 − strength × coordination).

    `coordination` is that of the party branch of the case's grid (S2 "party-led
    governance" as the unifying mechanism); full coordination removes
    `organisation.coordination_strength` of the barrier (assumed).
    """
    cases = state.cases
    view = cases.open_view()
    idx = cases.first_open + np.flatnonzero(cases.is_blocked[view])
    if not len(idx):
        return
    branches = state.party_organisations[1:]  # [0] is the community committee
    coordination = np.array([b.coordination for b in branches])[cases.grid[idx]]
    org = scenario.organisation
    stay = org.organisational_barrier * (1.0 - org.coordination_strength * coordination)
    released = idx[rng.random(len(idx)) >= stay]
    cases.columns["is_blocked"][released] = False
    for g, n in enumerate(np.bincount(cases.grid[released], minlength=len(branches))):
        branches[g].cases_coordinated += int(n)
