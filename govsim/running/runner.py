"""`run(config, seed) -> RunResult`: the one function that simulates.

Experiments, the CLI and the dashboard all call this (or step a
:class:`~govsim.simulation.model.GovernanceModel` the same way). A seed may be an int
or a ``numpy.random.SeedSequence`` (sweeps spawn them from a root seed), so
results never depend on worker count or order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.scenario.window import check_window
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel, make_rng

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class RunResult:
    scenario: Scenario
    seed: int | list[int]
    summary: dict[str, float]
    model: GovernanceModel = field(repr=False)
    seconds_build: float = 0.0
    seconds_run: float = 0.0

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """The daily series: one row per day (column `day`), one column per metric recorded
        (every metric, or those named by ``run(..., series=[...])``).

        Built on first use, so a command that only prints the summary never imports
        pandas (issue 13: `govsim run` start-up)."""
        import pandas as pd

        kept = self.model.recorder.daily
        if kept == ():
            raise ValueError("this run did not record its daily series: run(..., series=True)")
        series = pd.DataFrame(self.model.series, columns=list(metrics.METRICS))
        if kept is not None:
            series = series[list(kept)]
        series.insert(0, "day", np.arange(len(series), dtype=np.int32))
        return series

    def summary_over(self, start: int, end: int) -> dict[str, float]:
        """Every metric over the days ``start..end`` (both included) of this run: flows
        count that window's cases and days, levels are their values at the end of day
        `end` (docs/ODD.md §7)."""
        check_window((start, end), self.model.state.day, "summary_over")
        return self.model.summary((start, end))

    @property
    def daily(self) -> pd.DataFrame:
        """The daily series (same as ``timeseries``): one row per day, one column per metric."""
        return self.timeseries


def seed_label(seed: int | np.random.SeedSequence) -> int | list[int]:
    if isinstance(seed, np.random.SeedSequence):
        return [int(seed.entropy), *map(int, seed.spawn_key)]
    return int(seed)


def run(
    config: Scenario,
    seed: int | np.random.SeedSequence | None = None,
    progress: Callable[[int, int], None] | None = None,
    window: tuple[int, int] | None = None,
    *,
    checked: bool = False,
    series: bool | Collection[str] = True,
) -> RunResult:
    """Simulate `config.days` days and return the summary and daily series.

    The summary covers the days after ``config.warmup_days``, or the days
    ``window = (start, end)`` (both included) when given (docs/ODD.md §7).
    `checked`: the caller has already refused a window outside the run's days and a run
    that would not fit in memory (``govsim.run`` does, before importing this module), so
    neither is checked twice on the way into a run (issue 30 item 6).
    `series`: the metrics whose daily series is recorded (every one: True; none: False; a
    sweep: its outcomes'); ``timeseries`` then refuses. The summary is the same: a window
    that ends before the last day reads its levels from that day's row, which is recorded
    whole."""
    if not checked:
        check_window(window, config.days)
    seed = config.seed if seed is None else seed
    t0 = time.perf_counter()
    full_days = [window[1]] if window is not None and series is not True else []
    model = GovernanceModel(
        config, make_rng(seed), memory_checked=checked, series=series, full_days=full_days
    )
    t1 = time.perf_counter()
    for day in range(config.days):
        model.step()
        if progress is not None:
            progress(day + 1, config.days)
    t2 = time.perf_counter()
    return RunResult(
        scenario=config,
        seed=seed_label(seed),
        summary=model.summary(window),
        model=model,
        seconds_build=t1 - t0,
        seconds_run=t2 - t1,
    )
