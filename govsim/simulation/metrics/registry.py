"""The metric registry: every metric's function (METRICS) and how it reads (INFO).

A metric is one function with ``@metric`` in the module of its area (participation.py,
responsiveness.py, hotline.py, costs.py ...); the package's ``__init__`` imports the areas
in the order their metrics are shown and stored (docs/DEVELOPING.md, "How to add a metric").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govsim.simulation.metrics.context import MetricContext


METRICS: dict[str, Callable[[MetricContext], float]] = {}
INFO: dict[str, MetricInfo] = {}
"""Per metric: what the CLI, dashboard, reports and `govsim.metrics()` show (one place)."""

UNITS = ("share", "days", "hours", "count", "index", "rate", "yuan_per_year", "yuan_per_event")
"""``rate``: a ratio that is not bounded by 1 (requests per resident-year, issues per
staff-hour); ``index``: a 0–1 index."""
KINDS = ("flow", "level")
"""flow: counts or times of cases, hours or activities in the window's days; level: a state
at the window's end (adoption, trust, literacy, backlog, participation in the last 30 days).
A summary over a window that ends before the run does takes a level from the daily series
at its last day (:func:`summarise`)."""
BETTER = ("higher", "lower", "neither")
# Sections of the CLI table and the reports, in the order shown.
PARTICIPATION = "Participation (S0, S1, S3)"
ADOPTION = "Adoption and digital divide (S4)"
RESPONSIVENESS = "Responsiveness (S2, S4)"
TRUST = "Trust"
POLYCENTRICITY = "Polycentricity (S0, S3)"
COMMUNITIES = "S0 communities (indices 0-1)"
COSTS = "Costs (yuan per year)"
ONE_OFF = "One-off costs (yuan per event)"
HOTLINE = "12345 hotline KPIs (evidence)"
SECTIONS = (
    PARTICIPATION,
    ADOPTION,
    RESPONSIVENESS,
    TRUST,
    POLYCENTRICITY,
    COMMUNITIES,
    HOTLINE,
    COSTS,
    ONE_OFF,
)


@dataclass(frozen=True)
class MetricInfo:
    """How a metric reads: its unit, where it is shown, its labels and which way is better."""

    name: str
    unit: str = "share"  # one of UNITS
    section: str = "Other"
    en: str = ""
    zh: str = ""
    description: str = ""  # the function's docstring, first paragraph
    better: str = "neither"  # one of BETTER
    kind: str = "flow"  # one of KINDS


def metric(
    fn: Callable[[MetricContext], float] | None = None,
    /,
    *,
    unit: str = "share",
    section: str = "Other",
    en: str = "",
    zh: str = "",
    better: str = "neither",
    kind: str = "flow",
):
    """Register a metric: ``@metric`` or ``@metric(unit="days", section=..., en=..., zh=...,
    better="lower")``. Within one evaluation its value is computed once (metrics reuse
    each other, e.g. index_interest uses the adoption rates by age)."""
    if unit not in UNITS or better not in BETTER or kind not in KINDS:
        raise ValueError(
            f"metric: unit must be one of {UNITS}, better one of {BETTER}, kind one of {KINDS}"
        )

    def register(fn: Callable[[MetricContext], float]) -> Callable[[MetricContext], float]:
        name = fn.__name__

        @wraps(fn)
        def once(ctx: MetricContext) -> float:
            if name not in ctx.values:
                ctx.values[name] = fn(ctx)
            return ctx.values[name]

        doc = (fn.__doc__ or "").strip().split("\n\n")[0]
        INFO[name] = MetricInfo(
            name,
            unit,
            section,
            en or name.replace("_", " "),
            zh or en or name,
            " ".join(doc.split()),
            better,
            kind,
        )
        METRICS[name] = once
        return once

    return register(fn) if fn is not None else register


def info(name: str) -> MetricInfo:
    """The registered metadata of a metric (a KeyError names the unknown metric)."""
    return INFO[name]


def by_section(names: list[str] | None = None) -> dict[str, list[str]]:
    """Metric names grouped by section: SECTIONS first in their order, then any new section."""
    groups: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for name in names if names is not None else INFO:
        groups.setdefault(INFO[name].section if name in INFO else "Other", []).append(name)
    return {s: n for s, n in groups.items() if n}
