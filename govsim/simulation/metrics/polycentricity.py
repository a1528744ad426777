"""Polycentricity (S0, S3; docs/references.md): who resolves the cases, government or
social groups, and how concentrated."""

from __future__ import annotations

from govsim.simulation.metrics.context import MetricContext
from govsim.simulation.metrics.registry import POLYCENTRICITY, metric


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
