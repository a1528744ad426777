"""The four "communities" of S0 (docs/references.md) as indices 0–1: organisational,
value, action and interest."""

from __future__ import annotations

import numpy as np

from govsim.simulation.metrics.adoption import adoption_rate_60plus, adoption_rate_under60
from govsim.simulation.metrics.context import WINDOW_DAYS, MetricContext, _clip01, _gap, _mean, _std
from govsim.simulation.metrics.participation import (
    participation_rate,
    participation_rate_60plus,
    participation_rate_under60,
)
from govsim.simulation.metrics.polycentricity import non_government_share
from govsim.simulation.metrics.registry import COMMUNITIES, metric


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
    exists and a grid worker visited the household in the last 30 days. (Both counted
    as they change: govsim/world/tallies.py.)
    """
    tallies = ctx.state.tallies
    online = tallies.adopters.sum()
    if not ctx.scenario.platform.offline_channel:
        return ctx.share_of(online, "adults")
    offline = tallies.offline_visited_since(ctx.hi - WINDOW_DAYS + 1)
    return ctx.share_of(online + offline, "adults")


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
