"""Costs (issue 22; yuan from the schema's `costs:` section).

What the run used in the window, annualised: staff-hours *on duty* (salaried staff are paid
whether or not a case is waiting), training seats taken, time-bank hours credited, cases a
social group took for a subsidy; grid workers, platform and coordination by the year.

One-off costs (yuan per event): a temporary staffing response, not annualised.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario import events
from govsim.simulation.metrics.context import DAYS_PER_YEAR, MetricContext, dot
from govsim.simulation.metrics.registry import COSTS, METRICS, ONE_OFF, metric


@metric(
    unit="yuan_per_year", section=COSTS, en="Cost of grid workers", zh="网格员成本", better="lower"
)
def cost_grid_workers(ctx: MetricContext) -> float:
    """Grid workers × their yearly cost (`costs.grid_worker_yuan_per_year`)."""
    c = ctx.scenario
    return float(c.organisation.grid_workers * c.costs.grid_worker_yuan_per_year)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of staff-hours",
    zh="工作人员工时成本",
    better="lower",
)
def cost_staff_hours(ctx: MetricContext) -> float:
    """Staff-hours on duty in the window (department, community office, social group, and a
    hotline's contact desk at the department rate), each at its yuan per hour, annualised:
    the running cost. The extra hours of a temporary staffing response (a surge) are left
    out: they are `one_off_cost`, yuan per event."""
    log, c = ctx.state.log, ctx.scenario.costs
    department = log.total("gov_hours_available", ctx.lo, ctx.hi)
    department += log.total("contact_hours_available", ctx.lo, ctx.hi)  # rules/contact.py
    total = (
        department * c.department_staff_hour_yuan
        + log.total("office_hours_available", ctx.lo, ctx.hi) * c.office_staff_hour_yuan
        + log.total("social_hours_available", ctx.lo, ctx.hi) * c.social_group_staff_hour_yuan
    )
    return ctx.per_year(total - one_off_cost(ctx))


@metric(unit="yuan_per_year", section=COSTS, en="Cost of training", zh="培训成本", better="lower")
def cost_training(ctx: MetricContext) -> float:
    """Training seats taken in the window × `costs.training_seat_yuan`, annualised."""
    seats = ctx.state.log.total("training_seats", ctx.lo, ctx.hi)
    return ctx.per_year(seats * ctx.scenario.costs.training_seat_yuan)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of time-bank credits",
    zh="时间银行成本",
    better="lower",
)
def cost_time_bank(ctx: MetricContext) -> float:
    """Time-bank hours credited in the window × `costs.time_bank_credit_hour_yuan`,
    annualised."""
    hours = ctx.state.log.total("time_bank_hours", ctx.lo, ctx.hi)
    return ctx.per_year(hours * ctx.scenario.costs.time_bank_credit_hour_yuan)


@metric(unit="yuan_per_year", section=COSTS, en="Cost of subsidies", zh="补贴成本", better="lower")
def cost_subsidies(ctx: MetricContext) -> float:
    """Cases social groups took on the platform in the window × the subsidy per case
    (`incentives.social_group_subsidy` × `costs.subsidy_unit_yuan`), annualised."""
    c = ctx.scenario
    cases = ctx.state.log.total("subsidised_cases", ctx.lo, ctx.hi)
    return ctx.per_year(cases * c.incentives.social_group_subsidy * c.costs.subsidy_unit_yuan)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of the platform",
    zh="平台运行成本",
    better="lower",
)
def cost_platform(ctx: MetricContext) -> float:
    """Running the platform, `costs.platform_yuan_per_year`."""
    return float(ctx.scenario.costs.platform_yuan_per_year)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of party coordination",
    zh="党建协调成本",
    better="lower",
)
def cost_coordination(ctx: MetricContext) -> float:
    """Coordination effort of the grids' party branches: `organisation.party_coordination` ×
    `costs.coordination_hours_per_grid_week` staff-hours per grid per week, at the
    community-office rate, per year."""
    c = ctx.scenario
    hours_per_year = (
        c.organisation.party_coordination
        * c.costs.coordination_hours_per_grid_week
        * c.population.grids
        * DAYS_PER_YEAR
        / 7.0
    )
    return float(hours_per_year * c.costs.office_staff_hour_yuan)


@metric(
    unit="yuan_per_year",
    section=COSTS,
    en="Cost of out-of-hours duty",
    zh="非工作时间值班成本",
    better="lower",
)
def cost_out_of_hours(ctx: MetricContext) -> float:
    """The evening and weekend rota's staff-hours on duty in the window at the department
    rate × the overtime pay factor (`costs.rota_evening_pay_factor` on working days,
    `costs.rota_rest_day_pay_factor` on rest days), annualised, plus the duty officer's
    `costs.duty_officer_yuan_per_year` when there is one (issue 29). 0 without either."""
    log, c = ctx.state.log, ctx.scenario.costs
    rota = (
        log.total("rota_hours_evening", ctx.lo, ctx.hi) * c.rota_evening_pay_factor
        + log.total("rota_hours_rest_day", ctx.lo, ctx.hi) * c.rota_rest_day_pay_factor
    ) * c.department_staff_hour_yuan
    duty = c.duty_officer_yuan_per_year if ctx.scenario.out_of_hours.duty_officer else 0.0
    return ctx.per_year(rota) + duty


COST_PARTS = (
    "cost_grid_workers",
    "cost_staff_hours",
    "cost_training",
    "cost_time_bank",
    "cost_subsidies",
    "cost_platform",
    "cost_coordination",
    "cost_out_of_hours",
)


@metric(unit="yuan_per_year", section=COSTS, en="Yearly cost", zh="年度成本", better="lower")
def yearly_cost(ctx: MetricContext) -> float:
    """Yuan per year: the sum of the cost parts (grid workers, staff-hours, training,
    time bank, subsidies, platform, coordination, out-of-hours duty), each annualised from
    the window's days."""
    return float(sum(METRICS[name](ctx) for name in COST_PARTS))


@metric(
    unit="yuan_per_event",
    section=ONE_OFF,
    en="One-off cost of staffing responses",
    zh="临时增员一次性成本",
    better="lower",
)
def one_off_cost(ctx: MetricContext) -> float:
    """Yuan spent on temporary staffing responses (events with role response, e.g. a surge
    of ×2 for 14 days) on the window's days: their extra staff-hours on duty (departments,
    social groups, community office) at each one's yuan per hour. Not annualised: a surge
    costs the same in a 212-day and a 337-day summary (issue 29). Negative for a response
    that cuts staff. 0 without responses."""
    days = events.response_staffing_days(ctx.scenario, ctx.lo, ctx.hi)
    if not days:
        return 0.0
    sc, tables, c = ctx.scenario, ctx.state.tables, ctx.scenario.costs
    gov, n = tables.government, len(tables.working_day_hours)
    rate = np.where(gov, c.department_staff_hour_yuan, c.social_group_staff_hour_yuan)
    total = 0.0
    for day in days:
        working = day % events.DAYS_PER_WEEK < sc.responders.working_days_per_week
        base = tables.working_day_hours if working else np.where(gov, 0.0, tables.working_day_hours)
        extra = events.staff_factor(sc, day, n) - events.staff_factor(sc, day, n, True)
        office = events.office_staff_factor(sc, day) - events.office_staff_factor(sc, day, True)
        total += dot(base * extra, rate)
        total += (
            working * sc.responders.community_office_staff_hours_per_day * office
        ) * c.office_staff_hour_yuan
    return total
