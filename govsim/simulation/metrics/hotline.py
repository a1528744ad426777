"""The 12345 hotline's own KPIs (beijing_12345_baseline.json `kpi_definitions`): response,
resolution and satisfaction rates, requests and calls per resident-year, calls by phone."""

from __future__ import annotations

import numpy as np

from govsim.simulation.metrics.context import HOURS_PER_DAY, MetricContext, share
from govsim.simulation.metrics.registry import HOTLINE, metric
from govsim.world.state import Channel


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
