"""Stand-in models with a known answer, run by the engines in place of the simulation.

``front_problem`` is a two-objective problem whose Pareto front is known exactly
(ZDT1's shape): ``cost = x``, ``days = (1 + y + u·y)(1 − √x)`` with x, y ∈ [0, 1]
the levers and u ∈ [0, 1] an uncertain parameter of the future. For every future,
y = 0 is best and the front is ``days = 1 − √cost``. A seeded noise-free
function: the seed is accepted (as a model run's is) and ignored.
"""

from __future__ import annotations

import math
from typing import Any


def front_problem(values: dict[str, Any], seed: Any) -> dict[str, float]:
    x, y, u = float(values["x"]), float(values["y"]), float(values.get("u", 0.0))
    return {"cost": x, "days": (1 + y + u * y) * (1 - math.sqrt(x))}
