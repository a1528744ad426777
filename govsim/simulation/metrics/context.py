"""What a metric reads: the window of days, the state and scenario, and the resident groups.

Every metric is evaluated over a window of days ``[lo, hi]``:

* the daily series (``timeseries.parquet``) uses the trailing 30 days
  (``lo = day - 29``), like the participation rate of docs/ODD.md §7.9;
* the run summary (``summary.json``) uses the days after the warm-up
  (``lo = Scenario.summary_start()``: ``warmup_days``, at most half the run), or a window
  ``[lo, hi]`` given to ``runner.run`` / ``--window`` / an experiment's ``window:``
  (:func:`summarise`; issue 22).

Levels (``kind="level"``: adoption, trust, literacy, backlog…) are the values at ``hi``
and ignore ``lo``. Flows over cases count a case in the window of its own event:
raised (issues_raised, report_rate), reported (patrol_found_share), resolved
(days to resolve, closure, satisfaction, responder shares). A flow with no
case in its window is NaN (``null`` in JSON). Adding a metric is one
function with ``@metric``.

Scale (docs/scale.md): the daily series looks only at case rows that can have
an event in the window. A case's status only moves forward (raised → reported →
dispatched → resolved → closed, or lapsed), so a case reported or resolved on
day ≥ lo was still open (raised, reported or dispatched) at the end of day
lo − 1, or did not exist yet. The metrics recorder
(:class:`govsim.simulation.recorder.MetricsRecorder`) notes, at the end of each
day, the first row still open (``first_open_case``); rows before it are skipped (an exact cut: the
same cases as scanning the whole case book; float32 means may differ in the
8th digit from the order of summation). Summaries from day 0 scan all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.state import Channel, Residents, SimState

WINDOW_DAYS = 30
HOURS_PER_DAY = 24.0
DAYS_PER_YEAR = 365.0


def resident_groups(res: Residents) -> dict[str, np.ndarray]:
    """Groups of residents the metrics read that never change in a run (the metrics
    recorder makes them once: ``MetricsRecorder.groups``)."""
    groups = {
        "adults": res.is_adult,
        "under60": res.is_adult & ~res.is_elderly,
        "over60": res.is_adult & res.is_elderly,
    }
    # residents are sorted by community (households are laid out grid by grid)
    groups["community_starts"] = np.flatnonzero(np.diff(res.community, prepend=-1))
    groups["adults_by_community"] = np.add.reduceat(
        groups["adults"], groups["community_starts"], dtype=np.int64
    )
    groups["adult_rows"] = np.flatnonzero(groups["adults"])  # a gather by index is
    # twice as fast as by a mask of 7,500 (the same values in the same order)
    for group in ("adults", "under60", "over60"):
        # a numpy int, as np.count_nonzero gives it: float32 sums ÷ it are float64
        groups[f"n_{group}"] = np.count_nonzero(groups[group])
    return groups


@dataclass
class MetricContext:
    """What a metric reads: the state, the scenario, the window [lo, hi], the resident
    groups (`resident_groups`; made here when not given) and the first case row that can
    have an event in the window (`first_row`; 0 scans every case)."""

    state: SimState
    scenario: Scenario
    lo: int
    hi: int
    groups: dict[str, np.ndarray] | None = field(default=None, repr=False)
    first_row: int = 0
    values: dict[str, float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.groups is None:
            self.groups = resident_groups(self.state.residents)

    def _fixed(self, name: str) -> np.ndarray:
        """A group of residents that never changes in a run (see `resident_groups`)."""
        return self.groups[name]

    def share_in(self, mask: np.ndarray, group: str) -> float:
        """``share(mask, <group>)`` for a fixed group of residents (its size counted once)."""
        return share(mask, self._fixed(group), self._fixed(f"n_{group}"))

    def adult_mean(self, values: np.ndarray) -> float:
        """``mean_over(values, adults)`` with the adults counted once."""
        return mean_over(values, self._fixed("adults"), self._fixed("n_adults"))

    @property
    def adults(self) -> np.ndarray:
        return self._fixed("adults")

    def share_of(self, count: int, group: str) -> float:
        """`count` residents of a fixed group as a share of it: the same number as
        ``share_in`` with a mask that `count` residents of the group have."""
        n = self._fixed(f"n_{group}")
        return float(count / n) if n else float("nan")

    def share_counted(self, counts: np.ndarray, group: str) -> float:
        """The share of a group of adults (``adults``, ``under60``, ``over60``) counted in
        `counts`, a pair (under 60, 60+) of the state's tallies (govsim/world/tallies.py)."""
        by_group = {"under60": counts[0], "over60": counts[1]}
        return self.share_of(by_group[group] if group in by_group else counts.sum(), group)

    @cached_property
    def took_part(self) -> np.ndarray:
        """Per age group (under 60, 60+), adults who took part in the last 30 days."""
        return self.state.tallies.took_part_since(self.hi - WINDOW_DAYS + 1)

    @cached_property
    def rows(self) -> slice:
        """Case rows that may have an event in the window (see the module docstring)."""
        return slice(self.first_row, self.state.cases.n)

    def case(self, column: str) -> np.ndarray:
        """A case column over `rows`."""
        return self.state.cases.columns[column][self.rows]

    def in_window(self, column: str) -> np.ndarray:
        days = self.case(column)
        return (days >= self.lo) & (days <= self.hi)

    @cached_property
    def raised(self) -> np.ndarray:
        return self.in_window("day_raised")

    @cached_property
    def reported(self) -> np.ndarray:
        return self.in_window("day_reported")

    @cached_property
    def resolved(self) -> np.ndarray:
        return self.in_window("day_resolved")

    @cached_property
    def days_to_resolve(self) -> np.ndarray:
        """Days (float, hour resolution) from report to resolution, cases resolved in the
        window."""
        resolved = self.resolved
        return (
            self.case("time_resolved")[resolved] - self.case("time_reported")[resolved]
        ) / HOURS_PER_DAY

    @cached_property
    def days_raised_to_resolved(self) -> np.ndarray:
        """Days (float, hour resolution) from the hour the issue arose to its resolution,
        cases resolved in the window (issue 22: counts what patrol finds before a report)."""
        resolved = self.resolved
        return (
            self.case("time_resolved")[resolved] - self.case("time_raised")[resolved]
        ) / HOURS_PER_DAY

    @property
    def days(self) -> int:
        """Days in the window."""
        return self.hi - self.lo + 1

    def per_year(self, total: float) -> float:
        """A total over the window's days, annualised (× 365 ÷ days)."""
        return total * DAYS_PER_YEAR / self.days if self.days > 0 else float("nan")

    @cached_property
    def days_to_resolve_percentiles(self) -> tuple[float, float]:
        """Median and 90th percentile (one partition: the 50th percentile is the median)."""
        return tuple(percentiles(self.days_to_resolve, (0.5, 0.9)))

    @cached_property
    def requests(self) -> np.ndarray:
        """Cases a resident reported (online or offline; not found on patrol): the 12345
        hotline's requests."""
        return self.case("channel") != Channel.PATROL

    @cached_property
    def resolved_by(self) -> np.ndarray:
        """Cases resolved in the window, per responder."""
        return np.bincount(
            self.case("responder")[self.resolved], minlength=len(self.state.responders)
        )


def percentiles(values: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """``np.percentile(values, 100 q)`` for each q (numpy's default linear method) from one
    ``np.partition``: numpy's generic percentile costs ~80 µs of Python a call and the
    daily series takes two a day. NaN for no values."""
    n = len(values)
    if not n:
        return [float("nan")] * len(qs)
    virtual = [(n - 1) * q for q in qs]
    below = [min(int(math.floor(v)), n - 1) for v in virtual]
    ks = sorted({k for b in below for k in (b, min(b + 1, n - 1))})
    part = np.partition(values, ks)
    out = []
    for v, b in zip(virtual, below, strict=True):
        lo, hi, g = float(part[b]), float(part[min(b + 1, n - 1)]), v - b
        out.append(hi - (hi - lo) * (1 - g) if g >= 0.5 else lo + (hi - lo) * g)
    return out


def share(mask: np.ndarray, among: np.ndarray, n: np.integer | None = None) -> float:
    """Share of `among` with `mask` true (`n`: the count of `among`, when already known)."""
    n = np.count_nonzero(among) if n is None else n
    return float(np.count_nonzero(mask & among) / n) if n else float("nan")


def mean_over(values: np.ndarray, among: np.ndarray, n: np.integer | None = None) -> float:
    """Mean of `values` over `among` (`n`: the count of `among`, when already known)."""
    n = np.count_nonzero(among) if n is None else n
    return float(dot(values, among) / n) if n else float("nan")


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """The sum of a × b by numpy's own pairwise summation, in the inputs' precision (a
    float32 resident column stays float32, as BLAS's ``sdot`` kept it), never BLAS:
    ``np.dot`` runs the kernel OpenBLAS picks for the CPU it finds (SkylakeX on an AVX-512
    machine, Haswell on an AVX2 one), which adds in another order, so a run's level
    metrics differed from one machine to another (a Dask worker's CPU decided a run's
    numbers). numpy's sum gives the same bits with its AVX-512, AVX2 and baseline loops
    (checked with NPY_DISABLE_CPU_FEATURES). Measured on a float32 column with a bool mask:
    4.6 µs against sdot's 2.9 at 7,500 values, 0.63 ms against 0.50 at 1,000,000 (a
    float64 sum: 10.4 µs and 1.07 ms, which cost a million-resident day 4 %)."""
    return float(np.add.reduce(np.multiply(a, b)))


def _mean(x: np.ndarray) -> np.floating:
    """``x.mean()`` of a non-empty float array as numpy computes it (its sum ÷ its length),
    without the Python layers of ``ndarray.mean`` (tests/core/test_stats.py)."""
    return np.add.reduce(x) / len(x)


def _std(x: np.ndarray, mean: np.floating) -> np.floating:
    """``x.std()`` of a non-empty float array, given its ``_mean``, as numpy computes it
    (the squared deviations summed, ÷ the length, square root) without the Python layers
    of ``ndarray.std`` (tests/core/test_stats.py). The deviations are squared in place: one
    array of a million adults' trust, not two (issue 32, third round)."""
    deviations = x - mean
    return np.sqrt(_mean(np.square(deviations, out=deviations)))


def _clip01(x: float) -> float:
    """``float(np.clip(x, 0, 1))`` for a Python float (8 µs less a call; NaN stays NaN)."""
    return x if x != x else min(max(x, 0.0), 1.0)


def _gap(a: float, b: float) -> float:
    return 0.0 if np.isnan(a) or np.isnan(b) else abs(a - b)
