"""Step 4b, contact: the street's desk calls each requester back (docs/ODD.md §7.13;
issue 28 item 1).

Beijing's 12345 response rate is a process measure: the share of dispatched requests
whose requester was *contacted* by the handling unit within the time limit
(govsim/data/beijing_12345_baseline.json `kpi_definitions`), reported as 100 % in every
month of 2019. Contact is not work begun (step 5): a desk phones the requester, says the
request is taken and when someone will come. S2 describes the closed loop of the
hotline platform as this promise kept to the resident.

With ``hotline.contact_desk`` on, someone is on call every day, around the clock (as
12345 itself), and each contact takes ``hotline.contact_hours_per_request`` of clock
time; the day's ``hotline.contact_staff_hours_per_day`` × the staff factor
(``staffing``) cap how many contacts the desk makes (staff-hours ÷ hours a contact).
Requests dispatched and not yet contacted are called in order: those waiting when the
day starts by their deadline (report time + the category's limit,
``kpi.response_limit_hours``), then the day's new ones as they arrive (the desk never
idles while a requester waits), each after the one before it and not before its
dispatch: t_i = max(t_(i-1), d_i) + u, u = a contact's hours, solved as
i·u + cummax(d_j − (j − 1)·u) (the single-server recursion of step 5). A contact beyond
the day's cap or after its end carries over to the next day. Work begun (step 5) is
also contact: the response rate reads the earlier of the two. Off, nothing is
contacted here.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.state import Channel, SimState, Status

HOURS_PER_DAY = 24.0


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 4b (docs/ODD.md §7.13; S2 closed loop): the desk contacts today's requesters,
    waiting ones by deadline first (draws nothing from `rng`)."""
    hot = scenario.hotline
    if not hot.contact_desk:
        return
    hours = hot.contact_staff_hours_per_day * state.staff_factor
    state.log.contact_hours_available[state.day] = hours
    cases = state.cases
    view = cases.open_view()
    waiting = (
        (cases.status[view] == Status.DISPATCHED)
        & np.isnan(cases.time_contacted[view])
        & (cases.channel[view] != Channel.PATROL)
    )
    idx = cases.first_open + np.flatnonzero(waiting)
    if not len(idx) or hours <= 0:
        return
    day0 = state.day * HOURS_PER_DAY
    limits = np.array(scenario.kpi.response_limit_hours.as_tuple())[cases.category[idx]]
    today = cases.time_dispatched[idx] > day0
    key = np.where(today, cases.time_dispatched[idx], cases.time_reported[idx] + limits)
    idx = idx[np.lexsort((key, today))]
    per_contact = hot.contact_hours_per_request
    arrival = np.maximum(cases.time_dispatched[idx], day0)
    order = np.arange(len(idx))
    done = (order + 1) * per_contact + np.maximum.accumulate(arrival - order * per_contact)
    reached = (done <= day0 + HOURS_PER_DAY) & (order < hours / per_contact)
    cases.columns["time_contacted"][idx[reached]] = done[reached]
