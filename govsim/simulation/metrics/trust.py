"""Trust in government and in the platform (S2, S4; docs/references.md): the adults'
mean, a level at the window's end."""

from __future__ import annotations

from govsim.simulation.metrics.context import MetricContext
from govsim.simulation.metrics.registry import TRUST, metric


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
