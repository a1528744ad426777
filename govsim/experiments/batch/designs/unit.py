"""The unit cube → factor values, shared by the samplers (lhs, sobol, morris).

A sampler draws positions in [0, 1] per factor (``unit_matrix``); ``scale`` turns each
row into ``{factor key: value}`` through the factor's own ``from_unit``. In a module of
its own so that the samplers need not import their package's ``__init__`` (which imports
them: no module cycle, issue 30).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from govsim.experiments.batch.spec import ExperimentSpec


def scale(spec: ExperimentSpec, unit: np.ndarray) -> list[dict[str, Any]]:
    """Rows of positions in [0, 1] → factor values (ints stay ints, lists pick an item)."""
    keys = list(spec.factors)
    return [
        {k: spec.factors[k].from_unit(u) for k, u in zip(keys, row, strict=True)} for row in unit
    ]
