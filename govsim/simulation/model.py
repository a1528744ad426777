"""The Mesa model: holds the state, runs the daily schedule of docs/ODD.md §3.

`step()` reads as the schedule; the rules live in :mod:`govsim.rules`, the
metrics in :mod:`govsim.simulation.metrics`. All randomness comes from ``self.rng``, the
one seeded numpy Generator of the run (also Mesa's ``Model.rng``).

A Mesa citizen: one step is one day and Mesa's clock is the only one
(``model.steps`` = days simulated; ``state.day``, which the rules read, is set
from it after each step); ``running`` turns False after ``days`` so
``run_model()`` and ``mesa.batch_run`` stop there; the institutions are Mesa
agents (``model.agents_by_type[GridWorker]``); ``model.datacollector`` is a
Mesa DataCollector with a model reporter per metric (the daily series).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

from govsim.core import sampling
from govsim.core.mesa_base import Model, data_collector
from govsim.rules import (
    adoption,
    calls,
    contact,
    dispatch,
    experience,
    feedback,
    handling,
    needs,
    participation,
    patrol,
    reporting,
)
from govsim.scenario import events, resources
from govsim.scenario.config import scenario_from
from govsim.scenario.schema import Scenario
from govsim.simulation import metrics, reform
from govsim.simulation.recorder import MetricsRecorder
from govsim.world.agents import make_institutions
from govsim.world.network import build_network, rewire_keeping_degrees
from govsim.world.population import build_households, build_residents
from govsim.world.state import CaseBook, DailyLog, SimState
from govsim.world.tables import RunTables, government_table
from govsim.world.tallies import Tallies


class GovernanceModel(Model):
    """Community governance with an online platform and an offline grid.

    Args:
        scenario: a validated Scenario, or a scenario name or path.
        rng: the run's only source of randomness: a Generator, or a seed (int or
            SeedSequence) turned into one as ``govsim.run`` does; None uses the
            scenario's ``seed``.
        memory_checked: True when the caller has already refused a run that would not fit
            in memory (``govsim.run`` does, before the model's imports); else this checks.
        series: the daily series (step 9: metrics over the trailing 30 days) of every
            metric (True), of none (False) or of the metrics named. A caller that only
            evaluates windows of its own (``metrics.evaluate``: calibration, the simulation
            bank, the forecast) passes False, a sweep its outcomes, and skips the other
            metrics each day; the run's state and numbers are the same (a metric only reads
            the state). Reading what was not recorded raises ValueError.
        full_days: days whose whole row of the series is recorded even so (a summary
            window's last day, whose row holds the window's levels).
        **overrides: scenario keys, dotted (``**{"platform.integrated": False}``) or
            top-level (``days=20``), as ``mesa.batch_run`` passes its parameters.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "community_y",
        rng: np.random.Generator | int | np.random.SeedSequence | None = None,
        *,
        memory_checked: bool = False,
        series: bool | Collection[str] = True,
        full_days: Collection[int] = (),
        **overrides: Any,
    ) -> None:
        config = scenario
        if not isinstance(config, Scenario) or overrides:
            config = scenario_from(scenario, overrides)
        if not memory_checked:
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
        self.state = SimState(
            residents=residents,
            households=households,
            network=network,
            cases=CaseBook(capacity=max(1024, residents.n // 2)),
            log=DailyLog(config.days),
            tallies=Tallies.count(residents, households, config.days),
        )
        make_institutions(self)
        self.state.tables = build_tables(self.state, config)
        self.state.raise_hour_rng = needs.raise_hour_rng(self.rng)
        self.state.calls_rng = calls.calls_rng(self.rng)
        daily = None if series is True else () if series is False else series
        self.recorder = MetricsRecorder(self.state, config, daily, full_days)
        self._datacollector: Any = None  # mesa.DataCollector, made on first use
        self.running = config.days > 0

    @property
    def day(self) -> int:
        """Days simulated so far (= Mesa's ``self.steps``)."""
        return self.state.day

    @property
    def series(self) -> np.ndarray:
        """The daily series, days × metrics (NaN for days not yet run): the recorder's."""
        return self.recorder.series

    @property
    def datacollector(self) -> Any:
        """Mesa's DataCollector, one model reporter per metric (trailing 30-day window, as in
        the daily series). Made on first use from the days already recorded, then collected
        every step, so runs that never ask for it pay nothing."""
        if self._datacollector is None:
            self._datacollector = metric_collector(self)
        return self._datacollector

    def step(self) -> None:
        """One day, in the order of docs/ODD.md §3."""
        s, c, rng = self.state, self.config, self.rng
        up = bool(rng.random() < c.platform.reliability)  # S3 "instability"
        s.platform_up = up and not events.is_outage(c, s.day)  # scheduled outage (`events:`)
        needs.step(s, c, rng)  # 1 residents raise issues
        reporting.step(s, c, rng)  # 2 online, offline, or wait
        calls.step(s, c, rng)  # 2b the hotline's consultations (their own stream)
        patrol.step(s, c, rng)  # 3 grid workers visit households
        dispatch.step(s, c, rng)  # 4 cases reach responders
        contact.step(s, c, rng)  # 4b the desk contacts requesters (Beijing's response)
        handling.step(s, c, rng)  # 5 responders work their queues
        feedback.step(s, c, rng)  # 6 trust, ratings, the closed loop
        participation.step(s, c, rng)  # 7 activities and who joins
        adoption.step(s, c, rng)  # 8 literacy and adoption
        experience.step(s, c, rng)  # 8b experience moves channel preference
        self.recorder.record(s.day)  # 9 every metric over the last 30 days
        if reform.active(c):
            reform.month_end(s, c, self.recorder)  # 10 a reform's ranking, demand, staffing
        s.day = self.steps  # Mesa's clock: steps done
        self.running = s.day < c.days
        if self._datacollector is not None:
            self._datacollector.collect(self)

    def metric_today(self, name: str) -> float:
        """The last recorded daily value of a metric (NaN before the first day)."""
        return self.recorder.today(name)

    def summary(self, window: tuple[int, int] | None = None) -> dict[str, float]:
        """The run summary: every metric over the days after the warm-up
        (``warmup_days``, at most half the days simulated: ``Scenario.summary_start``), or
        over the days ``window = (start, end)``, both included (docs/ODD.md §7)."""
        return self.recorder.summary(window)


def build_tables(state: SimState, config: Scenario) -> RunTables:
    """Everything fixed for a run (:class:`govsim.world.tables.RunTables`), from the
    scenario, the population and the institutions, by each rule module's own builder."""
    responders = state.responders
    government = government_table(responders)
    branches = state.party_organisations[1:]  # [0] is the community committee
    issue_cdf, category_mix = needs.issue_rates(state.residents, config)
    online_by, offline_by = reporting.by_preference(config)
    candidates, candidate_count = dispatch.candidate_table(responders, government)
    cumulative, total = participation.activity_mix(config)
    social_groups = tuple(np.flatnonzero(~government).tolist())
    return RunTables(
        government=government,
        social_groups=social_groups,
        issue_cdf=issue_cdf,
        category_mix=category_mix,
        category_shares=needs.category_shares(config),
        online_by_preference=online_by,
        offline_by_preference=offline_by,
        candidates=candidates,
        candidate_count=candidate_count,
        effort=dispatch.efforts(responders, config),
        volunteer_for=dispatch.volunteer_teams(responders, government),
        working_day_hours=handling.working_day_hours(config, category_mix, len(responders)),
        sign_off_hours=handling.sign_off_hours(config, branches),
        activity_rates=participation.activity_rates(config, len(branches), len(social_groups)),
        activity_cumulative=cumulative,
        activity_total=total,
        thinned=state.residents.n >= sampling.THINNED_FROM,
    )


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

    collector = data_collector()(
        model_reporters={
            name: partial(GovernanceModel.metric_today, name=name) for name in metrics.METRICS
        }
    )
    for day in range(model.state.day):  # backfill: as if it had collected after every step
        for i, values in enumerate(collector.model_vars.values()):
            values.append(float(model.series[day, i]))
        if hasattr(collector, "_collection_steps"):  # Mesa ≥ 3.1: the time of each row
            collector._collection_steps.append(float(day + 1))
    return collector
