"""Responsiveness (S2, S4; docs/references.md): the issues raised and reported, the backlog,
the days from report (or from the issue arising) to resolution, the shares handled
within a time, the load on staff and who waits longer."""

from __future__ import annotations

import numpy as np

from govsim.simulation.metrics.context import (
    HOURS_PER_DAY,
    MetricContext,
    _mean,
    percentiles,
    share,
)
from govsim.simulation.metrics.registry import RESPONSIVENESS, metric
from govsim.world.state import Channel, Status


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
