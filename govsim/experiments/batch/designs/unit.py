"""The unit cube → factor values, shared by the samplers (lhs, sobol, morris).

A sampler draws positions in [0, 1] per factor (``unit_matrix``); ``scale`` turns each
row into ``{factor key: value}`` through the factor's own ``from_unit``, when the row is
asked for (designs/sequence.py): a sweep holds the matrix (8 bytes a value), not a dict
a point. In a module of its own so that the samplers need not import their package's
``__init__`` (which imports them: no module cycle, issue 30).
"""

from __future__ import annotations

import numpy as np

from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.spec import ExperimentSpec


def scale(spec: ExperimentSpec, unit: np.ndarray) -> DesignPoints:
    """Rows of positions in [0, 1] → factor values (ints stay ints, lists pick an item)."""
    keys = list(spec.factors)
    factors = [spec.factors[k] for k in keys]
    return DesignPoints(
        len(unit),
        lambda i: {k: f.from_unit(u) for k, f, u in zip(keys, factors, unit[i], strict=True)},
    )
