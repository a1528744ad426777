"""Step 4, dispatch (S2 S3).

A report gets its hour (docs/ODD.md §3 step 5): online at any hour, offline in
office hours, on patrol in the grid worker's round hours (uniform within
them; assumed). While the platform is up it routes online and patrol reports
at once; offline reports, and every report while the platform is down, wait
for the community office to enter them by hand (`responders.intake_hours_per_case`
staff-hours each, from `community_office_staff_hours_per_day`, in office hours on
working days, first reported first). On the platform a social group serving the
category is offered the case (always on an integrated platform, sometimes on a
fragmented one) and takes it when subsidy and reputation outweigh its cost (S3
cooperative game) and its queue is not too long; otherwise the lead department
gets it. The case's work (hours by category × complexity ÷ the responder's
effort) is set here; handling (:mod:`govsim.rules.handling`) works it off. With a duty
officer (`out_of_hours.duty_officer`, off by default) a case of an urgent category gets
its first response within `duty_response_hours` of dispatch, at any hour (issue 29).
"""

from __future__ import annotations

import numpy as np

from govsim.rules.handling import serve
from govsim.scenario import events
from govsim.scenario.schema import CATEGORIES, Scenario
from govsim.world.state import Channel, SimState, Status


def social_groups_able(state: SimState, scenario: Scenario) -> np.ndarray:
    """Per responder: may it take new cases (its queue is under `queue_days_limit` days of
    its staff-hours)?"""
    cases = state.cases
    view = cases.open_view()
    queued = cases.status[view] == Status.DISPATCHED
    hours = np.bincount(
        cases.responder[view][queued],
        weights=cases.work_left[view][queued],
        minlength=len(state.responders),
    )
    limit = scenario.responders.social_group_staff_hours_per_day
    floor = max(limit, 1e-9)  # algorithm: no division by zero staff
    return hours < scenario.responders.queue_days_limit * floor


def stamp_report_times(
    state: SimState, scenario: Scenario, rng: np.random.Generator, reported: np.ndarray
) -> None:
    """The hour of each report made today (`reported`: rows waiting for dispatch): online
    any hour, offline in office hours, patrol in round hours."""
    cases, r = state.cases, scenario.responders
    idx = reported[np.isnan(cases.time_reported[reported])]
    # hours open to each channel, indexed by Channel value (ONLINE 0, OFFLINE 1, PATROL 2)
    lo = np.array([0.0, r.office_open_hour, r.patrol_start_hour])
    hi = np.array([24.0, r.office_close_hour, r.patrol_end_hour])
    channel = np.maximum(cases.channel[idx], Channel.ONLINE)
    start, width = lo[channel], (hi - lo)[channel]
    cases.columns["time_reported"][idx] = (
        cases.day_reported[idx] * 24.0 + start + width * rng.random(len(idx))
    )
    # an issue reported on the day it arose arose before its report: its uniform hour of the
    # day is scaled into [midnight, report] (still uniform there; issue 22)
    same = idx[cases.day_raised[idx] == cases.day_reported[idx]]
    if len(same):
        day0 = cases.day_raised[same] * 24.0
        cases.columns["time_raised"][same] = day0 + (
            (cases.time_raised[same] - day0) * (cases.time_reported[same] - day0) / 24.0
        )


def routed_today(
    state: SimState, scenario: Scenario, idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Reported cases (`idx`) that reach a responder today and when: at report time on the
    platform, or when the community office has entered them."""
    cases, r = state.cases, scenario.responders
    by_hand = (cases.channel[idx] == Channel.OFFLINE) | (not state.platform_up)
    auto = idx[~by_hand]
    manual = idx[by_hand]
    manual = manual[np.argsort(cases.time_reported[manual], kind="stable")]
    working_day = state.day % events.DAYS_PER_WEEK < r.working_days_per_week
    office = (
        r.community_office_staff_hours_per_day
        * working_day
        * events.office_staff_factor(scenario, state.day)
    )
    state.log.office_hours_available[state.day] = office  # costs (issue 22)
    entered = np.zeros(0)
    if len(manual) and office > 0:
        day0 = state.day * 24.0
        close = day0 + r.office_close_hour
        rate = np.array([office / (r.office_close_hour - r.office_open_hour)])
        _, entered = serve(
            np.zeros(len(manual), dtype=np.int64),
            np.maximum(cases.time_reported[manual], day0 + r.office_open_hour),
            np.full(len(manual), r.intake_hours_per_case),
            rate,
            close,
        )
        done = entered <= close
        manual, entered = manual[done], entered[done]
    else:
        manual = manual[:0]
    return (np.concatenate([auto, manual]), np.concatenate([cases.time_reported[auto], entered]))


def candidate_table(responders: list, government: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run tables ``candidates``, ``candidate_count``: per category, responder ids of the
    social groups serving it, and how many."""
    serving: list[list[int]] = [[] for _ in CATEGORIES]  # Python lists: no numpy scalar
    n_groups = 0  # writes in the loop (a district has hundreds of groups)
    for i, is_government in enumerate(government.tolist()):
        if not is_government:
            n_groups += 1
            for c in responders[i].categories:
                serving[CATEGORIES.index(c)].append(i)
    table = np.full((len(CATEGORIES), max(n_groups, 1)), -1, dtype=np.int64)
    for k, ids in enumerate(serving):
        table[k, : len(ids)] = ids
    return table, np.array([len(ids) for ids in serving], dtype=np.int64)


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 4, dispatch (docs/ODD.md §7.4; S2, S3, S1): the hour of each report; cases
    reach a department or a willing social group (or a time-bank volunteer team),
    each with its work in staff-hours."""
    cases = state.cases
    reported = cases.first_open + np.flatnonzero(cases.status[cases.open_view()] == Status.REPORTED)
    stamp_report_times(state, scenario, rng, reported)
    idx, when = routed_today(state, scenario, reported)
    category = cases.category[idx].astype(np.int64)
    responder = category.copy()  # department k leads category k (govsim.world.agents)
    able = social_groups_able(state, scenario)
    table, count = state.tables.candidates, state.tables.candidate_count
    if state.platform_up and count.any():
        offered = count[category] > 0
        if not scenario.platform.integrated:
            offered &= rng.random(len(idx)) < scenario.responders.unlinked_offer_share
        pick = table[
            category, (rng.random(len(idx)) * np.maximum(count[category], 1)).astype(np.int64)
        ]
        willing = np.zeros(len(state.responders))
        for row in state.tables.social_groups:
            willing[row] = state.responders[row].willingness(scenario)  # moves with its rating
        pick_ok = np.maximum(pick, 0)
        taken = offered & able[pick_ok] & (rng.random(len(idx)) < willing[pick_ok])
        responder[taken] = pick[taken]
        state.log.subsidised_cases[state.day] += np.count_nonzero(taken)  # costs (issue 22)
        for i, n in enumerate(np.bincount(pick[taken], minlength=len(state.responders)).tolist()):
            state.responders[i].cases_taken += n
    spend_time_bank(state, scenario, idx, category, responder)
    cols = cases.columns
    cols["status"][idx] = Status.DISPATCHED
    cols["day_dispatched"][idx] = state.day
    cols["time_dispatched"][idx] = when
    cols["responder"][idx] = responder
    cols["is_blocked"][idx] = cases.is_cross_department[idx]
    cols["work_left"][idx] = work_needed(state, scenario, rng, category, responder)
    cols["pile_order"][idx] = rng.random(len(idx))
    if scenario.out_of_hours.duty_officer:
        answer_urgent(state, scenario, idx, category, when)


def answer_urgent(
    state: SimState, scenario: Scenario, idx: np.ndarray, category: np.ndarray, when: np.ndarray
) -> None:
    """The duty officer (`out_of_hours.duty_officer`, issue 29): a case of an urgent
    category gets its first response `duty_response_hours` after its dispatch, at any
    hour; its work is still done by its responder in working hours."""
    duty = scenario.out_of_hours
    urgent = np.isin(category, [CATEGORIES.index(c) for c in duty.duty_categories])
    state.cases.columns["time_acknowledged"][idx[urgent]] = when[urgent] + duty.duty_response_hours


def work_needed(
    state: SimState,
    scenario: Scenario,
    rng: np.random.Generator,
    category: np.ndarray,
    responder: np.ndarray,
) -> np.ndarray:
    """Staff-hours a case needs: category mean × LogNormal(mean 1, σ spread) ÷ effort."""
    r = scenario.responders
    sigma = r.work_hours_spread
    effort = state.tables.effort
    complexity = rng.lognormal(-sigma * sigma / 2.0, sigma, len(category))  # algorithm: mean 1
    return (
        np.array(r.work_hours.as_tuple())[category]
        * complexity
        / (effort[responder] * state.effort_gain)
    )


def spend_time_bank(
    state: SimState,
    scenario: Scenario,
    idx: np.ndarray,
    category: np.ndarray,
    responder: np.ndarray,
) -> None:
    """S1 (G community time bank): a reporter with enough banked hours gets the case
    taken by a volunteer team serving its category, paying `participation.help_hours`."""
    if scenario.incentives.time_bank_credit <= 0 or not len(idx):
        return
    volunteer_for = state.tables.volunteer_for
    res, hours = state.residents, scenario.participation.help_hours
    who = state.cases.reporter[idx]
    able = social_groups_able(state, scenario)
    helper = volunteer_for[category]
    helped = (helper >= 0) & able[np.maximum(helper, 0)] & (res.time_bank_balance[who] >= hours)
    helped &= _first_of_each(who)
    responder[helped] = helper[helped]
    res.time_bank_balance[who[helped]] -= hours
    state.log.time_bank_hours_spent[state.day] += hours * int(helped.sum())


def efforts(responders: list, scenario: Scenario) -> np.ndarray:
    """Run table ``effort``: per responder, its effort (``Responder.effort``)."""
    return np.array([x.effort(scenario) for x in responders])


def volunteer_teams(responders: list, government: np.ndarray) -> np.ndarray:
    """Run table ``volunteer_for``: per category, the responder id of the first volunteer
    team serving it, or -1."""
    volunteer_for = np.full(len(CATEGORIES), -1)
    for i, r in reversed(list(enumerate(responders))):
        if not government[i] and r.kind == "volunteer team":
            volunteer_for[[CATEGORIES.index(c) for c in r.categories]] = i
    return volunteer_for


def _first_of_each(who: np.ndarray) -> np.ndarray:
    """Mask: the first case of each reporter (one paid help per resident per day)."""
    first = np.zeros(len(who), dtype=bool)
    first[np.unique(who, return_index=True)[1]] = True
    return first
