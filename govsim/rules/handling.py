"""Step 5, handling: responders work their queues in staff-hours (S2, S3; docs/ODD.md §7.5).

A dispatched case needs `work_left` staff-hours (its category's
`responders.work_hours` × a LogNormal complexity draw ÷ the responder's effort:
**effort acts on speed**, not on quality). Each responder is a team working its
queue in office hours (`responders.office_open_hour` to `office_close_hour`),
its day's staff-hours spread evenly over them: it is one pooled server of rate
staff-hours ÷ office hours. Departments work `working_days_per_week` (Monday
first), social groups every day. Queue discipline:

* closed loop on (S2): first the overdue cases (open longer than
  `responders.escalation_hours` since their report), then the rest, each part
  in order of report time (FIFO);
* closed loop off: an unordered pile, taken in random order (each case has a
  fixed random place `pile_order`): same work, no tracking, a longer tail.

Outside office hours (`out_of_hours.rota_staff` > 0, off by default) a rota of
department staff works the same queues each evening until `rota_end_hour` and, with
`rota_weekends`, on rest days from opening to then (issue 29 item 2).

A case is **acknowledged** (first response) when work on it starts and is
**resolved** when its work is done; a cross-department case then waits for the
other departments' sign-off, an exponential delay with mean 24 h × s/(1 − s),
s = barrier × (1 − strength × party coordination of its grid): the continuous
form of a daily chance s of staying blocked (S2 "party-led governance", S3
"organizational barriers"). Without a case-level loop: per responder the
queue is sorted, and finish times follow the single-server recursion
f_i = max(f_{i-1}, a_i) + w_i / rate, solved as S_i / rate + cummax(a_j − S_{j-1} / rate).
"""

from __future__ import annotations

import numpy as np

from govsim.core.stats import unit_clip
from govsim.scenario import events
from govsim.scenario.schema import CATEGORIES, Scenario
from govsim.world.state import SimState, Status, add_count

SEGMENT = 1e9  # algorithm: hours; offsets queues of different responders apart in one cummax


def staff_hours(state: SimState, scenario: Scenario) -> np.ndarray:
    """Per responder: staff-hours on duty today (0 on a department's day off).

    Departments share 6 × `department_staff_hours_per_day` in proportion to their
    category's expected work (expected issue mix × work hours; assumed staffing rule).
    """
    r = scenario.responders
    n = len(state.responders)
    hours = state.tables.working_day_hours
    if state.day % events.DAYS_PER_WEEK >= r.working_days_per_week:
        hours = np.where(state.tables.government, 0.0, hours)
    if scenario.events:
        hours = hours * events.staff_factor(scenario, state.day, n)
    if state.staff_factor != 1.0:  # staffing that answers load and ranking (issue 28)
        hours = np.where(state.tables.government, hours * state.staff_factor, hours)
    return hours


def working_day_hours(
    scenario: Scenario, category_mix: np.ndarray, n_responders: int
) -> np.ndarray:
    """Run table ``working_day_hours``: per responder, staff-hours on a working day (see
    `staff_hours`; `category_mix`: the run table of :mod:`govsim.rules.needs`)."""
    r = scenario.responders
    work = category_mix * np.array(r.work_hours.as_tuple())  # expected, by category
    hours = np.full(n_responders, r.social_group_staff_hours_per_day, dtype=np.float64)
    dept = len(CATEGORIES)
    hours[:dept] = r.department_staff_hours_per_day * dept * work / work.sum()
    return hours


def serve(
    responder: np.ndarray, arrival: np.ndarray, work: np.ndarray, rate: np.ndarray, close: float
) -> tuple[np.ndarray, np.ndarray]:
    """Start and finish times of queued cases (in queue order, grouped by responder).

    Each responder is one server of `rate[r]` > 0 staff-hours per hour; a case starts when
    it has arrived and the one before it is done: start_i = max_j≤i (a_j + hours between
    j and i) = cummax(a_j − B_j) + B_i, B_i the hours of work ahead of i in its queue.
    Cases that would start at or after `close` are not served today (start = finish = inf).
    """
    duration = work / rate[responder]
    total = np.cumsum(duration) - duration  # hours ahead of each case, whole array
    first = np.ones(len(responder), dtype=bool)
    np.not_equal(responder[1:], responder[:-1], out=first[1:])
    seg_start = np.maximum.accumulate(np.where(first, np.arange(len(responder)), 0))
    ahead = total - total[seg_start]
    offset = responder * SEGMENT
    start = np.maximum.accumulate(arrival - ahead + offset) - offset + ahead
    late = start >= close
    return np.where(late, np.inf, start), np.where(late, np.inf, start + duration)


def queue_order(state: SimState, scenario: Scenario, idx: np.ndarray, now: float) -> np.ndarray:
    """Indices into `idx` in queue order, grouped by responder (see the module docstring).

    Cases waiting at opening time `now` come first, in the discipline's order; cases
    that arrive during the day follow in order of arrival (staff cannot take a case
    before it is there, so the server never idles while work waits).
    """
    cases = state.cases
    responder = cases.responder[idx]
    arrival = cases.time_dispatched[idx]
    today = arrival > now
    if scenario.platform.closed_loop:
        reported = cases.time_reported[idx]
        overdue = now - reported > scenario.responders.escalation_hours
        key = np.where(today, arrival, reported)
        return np.lexsort((key, ~overdue, today, responder))
    key = np.where(today, arrival, cases.pile_order[idx])
    return np.lexsort((key, today, responder))


def work_queues(
    state: SimState, scenario: Scenario, rng: np.random.Generator, dispatched: np.ndarray
) -> None:
    """Today's work: acknowledge, progress and finish queued cases (`dispatched`: mask over
    the open rows) in office hours, then in the rota's hours if there is one."""
    r = scenario.responders
    hours = staff_hours(state, scenario)
    day0 = state.day * 24.0
    open_, close = day0 + r.office_open_hour, day0 + r.office_close_hour
    worked = work_window(state, scenario, rng, dispatched, hours, (open_, close))
    gov = state.tables.government
    state.log.gov_hours_worked[state.day] = worked[gov].sum()
    state.log.gov_hours_available[state.day] = hours[gov].sum()
    state.log.social_hours_available[state.day] = hours[~gov].sum()  # costs (issue 22)
    if scenario.out_of_hours.rota_staff > 0:
        work_rota(state, scenario, rng, dispatched)


def work_window(
    state: SimState,
    scenario: Scenario,
    rng: np.random.Generator,
    dispatched: np.ndarray,
    hours: np.ndarray,
    window: tuple[float, float],
) -> np.ndarray:
    """Work queued cases in the hours `window` (open, close), each responder's `hours`
    spread evenly over them; returns the staff-hours each responder worked."""
    cases = state.cases
    view = cases.open_view()
    open_, close = window
    rate = hours / (close - open_)
    queued = dispatched & (cases.work_left[view] > 0)
    idx = cases.first_open + np.flatnonzero(queued & (rate[cases.responder[view]] > 0))
    worked = np.zeros(len(hours))
    if len(idx):
        idx = idx[queue_order(state, scenario, idx, open_)]
        responder = cases.responder[idx].astype(np.int64)
        work = cases.work_left[idx].astype(np.float64)
        arrival = np.maximum(cases.time_dispatched[idx], open_)
        start, finish = serve(responder, arrival, work, rate, close)
        cols = cases.columns
        begun = start < close
        first = begun & np.isnan(cases.time_acknowledged[idx])
        cols["time_acknowledged"][idx[first]] = start[first]
        done = finish <= close
        part = begun & ~done
        progress = np.where(done, work, 0.0)
        progress[part] = (close - start[part]) * rate[responder[part]]
        cols["work_left"][idx] = np.where(done, 0.0, work - progress).astype(np.float32)
        worked = np.bincount(responder, weights=progress, minlength=len(hours))
        finish_work(state, scenario, rng, idx[done], finish[done])
    return worked


def work_rota(
    state: SimState, scenario: Scenario, rng: np.random.Generator, dispatched: np.ndarray
) -> None:
    """The evening and weekend rota (`out_of_hours`, issue 29): `rota_staff` department
    staff on duty from the offices' close (on a rest day: their opening) to
    `rota_end_hour`, shared across departments as their working-day staff-hours are. They
    work the same queues in the same order as office staff (S2 closed loop)."""
    r, duty, tables = scenario.responders, scenario.out_of_hours, state.tables
    rest_day = state.day % events.DAYS_PER_WEEK >= r.working_days_per_week
    if rest_day and not duty.rota_weekends:
        return
    start = r.office_open_hour if rest_day else r.office_close_hour
    length = duty.rota_end_hour - start
    gov_hours = np.where(tables.government, tables.working_day_hours, 0.0)
    hours = duty.rota_staff * length * gov_hours / gov_hours.sum()
    day0 = state.day * 24.0
    work_window(state, scenario, rng, dispatched, hours, (day0 + start, day0 + duty.rota_end_hour))
    log = state.log.rota_hours_rest_day if rest_day else state.log.rota_hours_evening
    log[state.day] = hours.sum()  # costs (issue 29)


def finish_work(
    state: SimState,
    scenario: Scenario,
    rng: np.random.Generator,
    idx: np.ndarray,
    finish: np.ndarray,
) -> None:
    """Work done: resolved at once, or after the coordination delay if cross-department."""
    cases = state.cases
    resolved_at = finish.copy()
    cross = cases.is_cross_department[idx]
    if cross.any():
        grid = cases.grid[idx[cross]]
        mean_hours = state.tables.sign_off_hours
        resolved_at[cross] += rng.exponential(1.0, int(cross.sum())) * mean_hours[grid]
    cases.columns["time_resolved"][idx] = resolved_at


def sign_off_hours(scenario: Scenario, branches: list) -> np.ndarray:
    """Run table ``sign_off_hours``: per grid, mean hours a cross-department case waits for
    sign-off, 24 × s/(1 − s) with s = barrier × (1 − strength × the grid branch's
    coordination) (inf when s = 1). Fixed for a run: coordination is a scenario setting of
    each branch."""
    org = scenario.organisation
    coordination = np.array([b.coordination for b in branches])
    stay = org.organisational_barrier * (1.0 - org.coordination_strength * coordination)
    with np.errstate(divide="ignore"):
        return np.where(stay < 1, 24.0 * stay / (1.0 - stay), np.inf)


def resolve_due(
    state: SimState, scenario: Scenario, rng: np.random.Generator, dispatched: np.ndarray
) -> int:
    """Cases whose resolution time falls today become resolved; outcome and satisfaction.
    Returns how many."""
    cases, r = state.cases, scenario.responders
    view = cases.open_view()
    due = dispatched & (cases.time_resolved[view] < (state.day + 1) * 24.0)
    idx = cases.first_open + np.flatnonzero(due)
    state.resolved_today = idx  # read by experience (step 8b)
    if not len(idx):
        return 0
    quality = unit_clip(rng.normal(r.quality_mean + state.quality_gain, r.quality_sd, len(idx)))
    waited = (cases.time_resolved[idx] - cases.time_reported[idx]) / 24.0
    noise = rng.normal(0.0, scenario.feedback.satisfaction_noise_sd, len(idx))
    satisfaction = unit_clip(
        quality - scenario.feedback.wait_penalty_per_30_days * waited / 30.0 + noise
    )
    cols = cases.columns
    cols["status"][idx] = Status.RESOLVED
    cols["day_resolved"][idx] = state.day
    cols["quality"][idx] = quality
    cols["satisfaction"][idx] = satisfaction
    add_count(state.residents.open_issues, cases.reporter[idx], -1)
    return len(idx)


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 5, handling (docs/ODD.md §7.5; S2 "platform authority", S3 incentives and
    organisational barriers): responders work their queues; cases are acknowledged and
    resolved; the day's backlog is logged."""
    cases = state.cases
    status = cases.status[cases.open_view()]
    dispatched = status == Status.DISPATCHED
    waiting = np.count_nonzero(status == Status.REPORTED) + np.count_nonzero(dispatched)
    work_queues(state, scenario, rng, dispatched)
    resolved = resolve_due(state, scenario, rng, dispatched)
    state.log.backlog[state.day] = waiting - resolved  # reported, not resolved, at day's end
