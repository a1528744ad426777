"""Saltelli/Sobol' design from SALib: N × (D + 2) points for first-order and total indices."""

from __future__ import annotations

from typing import Any

import numpy as np

from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.designs.unit import scale
from govsim.experiments.batch.seeds import design_seed
from govsim.experiments.batch.spec import ExperimentSpec


def problem(spec: ExperimentSpec) -> dict[str, Any]:
    """SALib's problem on the unit cube; factor values are scaled from it."""
    keys = list(spec.factors)
    return {"num_vars": len(keys), "names": keys, "bounds": [[0.0, 1.0]] * len(keys)}


def unit_matrix(spec: ExperimentSpec) -> np.ndarray:
    from SALib.sample import sobol as sobol_sample

    return sobol_sample.sample(
        problem(spec),
        int(spec.samples or 0),
        calc_second_order=False,
        scramble=True,
        seed=design_seed(spec.root_seed),
    )


def points(spec: ExperimentSpec) -> DesignPoints:
    return scale(spec, unit_matrix(spec))
