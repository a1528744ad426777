"""One steerable run for the dashboard: built from a scenario and overrides, stepped by day.

Reset semantics: a run is never changed in flight. Changing a lever, the scenario
or the seed builds a new :class:`Simulation` from the scenario file with
``override(...)`` and starts at day 0, so what you see is always a run that
``govsim run SCENARIO --seed S --set key=value`` would reproduce.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from govsim.dashboard.settings import Setup
from govsim.experiments.catalogue import catalogue
from govsim.running.runner import make_rng
from govsim.scenario.config import ConfigError, load_scenario, override
from govsim.scenario.schema import Scenario
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel


class Simulation:
    """A GovernanceModel plus what the dashboard needs: day, KPIs, series, timing.

    Args:
        scenario_name: a shipped scenario (``scenarios/NAME.yaml``) or a path.
        overrides: dotted key → value, applied with :func:`govsim.scenario.config.override`.
        seed: the run's seed (the scenario's own seed when None).
        days: the horizon (the scenario's own when None); like ``govsim run --days``.
        fixed: dotted key → value applied to the scenario before `overrides` (the ``set:``
            of a policy search, whose base it is); `base` includes them.
    """

    def __init__(
        self,
        scenario_name: str,
        overrides: Mapping[str, Any] | None = None,
        seed: int | None = None,
        days: int | None = None,
        fixed: Mapping[str, Any] | None = None,
    ) -> None:
        base = load_scenario(scenario_name)
        if fixed:  # a policy search's `set:`: part of its base, applied before the levers
            base = override(base, dict(fixed))
        self.base: Scenario = base
        self.overrides = dict(overrides or {})
        changes = dict(self.overrides)
        if days is not None and days != base.days:
            changes["days"] = int(days)
        if seed is not None:
            changes["seed"] = int(seed)  # checked by the schema like every other value
        self.scenario: Scenario = override(base, changes) if changes else base
        self.seed = self.scenario.seed
        self.model = GovernanceModel(self.scenario, make_rng(self.seed))
        # the series' columns are the metrics registered when the model was built
        self.metric_index = {name: i for i, name in enumerate(metrics.METRICS)}
        self.lock = threading.Lock()
        self.last_step_ms = 0.0
        self.last_views_ms = 0.0  # set by the page: how long the last render of the views took
        self.rendered_day = -1  # set by the page: the day its views last showed

    @property
    def day(self) -> int:
        """Days simulated so far (0 before the first step)."""
        return self.model.state.day

    @property
    def days(self) -> int:
        return self.scenario.days

    @property
    def finished(self) -> bool:
        return self.day >= self.days

    def step(self, days: int = 1) -> int:
        """Simulate up to `days` more days (never past the horizon); returns days run."""
        t0 = time.perf_counter()
        done = 0
        with self.lock:
            while done < days and not self.finished:
                self.model.step()
                done += 1
        self.last_step_ms = (time.perf_counter() - t0) * 1000.0
        return done

    def catch_up(self, day: int) -> int:
        """Step until this run shows `day` (a comparison chosen mid-run starts level with
        the main run, never behind it); returns days run."""
        return self.step(max(min(day, self.days) - self.day, 0))

    def whole_run(self) -> dict[str, float]:
        """Every metric over days 0 … day-1: what ``govsim run … --days DAY`` prints."""
        with self.lock:
            return self.model.summary()

    def current(self) -> dict[str, float]:
        """Every metric over the last 30 days (the daily series' latest row)."""
        day = self.day
        if day == 0:
            return metrics.evaluate(self.model.state, self.scenario, -metrics.WINDOW_DAYS, -1)
        row = self.model.series[day - 1]
        return {name: float(row[i]) for name, i in self.metric_index.items()}

    def series(self, name: str) -> np.ndarray:
        """The daily values of metric `name` for days 0 … day-1."""
        return self.model.series[: self.day, self.metric_index[name]]


# --- the runs a page builds -------------------------------------------------------------


def shipped_scenarios() -> dict[str, str]:
    """Scenario name → description, from scenarios/*.yaml (never a hard-coded list)."""
    return dict(catalogue()["scenarios"])


def default_setup(name: str) -> Setup:
    scenario = load_scenario(name)
    return Setup(name, scenario.seed, scenario.days)


def build(
    name: str,
    overrides: dict[str, Any],
    seed: int,
    days: int | None = None,
    fixed: tuple[tuple[str, Any], ...] = (),
) -> Simulation | str:
    """A new run, or the error message when the setting is not valid."""
    try:
        return Simulation(name, overrides, seed, days, dict(fixed))
    except ConfigError as err:
        return str(err)


def replicate_builder(setup: Setup) -> Callable[[int], Simulation]:
    """Builds the shown setup's run for another seed: the same base as the shown run (a
    picked policy's search `set:` included), the same levers and horizon."""
    return lambda seed: Simulation(
        setup.scenario, setup.overrides, seed, setup.days, dict(setup.fixed)
    )
