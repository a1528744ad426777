"""Designs: factors → design points (one module per design, as SALib does).

Each module's ``points(spec)`` returns the design points in a fixed order, a
sequence of ``{factor key: value}`` whose items are made when asked for
(designs/sequence.py: a million-point design is not a million dicts);
``unit_matrix(spec)`` (samplers only) returns the same points as positions in [0, 1]
per factor, which the sensitivity analysis needs. Run ids follow this order, so it must
never depend on anything but the experiment file.
"""

from __future__ import annotations

from govsim.experiments.batch.designs import grid, lhs, morris, points, sobol
from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.spec import ExperimentSpec

MODULES = {"grid": grid, "lhs": lhs, "sobol": sobol, "morris": morris, "points": points}


def design_points(spec: ExperimentSpec) -> DesignPoints:
    """The design points of an experiment, in run-id order."""
    return MODULES[spec.design].points(spec)
