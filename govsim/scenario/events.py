"""Dated shocks of a scenario (`events:`, docs/ODD.md §3 step 5 and §9) and the weekly and
seasonal demand pattern.

Four kinds, each active on days ``day .. day + days - 1``:

* ``demand_surge``: the issue rate of its categories (all when none are named) is
  multiplied by ``factor`` (e.g. storm damage: repairs and sanitation);
* ``outage``: the platform is down, whatever ``platform.reliability`` draws;
* ``staffing``: a temporary staffing change in either direction (a surge, ``factor`` > 1,
  or a cut, ``factor`` < 1): staff-hours of all responders (or of the departments leading
  its categories) are multiplied by ``factor``;
* ``staff_cut``: the same as ``staffing`` (the older name, kept for existing files).

Each event is a *shock* (what befalls the community) or a *response* (a policy measure):
`Event.role`, by default by kind (demand_surge, outage and staff_cut are shocks; staffing
is a response). Recovery is measured from the end of the last shock (:func:`shock_span`).

Events that overlap multiply. Everything here is a pure function of the scenario and
the day; nothing is random.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario.schema import CATEGORIES, STAFFING_KINDS, Event, Scenario

DAYS_PER_WEEK = 7
WEEKEND = (5, 6)  # day 0 of a run is a Monday


def _category_mask(event: Event) -> np.ndarray:
    if not event.categories:
        return np.ones(len(CATEGORIES), dtype=bool)
    return np.isin(np.array(CATEGORIES), np.array(event.categories))


def demand_multiplier(scenario: Scenario, day: int) -> float:
    """Weekday/weekend × seasonal multiplier of the issue rate; averages 1 over a week and
    a year (so `needs.issues_per_adult_year` keeps its meaning)."""
    d = scenario.demand
    weekday = len(WEEKEND) * d.weekend_factor + (DAYS_PER_WEEK - len(WEEKEND))
    week = (d.weekend_factor if day % DAYS_PER_WEEK in WEEKEND else 1.0) * DAYS_PER_WEEK / weekday
    season = 1.0 + d.seasonal_amplitude * np.cos(2 * np.pi * (day - d.seasonal_peak_day) / 365)
    return float(week * season)


def category_surge(scenario: Scenario, day: int) -> np.ndarray | None:
    """Per category: the product of the factors of demand surges active on `day` (None when
    no surge is: the rule then skips a multiplication by ones)."""
    factor = None
    for e in scenario.events:
        if e.kind == "demand_surge" and e.covers(day):
            factor = np.ones(len(CATEGORIES)) if factor is None else factor
            factor[_category_mask(e)] *= e.factor
    return factor


def is_outage(scenario: Scenario, day: int) -> bool:
    return any(e.kind == "outage" and e.covers(day) for e in scenario.events)


def staff_factor(
    scenario: Scenario, day: int, n_responders: int, shocks_only: bool = False
) -> np.ndarray:
    """Per responder (departments first, in CATEGORIES order): staff-hours multiplier
    (`shocks_only`: of the shock events alone, what the staff would have been without the
    responses; the one-off cost of a response is the difference)."""
    factor = np.ones(n_responders)
    for e in scenario.events:
        if e.kind in STAFFING_KINDS and e.covers(day) and (e.is_shock or not shocks_only):
            if e.categories:
                factor[: len(CATEGORIES)][_category_mask(e)] *= e.factor
            else:
                factor *= e.factor
    return factor


def office_staff_factor(scenario: Scenario, day: int, shocks_only: bool = False) -> float:
    """Staff-hours multiplier of the community office: staffing changes that name no
    categories (`shocks_only`: see `staff_factor`)."""
    factor = 1.0
    for e in scenario.events:
        if (
            e.kind in STAFFING_KINDS
            and e.covers(day)
            and not e.categories
            and (e.is_shock or not shocks_only)
        ):
            factor *= e.factor
    return factor


def response_staffing_days(scenario: Scenario, lo: int, hi: int) -> list[int]:
    """Days in ``lo..hi`` on which a staffing response (role response, factor ≠ 1) is on:
    the days a one-off cost can fall on."""
    days: set[int] = set()
    for e in scenario.events:
        if e.kind in STAFFING_KINDS and not e.is_shock and e.factor != 1.0:
            days.update(range(max(e.day, lo), min(e.day + e.days - 1, hi) + 1))
    return sorted(days)


def event_span(scenario: Scenario) -> tuple[int, int] | None:
    """(first event day, last event day), or None without events."""
    if not scenario.events:
        return None
    return (min(e.day for e in scenario.events), max(e.day + e.days - 1 for e in scenario.events))


def shock_span(scenario: Scenario) -> tuple[int, int] | None:
    """(first shock day, last shock day), or None without shocks: the span recovery is
    measured around (docs/contract.md `recovery_days`). Events with `role: response` (by
    default the `staffing` kind: a policy measure) are left out, so a staffing surge never
    moves the clock."""
    shocks = [e for e in scenario.events if e.is_shock]
    if not shocks:
        return None
    return (min(e.day for e in shocks), max(e.day + e.days - 1 for e in shocks))
