"""The core model: population, network, invariants, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import make_rng, run
from govsim.scenario.config import override
from govsim.simulation.metrics import METRICS
from govsim.simulation.model import GovernanceModel
from govsim.world.state import Status, check_invariants

CONTRACT_METRICS = """participation_rate participation_rate_under60 participation_rate_60plus
online_participation_share volunteer_hours time_bank_hours adoption_rate adoption_rate_under60
adoption_rate_60plus digital_divide mean_literacy issues_raised report_rate patrol_found_share
backlog median_days_to_resolve p90_days_to_resolve closure_rate satisfaction trust_government
trust_platform non_government_share responder_concentration index_organisational index_value
index_action index_interest""".split()


def test_summary_and_series_carry_every_contract_metric(small):
    result = run(override(small, {"days": 20}), 3)
    assert set(CONTRACT_METRICS) <= set(result.summary)
    assert list(result.timeseries.columns) == ["day", *METRICS]
    assert len(result.timeseries) == 20


def test_community_y_population_matches_s4(community_y):
    model = GovernanceModel(community_y, make_rng(1))
    res, hh = model.state.residents, model.state.households
    assert res.n == 7500 and hh.n == 2630
    assert res.is_elderly.mean() == pytest.approx(0.24, abs=0.015)
    assert len(np.unique(res.grid)) == 10 and len(np.unique(res.community)) == 4
    assert len(model.agents_by_type[type(model.state.grid_workers[0])]) == 10
    # every household sits in one building, grid and community
    for column in (res.building, res.grid, res.community):
        per_household = np.unique(np.stack([res.household, column]), axis=1)
        assert per_household.shape[1] == hh.n


def test_network_has_household_cliques_and_few_ties_across_grids(community_y):
    model = GovernanceModel(community_y, make_rng(2))
    net, res, hh = model.state.network, model.state.residents, model.state.households
    big = np.flatnonzero(hh.size >= 3)[:50]
    for h in big:
        members = np.arange(hh.start[h], hh.start[h] + hh.size[h])
        for m in members:
            assert set(members) - {m} <= set(net.neighbours(m).tolist())
    u, v = net.edges()
    same_building = (res.building[u] == res.building[v]).mean()
    across_grids = (res.grid[u] != res.grid[v]).mean()
    assert same_building > 0.75 and across_grids < 0.05
    assert np.array_equal(np.sort(net.indices), np.sort(net.indices))  # CSR is well formed
    assert net.indptr[-1] == len(net.indices) and np.all(np.diff(net.indptr) >= 0)


def test_invariants_hold_every_day(small):
    model = GovernanceModel(override(small, {"platform.reliability": 0.7}), make_rng(5))
    for _ in range(60):
        model.step()
        check_invariants(model.state.residents, model.state.households, model.state.cases)
    cases = model.state.cases
    assert cases.n > 100
    counts = np.bincount(cases.status, minlength=len(Status))
    assert counts.sum() == cases.n  # each case in exactly one state
    assert counts[Status.CLOSED] > 0 and counts[Status.RESOLVED] + counts[Status.CLOSED] > 0


def test_shares_stay_in_unit_interval(small):
    result = run(small, 4)
    for name in CONTRACT_METRICS:
        if name.endswith(("_hours", "days_to_resolve")) or name in (
            "issues_raised",
            "backlog",
            "digital_divide",
        ):
            continue
        values = result.timeseries[name].dropna()
        assert ((values >= 0) & (values <= 1)).all(), name


def test_same_scenario_and_seed_give_identical_numbers(small):
    a, b = run(small, 11), run(small, 11)
    assert a.summary == b.summary or all(
        (x == y) or (x != x and y != y)
        for x, y in zip(a.summary.values(), b.summary.values(), strict=True)
    )
    assert a.timeseries.equals(b.timeseries)
    c = run(small, 12)
    assert not a.timeseries.equals(c.timeseries)


def test_summary_counts_the_run_after_its_warmup(small):
    result = run(small, 1)
    cases = result.model.state.cases
    start = small.warmup_days  # issue 22: summaries leave the warm-up out
    assert 0 < start < small.days // 2
    assert result.summary["issues_raised"] == (cases.day_raised >= start).sum() < cases.n
    assert result.summary_over(0, small.days - 1)["issues_raised"] == cases.n
    assert result.timeseries["issues_raised"].iloc[-1] < cases.n  # the series uses 30 days
