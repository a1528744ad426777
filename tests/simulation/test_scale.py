"""The district scenario and the shortcuts that make it cheap (docs/scale.md).

Not a timed test: benchmarks/scaling.py measures speed. These check that a
20,000-resident district runs with sane metrics and conserved counts, and that
the scale shortcuts (tracked tie counts, merged new ties, windowed case
metrics) give the same numbers as the plain computation.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import make_rng
from govsim.scenario.config import load_scenario, override
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel
from govsim.world.network import from_edges
from govsim.world.state import check_invariants


def test_district_scenarios_scale_community_y():
    community_y = load_scenario("community_y")
    for name, factor in (("district_100k", 100_000 / 7_500), ("district_1m", 1e6 / 7_500)):
        district = load_scenario(name)
        p, y = district.population, community_y.population
        assert p.residents == pytest.approx(y.residents * factor, rel=0.01)
        assert p.households == pytest.approx(y.households * factor, rel=0.01)
        assert p.grids == district.organisation.grid_workers
        assert p.grids == pytest.approx(y.grids * factor, rel=0.01)
        assert district.responders.department_staff_hours_per_day == pytest.approx(
            community_y.responders.department_staff_hours_per_day * factor, rel=0.01
        )


def test_a_20000_resident_district_month_is_sane_and_its_shortcuts_exact():
    scenario = override(
        load_scenario("district_100k"),
        {
            "days": 30,
            "population.residents": 20_000,
            "population.households": 7_013,
            "population.grids": 27,
            "population.communities": 3,
            "organisation.grid_workers": 27,
            "organisation.social_groups": 11,
        },
    )
    model = GovernanceModel(scenario, make_rng(4))
    state = model.state
    ties_at_start = state.network.n_ties
    for _ in range(scenario.days):
        model.step()
        day = state.day - 1
        windowed = model.recorder.evaluate(day - 29, day)  # skips finished cases
        full = metrics.evaluate(state, scenario, day - 29, day)  # scans every case
        np.testing.assert_allclose(list(windowed.values()), list(full.values()), rtol=1e-6)
    check_invariants(state.residents, state.households, state.cases)
    summary = model.summary((0, scenario.days - 1))  # the whole month, warm-up included
    assert summary["report_rate"] > 0.8  # a month: the last days' issues are still waiting
    assert summary["closure_rate"] > 0.7
    assert 0 < summary["backlog"] < 0.2 * summary["issues_raised"]  # the queue keeps up
    assert 0.4 < summary["adoption_rate"] < 0.9

    net = state.network  # new ties were folded in on day 29: same CSR as a rebuild
    assert net.n_ties == ties_at_start + state.ties_added > ties_at_start
    rebuilt = from_edges(net.n, *net.edges())
    assert np.array_equal(rebuilt.indptr, net.indptr)
    assert np.array_equal(rebuilt.indices, net.indices)
    adopted = state.residents.has_adopted
    assert np.array_equal(
        net.share_among_ties(adopted, kept=net.adopting), net.share_among_ties(adopted)
    )


def test_run_profile_prints_where_the_time_went(capsys):
    from govsim.cli import main

    assert main(["run", "community_y", "--days", "3", "--no-progress", "--profile"]) == 0
    out, err = capsys.readouterr()
    assert "participation_rate" in out
    assert "govsim/rules/participation.py" in err.replace("\\", "/")
