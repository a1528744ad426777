"""Memory before work: estimate what a run needs and refuse when it would not fit.

A run's memory is the resident columns, the network's ties, the case book and
the daily series (docs/scale.md breaks a 1M-resident year down). The estimate
below is a formula in those four counts; its coefficients (``COEFFICIENTS``,
bytes per unit) were measured as peak RSS above the imports with
``benchmarks/memory.py`` at 10,000, 100,000 and 1,000,000 residents
(docs/validation.md has the table) and rounded up.

:func:`check` runs at the start of every model build (``GovernanceModel``), so
``govsim run``, ``survey``, ``sweep`` workers and the dashboard meet it; the
sweep also checks per-run estimate × workers before starting. It raises
:class:`~govsim.scenario.config.ConfigError` (exit 2) naming the estimate, the memory
available and the keys to change. ``--force`` (environment ``GOVSIM_FORCE=1``)
skips it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govsim.scenario.config import ConfigError

if TYPE_CHECKING:
    from govsim.scenario.schema import Scenario

COEFFICIENTS = {
    "imports": 180e6,  # bytes: the interpreter with numpy, pandas, mesa, pyarrow (one process)
    "resident_build": 120.0,  # bytes per resident while building (columns + draws)
    "tie_build": 55.0,  # bytes per expected tie while building (int64 pairs, sort, CSR)
    "resident_run": 150.0,  # bytes per resident while running (columns, masks, daily draws)
    "tie_run": 20.0,  # bytes per expected tie while running (int32 both ways, merge copies)
    "case": 60.0,  # bytes per expected case (47 B a row in a doubling buffer)
    "series_cell": 8.0,  # float64 per metric per day
    "visit": 40.0,  # bytes per daily grid-worker visit slot (int64 arrays, np.unique)
}
"""Bytes per unit, measured (benchmarks/memory.py, docs/validation.md) and rounded up."""
FORCE_ENV = "GOVSIM_FORCE"
"""Set to 1 (``--force``) to build even when the estimate exceeds the memory available."""
N_METRICS_GUESS = 60
"""Metrics per day in the series (an upper bound; metrics.METRICS has fewer)."""


@dataclass(frozen=True)
class Estimate:
    """Peak bytes of a run: build and run above the imports, and the whole process."""

    residents: int
    ties: float
    cases: float
    build_bytes: float
    run_bytes: float

    @property
    def bytes(self) -> float:
        """Whole-process peak: the imports plus the larger of build and run."""
        return COEFFICIENTS["imports"] + max(self.build_bytes, self.run_bytes)


def expected_ties(s: Scenario) -> float:
    """Undirected ties: household cliques + building rings + random ties across."""
    p = s.population
    lam = p.residents / p.households - 1  # household size ≈ 1 + Poisson(lam) (population.py)
    clique = p.households * (lam * lam / 2 + lam)  # E[size (size − 1) / 2]
    ring = p.residents * (p.ties_within_building // 2)
    across = p.residents * (p.ties_across_buildings + p.ties_across_grids) / 2
    return clique + ring + across


def expected_cases(s: Scenario) -> float:
    """Issues raised over the horizon, an upper bound (every resident an adult)."""
    rate = s.needs.issues_per_adult_year * max(1.0, s.needs.elderly_multiplier)
    return s.population.residents * rate * s.days / 365


def estimate(s: Scenario) -> Estimate:
    c = COEFFICIENTS
    n, ties, cases = s.population.residents, expected_ties(s), expected_cases(s)
    visits = s.organisation.grid_workers * s.organisation.visits_per_worker_day
    build = n * c["resident_build"] + ties * c["tie_build"]
    run = (
        n * c["resident_run"]
        + ties * c["tie_run"]
        + cases * c["case"]
        + s.days * N_METRICS_GUESS * c["series_cell"]
        + visits * c["visit"]
    )
    return Estimate(residents=n, ties=ties, cases=cases, build_bytes=build, run_bytes=run)


def available_bytes() -> int | None:
    """Memory the kernel could give without swapping (MemAvailable), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import psutil
    except ImportError:
        return None
    return int(psutil.virtual_memory().available)


def forced() -> bool:
    return os.environ.get(FORCE_ENV, "") not in ("", "0")


def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB" if n >= 2**28 else f"{n / 2**20:,.0f} MiB"


def check(s: Scenario, copies: int = 1, what: str = "this run") -> Estimate:
    """Raise ConfigError when `copies` runs of `s` at once would not fit in memory."""
    est = estimate(s)
    avail = available_bytes()
    need = est.bytes * copies
    if avail is None or forced() or need <= avail:
        return est
    times = f"{gib(est.bytes)} × {copies} workers: " if copies > 1 else ""
    raise ConfigError(
        f"{what} needs about {gib(need)} of memory ({times}"
        f"{est.residents:,} residents, ~{est.ties:,.0f} ties, ~{est.cases:,.0f} cases over "
        f"{s.days:,} days) but only {gib(avail)} is available. Lower population.residents "
        f"(with population.households, about residents / 2.85), days or "
        f"needs.issues_per_adult_year"
        + (", or --workers" if copies > 1 else "")
        + "; or add --force to try anyway."
    )


def check_tasks(tasks: Iterable[Any], workers: int, memory: bool = True) -> None:
    """Before a sweep: every design point validates, and the largest one's
    estimate × workers fits in memory (``memory=False``: runs go to another machine).
    """
    from govsim.scenario.config import override

    biggest, last = None, None
    for task in tasks:  # a generator of a million points is taken one at a time (issue 32)
        key = repr(sorted(task.values.items()))
        if key == last:  # a point's replicates come one after another (point-major)
            continue
        last = key
        # the `scenario` factor is not a key: it chose task.base
        values = {k: v for k, v in task.values.items() if k != "scenario"}
        try:
            config = override(task.base, values) if values else task.base
        except ConfigError as err:
            raise ConfigError(
                f"design point {task.point} {task.values}: {err} Narrow the "
                "experiment's factor ranges so every point is valid."
            ) from None
        if biggest is None or estimate(config).bytes > estimate(biggest).bytes:
            biggest = config
    if memory and biggest is not None:
        check(biggest, copies=workers, what=f"the sweep ({workers} runs at once)")
