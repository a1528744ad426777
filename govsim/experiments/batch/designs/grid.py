"""Full factorial design: every combination of the factors' values (first factor slowest).

Point i is made from its mixed-radix digits (designs/sequence.py), never the whole
product: a grid of a million combinations holds only its factors' value lists.
"""

from __future__ import annotations

import math

from govsim.experiments.batch.designs.sequence import DesignPoints, mixed_radix
from govsim.experiments.batch.spec import ExperimentSpec


def points(spec: ExperimentSpec) -> DesignPoints:
    keys = list(spec.factors)
    values = [spec.factors[k].values or () for k in keys]
    sizes = [len(v) for v in values]
    return DesignPoints(
        math.prod(sizes),
        lambda i: {k: v[d] for k, v, d in zip(keys, values, mixed_radix(i, sizes), strict=True)},
    )
