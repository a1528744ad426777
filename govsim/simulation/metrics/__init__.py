"""Metrics of docs/ODD.md §7.9/§9: each a named function of the state, in one registry.

The package by job (issue 30, item 3):

* registry.py: ``METRICS`` (name → function), ``INFO`` (name → MetricInfo), the ``@metric``
  decorator, the sections, ``by_section``;
* presentation.py: labels in English and 中文 with units, ``format_value``, ``format_number``;
* context.py: ``MetricContext`` (what a metric reads: state, scenario, window, resident
  groups) and the window's semantics (its docstring), ``share``, ``percentiles``;
* summary.py: ``evaluate`` (a day of the daily series), ``summarise`` (a run's summary);
  ``parse_window`` and ``check_window`` (``--window``) live in govsim/scenario/window.py;
* one module per area, each metric one ``@metric`` function: participation, adoption,
  responsiveness, recovery, feedback, hotline, trust, polycentricity, communities, costs.

Adding a metric is one function in its area's module (docs/DEVELOPING.md). ``AREAS`` is
imported in the order the metrics are shown and stored (summary.json's keys, the daily
series' and runs.parquet's columns); a new area module goes into it. Every metric is also
``govsim.simulation.metrics.<name>`` (module ``__getattr__`` reads the registry).
"""

from __future__ import annotations

from collections.abc import Callable

from govsim.scenario.window import check_window, parse_window
from govsim.simulation.metrics import (
    adoption,
    communities,
    costs,
    feedback,
    hotline,
    participation,
    polycentricity,
    recovery,
    responsiveness,
    trust,
)
from govsim.simulation.metrics.context import (
    DAYS_PER_YEAR,
    HOURS_PER_DAY,
    WINDOW_DAYS,
    MetricContext,
    _mean,
    _std,
    mean_over,
    percentiles,
    resident_groups,
    share,
)
from govsim.simulation.metrics.costs import COST_PARTS
from govsim.simulation.metrics.presentation import (
    UNIT_WORDS,
    UNIT_WORDS_ZH,
    VALUE_WORDS,
    display_unit,
    format_number,
    format_value,
    is_gap,
    label,
    no_negative_zero,
)
from govsim.simulation.metrics.recovery import (
    RECOVERY_BASELINE_DAYS,
    RECOVERY_TOLERANCE,
    shock_cases,
    survival_curve,
)
from govsim.simulation.metrics.registry import (
    ADOPTION,
    BETTER,
    COMMUNITIES,
    COSTS,
    HOTLINE,
    INFO,
    KINDS,
    METRICS,
    ONE_OFF,
    PARTICIPATION,
    POLYCENTRICITY,
    RESPONSIVENESS,
    SECTIONS,
    TRUST,
    UNITS,
    MetricInfo,
    by_section,
    info,
    metric,
)
from govsim.simulation.metrics.summary import evaluate, summarise

AREAS = (
    participation,
    adoption,
    responsiveness,
    recovery,
    feedback,
    hotline,
    trust,
    polycentricity,
    communities,
    costs,
)
"""The area modules in the order their metrics are shown and stored."""


def _in_area_order(registry: dict) -> None:
    """Reorder a registry (METRICS, INFO) in place to AREAS' order, each area's metrics in
    the order its module defines them: the order of summary.json's keys and of the series'
    and runs.parquet's columns, whichever order the areas were imported in (the sorted
    imports above; communities imports participation, adoption and polycentricity)."""
    modules = [area.__name__ for area in AREAS]
    ordered = sorted(registry.items(), key=lambda kv: modules.index(METRICS[kv[0]].__module__))
    registry.clear()
    registry.update(ordered)


_in_area_order(INFO)
_in_area_order(METRICS)

__all__ = [
    "ADOPTION",
    "AREAS",
    "BETTER",
    "COMMUNITIES",
    "COSTS",
    "COST_PARTS",
    "DAYS_PER_YEAR",
    "HOTLINE",
    "HOURS_PER_DAY",
    "INFO",
    "KINDS",
    "METRICS",
    "ONE_OFF",
    "PARTICIPATION",
    "POLYCENTRICITY",
    "RECOVERY_BASELINE_DAYS",
    "RECOVERY_TOLERANCE",
    "RESPONSIVENESS",
    "SECTIONS",
    "TRUST",
    "UNITS",
    "UNIT_WORDS",
    "UNIT_WORDS_ZH",
    "VALUE_WORDS",
    "WINDOW_DAYS",
    "MetricContext",
    "MetricInfo",
    "_mean",
    "_std",
    "by_section",
    "check_window",
    "display_unit",
    "evaluate",
    "format_number",
    "format_value",
    "info",
    "is_gap",
    "label",
    "mean_over",
    "metric",
    "no_negative_zero",
    "parse_window",
    "percentiles",
    "resident_groups",
    "share",
    "shock_cases",
    "summarise",
    "survival_curve",
]


def __getattr__(name: str) -> Callable[[MetricContext], float]:
    """``metrics.<metric name>``: the registered function, as its area module defines it."""
    try:
        return METRICS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted({*globals(), *METRICS})
