"""Every metric evaluated over a window of days ``[lo, hi]``: a day of the daily series
(``evaluate``) and a run's summary (``summarise``). The window itself, ``--window START:END``
read and checked: govsim/scenario/window.py."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.simulation.metrics.context import MetricContext
from govsim.simulation.metrics.registry import INFO, METRICS
from govsim.world.state import SimState


def evaluate(
    state: SimState,
    scenario: Scenario,
    lo: int,
    hi: int,
    groups: dict[str, np.ndarray] | None = None,
    first_row: int = 0,
    names: Collection[str] | None = None,
) -> dict[str, float]:
    """Every metric (or only the `names`) over the days [lo, hi] (`groups`, `first_row`:
    see MetricContext; a run's MetricsRecorder passes its own,
    ``model.recorder.evaluate(lo, hi)``)."""
    ctx = MetricContext(state, scenario, max(lo, 0), hi, groups, first_row)
    if names is not None:
        return {name: METRICS[name](ctx) for name in names}
    return {name: fn(ctx) for name, fn in METRICS.items()}


def summarise(
    state: SimState,
    scenario: Scenario,
    series: np.ndarray,
    lo: int,
    hi: int,
    last: int,
    groups: dict[str, np.ndarray] | None = None,
    first_row: int = 0,
) -> dict[str, float]:
    """Every metric over the days ``lo..hi`` of a run simulated up to day `last`.

    Flows count the window's cases and days. A level is its value at the end of day `hi`:
    read from the state when `hi` is the last day, else from the daily series row of day
    `hi` (which evaluated the state of that evening). `groups`, `first_row`: see
    MetricContext."""
    ctx = MetricContext(state, scenario, max(lo, 0), hi, groups, first_row)
    if hi < last:
        for name, value in zip(METRICS, series[hi].tolist(), strict=True):
            if INFO[name].kind == "level":
                ctx.values[name] = value
    return {name: fn(ctx) for name, fn in METRICS.items()}
