"""The ABC distance weights each fitted target by 1/σ (issue 29 item 8b).

calibrate.py's docstring and docs/calibration.md promise the Euclidean norm of
(simulated − target) ÷ uncertainty. Every calibration test fitted one target, where the
weight only rescales ε, so weights σ instead of 1/σ passed. Here two targets of very
different σ: a simulation inside both uncertainties must be nearer than one that hits
the loose target exactly but misses the tight one by 5 σ.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from govsim.evidence.calibrate import fit_distance
from govsim.evidence.targets import load_targets

pytestmark = pytest.mark.usefixtures("needs_pyabc")
TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
TIGHT, LOOSE = 0.01, 0.2  # the two targets' uncertainties (σ)
OBSERVED = {"resolution": 0.85, "response": 0.7}


def two_targets(tmp_path: Path):
    spec = {
        "scenario": str(TINY),
        "seed": 5,
        "others": "fixed",
        "calibrate": ["kpi.solved_quality_from"],
        "targets": [
            {
                "name": name,
                "metric": f"{name}_rate",
                "value": OBSERVED[name],
                "uncertainty": sigma,
                "source": "test",
                "use": "fit",
            }
            for name, sigma in (("resolution", TIGHT), ("response", LOOSE))
        ],
    }
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(spec))
    return load_targets(path)


def distance(spec, simulated: dict[str, float]) -> float:
    d = fit_distance(spec)
    d.initialize(t=0, get_sample=None, x_0=OBSERVED, total_sims=0)
    return float(d(simulated, OBSERVED, t=0))


def test_the_distance_is_the_norm_of_the_misses_in_units_of_their_uncertainty(tmp_path):
    spec = two_targets(tmp_path)
    assert [t.uncertainty for t in spec.fit] == [TIGHT, LOOSE]
    rng = np.random.default_rng(29)
    for miss in rng.normal(0.0, 0.1, size=(5, 2)):
        simulated = {"resolution": 0.85 + miss[0], "response": 0.7 + miss[1]}
        want = float(np.hypot(miss[0] / TIGHT, miss[1] / LOOSE))
        assert distance(spec, simulated) == pytest.approx(want, rel=1e-9)


def test_a_run_inside_both_uncertainties_is_nearer_than_one_that_misses_the_tight_target(
    tmp_path,
):
    spec = two_targets(tmp_path)
    inside = {"resolution": 0.85 + 0.5 * TIGHT, "response": 0.7 + 1.5 * LOOSE}
    misses_tight = {"resolution": 0.85 + 5 * TIGHT, "response": 0.7}
    assert distance(spec, inside) < distance(spec, misses_tight)
