"""The metrics recorder: what the metrics keep over a run (docs/ODD.md §3 step 9, §7.9).

The model owns one (``model.recorder``) and calls ``record(day)`` at the end of each
day. It holds the rolling window (``WINDOW_DAYS``), the daily series (days × metrics),
the groups of residents the metrics read (fixed for a run, made once) and the per-day
table of the first case row still open, which lets the daily series skip finished
cases (see :mod:`govsim.simulation.metrics`). The rules never read it: what a rule needs
lives in the state.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.simulation import metrics
from govsim.world.state import CaseBook, SimState, Status


class MetricsRecorder:
    """Every metric of a run, day by day.

    Attributes:
        window: days of the trailing window of the daily series (``metrics.WINDOW_DAYS``).
        names: the metrics recorded, in the series' column order (those registered when
            the recorder was made).
        series: days × metrics, NaN for days not yet recorded (and for days not asked for).
        daily: the metrics whose series is recorded every day: all of them (None, the
            default) or only these (``GovernanceModel(series=...)``). A caller that reads no
            daily series (a calibration, the simulation bank: they evaluate windows of their
            own) records none, a sweep only its outcomes', and skips the other metrics of
            step 9 (a third of a small run's time); the state and the random stream are the
            same, because a metric only reads the state.
        full_days: days whose whole row is recorded even so (a summary window's last day:
            its levels are read from that row).
        groups: the resident groups of ``metrics.resident_groups``.
        first_open_case: day → the first case row still raised, reported or dispatched at
            the end of that day.
    """

    def __init__(
        self,
        state: SimState,
        scenario: Scenario,
        daily: Collection[str] | None = None,
        full_days: Collection[int] = (),
    ) -> None:
        self.state, self.scenario = state, scenario
        self.daily = None if daily is None else tuple(n for n in metrics.METRICS if n in daily)
        self.full_days = frozenset(full_days)
        self.window = metrics.WINDOW_DAYS
        self.names = list(metrics.METRICS)
        self.series = np.full((scenario.days, len(self.names)), np.nan)
        self.groups = metrics.resident_groups(state.residents)
        self.first_open_case: dict[int, int] = {}

    def record(self, day: int) -> None:
        """End of `day`: note the first open case; the series' row of every metric over the
        trailing window."""
        self.first_open_case[day] = first_open_case(
            self.state.cases, day, self.scenario.feedback.feedback_window_days
        )
        if day >= len(self.series):
            return
        if self.daily is None or day in self.full_days:
            self.series[day] = list(self.evaluate(day - self.window + 1, day).values())
        elif self.daily:
            values = self.evaluate(day - self.window + 1, day, self.daily)
            for name in self.daily:
                self.series[day, self.names.index(name)] = values[name]

    def evaluate(self, lo: int, hi: int, names: Collection[str] | None = None) -> dict[str, float]:
        """Every metric (or the `names`, and what they use) over the days [lo, hi] (cases
        finished before lo skipped)."""
        lo = max(lo, 0)
        first = self.first_open_case.get(lo - 1, 0) if lo > 0 else 0
        return metrics.evaluate(self.state, self.scenario, lo, hi, self.groups, first, names)

    def summary(self, window: tuple[int, int] | None = None) -> dict[str, float]:
        """Every metric over the days after the warm-up (``Scenario.summary_start``), or over
        ``window = (start, end)``, both included; levels at the window's end
        (``metrics.summarise``)."""
        last = max(self.state.day - 1, 0)
        lo, hi = (
            window if window is not None else (self.scenario.summary_start(self.state.day), last)
        )
        lo = max(lo, 0)
        if hi < last:
            self.require(hi, "a summary window that ends before the run's last day")
        first = self.first_open_case.get(lo - 1, 0) if lo > 0 else 0
        return metrics.summarise(
            self.state, self.scenario, self.series, lo, hi, last, self.groups, first
        )

    def today(self, name: str) -> float:
        """The last recorded daily value of metric `name` (NaN before the first day)."""
        day = self.state.day - 1
        if not 0 <= day < len(self.series):
            return float("nan")
        self.require(day, f"the daily value of {name}", name)
        return float(self.series[day, self.names.index(name)])

    def recorded(self, day: int, name: str | None = None) -> bool:
        """Whether the series holds metric `name` (every metric: None) on `day`."""
        if self.daily is None or day in self.full_days:
            return True
        return name is not None and name in self.daily

    def require(self, day: int, what: str, name: str | None = None) -> None:
        """Refuse to read the series' row of `day` (or its `name` column) when it was not
        recorded (a ValueError that says how to get it), instead of a NaN for a value."""
        if not self.recorded(day, name):
            raise ValueError(
                f"{what} needs the daily series' row of day {day}, which this run did not "
                "record: make the model with series=True (the default)"
            )


def first_open_case(cases: CaseBook, day: int, feedback_window_days: int) -> int:
    """The first case row that can still have an event after `day` (``cases.n`` if none):
    raised, reported or dispatched, or resolved and still inside the feedback window (it
    may yet be closed and rated: the hotline's resolution and satisfaction rates count a
    case on the day its requester rates it)."""
    view = cases.open_view()
    status = cases.status[view]
    still_open = (status <= Status.DISPATCHED) | (
        (status == Status.RESOLVED) & (cases.day_resolved[view] >= day - feedback_window_days)
    )
    first = int(still_open.argmax()) if still_open.any() else len(still_open)
    return cases.first_open + first
