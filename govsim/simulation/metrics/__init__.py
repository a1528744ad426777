"""Metrics of docs/ODD.md §7.9/§9: each a named function of the state, in one registry.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps

import numpy as np

from govsim.scenario import events
from govsim.scenario.events import shock_span
from govsim.scenario.schema import CATEGORIES, Scenario
from govsim.world.state import Channel, Residents, SimState, Status

WINDOW_DAYS = 30
HOURS_PER_DAY = 24.0
RECOVERY_BASELINE_DAYS = 7  # recovery_days: the backlog level before events, a week's mean
RECOVERY_TOLERANCE = 0.10  # recovery_days: "back within 10 %" (docs/contract.md)
METRICS: dict[str, Callable[[MetricContext], float]] = {}
INFO: dict[str, MetricInfo] = {}
"""Per metric: what the CLI, dashboard, reports and `govsim.metrics()` show (one place)."""

UNITS = ("share", "days", "hours", "count", "index", "rate", "yuan_per_year", "yuan_per_event")
"""``rate``: a ratio that is not bounded by 1 (requests per resident-year, issues per
staff-hour); ``index``: a 0–1 index."""
KINDS = ("flow", "level")
"""flow: counts or times of cases, hours or activities in the window's days; level: a state
at the window's end (adoption, trust, literacy, backlog, participation in the last 30 days).
A summary over a window that ends before the run does takes a level from the daily series
at its last day (:func:`summarise`)."""
BETTER = ("higher", "lower", "neither")
# Sections of the CLI table and the reports, in the order shown.
PARTICIPATION = "Participation (S0, S1, S3)"
ADOPTION = "Adoption and digital divide (S4)"
RESPONSIVENESS = "Responsiveness (S2, S4)"
TRUST = "Trust"
POLYCENTRICITY = "Polycentricity (S0, S3)"
COMMUNITIES = "S0 communities (indices 0-1)"
COSTS = "Costs (yuan per year)"
ONE_OFF = "One-off costs (yuan per event)"
HOTLINE = "12345 hotline KPIs (evidence)"
SECTIONS = (
    PARTICIPATION,
    ADOPTION,
    RESPONSIVENESS,
    TRUST,
    POLYCENTRICITY,
    COMMUNITIES,
    HOTLINE,
    COSTS,
    ONE_OFF,
)
DAYS_PER_YEAR = 365.0


@dataclass(frozen=True)
class MetricInfo:
    """How a metric reads: its unit, where it is shown, its labels and which way is better."""

    name: str
    unit: str = "share"  # one of UNITS
    section: str = "Other"
    en: str = ""
    zh: str = ""
    description: str = ""  # the function's docstring, first paragraph
    better: str = "neither"  # one of BETTER
    kind: str = "flow"  # one of KINDS


def metric(
    fn: Callable[[MetricContext], float] | None = None,
    /,
    *,
    unit: str = "share",
    section: str = "Other",
    en: str = "",
    zh: str = "",
    better: str = "neither",
    kind: str = "flow",
):
    """Register a metric: ``@metric`` or ``@metric(unit="days", section=..., en=..., zh=...,
    better="lower")``. Within one evaluation its value is computed once (metrics reuse
    each other, e.g. index_interest uses the adoption rates by age)."""
    if unit not in UNITS or better not in BETTER or kind not in KINDS:
        raise ValueError(
            f"metric: unit must be one of {UNITS}, better one of {BETTER}, kind one of {KINDS}"
        )

    def register(fn: Callable[[MetricContext], float]) -> Callable[[MetricContext], float]:
        name = fn.__name__

        @wraps(fn)
        def once(ctx: MetricContext) -> float:
            if name not in ctx.values:
                ctx.values[name] = fn(ctx)
            return ctx.values[name]

        doc = (fn.__doc__ or "").strip().split("\n\n")[0]
        INFO[name] = MetricInfo(
            name,
            unit,
            section,
            en or name.replace("_", " "),
            zh or en or name,
            " ".join(doc.split()),
            better,
            kind,
        )
        METRICS[name] = once
        return once

    return register(fn) if fn is not None else register


UNIT_WORDS = {
    "share": "share 0-1",
    "days": "days",
    "hours": "hours",
    "count": "count",
    "index": "index",
    "rate": "rate",
    "yuan_per_year": "yuan/year",
    "yuan_per_event": "yuan per event",
}
UNIT_WORDS_ZH = {
    "share": "比例 0–1",
    "days": "天",
    "hours": "小时",
    "count": "数量",
    "index": "指数",
    "rate": "比率",
    "yuan_per_year": "元/年",
    "yuan_per_event": "元/次",
}
"""The units of :data:`UNIT_WORDS` in 中文, for figures drawn with ``lang="zh"``."""


def info(name: str) -> MetricInfo:
    """The registered metadata of a metric (a KeyError names the unknown metric)."""
    return INFO[name]


def label(name: str, lang: str = "en", unit: bool = True) -> str:
    """``"Median days to resolve (days)"``: the metric's label and unit, for axes and tables."""
    meta = INFO.get(name) or MetricInfo(name, en=name, zh=name)
    if lang == "zh":
        return f"{meta.zh}（{UNIT_WORDS_ZH[meta.unit]}）" if unit else meta.zh
    return f"{meta.en} ({UNIT_WORDS[meta.unit]})" if unit else meta.en


VALUE_WORDS = {
    "na": "n/a",
    "days": "days",
    "hours": "h",
    "points": "pts",
    "scale01": "",
    "yuan_per_year": "",
    "yuan_per_event": "",
}
"""The words :func:`format_value` writes for the command line; the dashboard passes its
translations (and "on a 0–1 scale", "yuan/year" beside a value on a card)."""


def is_gap(name: str) -> bool:
    """A share metric that is a difference of two shares (its registered label says
    "a − b", e.g. the digital divide): shown in percentage points, not in %."""
    entry = INFO.get(name)
    return entry is not None and entry.unit == "share" and " − " in entry.en


def display_unit(name: str) -> str:
    """The unit a value is shown in: the registry's, "points" for a gap of two shares."""
    return "points" if is_gap(name) else (INFO[name].unit if name in INFO else "index")


def no_negative_zero(text: str) -> str:
    """ "-0.0" and "−0.00" (a tiny negative rounded away) read as 0."""
    stripped = text.lstrip("+-")
    return stripped if not any(c in "123456789" for c in stripped.split(" ")[0]) else text


def format_value(name: str, value: float | None, words: dict[str, str] | None = None) -> str:
    """A metric's value as the command line and the dashboard show it (the one formatter):
    shares in %, a gap of shares in points, days and hours with one decimal and the unit,
    counts and yuan whole, rates with three significant digits, 0–1 indices with two
    decimals; "n/a" for NaN or None; never "-0". `words` replaces VALUE_WORDS (the
    dashboard's language)."""
    words = {**VALUE_WORDS, **(words or {})}
    if value is None or value != value:
        return words["na"]
    unit = display_unit(name)
    if unit == "share":
        text = f"{value * 100:.1f} %"
    elif unit in ("points", "days", "hours"):
        scale = 100 if unit == "points" else 1
        text = f"{value * scale:.1f} {words[unit]}"
    elif unit in ("count", "yuan_per_year", "yuan_per_event"):
        text = f"{value:,.0f} {words.get(unit, '')}"
    elif unit == "rate":
        text = f"{value:.3g}"
    else:
        text = f"{value:.2f} {words['scale01']}"
    return no_negative_zero(text.strip())


def format_number(x: object) -> str:
    """A number in a printed table or figure, never in e-notation (issue 29: yuan read as
    yuan): 3.08 M from a million up, whole with thousands separators from 10,000 (52,340),
    else four significant digits; "n/a" for NaN; anything else as ``str``."""
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        return str(x)
    x = float(x)
    if x != x:
        return "n/a"
    if abs(x) >= 1e6:
        return f"{x / 1e6:.3g} M"
    if abs(x) >= 1e4:
        return f"{x:,.0f}"
    return no_negative_zero(f"{x:.4g}")


def by_section(names: list[str] | None = None) -> dict[str, list[str]]:
    """Metric names grouped by section: SECTIONS first in their order, then any new section."""
    groups: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for name in names if names is not None else INFO:
        groups.setdefault(INFO[name].section if name in INFO else "Other", []).append(name)
    return {s: n for s, n in groups.items() if n}


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
        """``mean_over(values, adults)`` with the adults counted once. (The mask stays bool:
        np.dot with a float32 copy of it is BLAS, summed in another order.)"""
        return mean_over(values, self._fixed("adults"), self._fixed("n_adults"))

    @property
    def adults(self) -> np.ndarray:
        return self._fixed("adults")

    @property
    def under60(self) -> np.ndarray:
        return self._fixed("under60")

    @property
    def over60(self) -> np.ndarray:
        return self._fixed("over60")

    @cached_property
    def participated(self) -> np.ndarray:
        return self.state.residents.last_participation_day >= max(self.hi - WINDOW_DAYS + 1, 0)

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
    return float(np.dot(values, among) / n) if n else float("nan")


def _mean(x: np.ndarray) -> np.floating:
    """``x.mean()`` of a non-empty float array as numpy computes it (its sum ÷ its length),
    without the Python layers of ``ndarray.mean`` (tests/core/test_stats.py)."""
    return np.add.reduce(x) / len(x)


def _std(x: np.ndarray, mean: np.floating) -> np.floating:
    """``x.std()`` of a non-empty float array, given its ``_mean``, as numpy computes it
    (the squared deviations summed, ÷ the length, square root) without the Python layers
    of ``ndarray.std`` (tests/core/test_stats.py)."""
    return np.sqrt(_mean(np.square(x - mean)))


def _clip01(x: float) -> float:
    """``float(np.clip(x, 0, 1))`` for a Python float (8 µs less a call; NaN stays NaN)."""
    return x if x != x else min(max(x, 0.0), 1.0)


def _gap(a: float, b: float) -> float:
    return 0.0 if np.isnan(a) or np.isnan(b) else abs(a - b)


# --- participation (S0, S1, S3) ---------------------------------------------------------


@metric(
    unit="share",
    section=PARTICIPATION,
    en="Participation rate",
    zh="参与率",
    better="higher",
    kind="level",
)
def participation_rate(ctx: MetricContext) -> float:
    """Share of adults who took part in an activity in the last 30 days."""
    return ctx.share_in(ctx.participated, "adults")


@metric(
    unit="share",
    section=PARTICIPATION,
    en="Participation, under 60",
    zh="60 岁以下参与率",
    better="higher",
    kind="level",
)
def participation_rate_under60(ctx: MetricContext) -> float:
    """Share of adults under 60 who took part in an activity in the last 30 days."""
    return ctx.share_in(ctx.participated, "under60")


@metric(
    unit="share",
    section=PARTICIPATION,
    en="Participation, 60+",
    zh="60 岁及以上参与率",
    better="higher",
    kind="level",
)
def participation_rate_60plus(ctx: MetricContext) -> float:
    """Share of residents 60+ who took part in an activity in the last 30 days."""
    return ctx.share_in(ctx.participated, "over60")


@metric(
    unit="share",
    section=PARTICIPATION,
    en="Online share of participation",
    zh="线上参与占比",
    better="neither",
)
def online_participation_share(ctx: MetricContext) -> float:
    """Share of participations in the window that were online activities."""
    log = ctx.state.log
    online = log.total("participants_online", ctx.lo, ctx.hi)
    total = online + log.total("participants_offline", ctx.lo, ctx.hi)
    return online / total if total else 0.0


@metric(
    unit="hours", section=PARTICIPATION, en="Volunteer hours", zh="志愿服务小时数", better="higher"
)
def volunteer_hours(ctx: MetricContext) -> float:
    """Hours of volunteer service in the window."""
    return ctx.state.log.total("volunteer_hours", ctx.lo, ctx.hi)


@metric(
    unit="hours", section=PARTICIPATION, en="Time-bank hours", zh="时间银行小时数", better="higher"
)
def time_bank_hours(ctx: MetricContext) -> float:
    """Time-bank hours credited in the window (S1)."""
    return ctx.state.log.total("time_bank_hours", ctx.lo, ctx.hi)


@metric(
    unit="index",
    section=PARTICIPATION,
    en="Participation inequality (Gini)",
    zh="参与不平等（基尼系数）",
    better="lower",
    kind="level",
)
def participation_gini(ctx: MetricContext) -> float:
    """Inequality of participation: Gini of activities per adult so far (0 = equal)."""
    # sum over ranks i of (2i - n - 1) x_(i), summed per value v (c_v adults, a_v below it):
    # the ranks a+1 .. a+c give c (2a + c - n); no sort of all adults needed
    adult_rows = ctx._fixed("adult_rows")
    per_value = np.bincount(ctx.state.residents.participation_count.take(adult_rows))
    n = int(ctx._fixed("n_adults"))  # = per_value.sum()
    value = np.arange(len(per_value), dtype=np.float64)
    total = float(value.dot(per_value))
    if not total:
        return 0.0
    below = np.cumsum(per_value) - per_value
    return float((value * per_value).dot(2.0 * below + per_value - n) / (n * total))


# --- adoption and the digital divide (S4) --------------------------------------------------


@metric(
    unit="share",
    section=ADOPTION,
    en="Platform adoption",
    zh="平台采用率",
    better="higher",
    kind="level",
)
def adoption_rate(ctx: MetricContext) -> float:
    """Share of adults who use the platform, at the end of the window."""
    return ctx.share_in(ctx.state.residents.has_adopted, "adults")


@metric(
    unit="share",
    section=ADOPTION,
    en="Adoption, under 60",
    zh="60 岁以下采用率",
    better="higher",
    kind="level",
)
def adoption_rate_under60(ctx: MetricContext) -> float:
    """Share of adults under 60 who use the platform, at the end of the window."""
    return ctx.share_in(ctx.state.residents.has_adopted, "under60")


@metric(
    unit="share",
    section=ADOPTION,
    en="Adoption, 60+",
    zh="60 岁及以上采用率",
    better="higher",
    kind="level",
)
def adoption_rate_60plus(ctx: MetricContext) -> float:
    """Share of residents 60+ who use the platform, at the end of the window."""
    return ctx.share_in(ctx.state.residents.has_adopted, "over60")


@metric(
    unit="share",
    section=ADOPTION,
    en="Digital divide (under 60 − 60+)",
    zh="数字鸿沟（60 岁以下 − 60 岁及以上）",
    better="lower",
    kind="level",
)
def digital_divide(ctx: MetricContext) -> float:
    """Adoption under 60 minus adoption 60+."""
    return adoption_rate_under60(ctx) - adoption_rate_60plus(ctx)


@metric(
    unit="index",
    section=ADOPTION,
    en="Mean digital literacy",
    zh="平均数字素养",
    better="higher",
    kind="level",
)
def mean_literacy(ctx: MetricContext) -> float:
    """Mean digital literacy of adults (0-1), at the end of the window."""
    return ctx.adult_mean(ctx.state.residents.literacy)


# --- responsiveness (S2, S4) -------------------------------------------------------------


@metric(
    unit="count", section=RESPONSIVENESS, en="Issues raised", zh="产生的问题数", better="neither"
)
def issues_raised(ctx: MetricContext) -> float:
    """Issues that arose in the window (reported or not)."""
    return float(np.count_nonzero(ctx.raised))


@metric(
    unit="share", section=RESPONSIVENESS, en="Issues reported", zh="问题上报率", better="higher"
)
def report_rate(ctx: MetricContext) -> float:
    """Share of issues raised in the window that reached the system (any channel)."""
    return share(ctx.case("day_reported") >= 0, ctx.raised)


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Found on patrol",
    zh="网格巡查发现占比",
    better="neither",
)
def patrol_found_share(ctx: MetricContext) -> float:
    """Share of cases entered in the window that a grid worker found on patrol."""
    return share(ctx.case("channel") == Channel.PATROL, ctx.reported)


@metric(
    unit="count",
    section=RESPONSIVENESS,
    en="Open cases (backlog)",
    zh="未办结案件（积压）",
    better="lower",
    kind="level",
)
def backlog(ctx: MetricContext) -> float:
    """Cases reported and not yet resolved, at the end of the window."""
    cases = ctx.state.cases
    s = cases.status[cases.open_view()]  # rows before first_open are finished
    return float(np.count_nonzero((s == Status.REPORTED) | (s == Status.DISPATCHED)))


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Median days to resolve",
    zh="办结天数中位数",
    better="lower",
)
def median_days_to_resolve(ctx: MetricContext) -> float:
    """Days from report to resolution, median over cases resolved in the window."""
    return ctx.days_to_resolve_percentiles[0]


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Days to resolve, 90th percentile",
    zh="办结天数第 90 百分位",
    better="lower",
)
def p90_days_to_resolve(ctx: MetricContext) -> float:
    """Days from report to resolution, 90th percentile over cases resolved in the window."""
    return ctx.days_to_resolve_percentiles[1]


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Days to resolve, cross-department cases, 90th percentile",
    zh="跨部门案件办结天数第 90 百分位",
    better="lower",
)
def p90_days_to_resolve_cross_department(ctx: MetricContext) -> float:
    """Days from report to resolution, 90th percentile over the cross-department cases
    resolved in the window: the cases the organisational barrier holds and party
    coordination reaches (S3; issue 29 item 9: a fifth of the cases, too few to move the
    all-case percentile, docs/ODD.md §7.5)."""
    resolved = ctx.resolved
    cross = ctx.case("is_cross_department")[resolved]
    return percentiles(ctx.days_to_resolve[cross], (0.9,))[0]


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Mean days to resolve",
    zh="平均办结天数",
    better="lower",
)
def mean_days_to_resolve(ctx: MetricContext) -> float:
    """Days from report to resolution (hour resolution), mean over cases resolved in the
    window."""
    d = ctx.days_to_resolve
    return float(_mean(d)) if len(d) else float("nan")


def _share_within(ctx: MetricContext, end: str, hours: float) -> float:
    """Among cases reported in the window at least `hours` before its end: share whose
    `end` time came within `hours` of the report (so every case counted is decided)."""
    reported = ctx.case("time_reported")
    eligible = ctx.reported & (reported <= (ctx.hi + 1) * HOURS_PER_DAY - hours)
    within = ctx.case(end) - reported <= hours  # NaN (not yet) compares False
    return share(within, eligible)


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Responded within 24 h",
    zh="24小时内响应率",
    better="higher",
)
def response_within_24h(ctx: MetricContext) -> float:
    """Share of cases acknowledged (a responder began work) within 24 hours of the report,
    among cases reported in the window at least 24 hours before its end (hotline KPI)."""
    return _share_within(ctx, "time_acknowledged", HOURS_PER_DAY)


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Responded within 24 h of arising",
    zh="问题产生后24小时内响应率",
    better="higher",
)
def response_within_24h_of_arising(ctx: MetricContext) -> float:
    """Share of issues raised in the window at least 24 hours before its end that got a
    first response (a responder began work, or the duty officer answered) within 24 hours
    of the hour the issue arose. Every issue raised counts, reported or not (one nobody
    reports gets no response), so patrol that finds issues sooner raises it, and so do
    responders who work evenings and weekends (issue 29 item 2)."""
    raised = ctx.case("time_raised")
    eligible = ctx.raised & (raised <= ctx.hi * HOURS_PER_DAY)
    within = ctx.case("time_acknowledged") - raised <= HOURS_PER_DAY  # NaN compares False
    return share(within, eligible)


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Resolved within 7 days",
    zh="7天内办结率",
    better="higher",
)
def resolved_within_7_days(ctx: MetricContext) -> float:
    """Share of cases resolved within 7 days of the report, among cases reported in the
    window at least 7 days before its end."""
    return _share_within(ctx, "time_resolved", 7 * HOURS_PER_DAY)


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Mean days from issue to resolution",
    zh="从问题产生到办结的平均天数",
    better="lower",
)
def mean_days_raised_to_resolved(ctx: MetricContext) -> float:
    """Days from the hour an issue arose to its resolution (hour resolution), mean over
    cases resolved in the window: unlike the days to resolve, counts the time before anyone
    reported it, which grid workers shorten by finding it on patrol. Issues never resolved
    (lapsed or still open) are not counted."""
    d = ctx.days_raised_to_resolved
    return float(_mean(d)) if len(d) else float("nan")


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Days from issue to resolution, 90th percentile",
    zh="从问题产生到办结天数第 90 百分位",
    better="lower",
)
def p90_days_raised_to_resolved(ctx: MetricContext) -> float:
    """Days from the hour an issue arose to its resolution, 90th percentile (numpy's linear
    method) over cases resolved in the window."""
    return percentiles(ctx.days_raised_to_resolved, (0.9,))[0]


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Found before anyone reported",
    zh="居民上报前被网格发现的占比",
    better="higher",
)
def share_found_before_reported(ctx: MetricContext) -> float:
    """Share of issues raised in the window that a grid worker found on patrol before any
    resident reported them (the case's channel is patrol; a case enters once, by whoever is
    first). The denominator holds every issue raised in the window, reported or not, so
    unlike `patrol_found_share` it does not rise when residents report less."""
    return share(ctx.case("channel") == Channel.PATROL, ctx.raised)


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Capacity utilisation",
    zh="人力利用率",
    better="neither",
)
def capacity_utilisation(ctx: MetricContext) -> float:
    """Government staff-hours worked on cases ÷ staff-hours on duty, over the window."""
    log = ctx.state.log
    available = log.total("gov_hours_available", ctx.lo, ctx.hi)
    return log.total("gov_hours_worked", ctx.lo, ctx.hi) / available if available else float("nan")


@metric(
    unit="rate",
    section=RESPONSIVENESS,
    en="Issues raised per government staff-hour",
    zh="每政府工时产生的问题数",
    better="neither",
)
def demand_per_staff_hour(ctx: MetricContext) -> float:
    """Issues raised in the window ÷ government staff-hours on duty in it: the load the
    staffing faces, unlike capacity_utilisation not capped at 1 (a derived input for
    scenario discovery: where the departments' queue binds)."""
    available = ctx.state.log.total("gov_hours_available", ctx.lo, ctx.hi)
    return issues_raised(ctx) / available if available else float("nan")


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Days-to-resolve gap, 60+ minus under 60",
    zh="办结天数差（60岁以上减60岁以下）",
    better="lower",
)
def days_to_resolve_gap_60plus(ctx: MetricContext) -> float:
    """Mean days to resolve of cases reported by residents 60+ minus that of adults under 60
    (cases resolved in the window): who waits longer."""
    elderly = ctx.state.residents.is_elderly[ctx.case("reporter")[ctx.resolved]]
    d = ctx.days_to_resolve
    if not 0 < np.count_nonzero(elderly) < len(elderly):
        return float("nan")
    return float(_mean(d[elderly]) - _mean(d[~elderly]))


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Recovery days after the shock",
    zh="冲击后恢复天数",
    better="lower",
)
def recovery_days(ctx: MetricContext) -> float:
    """Days after the last shock day (demand surge, outage, staff cut: events with role
    shock) until the backlog is back within 10 % of its mean over the 7 days before the
    first shock. A response (a staffing surge) never moves this clock. NaN without shocks,
    before the last shock has ended, or while it has not recovered by the end of the window
    (not yet known)."""
    span = shock_span(ctx.scenario)
    if span is None or ctx.hi <= span[1]:
        return float("nan")
    backlog = ctx.state.log.backlog
    before = backlog[max(span[0] - RECOVERY_BASELINE_DAYS, 0) : span[0]]
    level = float(before.mean()) if len(before) else 0.0
    after = backlog[span[1] + 1 : ctx.hi + 1]
    back = np.flatnonzero(after <= (1.0 + RECOVERY_TOLERANCE) * level)
    return float(back[0] + 1) if len(back) else float("nan")


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Days observed after the shock",
    zh="冲击后观察天数",
    better="neither",
)
def recovery_observed_days(ctx: MetricContext) -> float:
    """Days from the last shock day to the end of the window: how long `recovery_days` and
    `shock_cases_cleared_days` were watched for. A run with either NaN (not back by the
    end) is right-censored at this time in survival estimates (govsim report). NaN without
    shocks or before the last shock has ended."""
    span = shock_span(ctx.scenario)
    if span is None or ctx.hi <= span[1]:
        return float("nan")
    return float(ctx.hi - span[1])


def shock_cases(scenario: Scenario, day_raised: np.ndarray, category: np.ndarray) -> np.ndarray:
    """Case rows that are a shock's own: raised on a day of a shock event, in a category it
    touches (all for an outage, a staff cut or a surge naming none). `day_raised` is
    non-decreasing (rules/needs.py appends each day's cases), so each event is one slice."""
    mask = np.zeros(len(day_raised), dtype=bool)
    for e in scenario.events:
        if e.is_shock:
            lo, hi = np.searchsorted(day_raised, (e.day, e.day + e.days))
            touched = np.isin(category[lo:hi], [CATEGORIES.index(c) for c in e.categories])
            mask[lo:hi] |= touched if e.categories else True
    return mask


@metric(
    unit="days",
    section=RESPONSIVENESS,
    en="Days to clear the shock's cases",
    zh="冲击案件清零天数",
    better="lower",
)
def shock_cases_cleared_days(ctx: MetricContext) -> float:
    """Days after the last shock day until every reported case of the shock's own (raised
    on a shock's days, in a category it touches) is resolved: the day the last of them is
    resolved minus the last shock day (0 if all were resolved by then). NaN without
    shocks, before the last shock has ended, or while one is still open at the window's
    end (censored at `recovery_observed_days`). Reads every case row (not only `rows`)."""
    span = shock_span(ctx.scenario)
    if span is None or ctx.hi <= span[1]:
        return float("nan")
    cols, n = ctx.state.cases.columns, ctx.state.cases.n
    own = shock_cases(ctx.scenario, cols["day_raised"][:n], cols["category"][:n])
    reported = cols["day_reported"][:n][own]
    resolved = cols["day_resolved"][:n][own][(reported >= 0) & (reported <= ctx.hi)]
    if np.any((resolved < 0) | (resolved > ctx.hi)):
        return float("nan")
    return float(max(int(resolved.max(initial=span[1])) - span[1], 0))


@metric(
    unit="share",
    section=RESPONSIVENESS,
    en="Closed with feedback",
    zh="反馈闭环率",
    better="higher",
)
def closure_rate(ctx: MetricContext) -> float:
    """Share of cases resolved in the window that were closed with feedback (S2 closed loop)."""
    return share(ctx.case("day_closed") >= 0, ctx.resolved)


@metric(unit="index", section=RESPONSIVENESS, en="Satisfaction", zh="满意度", better="higher")
def satisfaction(ctx: MetricContext) -> float:
    """Mean satisfaction (0-1) over cases resolved in the window."""
    return mean_over(ctx.case("satisfaction"), ctx.resolved)


# --- the 12345 hotline's own KPIs (beijing_12345_baseline.json `kpi_definitions`) ----------


def _rated(ctx: MetricContext) -> np.ndarray:
    """Requests whose requester gave feedback (closed) in the window, less those judged
    unreasonable and left out of assessment (feedback.manage_rating)."""
    return ctx.requests & ctx.in_window("day_closed") & ~ctx.case("excluded")


@metric(unit="share", section=HOTLINE, en="Response rate (12345)", zh="响应率", better="higher")
def response_rate(ctx: MetricContext) -> float:
    """Share of requests dispatched in the window whose requester was contacted within the
    time limit of its category (`kpi.response_limit_hours`), among those whose limit ended
    inside the window (so each counted request is decided). Contact is the earlier of the
    desk's call (`hotline.contact_desk`, rules/contact.py) and a responder beginning work."""
    limits = np.array(ctx.scenario.kpi.response_limit_hours.as_tuple())[ctx.case("category")]
    reported = ctx.case("time_reported")
    eligible = (
        ctx.requests
        & ctx.in_window("day_dispatched")
        & (reported + limits <= (ctx.hi + 1) * HOURS_PER_DAY)
    )
    contacted = np.fmin(ctx.case("time_contacted"), ctx.case("time_acknowledged"))
    within = contacted - reported <= limits  # NaN (not yet) is False
    return share(within, eligible)


@metric(unit="share", section=HOTLINE, en="Resolution rate (12345)", zh="解决率", better="higher")
def resolution_rate(ctx: MetricContext) -> float:
    """Share of requests rated in the window whose requester says "solved": outcome
    quality ≥ `kpi.solved_quality_from` (an assumed reading)."""
    return share(ctx.case("quality") >= ctx.scenario.kpi.solved_quality_from, _rated(ctx))


@metric(unit="share", section=HOTLINE, en="Satisfaction rate (12345)", zh="满意率", better="higher")
def satisfaction_rate(ctx: MetricContext) -> float:
    """Share of requests rated in the window whose requester says "satisfied": satisfaction
    ≥ `kpi.satisfied_from` (an assumed reading)."""
    return share(ctx.case("satisfaction") >= ctx.scenario.kpi.satisfied_from, _rated(ctx))


@metric(
    unit="rate",
    section=HOTLINE,
    en="Requests per resident-year",
    zh="人均年诉求量",
    better="neither",
)
def requests_per_resident_year(ctx: MetricContext) -> float:
    """Requests reported in the window per resident (all ages), per 365 days."""
    n = np.count_nonzero(ctx.requests & ctx.reported)
    days = ctx.hi - ctx.lo + 1
    if days <= 0:  # before the first day (the dashboard's day 0): no window yet
        return float("nan")
    return float(n / ctx.state.residents.n * 365.0 / days)


def _consultations(ctx: MetricContext) -> tuple[float, float]:
    """Consultations logged in the window: (by phone, online) (rules/calls.py)."""
    log = ctx.state.log
    return (
        log.total("consultations_phone", ctx.lo, ctx.hi),
        log.total("consultations_online", ctx.lo, ctx.hi),
    )


@metric(
    unit="rate",
    section=HOTLINE,
    en="Calls per resident-year",
    zh="人均年来电量",
    better="neither",
)
def calls_per_resident_year(ctx: MetricContext) -> float:
    """Calls in the window per resident (all ages), per 365 days: requests reported (all
    channels) and consultations (rules/calls.py), what a hotline publishes as calls
    (issue 28; equal to the requests without consultations)."""
    if ctx.days <= 0:  # before the first day (the dashboard's day 0): no window yet
        return float("nan")
    calls = np.count_nonzero(ctx.requests & ctx.reported) + sum(_consultations(ctx))
    return float(ctx.per_year(calls) / ctx.state.residents.n)


@metric(unit="share", section=HOTLINE, en="Calls by phone", zh="电话来电占比", better="neither")
def call_phone_share(ctx: MetricContext) -> float:
    """Share of the window's calls made by phone: requests reported offline (a call, no
    literacy needed) and consultations by phone, over all calls (Beijing 2020: 90.71 %)."""
    phone, online = _consultations(ctx)
    reported = ctx.requests & ctx.reported
    offline = np.count_nonzero(reported & (ctx.case("channel") == Channel.OFFLINE))
    total = np.count_nonzero(reported) + phone + online
    return float((offline + phone) / total) if total else float("nan")


@metric(
    unit="index",
    section=TRUST,
    en="Trust in government",
    zh="对政府的信任",
    better="higher",
    kind="level",
)
def trust_government(ctx: MetricContext) -> float:
    """Mean trust in government (0-1) of adults, at the end of the window."""
    return ctx.adult_mean(ctx.state.residents.trust_government)


@metric(
    unit="index",
    section=TRUST,
    en="Trust in the platform",
    zh="对平台的信任",
    better="higher",
    kind="level",
)
def trust_platform(ctx: MetricContext) -> float:
    """Mean trust in the platform (0-1) of adults, at the end of the window."""
    return ctx.adult_mean(ctx.state.residents.trust_platform)


# --- polycentricity (S0, S3) -------------------------------------------------------------


@metric(
    unit="share",
    section=POLYCENTRICITY,
    en="Resolved by social groups",
    zh="社会力量办结占比",
    better="higher",
)
def non_government_share(ctx: MetricContext) -> float:
    """Share of cases resolved in the window by social groups (not departments)."""
    counts = ctx.resolved_by
    total = counts.sum()
    if not total:
        return float("nan")
    return float(counts[~ctx.state.tables.government].sum() / total)


@metric(
    unit="index",
    section=POLYCENTRICITY,
    en="Responder concentration",
    zh="处置主体集中度",
    better="lower",
)
def responder_concentration(ctx: MetricContext) -> float:
    """Herfindahl index of resolved cases over responders: 1 = a single centre."""
    counts = ctx.resolved_by
    total = counts.sum()
    return float(((counts / total) ** 2).sum()) if total else float("nan")


# --- the four "communities" of S0  as indices 0–1 ----------------


@metric(
    unit="index",
    section=COMMUNITIES,
    en="Organisational community",
    zh="组织共同体",
    better="higher",
    kind="level",
)
def index_organisational(ctx: MetricContext) -> float:
    """Organisational community: share of adults with a working channel to government.

    Online: the resident has adopted the platform. Offline: the offline channel
    exists and a grid worker visited the household in the last 30 days.
    """
    res, hh = ctx.state.residents, ctx.state.households
    if not ctx.scenario.platform.offline_channel:
        return ctx.share_in(res.has_adopted, "adults")
    recent = hh.last_visit_day >= max(ctx.hi - WINDOW_DAYS + 1, 0)
    return ctx.share_in(res.has_adopted | recent[res.household], "adults")


@metric(
    unit="index",
    section=COMMUNITIES,
    en="Value community",
    zh="价值共同体",
    better="higher",
    kind="level",
)
def index_value(ctx: MetricContext) -> float:
    """Value community: shared trust, high and not dispersed: mean × (1 − 2·sd), in 0–1."""
    t = ctx.state.residents.trust_government.take(ctx._fixed("adult_rows"))
    if not len(t):
        return float("nan")
    mean = _mean(t)
    return _clip01(float(mean * (1.0 - 2.0 * _std(t, mean))))


@metric(unit="index", section=COMMUNITIES, en="Action community", zh="行动共同体", better="higher")
def index_action(ctx: MetricContext) -> float:
    """Action community: mean of the participation rate and the non-government share."""
    ngs = non_government_share(ctx)
    return (participation_rate(ctx) + (0.0 if np.isnan(ngs) else ngs)) / 2.0


@metric(
    unit="index",
    section=COMMUNITIES,
    en="Interest community",
    zh="利益共同体",
    better="higher",
    kind="level",
)
def index_interest(ctx: MetricContext) -> float:
    """Interest community: 1 − mean of the gaps between groups, in 0–1.

    Gaps: adoption (under 60 − 60+), participation (under 60 − 60+), and the
    range of mean trust in government across communities.
    """
    res = ctx.state.residents
    starts, adults = ctx._fixed("community_starts"), ctx._fixed("adults_by_community")
    trust = np.add.reduceat(np.where(ctx.adults, res.trust_government, 0.0), starts)
    by_community = trust[adults > 0] / adults[adults > 0]
    gaps = [
        _gap(adoption_rate_under60(ctx), adoption_rate_60plus(ctx)),
        _gap(participation_rate_under60(ctx), participation_rate_60plus(ctx)),
        float(by_community.max() - by_community.min()) if len(by_community) else 0.0,
    ]
    return _clip01(1.0 - float(_mean(np.array(gaps))))


def evaluate(
    state: SimState,
    scenario: Scenario,
    lo: int,
    hi: int,
    groups: dict[str, np.ndarray] | None = None,
    first_row: int = 0,
) -> dict[str, float]:
    """Every metric over the days [lo, hi] (`groups`, `first_row`: see MetricContext; a
    run's MetricsRecorder passes its own, ``model.recorder.evaluate(lo, hi)``)."""
    ctx = MetricContext(state, scenario, max(lo, 0), hi, groups, first_row)
    return {name: fn(ctx) for name, fn in METRICS.items()}


def survival_curve(state: SimState, t_days: np.ndarray) -> np.ndarray:
    """Share of reported cases still open `t_days` after their report (Kaplan–Meier).

    Resolved cases end at their resolution; cases still open at the end of the last
    simulated day are right-censored there (``scipy.stats.ecdf`` with ``CensoredData``),
    so a long tail of open cases is counted, not dropped.
    """
    from scipy import stats

    cases = state.cases
    reported = cases.time_reported
    seen = ~np.isnan(reported)
    days = (cases.time_resolved[seen] - reported[seen]) / HOURS_PER_DAY
    now = state.day * HOURS_PER_DAY
    done = (cases.status[seen] >= Status.RESOLVED) & (cases.status[seen] <= Status.CLOSED)
    t = np.asarray(t_days, dtype=np.float64)
    if not seen.any():
        return np.full(t.shape, np.nan)
    open_for = np.maximum((now - reported[seen][~done]) / HOURS_PER_DAY, 0.0)
    data = stats.CensoredData(uncensored=days[done], right=open_for)
    return np.asarray(stats.ecdf(data).sf.evaluate(t))


# --- costs (issue 22; yuan from the schema's `costs:` section) -------------------------------
# What the run used in the window, annualised: staff-hours *on duty* (salaried staff are paid
# whether or not a case is waiting), training seats taken, time-bank hours credited, cases a
# social group took for a subsidy; grid workers, platform and coordination by the year.


@metric(
    unit="yuan_per_year", section=COSTS, en="Cost of grid workers", zh="网格员成本", better="lower"
)
def cost_grid_workers(ctx: MetricContext) -> float:
    """Grid workers × their yearly cost (`costs.grid_worker_yuan_per_year`)."""
    c = ctx.scenario
    return float(c.organisation.grid_workers * c.costs.grid_worker_yuan_per_year)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of staff-hours",
    zh="工作人员工时成本",
    better="lower",
)
def cost_staff_hours(ctx: MetricContext) -> float:
    """Staff-hours on duty in the window (department, community office, social group, and a
    hotline's contact desk at the department rate), each at its yuan per hour, annualised:
    the running cost. The extra hours of a temporary staffing response (a surge) are left
    out: they are `one_off_cost`, yuan per event."""
    log, c = ctx.state.log, ctx.scenario.costs
    department = log.total("gov_hours_available", ctx.lo, ctx.hi)
    department += log.total("contact_hours_available", ctx.lo, ctx.hi)  # rules/contact.py
    total = (
        department * c.department_staff_hour_yuan
        + log.total("office_hours_available", ctx.lo, ctx.hi) * c.office_staff_hour_yuan
        + log.total("social_hours_available", ctx.lo, ctx.hi) * c.social_group_staff_hour_yuan
    )
    return ctx.per_year(total - one_off_cost(ctx))


@metric(unit="yuan_per_year", section=COSTS, en="Cost of training", zh="培训成本", better="lower")
def cost_training(ctx: MetricContext) -> float:
    """Training seats taken in the window × `costs.training_seat_yuan`, annualised."""
    seats = ctx.state.log.total("training_seats", ctx.lo, ctx.hi)
    return ctx.per_year(seats * ctx.scenario.costs.training_seat_yuan)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of time-bank credits",
    zh="时间银行成本",
    better="lower",
)
def cost_time_bank(ctx: MetricContext) -> float:
    """Time-bank hours credited in the window × `costs.time_bank_credit_hour_yuan`,
    annualised."""
    hours = ctx.state.log.total("time_bank_hours", ctx.lo, ctx.hi)
    return ctx.per_year(hours * ctx.scenario.costs.time_bank_credit_hour_yuan)


@metric(unit="yuan_per_year", section=COSTS, en="Cost of subsidies", zh="补贴成本", better="lower")
def cost_subsidies(ctx: MetricContext) -> float:
    """Cases social groups took on the platform in the window × the subsidy per case
    (`incentives.social_group_subsidy` × `costs.subsidy_unit_yuan`), annualised."""
    c = ctx.scenario
    cases = ctx.state.log.total("subsidised_cases", ctx.lo, ctx.hi)
    return ctx.per_year(cases * c.incentives.social_group_subsidy * c.costs.subsidy_unit_yuan)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of the platform",
    zh="平台运行成本",
    better="lower",
)
def cost_platform(ctx: MetricContext) -> float:
    """Running the platform, `costs.platform_yuan_per_year`."""
    return float(ctx.scenario.costs.platform_yuan_per_year)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of party coordination",
    zh="党建协调成本",
    better="lower",
)
def cost_coordination(ctx: MetricContext) -> float:
    """Coordination effort of the grids' party branches: `organisation.party_coordination` ×
    `costs.coordination_hours_per_grid_week` staff-hours per grid per week, at the
    community-office rate, per year."""
    c = ctx.scenario
    hours_per_year = (
        c.organisation.party_coordination
        * c.costs.coordination_hours_per_grid_week
        * c.population.grids
        * DAYS_PER_YEAR
        / 7.0
    )
    return float(hours_per_year * c.costs.office_staff_hour_yuan)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of out-of-hours duty",
    zh="非工作时间值班成本",
    better="lower",
)
def cost_out_of_hours(ctx: MetricContext) -> float:
    """The evening and weekend rota's staff-hours on duty in the window at the department
    rate × the overtime pay factor (`costs.rota_evening_pay_factor` on working days,
    `costs.rota_rest_day_pay_factor` on rest days), annualised, plus the duty officer's
    `costs.duty_officer_yuan_per_year` when there is one (issue 29). 0 without either."""
    log, c = ctx.state.log, ctx.scenario.costs
    rota = (
        log.total("rota_hours_evening", ctx.lo, ctx.hi) * c.rota_evening_pay_factor
        + log.total("rota_hours_rest_day", ctx.lo, ctx.hi) * c.rota_rest_day_pay_factor
    ) * c.department_staff_hour_yuan
    duty = c.duty_officer_yuan_per_year if ctx.scenario.out_of_hours.duty_officer else 0.0
    return ctx.per_year(rota) + duty


COST_PARTS = (
    "cost_grid_workers",
    "cost_staff_hours",
    "cost_training",
    "cost_time_bank",
    "cost_subsidies",
    "cost_platform",
    "cost_coordination",
    "cost_out_of_hours",
)


@metric(unit="yuan_per_year", section=COSTS, en="Yearly cost", zh="年度成本", better="lower")
def yearly_cost(ctx: MetricContext) -> float:
    """Yuan per year: the sum of the cost parts (grid workers, staff-hours, training,
    time bank, subsidies, platform, coordination, out-of-hours duty), each annualised from
    the window's days."""
    return float(sum(METRICS[name](ctx) for name in COST_PARTS))


@metric(
    unit="yuan_per_event",
    section=ONE_OFF,
    en="One-off cost of staffing responses",
    zh="临时增员一次性成本",
    better="lower",
)
def one_off_cost(ctx: MetricContext) -> float:
    """Yuan spent on temporary staffing responses (events with role response, e.g. a surge
    of ×2 for 14 days) on the window's days: their extra staff-hours on duty (departments,
    social groups, community office) at each one's yuan per hour. Not annualised: a surge
    costs the same in a 212-day and a 337-day summary (issue 29). Negative for a response
    that cuts staff. 0 without responses."""
    days = events.response_staffing_days(ctx.scenario, ctx.lo, ctx.hi)
    if not days:
        return 0.0
    sc, tables, c = ctx.scenario, ctx.state.tables, ctx.scenario.costs
    gov, n = tables.government, len(tables.working_day_hours)
    rate = np.where(gov, c.department_staff_hour_yuan, c.social_group_staff_hour_yuan)
    total = 0.0
    for day in days:
        working = day % events.DAYS_PER_WEEK < sc.responders.working_days_per_week
        base = tables.working_day_hours if working else np.where(gov, 0.0, tables.working_day_hours)
        extra = events.staff_factor(sc, day, n) - events.staff_factor(sc, day, n, True)
        office = events.office_staff_factor(sc, day) - events.office_staff_factor(sc, day, True)
        total += float(np.dot(base * extra, rate))
        total += (
            working * sc.responders.community_office_staff_hours_per_day * office
        ) * c.office_staff_hour_yuan
    return total


def check_window(window: tuple[int, int] | None, days: int, where: str = "--window") -> None:
    """Refuse a summary window outside the run's days 0 … days − 1 (ConfigError, exit 2)."""
    if window is None:
        return
    start, end = window
    if not 0 <= start <= end <= days - 1:
        from govsim.scenario.config import ConfigError

        raise ConfigError(
            f"{where} {start}:{end}: a window is START:END, whole days with "
            f"0 <= START <= END <= {days - 1} (the run has days 0 to "
            f"{days - 1}); both days are included."
        )


def parse_window(text: str, where: str = "--window") -> tuple[int, int]:
    """``"60:89"`` → (60, 89); a ConfigError naming what is allowed otherwise."""
    from govsim.scenario.config import ConfigError

    try:
        start, end = (int(part) for part in str(text).split(":"))
    except ValueError:
        raise ConfigError(
            f"{where} {text!r}: give START:END, two whole days separated by a "
            "colon, e.g. 60:89 (both included)."
        ) from None
    return start, end


def summarise(
    state: SimState,
    scenario: Scenario,
    series: np.ndarray,
    lo: int,
    hi: int,
    last: int,
    groups: dict[str, np.ndarray] | None = None,
    first_row: int = 0,
) -> dict[str, float]:
    """Every metric over the days ``lo..hi`` of a run simulated up to day `last`.

    Flows count the window's cases and days. A level is its value at the end of day `hi`:
    read from the state when `hi` is the last day, else from the daily series row of day
    `hi` (which evaluated the state of that evening). `groups`, `first_row`: see
    MetricContext."""
    ctx = MetricContext(state, scenario, max(lo, 0), hi, groups, first_row)
    if hi < last:
        for name, value in zip(METRICS, series[hi].tolist(), strict=True):
            if INFO[name].kind == "level":
                ctx.values[name] = value
    return {name: fn(ctx) for name, fn in METRICS.items()}
