"""What the dashboard's inspector shows of one grid, building or case (issue 31 item 5),
after NetLogo's agent inspector and Mesa's agent portrayal: the state of one thing, read
from the run's records at the day shown. Plain data (dicts and lists), so the page's
panel only lays it out; not yet mounted on the map (clicks on the map's SVG need a
Vue template, see docs/dashboard.md).

A case's trail follows the closed loop of S2 (raised → reported → dispatched →
resolved → closed by the resident's rating, or lapsed unreported), with the hours of
docs/ODD.md §3 step 5 where the case book keeps them.
"""

from __future__ import annotations

import numpy as np

from govsim.world.state import Channel, SimState, Status

OPEN = (Status.RAISED, Status.REPORTED, Status.DISPATCHED)
"""A case is open until a responder resolves it or it lapses (as ``Residents.open_issues``)."""


def _queue(state: SimState, rows: np.ndarray) -> dict[str, int]:
    """Open cases by where they wait: unreported, awaiting dispatch, in a responder's queue."""
    status = state.cases.status[rows]
    return {
        "unreported": int((status == Status.RAISED).sum()),
        "awaiting_dispatch": int((status == Status.REPORTED).sum()),
        "with_responder": int((status == Status.DISPATCHED).sum()),
    }


def _residents(state: SimState, members: np.ndarray) -> dict[str, float]:
    residents = state.residents
    adults = members & residents.is_adult
    return {
        "residents": int(members.sum()),
        "adults": int(adults.sum()),
        "adopters": int((adults & residents.has_adopted).sum()),
        "elderly": int((members & residents.is_elderly).sum()),
    }


def grid_card(state: SimState, grid: int) -> dict:
    """One grid: its residents, its grid workers and what each has done so far (issues
    found on patrol, feedback collected, residents coached: counts over the run, the
    agents keep no per-day record), its open cases and where they wait."""
    cases = state.cases
    rows = np.flatnonzero((cases.grid == grid) & np.isin(cases.status, OPEN))
    workers = [
        {
            "worker": int(w.unique_id),
            "issues_found": int(w.issues_found),
            "feedback_collected": int(w.feedback_collected),
            "residents_coached": int(w.residents_coached),
        }
        for w in state.grid_workers
        if w.grid == grid
    ]
    return {
        "grid": int(grid),
        **_residents(state, state.residents.grid == grid),
        "workers": workers,
        "open_cases": rows.tolist(),
        "queue": _queue(state, rows),
    }


def building_card(state: SimState, building: int) -> dict:
    """One building: its residents and their open cases (by reporter's building)."""
    members = state.residents.building == building
    cases = state.cases
    mine = members[cases.reporter] if cases.n else np.zeros(0, bool)
    rows = np.flatnonzero(mine & np.isin(cases.status, OPEN))
    return {
        "building": int(building),
        **_residents(state, members),
        "open_cases": rows.tolist(),
        "queue": _queue(state, rows),
    }


def case_trail(state: SimState, case: int) -> list[tuple[str, int | None, dict]]:
    """The steps case `case` has taken: (step, day, details), in order (day None: not
    recorded)."""
    c = state.cases
    if not 0 <= case < c.n:
        raise ValueError(f"case must be in 0–{c.n - 1}, not {case}")
    trail = [("raised", int(c.day_raised[case]), {"category": int(c.category[case])})]
    if c.day_reported[case] >= 0 and c.status[case] != Status.LAPSED:
        channel = Channel(int(c.channel[case])).name.lower()
        trail.append(("reported", int(c.day_reported[case]), {"channel": channel}))
    if c.day_dispatched[case] >= 0:
        trail.append(
            ("dispatched", int(c.day_dispatched[case]), {"responder": int(c.responder[case])})
        )
    if c.day_resolved[case] >= 0:
        trail.append(("resolved", int(c.day_resolved[case]), {"quality": float(c.quality[case])}))
    if c.status[case] == Status.CLOSED:
        details = {"satisfaction": float(c.satisfaction[case])}
        trail.append(("rated", int(c.day_closed[case]), details))
    if c.status[case] == Status.LAPSED:
        trail.append(("lapsed", None, {}))  # the case book keeps no day of lapsing
    return trail
