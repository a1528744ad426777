"""Run tables: everything fixed for a run that the daily rules read, built once.

What depends only on the scenario, the population and the institutions (none of
which change during a run) is computed when the model is built
(:func:`govsim.simulation.model.build_tables`, which calls each rule module's own
builder, kept next to the rule that reads it) and stored as ``state.tables``. A
rule reads a field (``state.tables.effort``) instead of computing it lazily on its
first day; following one scenario value means reading one builder.

The arrays are read-only: a rule that wrote into one would change every later day.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


@dataclass(frozen=True)
class RunTables:
    """Fixed for a run, by the step of docs/ODD.md §3 that reads it."""

    # per responder (departments first, then social groups; govsim.world.agents)
    government: np.ndarray  # bool: a department (True) or a social group (False)
    social_groups: tuple[int, ...]  # responder rows of the social groups, in order
    # 1 needs (govsim/rules/needs.py)
    issue_cdf: np.ndarray  # float64 per resident: cumulative daily issue rate
    category_mix: np.ndarray  # expected share of issues per category (after elderly care)
    category_shares: np.ndarray  # needs.category_shares, as an array
    # 2 reporting (govsim/rules/reporting.py)
    online_by_preference: np.ndarray  # reporting.online_by_preference, by ChannelPreference
    offline_by_preference: np.ndarray  # reporting.offline_by_preference, by ChannelPreference
    # 4 dispatch (govsim/rules/dispatch.py)
    candidates: np.ndarray  # int64 (categories × groups): social groups serving each, -1 pad
    candidate_count: np.ndarray  # int64 per category: how many social groups serve it
    effort: np.ndarray  # float64 per responder: effort ≥ 1 (divides a case's work)
    volunteer_for: np.ndarray  # per category: the first volunteer team serving it, or -1
    # 5 handling (govsim/rules/handling.py)
    working_day_hours: np.ndarray  # float64 per responder: staff-hours on a working day
    sign_off_hours: np.ndarray  # float64 per grid: mean sign-off wait of a cross-dept case
    # 7 participation (govsim/rules/participation.py)
    activity_rates: np.ndarray  # per organiser (grid branches, then social groups): daily chance
    activity_cumulative: np.ndarray  # cumulative weights of the kinds of activity
    activity_total: float  # their total (0: no activity can be held)
    # 8 adoption: adoption and drop-out drawn by thinning (govsim/core/sampling.py)
    thinned: bool = False  # a run of sampling.THINNED_FROM residents or more

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False


def government_table(responders: list) -> np.ndarray:
    """Per responder: a government department (True) or a social group (False), from
    ``Responder.is_government`` (the one place that tells them apart)."""
    return np.array([r.is_government for r in responders], dtype=bool)
