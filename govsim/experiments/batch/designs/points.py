"""Given points: point i takes the i-th value of every factor (the lists run side by side).

For designs drawn elsewhere, e.g. ``govsim robustness --posterior``: weighted draws of a
posterior ensemble, which no sampler here can express. Point i is made when asked for
(designs/sequence.py); the columns are the experiment's own lists.
"""

from __future__ import annotations

from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.spec import ExperimentSpec


def points(spec: ExperimentSpec) -> DesignPoints:
    keys = list(spec.factors)
    columns = [spec.factors[k].values or () for k in keys]
    length = min((len(c) for c in columns), default=0)  # equal lengths: checked at load
    return DesignPoints(length, lambda i: {k: c[i] for k, c in zip(keys, columns, strict=True)})
