"""The inspector's cards (issue 31 item 5) recounted from the run's case book and agents,
one case at a time, as a reader would check them."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import SMALL

from govsim.dashboard import inspector
from govsim.dashboard.session import Simulation
from govsim.world.state import Status


@pytest.fixture(scope="module")
def state():
    sim = Simulation("community_y", {**SMALL, "days": 120, "survey.day": 119}, seed=5)
    sim.step(45)
    return sim.model.state


def test_a_grid_card_counts_its_residents_workers_and_queue_case_by_case(state):
    cases = state.cases
    for grid in range(int(state.residents.grid.max()) + 1):
        card = inspector.grid_card(state, grid)
        assert card["residents"] == sum(int(g) == grid for g in state.residents.grid)
        mine = [i for i in range(cases.n) if cases.grid[i] == grid]
        open_rows = [i for i in mine if cases.status[i] <= Status.DISPATCHED]
        assert card["open_cases"] == open_rows
        waiting = [int(cases.status[i]) for i in open_rows]
        assert card["queue"] == {
            "unreported": waiting.count(Status.RAISED),
            "awaiting_dispatch": waiting.count(Status.REPORTED),
            "with_responder": waiting.count(Status.DISPATCHED),
        }
        ids = [w.unique_id for w in state.grid_workers if w.grid == grid]
        assert [w["worker"] for w in card["workers"]] == ids
    assert sum(len(inspector.grid_card(state, g)["open_cases"]) for g in range(grid + 1)) == sum(
        state.residents.open_issues
    )


def test_a_building_card_has_its_residents_open_cases(state):
    building = int(state.residents.building[state.cases.reporter[0]])
    card = inspector.building_card(state, building)
    members = {i for i, b in enumerate(state.residents.building) if b == building}
    assert card["residents"] == len(members)
    expected = [
        i
        for i in range(state.cases.n)
        if state.cases.reporter[i] in members and state.cases.status[i] <= Status.DISPATCHED
    ]
    assert card["open_cases"] == expected


def test_a_closed_case_is_followed_from_arising_to_rating(state):
    cases = state.cases
    closed = next(i for i in range(cases.n) if cases.status[i] == Status.CLOSED)
    trail = inspector.case_trail(state, closed)
    assert [step for step, _, _ in trail] == [
        "raised", "reported", "dispatched", "resolved", "rated"
    ]  # fmt: skip
    days = [day for _, day, _ in trail]
    assert days == sorted(days) and days[0] == cases.day_raised[closed]
    assert trail[-1][2]["satisfaction"] == pytest.approx(float(cases.satisfaction[closed]))
    raised = next(i for i in range(cases.n) if cases.status[i] == Status.RAISED)
    assert [step for step, _, _ in inspector.case_trail(state, raised)] == ["raised"]
    with pytest.raises(ValueError, match="case must be in"):
        inspector.case_trail(state, cases.n)


def test_the_map_names_what_a_click_picks_and_outlines_the_pick(state):
    """Each grid, building and worker carries the id a click sends (data-grid, …); the one
    inspected is outlined (one ring, at its place)."""
    from govsim.dashboard.layout import compute_layout, map_svg, workers_per_grid

    layout = compute_layout(state.residents)
    grids = [w.grid for w in state.grid_workers]
    labels = {"grid": "G", "building": "B", "residents": "r", "legend": "x", "workers": "w"}
    workers = workers_per_grid(grids, len(layout.grid_xy))

    def svg(picked):
        return map_svg(
            layout, state.residents, state.day, "adoption", labels, workers, grids, picked
        )

    plain = svg(None)
    assert re.findall(r'data-grid="(\d+)"', plain) == [str(g) for g in range(len(layout.grid_xy))]
    inhabited = [str(b) for b in np.flatnonzero(layout.building_residents)]
    assert re.findall(r'data-building="(\d+)"', plain) == inhabited
    assert sorted(map(int, re.findall(r'data-worker="(\d+)"', plain))) == list(range(len(grids)))
    assert 'class="picked"' not in plain
    for kind, ident, x, y in (
        ("grid", 2, *layout.grid_xy[2]),
        ("building", 5, *layout.building_xy[5]),
    ):
        rings = re.findall(
            r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*class="picked"', svg((kind, ident))
        )
        assert rings == [(f"{x:.1f}", f"{y:.1f}")], kind
    assert svg(("worker", 1)).count('class="picked"') == 1
