"""Step 6, feedback and evaluation: the closed loop of S2 .

A resolved case changes the reporter's trust in government (and in the
platform when reported online) toward its satisfaction, and the trust of
the reporter's ties a little (word of mouth). With `platform.closed_loop`
on, adopters rate the case online and grid workers collect the others'
feedback on patrol (:mod:`govsim.rules.patrol`); ratings update responder
reputation. Without it, feedback comes only now and then, unprompted.

Step 6b (:func:`manage_rating`, issue 28 item 2d): under a hotline reform's ranking the
street works the rating before the call-back (off outside Beijing).
"""

from __future__ import annotations

import numpy as np

from govsim.core.stats import unit_clip
from govsim.scenario.schema import Scenario
from govsim.world.state import Channel, SimState, Status


def close_cases(state: SimState, scenario: Scenario, idx: np.ndarray) -> None:
    """Feedback given: close the cases and fold their satisfaction into responder ratings."""
    if not len(idx):
        return
    cases = state.cases
    cases.columns["status"][idx] = Status.CLOSED
    cases.columns["day_closed"][idx] = state.day
    responder = cases.responder[idx]
    n = len(state.responders)
    count = np.bincount(responder, minlength=n).tolist()
    total = np.bincount(responder, weights=cases.satisfaction[idx], minlength=n).tolist()
    for r, k, t in zip(state.responders, count, total, strict=True):
        if k:
            r.record_ratings(t / k, scenario.feedback.rating_memory)


def _learn(values: np.ndarray, who: np.ndarray, target: np.ndarray, rate: float) -> None:
    np.add.at(values, who, (rate * (target - values[who])).astype(values.dtype))
    values[who] = unit_clip(values[who])  # only these moved (all others stay in 0–1)


def update_trust(state: SimState, scenario: Scenario, idx: np.ndarray) -> None:
    """Experience of the cases `idx` (just resolved) moves trust, own and neighbours'."""
    cases, res, net = state.cases, state.residents, state.network
    fb = scenario.feedback
    who = cases.reporter[idx]
    sat = cases.satisfaction[idx]
    _learn(res.trust_government, who, sat, fb.trust_learning_rate)
    online = cases.channel[idx] == Channel.ONLINE
    _learn(res.trust_platform, who[online], sat[online], fb.trust_learning_rate)
    if fb.word_of_mouth > 0 and len(who):
        listeners, owner = net.neighbours_of(who)
        _learn(
            res.trust_government, listeners, sat[owner], fb.trust_learning_rate * fb.word_of_mouth
        )


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 6, feedback and evaluation (docs/ODD.md §7.6; S2 closed loop): cases resolved
    today move trust; resolved cases are rated and closed; finished rows are passed."""
    cases = state.cases
    view = cases.open_view()
    today = cases.first_open + np.flatnonzero(cases.day_resolved[view] == state.day)
    update_trust(state, scenario, today)

    resolved = cases.first_open + np.flatnonzero(awaiting_feedback(state, scenario, view))
    fb = scenario.feedback
    if scenario.platform.closed_loop:
        online = state.residents.has_adopted[cases.reporter[resolved]] & state.platform_up
        p = np.where(online, fb.online_feedback_probability, 0.0)
    else:
        p = np.full(len(resolved), fb.voluntary_feedback_probability)
    rated = resolved[rng.random(len(resolved)) < p]
    manage_rating(state, scenario, rng, rated)  # 6b the rating worked (off outside Beijing)
    close_cases(state, scenario, rated)
    advance_first_open(state, scenario)


def awaiting_feedback(state: SimState, scenario: Scenario, view: slice) -> np.ndarray:
    """Mask over `view`: resolved cases still inside the feedback window."""
    cases = state.cases
    return (cases.status[view] == Status.RESOLVED) & (
        cases.day_resolved[view] >= state.day - scenario.feedback.feedback_window_days
    )


def advance_first_open(state: SimState, scenario: Scenario) -> None:
    """Move past cases that can no longer change (closed, lapsed, feedback window over)."""
    cases = state.cases
    view = cases.open_view()
    status = cases.status[view]
    done = (
        (status == Status.CLOSED)
        | (status == Status.LAPSED)
        | (
            (status == Status.RESOLVED)
            & (cases.day_resolved[view] < state.day - scenario.feedback.feedback_window_days)
        )
    )
    still_open = np.flatnonzero(~done)
    cases.first_open += int(still_open[0]) if len(still_open) else len(status)


def management_level(state: SimState, scenario: Scenario) -> float:
    """How far rating management is in place today, 0-1 (a linear ramp from the reform)."""
    r = scenario.ranking
    months = (state.day - r.start_day) / r.month_days
    return min(max(months / scenario.hotline.management_months, 0.0), 1.0)


def manage_rating(
    state: SimState, scenario: Scenario, rng: np.random.Generator, idx: np.ndarray
) -> None:
    """Step 6b, the rating worked (docs/ODD.md §7.13; issue 28 item 2d): re-contact and
    exclusion of the requests `idx` about to be rated (closed) today.

    Beijing's satisfaction rate exceeded its resolution rate by 11 points in October 2019
    (85.39 against 74.36 %, govsim/data/beijing_12345_2019_2021.json): a requester whose
    problem is not solved can still say "satisfied". Under a monthly public ranking a street
    manages the rating itself: before the call-back it re-contacts requesters it expects to
    be dissatisfied (an apology, an explanation, a second visit), and requests judged
    unreasonable are left out of assessment. S2's closed loop makes the rating what
    the platform's authority acts on; S3's incentives make it what the street works on.

    With ``hotline.rating_management`` on, management grows linearly to full over
    ``hotline.management_months`` from the reform's start (``ranking.start_day``). Of the
    requests rated today whose satisfaction is below ``kpi.satisfied_from``, a share
    ``recontact_share`` × level is re-contacted and gains ``recontact_lift`` satisfaction
    (whether the problem was solved, the case's quality, does not change); of those still
    below, a share ``unreasonable_share`` × level is marked ``excluded`` and left out of
    both assessed rates. Off, nothing is drawn.
    """
    hot = scenario.hotline
    if not hot.rating_management or not len(idx):
        return
    cases = state.cases
    idx = idx[cases.channel[idx] != Channel.PATROL]
    now = management_level(state, scenario)
    threshold = scenario.kpi.satisfied_from
    unhappy = cases.satisfaction[idx] < threshold
    recontact = unhappy & (rng.random(len(idx)) < hot.recontact_share * now)
    cols = cases.columns
    cols["satisfaction"][idx[recontact]] = unit_clip(
        cases.satisfaction[idx[recontact]] + hot.recontact_lift
    )
    still = cases.satisfaction[idx] < threshold
    excluded = still & (rng.random(len(idx)) < hot.unreasonable_share * now)
    cols["excluded"][idx[excluded]] = True
