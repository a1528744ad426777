"""Morris elementary effects from SALib: `samples` trajectories of D + 1 points on `levels`."""

from __future__ import annotations

import numpy as np

from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.designs.sobol import problem
from govsim.experiments.batch.designs.unit import scale
from govsim.experiments.batch.seeds import design_seed
from govsim.experiments.batch.spec import ExperimentSpec


def unit_matrix(spec: ExperimentSpec) -> np.ndarray:
    from SALib.sample import morris as morris_sample

    return morris_sample.sample(
        problem(spec),
        int(spec.samples or 0),
        num_levels=spec.levels,
        seed=design_seed(spec.root_seed),
    )


def points(spec: ExperimentSpec) -> DesignPoints:
    return scale(spec, unit_matrix(spec))
