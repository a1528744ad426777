"""Step 10, a hotline reform's monthly evaluation and public ranking (S3 incentives).

Part of the simulation layer, not a rule: it reads the run's own KPIs (the metrics
recorder) once a month and feeds them back into the state, as the reform's evaluation
feeds the streets' scores back into their work.

Beijing's 2019 reform scores every street each month on the three rates of its
12345 requests (response, resolution, satisfaction), ranks the streets and publishes
the ranking, which feeds the governments' performance ratings (govsim/data/
beijing_12345_baseline.json). S3  describes evaluation
pressure as what moves government effort; the model reads the ranking as pressure
that shrinks as the street closes its gap to a full score:

* score_m = mean of the three rates of month m; shortfall_m = 1 − score_m;
* pressure_m = ``ranking.pressure`` × shortfall_m ÷ shortfall_0 (the first month sets
  the scale: a street is pushed as hard as it is behind where it started);
* quality gain g (added to the responders' mean outcome quality) and effort gain e
  (dividing the staff-hours a case needs):
  g ← g + ``quality_learning`` · pressure · (``quality_ceiling`` − quality_mean − g)
  − ``decay`` · g,
  e ← e + ``effort_learning`` · pressure · (``effort_ceiling`` − e) − ``decay`` · (e − 1);
* whistle-blowing: every grid's party coordination rises linearly from the scenario's
  value to ``whistle_coordination`` over ``whistle_months`` months.

With ``ranking.relative`` (issue 28 item 2c; Beijing ranks streets *against each other*
every month) pressure is instead ``pressure`` × 2 × the share of peer streets scoring
above the street (:func:`peers_above`): a mean street feels ``pressure``, and pressure
fades only when the street outpaces peers that themselves improve.

Diminishing returns (gaps to ceilings) and decay give a saturating path, not a
jump. Nothing here was fitted to data after January 2019 (docs/forecast.md).
"""

from __future__ import annotations

import dataclasses
import math

from govsim.rules import handling
from govsim.scenario.schema import Ranking, Scenario
from govsim.world.state import SimState

RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


def peers_above(r: Ranking, month: int, first_score: float, score: float) -> float:
    """Share of peer streets scoring above `score` in `month` (issue 28 item 2c): peers'
    scores are Normal(mean, ``peer_sd``), the mean moving from where a mean street stood
    in month 0 (`first_score`) toward ``peer_ceiling`` with time constant
    ``peer_months`` (all assumed)."""
    mean = r.peer_ceiling - (r.peer_ceiling - first_score) * math.exp(-month / r.peer_months)
    return 0.5 * math.erfc((score - mean) / (r.peer_sd * math.sqrt(2.0)))


def month_ends(scenario: Scenario, day: int) -> bool:
    """True on the last day of an evaluated month."""
    r = scenario.ranking
    return day >= r.start_day and (day + 1 - r.start_day) % r.month_days == 0


def evaluate_month(state: SimState, scenario: Scenario, values: dict[str, float]) -> None:
    """On a month's last day, given the month's metrics (`values`): score the month, update
    the gains and the coordination."""
    r = scenario.ranking
    rates = [values[k] for k in RATES if values[k] == values[k]]  # NaN: no such request
    score = sum(rates) / len(rates) if rates else 1.0
    shortfall = 1.0 - score
    history = state.ranking_history
    month = len(history)
    if r.relative:
        first_score = 1.0 - history[0]["shortfall"] if history else score
        above = peers_above(r, month, first_score, score)
        pressure = r.pressure * 2.0 * above
    else:
        first = history[0]["shortfall"] if history else shortfall
        pressure = r.pressure * (shortfall / first if first > 0 else 0.0)
    base = scenario.responders.quality_mean
    state.quality_gain += (
        r.quality_learning * pressure * (r.quality_ceiling - base - state.quality_gain)
        - r.decay * state.quality_gain
    )
    state.effort_gain += r.effort_learning * pressure * (
        r.effort_ceiling - state.effort_gain
    ) - r.decay * (state.effort_gain - 1.0)
    history.append(
        {
            "month": month,
            "shortfall": shortfall,
            "pressure": pressure,
            "quality_gain": state.quality_gain,
            "effort_gain": state.effort_gain,
        }
    )
    start = scenario.organisation.party_coordination
    level = start + (r.whistle_coordination - start) * min((month + 1) / r.whistle_months, 1.0)
    for branch in state.party_organisations:
        branch.coordination = level
    # the run table of sign-off hours follows the branches' new coordination
    state.tables = dataclasses.replace(
        state.tables,
        sign_off_hours=handling.sign_off_hours(scenario, state.party_organisations[1:]),
    )
