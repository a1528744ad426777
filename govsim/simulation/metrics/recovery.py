"""Recovery from a shock (docs/contract.md `recovery_days`): the days until the backlog is
back and the shock's own cases are cleared, the days watched for censoring (govsim
report), and the survival of open cases."""

from __future__ import annotations

import numpy as np

from govsim.scenario.events import shock_span
from govsim.scenario.schema import CATEGORIES, Scenario
from govsim.simulation.metrics.context import HOURS_PER_DAY, MetricContext
from govsim.simulation.metrics.registry import RESPONSIVENESS, metric
from govsim.world.state import SimState, Status

RECOVERY_BASELINE_DAYS = 7  # recovery_days: the backlog level before events, a week's mean
RECOVERY_TOLERANCE = 0.10  # recovery_days: "back within 10 %" (docs/contract.md)


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
