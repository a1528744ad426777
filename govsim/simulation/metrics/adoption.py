"""Adoption and the digital divide (S4; docs/references.md): platform use by age and
digital literacy, levels at the window's end."""

from __future__ import annotations

from govsim.simulation.metrics.context import MetricContext
from govsim.simulation.metrics.registry import ADOPTION, metric


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
    return ctx.share_counted(ctx.state.tallies.adopters, "adults")


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
    return ctx.share_counted(ctx.state.tallies.adopters, "under60")


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
    return ctx.share_counted(ctx.state.tallies.adopters, "over60")


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
