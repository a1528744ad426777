"""Valid means it runs: any scenario the schema accepts runs with its invariants intact.

Hypothesis draws scenarios from the schema itself: a small population (20–600
residents, 10–30 days) and up to twelve other keys each at its lower edge, its
upper edge or inside its range. Each must either be refused cleanly (ConfigError,
what `govsim` turns into exit 2) or build and run with, after every day:
``state.check_invariants`` (households and open issues conserved, shares of
residents in 0–1, every case in one state), every metric finite or NaN (NaN is
documented for a flow with no case in its window and a rate over an empty group,
simulation/metrics/), share metrics in 0–1, counts and days ≥ 0, responder ratings in
0–1. 50 examples in the default suite (derandomized: the same 50 on every
machine), 1,000 in the slow test the nightly sweep workflow runs.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsim.running.runner import make_rng
from govsim.scenario.config import ConfigError, scenario_from_dict, scenario_to_dict
from govsim.scenario.schema import AGE_BRACKETS, CATEGORIES, Scenario, iter_fields
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel
from govsim.world.state import check_invariants

BOUNDED = ("share", "index")
"""Units of metrics.INFO that lie in 0–1; days, hours and counts are ≥ 0."""
SIGNED = {"digital_divide", "days_to_resolve_gap_60plus"}
"""Differences (under 60 minus 60+, 60+ minus under 60): negative when the elderly do
better, which a small drawn population can; shares −1 to 1, days any sign."""
WHOLE_SECTIONS = {
    ("needs", "category_shares"): CATEGORIES,
    ("population", "age_shares"): AGE_BRACKETS,
}
"""Shares that must sum to 1: drawn as a whole (edges: everything in one category)."""
DRAWN_APART = {
    ("population", k)
    for k in ("residents", "households", "grids", "communities", "buildings_per_grid")
} | {("days",), ("seed",)}


def _bounds(field: Any) -> tuple[float | None, float | None, bool]:
    lo = hi = None
    open_lo = False
    for m in field.metadata:
        if getattr(m, "ge", None) is not None:
            lo = m.ge
        if getattr(m, "gt", None) is not None:
            lo, open_lo = m.gt, True
        if getattr(m, "le", None) is not None:
            hi = m.le
    return lo, hi, open_lo


def leaf_keys() -> list:
    """(path, type, lower, upper, lower is open) for every number and switch of the schema."""
    out = []
    for key, field in iter_fields():
        path = tuple(key.split("."))
        if path in DRAWN_APART or path[:2] in WHOLE_SECTIONS:
            continue
        if field.annotation in (int, float, bool):
            out.append((path, field.annotation, *_bounds(field)))
    return out


LEAVES = leaf_keys()


def value_for(kind: type, lo: float | None, hi: float | None, open_lo: bool) -> st.SearchStrategy:
    if kind is bool:
        return st.booleans()
    lo = 0 if lo is None else lo
    hi = lo + 100 if hi is None else hi
    if kind is int:
        return st.one_of(st.just(int(lo)), st.just(int(hi)), st.integers(int(lo), int(hi)))
    low_edge = lo + 1e-3 if open_lo else lo
    return st.one_of(
        st.just(float(low_edge)), st.just(float(hi)), st.floats(low_edge, hi, allow_nan=False)
    )


@st.composite
def shares(draw: st.DrawFn, names: tuple[str, ...]) -> dict[str, float]:
    if draw(st.booleans()):  # an edge: everything in one category
        one = draw(st.sampled_from(names))
        return {n: float(n == one) for n in names}
    weights = [draw(st.integers(0, 10)) for _ in names]
    if not sum(weights):
        weights[0] = 1
    return {n: w / sum(weights) for n, w in zip(names, weights, strict=True)}


@st.composite
def events(draw: st.DrawFn, days: int) -> dict[str, Any]:
    """A dated shock (h11's `events`), sometimes starting past the horizon (refused)."""
    return {
        "kind": draw(st.sampled_from(["demand_surge", "outage", "staff_cut"])),
        "day": draw(st.integers(0, days + 2)),
        "days": draw(st.integers(1, 40)),
        "factor": draw(st.sampled_from([0.0, 1.0, 3.0, 100.0])),
        "categories": draw(st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True)),
    }


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    data = scenario_to_dict(Scenario())
    residents = draw(st.integers(20, 600))
    per_household = draw(st.floats(0.9, 6.5))  # a little outside 1–6: refusals too
    households = max(5, round(residents / per_household))
    grids = draw(st.integers(1, min(20, households)))
    most_buildings = max(1, min(12, households // grids))  # +1: sometimes one too many
    data.update(days=draw(st.integers(10, 30)), seed=draw(st.integers(0, 2**31)))
    data["population"].update(
        residents=residents,
        households=households,
        grids=grids,
        communities=draw(st.integers(1, grids)),
        buildings_per_grid=draw(st.integers(1, most_buildings + 1)),
    )
    data["events"] = draw(st.lists(events(data["days"]), max_size=3))
    for section, names in WHOLE_SECTIONS.items():
        if draw(st.booleans()):
            data[section[0]][section[1]] = draw(shares(names))
    for path, kind, lo, hi, open_lo in draw(
        st.lists(st.sampled_from(LEAVES), max_size=12, unique=True)
    ):
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = draw(value_for(kind, lo, hi, open_lo))
    return data


def check_day(model: GovernanceModel) -> None:
    s = model.state
    check_invariants(s.residents, s.households, s.cases)
    assert s.residents.n == model.config.population.residents, "residents conserved"
    assert np.all(np.isfinite(s.residents.time_bank_balance))
    assert np.all(s.residents.time_bank_balance >= 0), "time-bank balances stay ≥ 0"
    for responder in s.responders:
        assert 0.0 <= responder.rating <= 1.0, f"{responder.name} rating in 0–1"
    row = model.series[s.day - 1]
    for name, value in zip(metrics.METRICS, row, strict=True):
        assert not math.isinf(value), f"{name} is infinite on day {s.day}"
        if math.isnan(value):
            continue
        unit = metrics.INFO[name].unit
        if name in SIGNED:
            assert unit not in BOUNDED or -1 <= value <= 1, f"{name} = {value} on day {s.day}"
            continue
        assert value >= 0, f"{name} = {value} < 0 on day {s.day}"
        if unit in BOUNDED:
            assert value <= 1 + 1e-9, f"{name} = {value} > 1 on day {s.day}"


def _reason(message: str) -> str:
    import re

    return re.sub(r"[0-9][0-9,.]*", "N", message.removeprefix("<scenario>: "))[:70]


def valid_means_it_runs(data: dict[str, Any]) -> None:
    try:
        config = scenario_from_dict(data)
    except ConfigError as err:
        event("refused: " + _reason(str(err)))  # what `govsim` reports with exit 2
        return
    event("ran")
    model = GovernanceModel(config, make_rng(config.seed))
    for _ in range(config.days):
        model.step()
        check_day(model)
    summary = model.summary()
    assert not any(math.isinf(v) for v in summary.values())


SETTINGS = dict(
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(max_examples=50, **SETTINGS)
@given(scenarios())
def test_every_valid_scenario_runs_with_invariants(data):
    valid_means_it_runs(data)


@pytest.mark.slow
@settings(max_examples=1000, **SETTINGS)
@given(scenarios())
def test_every_valid_scenario_runs_with_invariants_1000(data):
    valid_means_it_runs(data)


def test_the_property_can_fail():
    """Switched off: a state that breaks an invariant is caught by the daily check."""
    config = scenario_from_dict(
        {
            "days": 10,
            "population": {
                "residents": 300,
                "households": 100,
                "grids": 2,
                "communities": 1,
                "buildings_per_grid": 2,
            },
        }
    )
    model = GovernanceModel(config, make_rng(1))
    model.step()
    check_day(model)
    model.state.residents.trust_government[0] = np.nan  # what a NaN bug would leave
    with pytest.raises(AssertionError, match="trust_government"):
        check_day(model)


def test_steep_logistic_curves_at_their_edges_run_without_overflow():
    """Found by the property test: adoption.literacy_slope at its lower edge overflowed exp
    (a RuntimeWarning, an error under -W error) in the literacy gate; the same for a steep
    social-group willingness. The probabilities were right (0), the warning was not."""
    config = scenario_from_dict(
        {
            "days": 10,
            "adoption": {"literacy_slope": 0.001},
            "responders": {"willingness_slope": 100.0, "social_group_cost": 10.0},
            "participation": {"base_logit": -20.0},
        }
    )
    model = GovernanceModel(config, make_rng(0))
    for _ in range(config.days):
        model.step()
        check_day(model)


def test_overlapping_demand_surges_do_not_overflow_a_residents_open_issues():
    """Found by the 1,000-example test (CI, 20 residents, 10 days): demand surges multiply
    where they overlap, so a tiny population with two ×100 surges raised more than 32,767
    open issues per resident and the 16-bit counter wrapped ("open issues conserved")."""
    surge = {"kind": "demand_surge", "day": 0, "days": 10, "factor": 100.0}
    config = scenario_from_dict(
        {
            "days": 10,
            "population": {
                "residents": 20,
                "households": 8,
                "grids": 1,
                "communities": 1,
                "buildings_per_grid": 1,
            },
            "organisation": {"grid_workers": 1, "social_groups": 1},
            "needs": {"issues_per_adult_year": 100.0},
            "events": [surge, surge, {**surge, "factor": 2.0}],
        }
    )
    model = GovernanceModel(config, make_rng(0))
    for _ in range(config.days):
        model.step()
        check_day(model)
    assert model.state.residents.open_issues.max() > np.iinfo(np.int16).max
