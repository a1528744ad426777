"""Step 5, handling: responders work their queues within capacity (S2, S3).

Each unblocked case in a responder's queue is finished today with chance
`responders.resolve_probability` × effort, oldest first, up to the
responder's daily capacity. Effort rises with public ratings (S2 "platform
authority", 002_f45f750ee9168511.txt) and, for departments, with
evaluation pressure (S3 incentives, 003_63f6ab9ee8ea6d1a.txt); it also
raises the outcome quality that satisfaction is built from.
"""

from __future__ import annotations

import numpy as np

from govsim.schema import Scenario
from govsim.state import SimState, Status


def first_within_capacity(responder: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Mask: the first `capacity[r]` entries (in order) of each responder r."""
    order = np.argsort(responder, kind="stable")
    ranked = responder[order]
    rank = np.arange(len(ranked)) - np.searchsorted(ranked, ranked, side="left")
    keep = np.zeros(len(responder), dtype=bool)
    keep[order] = rank < capacity[ranked]
    return keep


def handle(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    cases = state.cases
    view = cases.open_view()
    idx = cases.first_open + np.flatnonzero((cases.status[view] == Status.DISPATCHED)
                                            & ~cases.is_blocked[view])
    if not len(idx):
        return
    effort = np.array([r.effort(scenario) for r in state.responders])
    capacity = np.array([r.capacity_per_day for r in state.responders])
    responder = cases.responder[idx].astype(np.int64)
    r = scenario.responders
    finished = rng.random(len(idx)) < np.minimum(r.resolve_probability * effort[responder], 1.0)
    idx, responder = idx[finished], responder[finished]
    keep = first_within_capacity(responder, capacity)
    idx, responder = idx[keep], responder[keep]

    quality_mean = r.quality_mean + r.quality_effort_gain * (effort[responder] - 1.0)
    quality = np.clip(rng.normal(quality_mean, 0.15), 0.0, 1.0)
    waited = state.day - cases.day_reported[idx]
    noise = rng.normal(0.0, 0.08, len(idx))
    satisfaction = np.clip(quality - scenario.feedback.wait_penalty_per_30_days * waited / 30.0
                           + noise, 0.0, 1.0)
    cols = cases.columns
    cols["status"][idx] = Status.RESOLVED
    cols["day_resolved"][idx] = state.day
    cols["quality"][idx] = quality
    cols["satisfaction"][idx] = satisfaction
    np.subtract.at(state.residents.open_issues, cases.reporter[idx], 1)
    for i, n in enumerate(np.bincount(responder, minlength=len(state.responders))):
        state.responders[i].cases_resolved += int(n)
