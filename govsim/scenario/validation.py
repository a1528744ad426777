"""Cross-field rules: combinations of keys the model cannot represent.

Each key of :mod:`govsim.scenario.schema` has its own range; this module checks keys
against each other (docs/contract.md: bad input is one clear message, exit 2). It
runs inside ``Scenario``'s validator, so a scenario file, ``--set``, an
experiment's design point and the dashboard's levers all meet the same rules,
before anything is built. Each message names both keys and what is allowed.

Limits (documented in docs/validation.md):

- **Residents per household** within ``HOUSEHOLD_SIZE`` = 1–6 on average. China's
  2020 census (Seventh National Population Census, communiqué no. 7, NBS 2021)
  gives 2.62 persons per family household; Community Y (S4,
  §4.1) has 7,500 / 2,630 = 2.85. The census average
  was 4.4 in 1982 and no province averages above ~3.5 in 2020; 6 leaves room for
  rural and historical scenarios. Above it each household is one clique of the
  network (network.py) and ties grow with the square of household size: 5,000,000
  residents in 2,630 households would be 1,900 people and ~1.8 million ties a
  household.
- **Grids and buildings**: every building holds at least one household
  (grids × buildings_per_grid ≤ households), every community at least one grid.
- **Staff and institutions**: at most one grid worker and one social group per
  household (a grid worker visits households of one grid; a group needs someone
  to serve). (``survey.distributed`` above the adults is not refused: the survey
  hands out one to every adult and reports how many, survey.py.) An evening rota
  (``out_of_hours.rota_staff`` > 0) ends after the offices close.
- **Days inside the horizon**: scheduled events (``events:``) must start inside
  0 … days − 1. The survey day (``survey.day``) must lie inside 0 … days when a
  survey is taken (``survey_day_problem``); a plain run ignores it, so
  ``govsim run community_y --days 5`` stays valid.
- Category, age and literacy shares are checked in their own sections (schema.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govsim.scenario.schema import Scenario

HOUSEHOLD_SIZE = (1.0, 6.0)
"""Allowed mean residents per household (census-based, see the module docstring)."""
CENSUS_HOUSEHOLD_SIZE = 2.62
"""China 2020 census: mean persons per family household (NBS communiqué no. 7, 2021)."""


def problems(s: Scenario) -> list[str]:
    """Every cross-field rule `s` breaks, one sentence each (empty: representable)."""
    found = _population(s) + _staff(s) + _days(s)
    return found


def _population(s: Scenario) -> list[str]:
    p = s.population
    lo, hi = HOUSEHOLD_SIZE
    out = []
    if p.households > p.residents:
        out.append(
            f"population.households ({p.households:,}) must not exceed "
            f"population.residents ({p.residents:,}): every household has a resident"
        )
    else:
        per = p.residents / p.households
        if not lo <= per <= hi:
            out.append(
                f"population.residents / population.households = {p.residents:,} / "
                f"{p.households:,} = {per:,.2f} residents per household; allowed "
                f"{lo:g}–{hi:g} on average (China's 2020 census: "
                f"{CENSUS_HOUSEHOLD_SIZE}; Community Y, S4: 2.85), so with "
                f"{p.residents:,} residents population.households must be "
                f"{-(-p.residents // int(hi)):,}–{p.residents:,}"
            )
    if p.grids * p.buildings_per_grid > p.households:
        out.append(
            f"population.grids × population.buildings_per_grid = {p.grids:,} × "
            f"{p.buildings_per_grid} = {p.grids * p.buildings_per_grid:,} buildings must "
            f"not exceed population.households ({p.households:,}): every building holds "
            "a household"
        )
    if p.communities > p.grids:
        out.append(
            f"population.communities ({p.communities:,}) must not exceed "
            f"population.grids ({p.grids:,}): every community has at least one grid"
        )
    return out


def _staff(s: Scenario) -> list[str]:
    p, o = s.population, s.organisation
    out = []
    if o.grid_workers > p.households:
        out.append(
            f"organisation.grid_workers ({o.grid_workers:,}) must not exceed "
            f"population.households ({p.households:,}): a grid worker visits "
            "households (S4: one worker per grid of ~260)"
        )
    if o.social_groups > p.households:
        out.append(
            f"organisation.social_groups ({o.social_groups:,}) must not exceed "
            f"population.households ({p.households:,})"
        )
    r, duty = s.responders, s.out_of_hours
    if duty.rota_staff > 0 and duty.rota_end_hour <= r.office_close_hour:
        out.append(
            f"out_of_hours.rota_end_hour ({duty.rota_end_hour:g}) must be after "
            f"responders.office_close_hour ({r.office_close_hour:g}) when "
            "out_of_hours.rota_staff > 0: the rota works the evening after the offices close"
        )
    return out


def survey_day_problem(s: Scenario) -> str | None:
    """The survey day inside the horizon, checked when a survey is taken (govsim survey,
    govsim.evidence.survey): a plain run with a shorter horizon never reaches the survey day, so a
    scenario file keeps its `survey.day` whatever `--days` a run uses."""
    if not 0 <= s.survey.day <= s.days:
        return (
            f"survey.day ({s.survey.day}) must lie inside the horizon: 0 … days ({s.days}); "
            f"set survey.day ≤ days or raise days"
        )
    return None


def _days(s: Scenario) -> list[str]:
    """Event days inside the horizon (the survey day: `survey_day_problem`)."""
    out = []
    for i, event in enumerate(getattr(s, "events", None) or ()):
        day = _field(event, "day")
        if isinstance(day, int) and not 0 <= day < s.days:
            out.append(
                f"events[{i}].day ({day}) must lie inside the horizon: 0 … days − 1 "
                f"({s.days - 1}); an event may run past the last day (it is cut there)"
            )
    return out


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
