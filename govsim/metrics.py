"""Metrics of MODEL.md §6/§9: each a named function of the state, in one registry.

Every metric is evaluated over a window of days ``[lo, hi]``:

* the daily series (``timeseries.parquet``) uses the trailing 30 days
  (``lo = day - 29``), like the participation rate of MODEL.md §6;
* the run summary (``summary.json``) uses the whole run (``lo = 0``).

Stocks (adoption, trust, literacy, backlog) are the values at ``hi`` and
ignore ``lo``. Flows over cases count a case in the window of its own event:
raised (issues_raised, report_rate), reported (patrol_found_share), resolved
(days to resolve, closure, satisfaction, responder shares). A flow with no
case in its window is NaN (``null`` in JSON). Adding a metric is one
function with ``@metric``.

Scale (docs/scale.md): the daily series looks only at case rows that can have
an event in the window. A case's status only moves forward (raised → reported →
dispatched → resolved → closed, or lapsed), so a case reported or resolved on
day ≥ lo was still open (raised, reported or dispatched) at the end of day
lo − 1, or did not exist yet. ``note_open_cases`` records, at the end of each
day, the first row still open; rows before it are skipped (an exact cut: the
same cases as scanning the whole case book; float32 means may differ in the
8th digit from the order of summation). Summaries (lo = 0) scan all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps

import numpy as np

from govsim.events import event_span
from govsim.schema import Scenario
from govsim.state import Channel, SimState, Status

WINDOW_DAYS = 30
HOURS_PER_DAY = 24.0
RECOVERY_BASELINE_DAYS = 7  # recovery_days: the backlog level before events, a week's mean
RECOVERY_TOLERANCE = 0.10  # recovery_days: "back within 10 %" (MODEL.md §9)
METRICS: dict[str, Callable[[MetricContext], float]] = {}
INFO: dict[str, MetricInfo] = {}
"""Per metric: what the CLI, dashboard, reports and `govsim.metrics()` show (one place)."""

UNITS = ("share", "days", "hours", "count", "index")
BETTER = ("higher", "lower", "neither")
# Sections of the CLI table and the reports, in the order shown.
PARTICIPATION = "Participation (S0, S1, S3)"
ADOPTION = "Adoption and digital divide (S4)"
RESPONSIVENESS = "Responsiveness (S2, S4)"
TRUST = "Trust"
POLYCENTRICITY = "Polycentricity (S0, S3)"
COMMUNITIES = "S0 communities (indices 0-1)"
SECTIONS = (PARTICIPATION, ADOPTION, RESPONSIVENESS, TRUST, POLYCENTRICITY, COMMUNITIES)


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


def metric(fn: Callable[[MetricContext], float] | None = None, /, *, unit: str = "share",
           section: str = "Other", en: str = "", zh: str = "", better: str = "neither"):
    """Register a metric: ``@metric`` or ``@metric(unit="days", section=..., en=..., zh=...,
    better="lower")``. Within one evaluation its value is computed once (metrics reuse
    each other, e.g. index_interest uses the adoption rates by age)."""
    if unit not in UNITS or better not in BETTER:
        raise ValueError(f"metric: unit must be one of {UNITS}, better one of {BETTER}")

    def register(fn: Callable[[MetricContext], float]) -> Callable[[MetricContext], float]:
        name = fn.__name__

        @wraps(fn)
        def once(ctx: MetricContext) -> float:
            if name not in ctx.values:
                ctx.values[name] = fn(ctx)
            return ctx.values[name]

        doc = (fn.__doc__ or "").strip().split("\n\n")[0]
        INFO[name] = MetricInfo(name, unit, section, en or name.replace("_", " "), zh or en or name,
                                " ".join(doc.split()), better)
        METRICS[name] = once
        return once

    return register(fn) if fn is not None else register


UNIT_WORDS = {"share": "share 0-1", "days": "days", "hours": "hours", "count": "count",
              "index": "index"}


def info(name: str) -> MetricInfo:
    """The registered metadata of a metric (a KeyError names the unknown metric)."""
    return INFO[name]


def label(name: str, lang: str = "en", unit: bool = True) -> str:
    """``"Median days to resolve (days)"``: the metric's label and unit, for axes and tables."""
    meta = INFO.get(name) or MetricInfo(name, en=name, zh=name)
    text = meta.zh if lang == "zh" else meta.en
    return f"{text} ({UNIT_WORDS[meta.unit]})" if unit else text


def format_value(name: str, value: float | None) -> str:
    """A metric's value as the CLI prints it, by its registered unit."""
    if value is None or value != value:
        return "n/a"
    unit = INFO[name].unit if name in INFO else "index"
    if unit in ("count", "hours"):
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:.1f} days"
    return f"{value:.3f}"


def by_section(names: list[str] | None = None) -> dict[str, list[str]]:
    """Metric names grouped by section: SECTIONS first in their order, then any new section."""
    groups: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for name in names if names is not None else INFO:
        groups.setdefault(INFO[name].section if name in INFO else "Other", []).append(name)
    return {s: n for s, n in groups.items() if n}


@dataclass
class MetricContext:
    state: SimState
    scenario: Scenario
    lo: int
    hi: int
    values: dict[str, float] = field(default_factory=dict, repr=False)

    def _fixed(self, name: str) -> np.ndarray:
        """Groups of residents that never change in a run, computed once."""
        masks = self.state.masks
        if name not in masks:
            res = self.state.residents
            masks["adults"] = res.is_adult
            masks["under60"] = res.is_adult & ~res.is_elderly
            masks["over60"] = res.is_adult & res.is_elderly
            # residents are sorted by community (households are laid out grid by grid)
            masks["community_starts"] = np.flatnonzero(np.diff(res.community, prepend=-1))
            masks["adults_by_community"] = np.add.reduceat(masks["adults"],
                                                           masks["community_starts"],
                                                           dtype=np.int64)
            masks["adult_rows"] = np.flatnonzero(masks["adults"])  # a gather by index is
            # twice as fast as by a mask of 7,500 (the same values in the same order)
            for group in ("adults", "under60", "over60"):
                # a numpy int, as np.count_nonzero gives it: float32 sums ÷ it are float64
                masks[f"n_{group}"] = np.count_nonzero(masks[group])
        return masks[name]

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
        first = self.state.first_open_case_by_day.get(self.lo - 1, 0) if self.lo > 0 else 0
        return slice(first, self.state.cases.n)

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
        return (self.case("time_resolved")[resolved]
                - self.case("time_reported")[resolved]) / HOURS_PER_DAY

    @cached_property
    def days_to_resolve_percentiles(self) -> tuple[float, float]:
        """Median and 90th percentile (one partition: the 50th percentile is the median)."""
        return tuple(percentiles(self.days_to_resolve, (0.5, 0.9)))

    @cached_property
    def resolved_by(self) -> np.ndarray:
        """Cases resolved in the window, per responder."""
        return np.bincount(self.case("responder")[self.resolved],
                           minlength=len(self.state.responders))


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
    without the Python layers of ``ndarray.mean`` (tests/test_stats.py)."""
    return np.add.reduce(x) / len(x)


def _std(x: np.ndarray, mean: np.floating) -> np.floating:
    """``x.std()`` of a non-empty float array, given its ``_mean``, as numpy computes it
    (the squared deviations summed, ÷ the length, square root) without the Python layers
    of ``ndarray.std`` (tests/test_stats.py)."""
    return np.sqrt(_mean(np.square(x - mean)))


def _clip01(x: float) -> float:
    """``float(np.clip(x, 0, 1))`` for a Python float (8 µs less a call; NaN stays NaN)."""
    return x if x != x else min(max(x, 0.0), 1.0)


def _gap(a: float, b: float) -> float:
    return 0.0 if np.isnan(a) or np.isnan(b) else abs(a - b)


# --- participation (S0, S1, S3) ---------------------------------------------------------

@metric(unit="share", section=PARTICIPATION, en="Participation rate",
        zh="参与率", better="higher")
def participation_rate(ctx: MetricContext) -> float:
    """Share of adults who took part in an activity in the last 30 days."""
    return ctx.share_in(ctx.participated, "adults")


@metric(unit="share", section=PARTICIPATION, en="Participation, under 60",
        zh="60 岁以下参与率", better="higher")
def participation_rate_under60(ctx: MetricContext) -> float:
    """Share of adults under 60 who took part in an activity in the last 30 days."""
    return ctx.share_in(ctx.participated, "under60")


@metric(unit="share", section=PARTICIPATION, en="Participation, 60+",
        zh="60 岁及以上参与率", better="higher")
def participation_rate_60plus(ctx: MetricContext) -> float:
    """Share of residents 60+ who took part in an activity in the last 30 days."""
    return ctx.share_in(ctx.participated, "over60")


@metric(unit="share", section=PARTICIPATION, en="Online share of participation",
        zh="线上参与占比", better="neither")
def online_participation_share(ctx: MetricContext) -> float:
    """Share of participations in the window that were online activities."""
    log = ctx.state.log
    online = log.total("participants_online", ctx.lo, ctx.hi)
    total = online + log.total("participants_offline", ctx.lo, ctx.hi)
    return online / total if total else 0.0


@metric(unit="hours", section=PARTICIPATION, en="Volunteer hours",
        zh="志愿服务小时数", better="higher")
def volunteer_hours(ctx: MetricContext) -> float:
    """Hours of volunteer service in the window."""
    return ctx.state.log.total("volunteer_hours", ctx.lo, ctx.hi)


@metric(unit="hours", section=PARTICIPATION, en="Time-bank hours",
        zh="时间银行小时数", better="higher")
def time_bank_hours(ctx: MetricContext) -> float:
    """Time-bank hours credited in the window (S1)."""
    return ctx.state.log.total("time_bank_hours", ctx.lo, ctx.hi)


@metric(unit="index", section=PARTICIPATION, en="Participation inequality (Gini)",
        zh="参与不平等（基尼系数）", better="lower")
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

@metric(unit="share", section=ADOPTION, en="Platform adoption",
        zh="平台采用率", better="higher")
def adoption_rate(ctx: MetricContext) -> float:
    """Share of adults who use the platform, at the end of the window."""
    return ctx.share_in(ctx.state.residents.has_adopted, "adults")


@metric(unit="share", section=ADOPTION, en="Adoption, under 60",
        zh="60 岁以下采用率", better="higher")
def adoption_rate_under60(ctx: MetricContext) -> float:
    """Share of adults under 60 who use the platform, at the end of the window."""
    return ctx.share_in(ctx.state.residents.has_adopted, "under60")


@metric(unit="share", section=ADOPTION, en="Adoption, 60+",
        zh="60 岁及以上采用率", better="higher")
def adoption_rate_60plus(ctx: MetricContext) -> float:
    """Share of residents 60+ who use the platform, at the end of the window."""
    return ctx.share_in(ctx.state.residents.has_adopted, "over60")


@metric(unit="share", section=ADOPTION, en="Digital divide (under 60 − 60+)",
        zh="数字鸿沟（60 岁以下 − 60 岁及以上）", better="lower")
def digital_divide(ctx: MetricContext) -> float:
    """Adoption under 60 minus adoption 60+."""
    return adoption_rate_under60(ctx) - adoption_rate_60plus(ctx)


@metric(unit="index", section=ADOPTION, en="Mean digital literacy",
        zh="平均数字素养", better="higher")
def mean_literacy(ctx: MetricContext) -> float:
    """Mean digital literacy of adults (0-1), at the end of the window."""
    return ctx.adult_mean(ctx.state.residents.literacy)


# --- responsiveness (S2, S4) -------------------------------------------------------------

@metric(unit="count", section=RESPONSIVENESS, en="Issues raised",
        zh="产生的问题数", better="neither")
def issues_raised(ctx: MetricContext) -> float:
    """Issues that arose in the window (reported or not)."""
    return float(np.count_nonzero(ctx.raised))


@metric(unit="share", section=RESPONSIVENESS, en="Issues reported",
        zh="问题上报率", better="higher")
def report_rate(ctx: MetricContext) -> float:
    """Share of issues raised in the window that reached the system (any channel)."""
    return share(ctx.case("day_reported") >= 0, ctx.raised)


@metric(unit="share", section=RESPONSIVENESS, en="Found on patrol",
        zh="网格巡查发现占比", better="neither")
def patrol_found_share(ctx: MetricContext) -> float:
    """Share of cases entered in the window that a grid worker found on patrol."""
    return share(ctx.case("channel") == Channel.PATROL, ctx.reported)


@metric(unit="count", section=RESPONSIVENESS, en="Open cases (backlog)",
        zh="未办结案件（积压）", better="lower")
def backlog(ctx: MetricContext) -> float:
    """Cases reported and not yet resolved, at the end of the window."""
    cases = ctx.state.cases
    s = cases.status[cases.open_view()]  # rows before first_open are finished
    return float(np.count_nonzero((s == Status.REPORTED) | (s == Status.DISPATCHED)))


@metric(unit="days", section=RESPONSIVENESS, en="Median days to resolve",
        zh="办结天数中位数", better="lower")
def median_days_to_resolve(ctx: MetricContext) -> float:
    """Days from report to resolution, median over cases resolved in the window."""
    return ctx.days_to_resolve_percentiles[0]


@metric(unit="days", section=RESPONSIVENESS, en="Days to resolve, 90th percentile",
        zh="办结天数第 90 百分位", better="lower")
def p90_days_to_resolve(ctx: MetricContext) -> float:
    """Days from report to resolution, 90th percentile over cases resolved in the window."""
    return ctx.days_to_resolve_percentiles[1]


@metric(unit="days", section=RESPONSIVENESS, en="Mean days to resolve",
        zh="平均办结天数", better="lower")
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


@metric(unit="share", section=RESPONSIVENESS, en="Responded within 24 h",
        zh="24小时内响应率", better="higher")
def response_within_24h(ctx: MetricContext) -> float:
    """Share of cases acknowledged (a responder began work) within 24 hours of the report,
    among cases reported in the window at least 24 hours before its end (hotline KPI)."""
    return _share_within(ctx, "time_acknowledged", HOURS_PER_DAY)


@metric(unit="share", section=RESPONSIVENESS, en="Resolved within 7 days",
        zh="7天内办结率", better="higher")
def resolved_within_7_days(ctx: MetricContext) -> float:
    """Share of cases resolved within 7 days of the report, among cases reported in the
    window at least 7 days before its end."""
    return _share_within(ctx, "time_resolved", 7 * HOURS_PER_DAY)


@metric(unit="share", section=RESPONSIVENESS, en="Capacity utilisation",
        zh="人力利用率", better="neither")
def capacity_utilisation(ctx: MetricContext) -> float:
    """Government staff-hours worked on cases ÷ staff-hours on duty, over the window."""
    log = ctx.state.log
    available = log.total("gov_hours_available", ctx.lo, ctx.hi)
    return log.total("gov_hours_worked", ctx.lo, ctx.hi) / available if available else float(
        "nan")


@metric(unit="days", section=RESPONSIVENESS, en="Days-to-resolve gap, 60+ minus under 60",
        zh="办结天数差（60岁以上减60岁以下）", better="lower")
def days_to_resolve_gap_60plus(ctx: MetricContext) -> float:
    """Mean days to resolve of cases reported by residents 60+ minus that of adults under 60
    (cases resolved in the window): who waits longer."""
    elderly = ctx.state.residents.is_elderly[ctx.case("reporter")[ctx.resolved]]
    d = ctx.days_to_resolve
    if not 0 < np.count_nonzero(elderly) < len(elderly):
        return float("nan")
    return float(_mean(d[elderly]) - _mean(d[~elderly]))


@metric(unit="days", section=RESPONSIVENESS, en="Recovery days after events",
        zh="事件后恢复天数", better="lower")
def recovery_days(ctx: MetricContext) -> float:
    """Days after the last event day until the backlog is back within 10 % of its mean
    over the 7 days before the first event. NaN without events, before the last event has
    ended, or while it has not recovered by the end of the window (not yet known)."""
    span = event_span(ctx.scenario)
    if span is None or ctx.hi <= span[1]:
        return float("nan")
    backlog = ctx.state.log.backlog
    before = backlog[max(span[0] - RECOVERY_BASELINE_DAYS, 0): span[0]]
    level = float(before.mean()) if len(before) else 0.0
    after = backlog[span[1] + 1: ctx.hi + 1]
    back = np.flatnonzero(after <= (1.0 + RECOVERY_TOLERANCE) * level)
    return float(back[0] + 1) if len(back) else float("nan")


@metric(unit="share", section=RESPONSIVENESS, en="Closed with feedback",
        zh="反馈闭环率", better="higher")
def closure_rate(ctx: MetricContext) -> float:
    """Share of cases resolved in the window that were closed with feedback (S2 closed loop)."""
    return share(ctx.case("day_closed") >= 0, ctx.resolved)


@metric(unit="index", section=RESPONSIVENESS, en="Satisfaction",
        zh="满意度", better="higher")
def satisfaction(ctx: MetricContext) -> float:
    """Mean satisfaction (0-1) over cases resolved in the window."""
    return mean_over(ctx.case("satisfaction"), ctx.resolved)


@metric(unit="index", section=TRUST, en="Trust in government",
        zh="对政府的信任", better="higher")
def trust_government(ctx: MetricContext) -> float:
    """Mean trust in government (0-1) of adults, at the end of the window."""
    return ctx.adult_mean(ctx.state.residents.trust_government)


@metric(unit="index", section=TRUST, en="Trust in the platform",
        zh="对平台的信任", better="higher")
def trust_platform(ctx: MetricContext) -> float:
    """Mean trust in the platform (0-1) of adults, at the end of the window."""
    return ctx.adult_mean(ctx.state.residents.trust_platform)


# --- polycentricity (S0, S3) -------------------------------------------------------------

@metric(unit="share", section=POLYCENTRICITY, en="Resolved by social groups",
        zh="社会力量办结占比", better="higher")
def non_government_share(ctx: MetricContext) -> float:
    """Share of cases resolved in the window by social groups (not departments)."""
    counts = ctx.resolved_by
    total = counts.sum()
    if not total:
        return float("nan")
    return float(counts[~ctx.state.government()].sum() / total)


@metric(unit="index", section=POLYCENTRICITY, en="Responder concentration",
        zh="处置主体集中度", better="lower")
def responder_concentration(ctx: MetricContext) -> float:
    """Herfindahl index of resolved cases over responders: 1 = a single centre."""
    counts = ctx.resolved_by
    total = counts.sum()
    return float(((counts / total) ** 2).sum()) if total else float("nan")


# --- the four "communities" of S0 (000_ec6be8afc8af3568.txt) as indices 0–1 ----------------

@metric(unit="index", section=COMMUNITIES, en="Organisational community",
        zh="组织共同体", better="higher")
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


@metric(unit="index", section=COMMUNITIES, en="Value community",
        zh="价值共同体", better="higher")
def index_value(ctx: MetricContext) -> float:
    """Value community: shared trust, high and not dispersed: mean × (1 − 2·sd), in 0–1."""
    t = ctx.state.residents.trust_government.take(ctx._fixed("adult_rows"))
    if not len(t):
        return float("nan")
    mean = _mean(t)
    return _clip01(float(mean * (1.0 - 2.0 * _std(t, mean))))


@metric(unit="index", section=COMMUNITIES, en="Action community",
        zh="行动共同体", better="higher")
def index_action(ctx: MetricContext) -> float:
    """Action community: mean of the participation rate and the non-government share."""
    ngs = non_government_share(ctx)
    return (participation_rate(ctx) + (0.0 if np.isnan(ngs) else ngs)) / 2.0


@metric(unit="index", section=COMMUNITIES, en="Interest community",
        zh="利益共同体", better="higher")
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


def note_open_cases(state: SimState) -> None:
    """At the end of a day: the first case row still raised, reported or dispatched."""
    cases = state.cases
    still_open = cases.status[cases.open_view()] <= Status.DISPATCHED
    first = int(still_open.argmax()) if still_open.any() else len(still_open)
    state.first_open_case_by_day[state.day] = cases.first_open + first


def evaluate(state: SimState, scenario: Scenario, lo: int, hi: int) -> dict[str, float]:
    ctx = MetricContext(state, scenario, max(lo, 0), hi)
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
