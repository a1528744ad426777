"""The closed loop (S2; docs/references.md): cases closed with feedback and the
satisfaction of the cases resolved in the window."""

from __future__ import annotations

from govsim.simulation.metrics.context import MetricContext, mean_over, share
from govsim.simulation.metrics.registry import RESPONSIVENESS, metric


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
