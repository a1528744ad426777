"""Latin hypercube: `samples` points, one in each of `samples` equal slices of every factor."""

from __future__ import annotations

from typing import Any

import numpy as np

from govsim.experiments.seeds import design_rng
from govsim.experiments.spec import ExperimentSpec


def unit_matrix(spec: ExperimentSpec) -> np.ndarray:
    n, d = int(spec.samples or 0), len(spec.factors)
    rng = design_rng(spec.root_seed)
    slices = np.column_stack([rng.permutation(n) for _ in range(d)])
    return (slices + rng.random((n, d))) / n


def points(spec: ExperimentSpec) -> list[dict[str, Any]]:
    from govsim.experiments.designs import scale

    return scale(spec, unit_matrix(spec))
