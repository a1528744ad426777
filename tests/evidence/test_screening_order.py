"""The calibration's Morris screening ranks the most influential key first (issue 29
item 8e).

No test ran the screening, so a ranking turned upside down (the least influential key
first, and the one inferred when ``max_parameters`` is 1) passed. The case has a known
order: on the tiny community, `kpi.solved_quality_from` decides which cases count as
resolved (tests/evidence/test_calibrate.py recovers it from the resolution rate), while two
cost prices cannot move the resolution rate at all (screening runs with common seeds, so
their elementary effects are exactly 0).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govsim.evidence.calibrate_screen import screen
from govsim.evidence.pool import OrderedMap
from govsim.evidence.targets import load_targets

pytest.importorskip("SALib")
TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
STRONG = "kpi.solved_quality_from"
INERT = ["costs.office_staff_hour_yuan", "costs.department_staff_hour_yuan"]


def targets(tmp_path: Path):
    scenario = tmp_path / "tiny_short.yaml"  # tiny_hotline for 10 days: 8 short runs
    scenario.write_text(yaml.safe_dump({"extends": str(TINY), "name": "tiny_short", "days": 10}))
    spec = {
        "scenario": str(scenario),
        "seed": 11,
        "others": "fixed",
        "candidates": [INERT[0], STRONG, INERT[1]],  # the strong key neither first nor last
        "screening": {"trajectories": 2, "levels": 4, "threshold": 0.5, "max_parameters": 1},
        "targets": [
            {
                "name": "resolution",
                "metric": "resolution_rate",
                "value": 0.855,
                "uncertainty": 0.03,
                "source": "test",
                "use": "fit",
            }
        ],
    }
    path = tmp_path / "screen.yaml"
    path.write_text(yaml.safe_dump(spec))
    return load_targets(path)


def test_the_screening_ranks_the_influential_key_first_and_chooses_it(tmp_path):
    spec = targets(tmp_path)
    with OrderedMap() as pool:
        result = screen(spec, pool, None, progress=False)
    ranked = [r["key"] for r in result["ranked"]]
    scores = {r["key"]: r["score"] for r in result["ranked"]}
    assert ranked[0] == STRONG, result["ranked"]
    assert scores[STRONG] >= 1.0  # moves the resolution rate by at least its uncertainty
    assert all(scores[k] == 0.0 for k in INERT)
    assert result["chosen"] == [STRONG]
    assert result["runs"] == 2 * (3 + 1)


def test_the_candidates_are_what_the_scenario_reads_and_the_kpi_readings(tmp_path):
    from govsim.evidence.calibrate_screen import candidates

    spec = targets(tmp_path)
    community = candidates(load_targets_with(tmp_path, spec, scenario=str(TINY), candidates=None))
    assert STRONG in community  # the resolution rate reads it, with or without a ranking
    assert not [k for k in community if k.startswith(("ranking.", "staffing.", "uptake."))]
    reform = candidates(
        load_targets_with(tmp_path, spec, scenario="beijing_reform", candidates=None)
    )
    assert {"ranking.pressure", "staffing.adjust", "uptake.latent_demand"} <= set(reform)


def load_targets_with(tmp_path: Path, spec, **changes):
    data = yaml.safe_load(spec.path.read_text())
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / f"{changes.get('scenario', 'x').replace('/', '_')}.yaml"
    path.write_text(yaml.safe_dump(data))
    return load_targets(path)
