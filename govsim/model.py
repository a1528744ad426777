"""The Mesa model: holds the state, runs the daily schedule of MODEL.md §3.

`step()` reads as the schedule; the rules live in :mod:`govsim.rules`, the
metrics in :mod:`govsim.metrics`. All randomness comes from ``self.rng``, the
one seeded numpy Generator of the run (also Mesa's ``Model.rng``).

A Mesa citizen: one step is one day and Mesa's clock is the only one
(``model.steps`` = days simulated; ``state.day``, which the rules read, is set
from it after each step); ``running`` turns False after ``days`` so
``run_model()`` and ``mesa.batch_run`` stop there; the institutions are Mesa
agents (``model.agents_by_type[GridWorker]``); ``model.datacollector`` is a
Mesa DataCollector with a model reporter per metric (the daily series).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from govsim import events, metrics, resources
from govsim._mesa import Model, data_collector
from govsim.agents import make_institutions
from govsim.network import build_network, rewire_keeping_degrees
from govsim.population import build_households, build_residents
from govsim.rules import (
    adoption,
    dispatch,
    experience,
    feedback,
    handling,
    needs,
    participation,
    patrol,
    ranking,
    reporting,
)
from govsim.schema import Scenario
from govsim.state import CaseBook, DailyLog, SimState


class GovernanceModel(Model):
    """Community governance with an online platform and an offline grid.

    Args:
        scenario: a validated Scenario, or a scenario name or path.
        rng: the run's only source of randomness: a Generator, or a seed (int or
            SeedSequence) turned into one as ``govsim.run`` does; None uses the
            scenario's ``seed``.
        **overrides: scenario keys, dotted (``**{"platform.integrated": False}``) or
            top-level (``days=20``), as ``mesa.batch_run`` passes its parameters.
    """

    def __init__(self, scenario: Scenario | str | Path = "community_y",
                 rng: np.random.Generator | int | np.random.SeedSequence | None = None,
                 **overrides: Any) -> None:
        config = scenario
        if not isinstance(config, Scenario) or overrides:
            from govsim.api import load

            config = load(scenario, overrides)
        resources.check(config)  # refuse before allocating what would not fit (exit 2)
        rng = make_rng(config.seed if rng is None else rng)
        super().__init__(rng=rng)
        self._scenario = None  # Mesa's experimental Scenario is unused (SolaraViz resets read it)
        self.config = config
        households = build_households(config, self.rng)
        residents = build_residents(config, households, self.rng)
        network = build_network(config, residents, households, self.rng)
        if config.population.randomise_ties:
            network = rewire_keeping_degrees(network, self.rng)
        self.state = SimState(residents=residents, households=households, network=network,
                              cases=CaseBook(capacity=max(1024, residents.n // 2)),
                              log=DailyLog(config.days))
        make_institutions(self)
        needs.prepare(self.state, config)
        self.series = np.full((config.days, len(metrics.METRICS)), np.nan)
        self._datacollector: Any = None  # mesa.DataCollector, made on first use
        self.running = config.days > 0

    @property
    def day(self) -> int:
        """Days simulated so far (= Mesa's ``self.steps``)."""
        return self.state.day

    @property
    def datacollector(self) -> Any:
        """Mesa's DataCollector, one model reporter per metric (trailing 30-day window, as in
        the daily series). Made on first use from the days already recorded, then collected
        every step, so runs that never ask for it pay nothing."""
        if self._datacollector is None:
            self._datacollector = metric_collector(self)
        return self._datacollector

    def step(self) -> None:
        """One day, in the order of MODEL.md §3."""
        s, c, rng = self.state, self.config, self.rng
        up = bool(rng.random() < c.platform.reliability)  # S3 "instability"
        s.platform_up = up and not events.is_outage(c, s.day)  # scheduled outage (`events:`)
        needs.raise_issues(s, c, rng)  # 1
        reporting.report(s, c, rng)  # 2
        patrol.patrol(s, c, rng)  # 3
        dispatch.dispatch(s, c, rng)  # 4
        handling.handle(s, c, rng)  # 5
        feedback.give_feedback(s, c, rng)  # 6
        participation.take_part(s, c, rng)  # 7
        adoption.update(s, c, rng)  # 8
        experience.update(s, c)  # 8b: experience moves channel preference
        self.record()  # 9
        if c.ranking.enabled:
            ranking.evaluate_month(s, c)  # 10: a reform's monthly ranking
        s.day = self.steps  # Mesa's clock: steps done
        self.running = s.day < c.days
        if self._datacollector is not None:
            self._datacollector.collect(self)

    def record(self) -> None:
        day = self.state.day
        metrics.note_open_cases(self.state)
        if day < len(self.series):
            values = metrics.evaluate(self.state, self.config, day - metrics.WINDOW_DAYS + 1, day)
            self.series[day] = list(values.values())

    def metric_today(self, name: str) -> float:
        """The last recorded daily value of a metric (NaN before the first day)."""
        day = self.state.day - 1
        if not 0 <= day < len(self.series):
            return float("nan")
        return float(self.series[day, list(metrics.METRICS).index(name)])

    def summary(self) -> dict[str, float]:
        """The run summary: every metric over the whole run so far."""
        return metrics.evaluate(self.state, self.config, 0, max(self.state.day - 1, 0))


def make_rng(seed: int | np.random.SeedSequence | np.random.Generator) -> np.random.Generator:
    """The run's one Generator (PCG64) from an int or a SeedSequence (a Generator as is)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, np.random.SeedSequence):
        return np.random.Generator(np.random.PCG64(seed))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed))))


def metric_collector(model: GovernanceModel) -> Any:
    """A DataCollector with a model reporter per metric, holding the days recorded so far."""
    from functools import partial

    collector = data_collector()(model_reporters={
        name: partial(GovernanceModel.metric_today, name=name) for name in metrics.METRICS})
    for day in range(model.state.day):  # backfill: as if it had collected after every step
        for i, values in enumerate(collector.model_vars.values()):
            values.append(float(model.series[day, i]))
        if hasattr(collector, "_collection_steps"):  # Mesa ≥ 3.1: the time of each row
            collector._collection_steps.append(float(day + 1))
    return collector
