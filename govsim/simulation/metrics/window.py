"""The summary window ``[lo, hi]``: `--window START:END` read and checked, and every metric
evaluated over a window (a run's summary, the daily series)."""

from __future__ import annotations

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
) -> dict[str, float]:
    """Every metric over the days [lo, hi] (`groups`, `first_row`: see MetricContext; a
    run's MetricsRecorder passes its own, ``model.recorder.evaluate(lo, hi)``)."""
    ctx = MetricContext(state, scenario, max(lo, 0), hi, groups, first_row)
    return {name: fn(ctx) for name, fn in METRICS.items()}


def check_window(window: tuple[int, int] | None, days: int, where: str = "--window") -> None:
    """Refuse a summary window outside the run's days 0 … days − 1 (ConfigError, exit 2)."""
    if window is None:
        return
    start, end = window
    if not 0 <= start <= end <= days - 1:
        from govsim.scenario.config import ConfigError

        raise ConfigError(
            f"{where} {start}:{end}: a window is START:END, whole days with "
            f"0 <= START <= END <= {days - 1} (the run has days 0 to "
            f"{days - 1}); both days are included."
        )


def parse_window(text: str, where: str = "--window") -> tuple[int, int]:
    """``"60:89"`` → (60, 89); a ConfigError naming what is allowed otherwise."""
    from govsim.scenario.config import ConfigError

    try:
        start, end = (int(part) for part in str(text).split(":"))
    except ValueError:
        raise ConfigError(
            f"{where} {text!r}: give START:END, two whole days separated by a "
            "colon, e.g. 60:89 (both included)."
        ) from None
    return start, end


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
