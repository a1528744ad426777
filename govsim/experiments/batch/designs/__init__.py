"""Designs: factors → design points (one module per design, as SALib does).

Each module's ``points(spec)`` returns the design points in a fixed order, a
list of ``{factor key: value}``; ``unit_matrix(spec)`` (samplers only) returns
the same points as positions in [0, 1] per factor, which the sensitivity
analysis needs. Run ids follow this order, so it must never depend on
anything but the experiment file.
"""

from __future__ import annotations

from typing import Any

from govsim.experiments.batch.designs import grid, lhs, morris, points, sobol
from govsim.experiments.batch.spec import ExperimentSpec

MODULES = {"grid": grid, "lhs": lhs, "sobol": sobol, "morris": morris, "points": points}


def design_points(spec: ExperimentSpec) -> list[dict[str, Any]]:
    """The design points of an experiment, in run-id order."""
    return MODULES[spec.design].points(spec)
