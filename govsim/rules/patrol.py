"""Step 3, grid patrol (S4 §4.1: "offline grid").

Each grid worker visits up to `organisation.visits_per_worker_day`
households of their grid. On a visit they find unreported issues and enter
them into the platform, note non-adopters for coaching (used by the
adoption rule), and collect feedback on resolved cases from residents who do
not use the platform, so the loop can close offline (S2 closed loop).
"""

from __future__ import annotations

import numpy as np

from govsim.rules.feedback import awaiting_feedback, close_cases
from govsim.scenario.schema import Scenario
from govsim.world.state import Channel, SimState, Status, members_of


def visit_households(state: SimState, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Households visited today and the grid worker (index) visiting each."""
    workers = state.grid_workers
    visits = np.array([w.visits_per_day for w in workers], dtype=np.int64)
    grid = np.array([w.grid for w in workers], dtype=np.int64)
    worker_of_visit = np.repeat(np.arange(len(workers)), visits)
    hh = state.households
    g = grid[worker_of_visit]
    visited = hh.grid_start[g] + (rng.random(len(g)) * hh.grid_size[g]).astype(np.int64)
    return first_visits(visited, worker_of_visit)


def first_visits(visited: np.ndarray, worker: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each household once (sorted) and the worker of its first visit:
    ``np.unique(visited, return_index=True)`` without its Python layers (a stable sort
    keeps the first visit, as np.unique does; tests/rules/test_hot_paths.py). The sort is
    numpy's default one on keys made unique by the visit's position (household × visits +
    position): the stable order, about twice as fast as a stable sort (issue 32)."""
    order = np.argsort(visited * len(visited) + np.arange(len(visited)))
    visited = visited[order]
    first = np.empty(len(visited), dtype=bool)
    first[:1] = True
    np.not_equal(visited[1:], visited[:-1], out=first[1:])
    return visited[first], worker[order[first]]


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 3, grid patrol (docs/ODD.md §7.3; S4 "offline grid", S2 closed loop): grid
    workers visit households, find unreported issues, note residents to coach and
    collect non-adopters' feedback."""
    if not state.grid_workers:
        state.coached_today = np.zeros(0, dtype=np.int64)
        return
    visited, worker = visit_households(state, rng)
    hh, cases, res = state.households, state.cases, state.residents
    state.tallies.visited(visited, state.day)  # the level metrics' counts (docs/scale.md)
    hh.last_visit_day[visited] = state.day
    visitor = np.full(hh.n, -1, dtype=np.int64)
    visitor[visited] = worker

    view = cases.open_view()
    status = cases.status[view]
    seen = visitor[cases.household[view]] >= 0
    found = cases.first_open + np.flatnonzero(
        seen
        & (status == Status.RAISED)
        & (rng.random(len(status)) < scenario.organisation.patrol_detection)
    )
    cols = cases.columns
    cols["status"][found] = Status.REPORTED
    cols["channel"][found] = Channel.PATROL
    cols["day_reported"][found] = state.day

    # Offline feedback: residents who do not use the platform tell the grid worker.
    feedback = cases.first_open + np.flatnonzero(seen & awaiting_feedback(state, scenario, view))
    if scenario.platform.closed_loop:
        feedback = feedback[~res.has_adopted[cases.reporter[feedback]]]
        close_cases(state, scenario, feedback)
    else:
        feedback = feedback[:0]

    people = members_of(hh, visited)
    state.coached_today = people[res.is_adult[people] & ~res.has_adopted[people]]
    found_by = np.bincount(visitor[cases.household[found]], minlength=len(state.grid_workers))
    fed_by = np.bincount(visitor[cases.household[feedback]], minlength=len(state.grid_workers))
    coached_by = np.bincount(
        visitor[res.household[state.coached_today]], minlength=len(state.grid_workers)
    )
    for w, found_n, fed_n, coached_n in zip(
        state.grid_workers, found_by.tolist(), fed_by.tolist(), coached_by.tolist(), strict=True
    ):
        w.issues_found += found_n
        w.feedback_collected += fed_n
        w.residents_coached += coached_n
