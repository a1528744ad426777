"""Golden runs: every shipped scenario gives the numbers it gave when the file was written.

A change that is meant to leave a run's numbers alone (speed work, refactoring: issue 32
item 3, issue 30) must keep this test green; a change that moves numbers on purpose
regenerates the file and says so in its commit:

    GOVSIM_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/simulation/test_golden_runs.py

Each case is a shipped scenario run for `DAYS` days (`LONGER` for the storm) on seed 1
(district_100k's rules scaled down to 30,000 residents, where online activities invite
more adopters than they have seats and participation takes its first-joiners path,
docs/scale.md; district_1m is the same rules). Kept per case: every summary value (exact
float), a SHA-256 of the daily series' bytes (days x metrics, float64) and one of the
final resident columns, so that a change of one last bit anywhere in the run fails it.
The run's speed is not tested here (benchmarks/ measure it).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import load_scenario, override

GOLDEN = Path(__file__).with_name("golden_runs.json")
DAYS = 45
LONGER = {"community_y_storm": 190}  # its storm comes on day 182
SCENARIOS = (
    "community_y",
    "b_public_space",
    "beijing_2019",
    "beijing_reform",
    "community_y_storm",
    "digital_only",
    "g_time_bank",
    "j_smart_party",
    "xiaowu_life",
)
DISTRICT_30K = {  # Community Y x 4 (scenarios/district_100k.yaml's rule, S4 counts scaled)
    "population.residents": 30_000,
    "population.households": 10_520,
    "population.grids": 40,
    "population.communities": 4,
    "organisation.grid_workers": 40,
    "organisation.social_groups": 16,
}
CASES = SCENARIOS + ("district_100k@30000",)


def fingerprint(case: str) -> dict:
    name = case.split("@")[0]
    scenario = load_scenario(name, days=LONGER.get(name, DAYS))
    if "@" in case:
        scenario = override(scenario, DISTRICT_30K)
    result = run(scenario, 1)
    res = result.model.state.residents
    columns = hashlib.sha256()
    for column in (
        "civic_propensity",
        "trust_government",
        "trust_platform",
        "literacy",
        "has_adopted",
        "participation_count",
        "last_participation_day",
        "time_bank_balance",
    ):
        columns.update(np.ascontiguousarray(getattr(res, column)).tobytes())
    return {
        "summary": {k: repr(float(v)) for k, v in result.summary.items()},
        "series_sha256": hashlib.sha256(
            np.ascontiguousarray(result.model.series).tobytes()
        ).hexdigest(),
        "residents_sha256": columns.hexdigest(),
        "cases": int(result.model.state.cases.n),
    }


def test_write_golden_when_asked() -> None:
    """Writes the file only with GOVSIM_WRITE_GOLDEN=1 (skipped otherwise)."""
    if not os.environ.get("GOVSIM_WRITE_GOLDEN"):
        pytest.skip("set GOVSIM_WRITE_GOLDEN=1 to rewrite golden_runs.json")
    GOLDEN.write_text(json.dumps({c: fingerprint(c) for c in CASES}, indent=1) + "\n")


@pytest.mark.parametrize("case", CASES)
def test_run_numbers_unchanged(case: str) -> None:
    if os.environ.get("GOVSIM_WRITE_GOLDEN"):
        pytest.skip("rewriting the golden file")
    expected = json.loads(GOLDEN.read_text())[case]
    got = fingerprint(case)
    assert got["cases"] == expected["cases"]
    assert got["summary"] == expected["summary"]
    assert got["series_sha256"] == expected["series_sha256"]
    assert got["residents_sha256"] == expected["residents_sha256"]
