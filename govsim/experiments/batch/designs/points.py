"""Given points: point i takes the i-th value of every factor (the lists run side by side).

For designs drawn elsewhere, e.g. ``govsim robustness --posterior``: weighted draws of a
posterior ensemble, which no sampler here can express.
"""

from __future__ import annotations

from typing import Any

from govsim.experiments.batch.spec import ExperimentSpec


def points(spec: ExperimentSpec) -> list[dict[str, Any]]:
    keys = list(spec.factors)
    columns = [spec.factors[k].values or () for k in keys]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]
