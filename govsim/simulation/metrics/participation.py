"""Participation metrics (S0, S1, S3; docs/references.md): who takes part, online or offline,
volunteer and time-bank hours, and how unequally."""

from __future__ import annotations

import numpy as np

from govsim.simulation.metrics.context import MetricContext, dot
from govsim.simulation.metrics.registry import PARTICIPATION, metric


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
    return ctx.share_counted(ctx.took_part, "adults")


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
    return ctx.share_counted(ctx.took_part, "under60")


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
    return ctx.share_counted(ctx.took_part, "over60")


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
    # per_value: np.bincount of the adults' participation counts, kept by step 7 (tallies)
    per_value = ctx.state.tallies.adults_by_activities()
    n = int(ctx._fixed("n_adults"))  # = per_value.sum()
    value = np.arange(len(per_value), dtype=np.float64)
    total = dot(value, per_value)
    if not total:
        return 0.0
    below = np.cumsum(per_value) - per_value
    return dot(value * per_value, 2.0 * below + per_value - n) / (n * total)
