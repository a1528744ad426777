"""The shown setup over K seeds, stepped in the background to the shown day.

Seeds are the shown seed and the next K-1 (``seed, seed+1, …``); the shown run is
the first replicate (not built twice). The spread across seeds (standard deviation)
is what a difference between two setups must exceed before the page calls it
"better" or "worse" (:func:`govsim.dashboard.indicators.verdict`); the band on the
charts runs from the lowest to the highest seed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

from govsim.dashboard.session import Simulation


class Replicates:
    """K runs of one setup; `build(seed)` makes a run (same scenario, levers, horizon)."""

    def __init__(self, main: Simulation, k: int, build: Callable[[int], Simulation]) -> None:
        self.main = main
        self.k = max(int(k), 1)
        self.build = build
        self.runs: list[Simulation | None] = [main] + [None] * (self.k - 1)
        self.lock = threading.Lock()

    @property
    def seeds(self) -> list[int]:
        return [self.main.seed + i for i in range(self.k)]

    def advance(
        self,
        day: int,
        cancel: threading.Event | None = None,
        progress: Callable[[], None] | None = None,
    ) -> bool:
        """Build the missing runs and step each to `day` (the shown run is stepped by the
        page); False when cancelled."""
        for i in range(1, self.k):
            if cancel is not None and cancel.is_set():
                return False
            with self.lock:
                if self.runs[i] is None:
                    self.runs[i] = self.build(self.seeds[i])
            run = self.runs[i]
            while run.day < min(day, run.days):
                if cancel is not None and cancel.is_set():
                    return False
                run.step(min(10, day - run.day))
            if progress is not None:
                progress()
        return True

    def at(self, day: int) -> list[Simulation]:
        """The runs that show `day`."""
        return [r for r in self.runs if r is not None and r.day == day]

    def complete(self, day: int) -> bool:
        return len(self.at(day)) == self.k

    def values(self, day: int, whole: bool = False) -> dict[str, np.ndarray]:
        """Metric → its value in each run at `day` (30-day window, or the whole run)."""
        rows = [(r.whole_run() if whole else r.current()) for r in self.at(day)]
        names = rows[0].keys() if rows else ()
        return {n: np.array([row[n] for row in rows], dtype=float) for n in names}

    def series(self, name: str, day: int) -> np.ndarray:
        """(runs, days) of metric `name` for days 0 … day-1, runs at `day` only."""
        return np.array([r.series(name)[:day] for r in self.at(day)], dtype=float)


def groups(
    sim: Simulation, other: Simulation | None, k: int, build: Callable[[int], Simulation]
) -> tuple[Replicates | None, Replicates | None]:
    """The shown run's replicates (`build(seed)` makes one) and the comparison's (as
    shipped, same horizon); None with one seed."""
    if k <= 1:
        return None, None
    main = Replicates(sim, k, build)
    if other is None:
        return main, None
    days = sim.days
    return main, Replicates(other, k, lambda s: Simulation(other.scenario.name, {}, s, days))


def shown(main: Replicates | None, second: Replicates | None, day: int, lang: str) -> dict:
    """What the views need of the replicates at `day`: the means (``main``, ``other``, once
    every seed shows the day), the groups, ``k`` and a status line; {} with one seed."""
    from govsim.dashboard.i18n import t

    if main is None:
        return {}
    out: dict = {"k": main.k}
    if main.complete(day):
        out["main"], out["main_series"] = main.values(day), main
    if second is not None and second.complete(day):
        out["other"], out["other_series"] = second.values(day), second
    out["status"] = (
        t("kpi.spread", lang, main.k)
        if "main" in out
        else t("kpi.replicates_running", lang, len(main.at(day)), main.k, day)
    )
    return out


def mean_spread(values: np.ndarray) -> tuple[float, float]:
    """Mean and seed-to-seed standard deviation (ddof 1) over runs; NaN-aware; the spread
    is NaN with fewer than two values."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return float("nan"), float("nan")
    sd = float(np.std(finite, ddof=1)) if finite.size >= 2 else float("nan")
    return float(np.mean(finite)), sd


def pooled_spread(a: float, b: float) -> float:
    """The seed-to-seed spread of a difference between two setups' single runs: the root
    mean square of their standard deviations; NaN when either is unknown."""
    if a != a or b != b:
        return float("nan")
    return float(np.sqrt((a * a + b * b) / 2))
