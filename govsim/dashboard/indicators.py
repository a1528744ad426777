"""What the dashboard shows of each metric, read from the one registry (``metrics.INFO``).

A metric's label (EN/中文), unit, section and which way is better come from its
``@metric(...)`` decorator; nothing here knows a metric by name except the
choice of headline cards. A metric added to :mod:`govsim.simulation.metrics` therefore
appears, correctly labelled and formatted, in the "every indicator" table, the
comparison and the daily series of its section, with no edit to the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.dashboard.i18n import t
from govsim.simulation import metrics

HEADLINE = ("participation_rate", "adoption_rate", "digital_divide", "response_within_24h",
            "mean_days_to_resolve", "median_days_to_resolve", "satisfaction", "trust_government")
"""The KPI cards, in display order; a name the registry does not (yet) have is left out."""

DEFAULT_SECTION_METRIC = "backlog"
"""The daily series open on the section holding this metric (responsiveness)."""


def info(name: str) -> metrics.MetricInfo:
    return metrics.INFO[name]


def headline() -> list[str]:
    """The KPI cards that exist in the registry, in display order."""
    return [name for name in HEADLINE if name in metrics.INFO]


def label(name: str, lang: str) -> str:
    """The metric's label in `lang` from its decorator (``en=``/``zh=``)."""
    entry = info(name)
    return (entry.zh if lang == "zh" else entry.en) or name


def describe(name: str) -> str:
    return info(name).description


def format_value(name: str, value: float | None, lang: str) -> str:
    """A value in its unit: shares in %, days and hours with the unit, counts whole,
    indices with two decimals; "n/a" for NaN or None."""
    if value is None or value != value:
        return t("na", lang)
    unit = info(name).unit
    if unit == "share":
        return f"{value:.1%}"
    if unit in ("days", "hours"):
        return f"{value:.1f} {t('unit.' + unit, lang)}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def format_difference(name: str, a: float | None, b: float | None, lang: str) -> str:
    """b − a in the metric's unit (percentage points for shares)."""
    if a is None or b is None or a != a or b != b:
        return t("na", lang)
    d, unit = b - a, info(name).unit
    if unit == "share":
        return f"{d * 100:+.1f} {t('unit.points', lang)}"
    if unit in ("days", "hours"):
        return f"{d:+.1f} {t('unit.' + unit, lang)}"
    if unit == "count":
        return f"{d:+,.0f}"
    return f"{d:+.2f}"


SHOWN_RESOLUTION = {"share": 0.0005, "days": 0.05, "hours": 0.05, "count": 0.5, "index": 0.005}
"""Half the last digit shown per unit: a smaller gap reads as 0 and gets no verdict."""


def verdict(name: str, a: float | None, b: float | None) -> str:
    """"better", "worse" or "" for b against a, from the metric's ``better=``; "" when the
    gap is below what the table shows."""
    entry = info(name)
    if entry.better == "neither" or a is None or b is None or a != a or b != b:
        return ""
    if abs(b - a) < SHOWN_RESOLUTION.get(entry.unit, 0.0):
        return ""
    return "better" if (b > a) == (entry.better == "higher") else "worse"


@dataclass(frozen=True)
class Card:
    name: str
    label: str
    text: str
    unit: str
    section: str
    description: str


def cards(values: dict[str, float], lang: str, names: list[str] | None = None) -> list[Card]:
    """One card per metric (the headline cards unless `names` says which)."""
    return [Card(n, label(n, lang), format_value(n, values.get(n), lang), info(n).unit,
                 info(n).section, describe(n))
            for n in (headline() if names is None else names) if n in metrics.INFO]


def sections() -> list[str]:
    """Metric sections in registry order (first appearance)."""
    return list(dict.fromkeys(entry.section for entry in metrics.INFO.values()))


def section_label(section: str, lang: str) -> str:
    """A section's name in `lang`; a section without a translation shows as registered."""
    from govsim.dashboard.i18n import TEXT
    entry = TEXT.get(f"section.{section}")
    return entry[lang] if entry else section


def by_section() -> dict[str, list[str]]:
    """Every registered metric, grouped by its section."""
    out: dict[str, list[str]] = {s: [] for s in sections()}
    for name, entry in metrics.INFO.items():
        out[entry.section].append(name)
    return out


def default_section() -> str:
    known = metrics.INFO.get(DEFAULT_SECTION_METRIC)
    return known.section if known else sections()[0]


@dataclass(frozen=True)
class Panel:
    """One axis of a daily-series chart: the metrics of one section that share a unit."""

    unit: str
    names: tuple[str, ...]


def chart_model(section: str) -> list[Panel]:
    """The daily series of a section: one panel per unit, each metric a line."""
    names = by_section().get(section, [])
    units = list(dict.fromkeys(info(n).unit for n in names))
    return [Panel(u, tuple(n for n in names if info(n).unit == u)) for u in units]


def unit_label(unit: str, lang: str) -> str:
    return t("unit_axis." + unit, lang)
