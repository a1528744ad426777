"""Shared fixtures: small populations keep the suite fast."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import load_scenario, override
from govsim.scenario.schema import Scenario

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


def mean_metric(scenario: Scenario, name: str, seeds=range(6)) -> float:
    """Mean of a summary metric over several seeds."""
    return float(np.nanmean([run(scenario, seed).summary[name] for seed in seeds]))


def stop_process(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a server a test started; kill it if it does not end within `timeout` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
