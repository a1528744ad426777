"""Plain-Mesa reference: one Mesa Agent object per resident doing the reporting rule.

This is how the model would look written the usual way (an Agent per resident,
``model.agents.do("step")`` each day). It runs only docs/ODD.md §3 step 1-2 (raise
an issue, report it online/offline or wait) with the same probabilities as
:mod:`govsim.rules.reporting`, so its cost per resident-day is a floor for a
full plain-Mesa schedule. The benchmarks compare govsim's whole schedule with it.
"""

from __future__ import annotations

import time

import mesa
import numpy as np

from govsim.scenario.schema import Scenario


class ResidentAgent(mesa.Agent):
    def __init__(
        self,
        model: ReferenceModel,
        literacy: float,
        trust: float,
        adopted: bool,
        preference: int,
        elderly: bool,
    ) -> None:
        super().__init__(model)
        self.literacy, self.trust, self.adopted = literacy, trust, adopted
        self.preference, self.elderly = preference, elderly
        self.pending = 0
        self.reported = 0

    def step(self) -> None:
        m = self.model
        rng = m.rng
        if rng.random() < m.daily_issue_rate:
            self.pending += 1
        if self.pending:
            rep = m.config.reporting
            online = (
                (
                    rep.online_base
                    * m.online_by[self.preference]
                    * (0.5 + self.literacy)
                    * (0.5 + self.trust)
                )
                if self.adopted
                else 0.0
            )
            offline = (
                rep.offline_base
                * m.offline_by[self.preference]
                * (0.5 + self.trust)
                * (rep.elderly_offline_bonus if self.elderly else 1.0)
            )
            u = rng.random()
            if u < online + (1 - online) * offline:
                self.pending -= 1
                self.reported += 1


class ReferenceModel(mesa.Model):
    def __init__(self, config: Scenario, n: int, seed: int = 1) -> None:
        super().__init__(rng=seed)
        self.config = config
        self.daily_issue_rate = config.needs.issues_per_adult_year / 365.0
        self.online_by = list(config.reporting.online_by_preference.as_array())
        self.offline_by = list(config.reporting.offline_by_preference.as_array())
        rng = self.rng
        for _ in range(n):
            ResidentAgent(
                self,
                float(rng.random()),
                float(rng.random()),
                bool(rng.random() < 0.6),
                int(rng.integers(5)),
                bool(rng.random() < 0.24),
            )

    def step(self) -> None:
        self.agents.do("step")


def time_reference(config: Scenario, residents: int, days: int) -> dict[str, float]:
    """Build and run the reference; seconds (wall, and CPU: ``run_cpu_s``, what a loaded
    machine does not inflate) and ns per resident-day of the daily loop."""
    t0 = time.perf_counter()
    model = ReferenceModel(config, residents)
    t1, cpu = time.perf_counter(), time.process_time()
    for _ in range(days):
        model.step()
    t2, cpu = time.perf_counter(), time.process_time() - cpu
    return {
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "run_cpu_s": cpu,
        "ns_per_resident_day": (t2 - t1) / (residents * days) * 1e9,
        "reports": float(np.sum([a.reported for a in model.agents])),
    }
