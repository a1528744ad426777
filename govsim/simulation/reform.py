"""Step 10, a hotline reform month by month: the ranking, the demand it draws and the
staff it takes (docs/ODD.md §7.14; issue 28 item 2).

Part of the simulation layer, like the ranking (:mod:`govsim.simulation.ranking`): on the
last day of each evaluated month it reads the month's published figures (the metrics
recorder) and feeds them back into the state. Three separate parts, each with its own
switch (all off outside Beijing, so other scenarios do not change):

* the ranking (``ranking.enabled``): :func:`govsim.simulation.ranking.evaluate_month`;
* demand that answers the reform (``uptake``, :func:`update_demand`): latent problems
  residents raise once calls are seen to work and the hotline is publicised, and the
  calls of other hotlines folded into 12345. S2 describes the platform drawing residents
  in as it proves itself; the published calls grew ×2.6 from 2018 to 2020
  (govsim/data/beijing_12345_2019_2021.json) while issues arising at a fixed rate
  could give at most ×1.4 (issue 28);
* staffing that answers load and ranking (``staffing``, :func:`update_staffing`), paid
  at ``costs.department_staff_hour_yuan`` (S3: incentives move what government spends).
"""

from __future__ import annotations

from govsim.scenario.schema import Scenario
from govsim.simulation import ranking
from govsim.simulation.recorder import MetricsRecorder
from govsim.world.state import SimState


def active(scenario: Scenario) -> bool:
    """True when any monthly part of a reform is switched on."""
    u = scenario.uptake
    return (
        scenario.ranking.enabled
        or u.latent_enabled
        or u.folding_enabled
        or scenario.staffing.enabled
    )


def month_end(state: SimState, scenario: Scenario, recorder: MetricsRecorder) -> None:
    """On a month's last day: the month's figures once, then each part switched on."""
    day = state.day
    if not ranking.month_ends(scenario, day):
        return
    values = recorder.evaluate(day - scenario.ranking.month_days + 1, day)
    month = len(state.reform_history)
    if scenario.ranking.enabled:
        ranking.evaluate_month(state, scenario, values)
    update_demand(state, scenario, month, values)
    update_staffing(state, scenario, month, values)
    state.reform_history.append(
        {
            "month": month,
            "requests_per_resident_year": values["requests_per_resident_year"],
            "calls_per_resident_year": values["calls_per_resident_year"],
            "awareness": state.awareness,
            "demand_growth": state.demand_growth,
            "staff_factor": state.staff_factor,
        }
    )


def folded_share(scenario: Scenario, month: int) -> float:
    """How far the folded hotlines' calls have arrived by the month after `month`, 0-1."""
    u = scenario.uptake
    return min(max((month + 1 - u.folding_start_month) / u.folding_months, 0.0), 1.0)


def update_demand(state: SimState, scenario: Scenario, month: int, values: dict) -> None:
    """Awareness moves toward (publicity ramp) × the month's satisfaction rate; the issue
    and consultation rates of the next month are × (1 + latent × awareness) × (1 +
    folded calls × their ramp) (docs/ODD.md §7.14)."""
    u = scenario.uptake
    if not (u.latent_enabled or u.folding_enabled):
        return
    latent = 1.0
    if u.latent_enabled:
        seen = values["satisfaction_rate"]
        if seen == seen:  # NaN: no rated request this month, awareness holds
            target = min((month + 1) / u.publicity_months, 1.0) * seen
            state.awareness += u.awareness_learning * (target - state.awareness)
        latent = 1.0 + u.latent_demand * state.awareness
    folded = 1.0 + u.folded_calls * folded_share(scenario, month) if u.folding_enabled else 1.0
    state.demand_growth = latent * folded


def update_staffing(state: SimState, scenario: Scenario, month: int, values: dict) -> None:
    """The staff factor moves by ``staffing.adjust`` toward 1 + load following × (requests
    ÷ month 0's − 1) + ranking staff × the month's pressure, within [1, max_factor]."""
    st = scenario.staffing
    if not st.enabled:
        return
    requests = values["requests_per_resident_year"]
    first = state.reform_history[0]["requests_per_resident_year"] if month else requests
    load = requests / first if first > 0 and requests == requests else 1.0
    pressure = state.ranking_history[-1]["pressure"] if state.ranking_history else 0.0
    target = 1.0 + st.load_following * (load - 1.0) + st.ranking_staff * pressure
    target = min(max(target, 1.0), st.max_factor)
    state.staff_factor += st.adjust * (target - state.staff_factor)
