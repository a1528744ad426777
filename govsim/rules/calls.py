"""Step 2b, calls: the hotline's consultations, by channel (docs/ODD.md §7.13; issue 28).

What a hotline publishes as *calls* is requests (cases a resident reported, made in
steps 1-2) and *consultations*: questions that are not issues (a policy, an office's
hours), answered on the line and never dispatched. Beijing's 12345 took 58.5 % of its
calls as consultations over 2019-01..2021-11, and 90.71 % of its 2020 calls by phone
(govsim/data/beijing_12345_2019_2021.json). S2 describes the hotline platform as the
one door residents use for anything they want from government; consultations are that
door's other traffic.

Consultations are a Poisson count a day at ``hotline.consultations_per_resident_year``
× residents ÷ 365, times the day's demand pattern (weekday, season: assumed to follow
the issues') and times a growth factor (1 unless a demand rule raises it), split by
channel at ``hotline.consultation_phone_share``. They draw
from a stream of their own (:func:`govsim.rules.needs.child_stream`), so a run without
them (Community Y) draws every other number as before.
"""

from __future__ import annotations

import numpy as np

from govsim.rules.needs import child_stream
from govsim.scenario import events
from govsim.scenario.schema import Scenario
from govsim.world.state import SimState

CALLS_STREAM = 28  # algorithm: the spawn-key entry of the consultations' stream (issue 28)


def calls_rng(rng: np.random.Generator) -> np.random.Generator:
    """The consultations' stream, a child of the run's (made once: ``state.calls_rng``)."""
    return child_stream(rng, CALLS_STREAM)


def expected_consultations(state: SimState, scenario: Scenario, growth: float = 1.0) -> float:
    """Today's expected consultations: the yearly rate per resident, a day's share, the
    demand pattern and the demand growth of the reform (1 without it)."""
    rate = scenario.hotline.consultations_per_resident_year
    day = rate * state.residents.n / 365.0
    return day * events.demand_multiplier(scenario, state.day) * growth


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 2b (docs/ODD.md §7.13; S2, the hotline as the one door): today's
    consultations, by phone or online, logged. They draw on ``state.calls_rng``, never on
    the run's stream `rng`, and grow with a reform's uptake (``state.demand_growth``)."""
    if scenario.hotline.consultations_per_resident_year <= 0:
        return
    own = state.calls_rng
    k = int(own.poisson(expected_consultations(state, scenario, state.demand_growth)))
    phone = int(own.binomial(k, scenario.hotline.consultation_phone_share)) if k else 0
    state.log.consultations_phone[state.day] = phone
    state.log.consultations_online[state.day] = k - phone
