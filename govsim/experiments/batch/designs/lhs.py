"""Latin hypercube: `samples` points, one in each of `samples` equal slices of every factor.

``scipy.stats.qmc.LatinHypercube`` (scrambled: a uniform position inside each
slice), seeded from the experiment's root seed, so the design depends only on
the experiment file.
"""

from __future__ import annotations

import numpy as np

from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.designs.unit import scale
from govsim.experiments.batch.seeds import design_rng
from govsim.experiments.batch.spec import ExperimentSpec


def unit_matrix(spec: ExperimentSpec) -> np.ndarray:
    from scipy.stats import qmc

    n, d = int(spec.samples or 0), len(spec.factors)
    return qmc.LatinHypercube(d=d, rng=design_rng(spec.root_seed)).random(n)


def points(spec: ExperimentSpec) -> DesignPoints:
    return scale(spec, unit_matrix(spec))
