"""Shared fixtures: small populations keep the suite fast."""

from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import load_scenario, override
from govsim.scenario.schema import Scenario

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Under pytest-xdist (scripts/test.sh: two workers on two cores) each worker owns one
    # core, so govsim's default of one process per core (sweep, calibrate, optimise with no
    # `workers`) runs in the worker's own process instead of starting a pool per test that
    # oversubscribes the cores. A test that asks for `workers=2` still gets two processes
    # (the worker-count equality tests); results never depend on the worker count.
    os.cpu_count = lambda: 1

SMALL = {
    "population.residents": 900,
    "population.households": 320,
    "population.communities": 2,
    "population.grids": 4,
    "population.buildings_per_grid": 4,
    "organisation.grid_workers": 4,
}


@pytest.fixture(scope="session")
def community_y() -> Scenario:
    return load_scenario("community_y")


@pytest.fixture(scope="session")
def small(community_y: Scenario) -> Scenario:
    """Community Y's rules on 900 residents in 4 grids (one grid worker each), 120 days."""
    return override(community_y, {**SMALL, "days": 120})


_SUMMARIES: dict[tuple[str, int], dict] = {}


def summary(scenario: Scenario, seed: int) -> dict:
    """A run's summary, kept for the test process: the same scenario and seed give the same
    numbers (the determinism tests check it), so the mechanism tests that share a setting
    (test_mechanisms' few/many grid workers, the plain small scenario several tests compare
    against) run it once per worker."""
    key = (scenario.model_dump_json(), seed)
    if key not in _SUMMARIES:
        _SUMMARIES[key] = dict(run(scenario, seed, series=False).summary)
    return _SUMMARIES[key]


SUMMED_IN_FLOAT32 = ("mean_literacy", "satisfaction", "trust_government", "trust_platform")
"""Level means of float32 resident columns. Summaries stored before 2026-12-06 summed them
with BLAS's float32 ``sdot`` (its kernel, and so the 7th digit, depended on the CPU); they
are summed by numpy's pairwise sum now (govsim/simulation/metrics/context.py ``dot``),
which moves them by at most 1.3e-7 of their value."""


def summary_differences(before: dict, now: dict) -> dict:
    """The metrics of a stored summary that `now` does not reproduce: exactly, NaN (None in
    JSON) equal to NaN, and `SUMMED_IN_FLOAT32` to 1e-6 relative."""
    out = {}
    for key, old in before.items():
        if key in ("scenario", "seed", "days"):
            continue
        new = now[key]
        if old is None or new is None or (isinstance(new, float) and new != new):
            same = (old is None or old != old) and (new is None or new != new)
        elif key in SUMMED_IN_FLOAT32:
            same = abs(new - old) <= 1e-6 * abs(old)
        else:
            same = old == new
        if not same:
            out[key] = (old, new)
    return out


def mean_metric(scenario: Scenario, name: str, seeds=range(6)) -> float:
    """Mean of a summary metric over several seeds."""
    return float(np.nanmean([summary(scenario, seed)[name] for seed in seeds]))


@pytest.fixture(scope="session")
def needs_pyabc() -> None:
    """Skip where pyabc is missing; imported when a test that needs it runs, not while pytest
    collects (pyabc's import costs ~2 s of CPU, which each pytest-xdist worker would pay)."""
    pytest.importorskip("pyabc")


def stop_process(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a server a test started; kill it if it does not end within `timeout` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


TINY_SEARCH = {
    "name": "tiny_search",
    "description": "Grid workers and department staff-hours for a small Community Y",
    "base": "community_y",
    "days": 20,
    "set": {k: v for k, v in SMALL.items() if k != "organisation.grid_workers"},
    "levers": {
        "organisation.grid_workers": {"range": [2, 8], "step": 3},
        "responders.department_staff_hours_per_day": {"range": [6.0, 30.0], "step": 6.0},
    },
    "objectives": [
        {"metric": "yearly_cost", "direction": "min"},
        {"metric": "response_within_24h", "direction": "max", "robustness": "p10"},
        {"metric": "mean_days_to_resolve", "direction": "min"},
    ],
    "constraints": [{"expr": "response_within_24h >= 0.93", "share": 0.5}],
    "futures": {"count": 2},
    "search": {"population": 6, "generations": 2},
    "seed": 11,
}
"""A policy search small enough to run in a test (at most 12 candidates × 2 futures of 20
days on 900 residents): a real saved Pareto set for the dashboard's "Policy search" view."""


def saved_search(out) -> object:
    """Run :data:`TINY_SEARCH` into folder `out` (the files `govsim optimise` writes)."""
    from govsim.experiments.search.optimise import optimise

    optimise(TINY_SEARCH, out=out, workers=1)
    return out


# The files that take longest (summed durations of a full run, issue 30), started first. With
# `--dist loadfile --no-loadscope-reorder` (scripts/test.sh) pytest-xdist hands whole files to
# the two workers in collection order, each worker taking the next file when it is almost
# done; the longest first leaves short files to fill the end, so both workers finish about
# together. (xdist's default order, most tests first, left files of few long tests such as
# these to the end, one worker running them while the other sat idle.) Order only: every
# test still runs, and results do not depend on order.
LONGEST_FIRST = (  # by the summed durations of a clean clone's run (cc13, 2026-12-06)
    "tests/browser/test_dashboard.py",
    "tests/rules/test_dynamics.py",
    "tests/dashboard/test_dashboard.py",
    "tests/experiments/test_experiments_cli.py",
    "tests/experiments/test_optimise.py",
    "tests/experiments/test_robustness_search.py",
    "tests/rules/test_mechanisms.py",
    "tests/evidence/test_calibrate.py",
    "tests/rules/test_responsiveness.py",
    "tests/evidence/test_survey_history.py",
    "tests/experiments/test_report_factor_types.py",
    "tests/patterns/test_pattern_4_closed_loop.py",
    "tests/experiments/test_experiments.py",
    "tests/patterns/test_pattern_3_participation_decay.py",
    "tests/experiments/test_paired.py",
    "tests/dashboard/test_dashboard_export.py",
    "tests/experiments/test_distributed.py",
    "tests/test_docs_python.py",
    "tests/test_api.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}

    def order(item) -> int:
        path = item.nodeid.split("::")[0]
        return rank.get(path, len(rank))

    items.sort(key=order)  # stable: the rest keep pytest's order
