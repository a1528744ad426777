"""Full factorial design: every combination of the factors' values (first factor slowest)."""

from __future__ import annotations

import itertools
from typing import Any

from govsim.experiments.batch.spec import ExperimentSpec


def points(spec: ExperimentSpec) -> list[dict[str, Any]]:
    keys = list(spec.factors)
    values = [spec.factors[k].values or () for k in keys]
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*values)]
