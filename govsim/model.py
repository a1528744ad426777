"""The Mesa model: holds the state, runs the daily schedule of MODEL.md §3.

`step()` reads as the schedule; the rules live in :mod:`govsim.rules`, the
metrics in :mod:`govsim.metrics`. All randomness comes from ``self.rng``, the
one seeded numpy Generator of the run (also Mesa's ``Model.rng``).
"""

from __future__ import annotations

import mesa
import numpy as np

from govsim import events, metrics, resources
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
    reporting,
)
from govsim.schema import Scenario
from govsim.state import CaseBook, DailyLog, SimState


class GovernanceModel(mesa.Model):
    """Community governance with an online platform and an offline grid.

    Args:
        config: the validated scenario.
        rng: the run's only source of randomness.
    """

    def __init__(self, config: Scenario, rng: np.random.Generator) -> None:
        resources.check(config)  # refuse before allocating what would not fit (exit 2)
        super().__init__(rng=rng)
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

    @property
    def day(self) -> int:
        return self.state.day

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
        s.day += 1

    def record(self) -> None:
        day = self.state.day
        metrics.note_open_cases(self.state)
        if day < len(self.series):
            values = metrics.evaluate(self.state, self.config, day - metrics.WINDOW_DAYS + 1, day)
            self.series[day] = list(values.values())

    def summary(self) -> dict[str, float]:
        """The run summary: every metric over the whole run so far."""
        return metrics.evaluate(self.state, self.config, 0, max(self.state.day - 1, 0))
