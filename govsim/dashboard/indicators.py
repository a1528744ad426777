"""What the dashboard shows of each metric, read from the one registry (``metrics.INFO``).

A metric's label (EN/中文), unit, section and which way is better come from its
``@metric(...)`` decorator; nothing here knows a metric by name except the
choice of headline cards. A metric added to :mod:`govsim.simulation.metrics` therefore
appears, correctly labelled and formatted, in the "every indicator" table, the
comparison and the daily series of its section, with no edit to the dashboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govsim.dashboard import wording
from govsim.dashboard.i18n import TEXT, t
from govsim.simulation import metrics

HEADLINE = (
    "participation_rate",
    "adoption_rate",
    "digital_divide",
    "response_within_24h",
    "mean_days_to_resolve",
    "median_days_to_resolve",
    "satisfaction",
    "trust_government",
)
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


def describe(name: str, lang: str = "en") -> str:
    """The hover text of a metric: its docstring without paper codes (English); in Chinese a
    translation where the dashboard has one, else label, unit and which way is better."""
    entry = info(name)
    if lang == "en":
        return wording.metric_hover(name, entry.description, _quoted_label)
    known = TEXT.get(f"desc.{name}")
    if known:
        return known["zh"]
    way = {"higher": t("kpi.higher_better", lang), "lower": t("kpi.lower_better", lang)}
    return "；".join(
        x
        for x in (
            label(name, lang),
            unit_label(display_unit(name), lang),
            way.get(entry.better, ""),
        )
        if x
    )


def _quoted_label(name: str) -> str | None:
    """A metric named in another's docstring, as the page calls it: “its label”."""
    return f"“{label(name, 'en')}”" if name in metrics.INFO else None


MINUS = "\u2212"
"""The page's one minus sign (U+2212, as matplotlib's axes and "right − left" have it); the
CSVs keep ASCII '-' (data for scripts)."""


def minus(text: str) -> str:
    """`text` with each hyphen-minus before a number as the minus sign U+2212."""
    return re.sub(r"-(?=[\d.])", MINUS, text)


def _no_negative_zero(text: str) -> str:
    return minus(metrics.no_negative_zero(text))


is_gap = metrics.is_gap
display_unit = metrics.display_unit


def value_words(lang: str) -> dict[str, str]:
    """The words of :func:`govsim.simulation.metrics.format_value` in `lang`."""
    return {
        "na": t("na", lang),
        "days": t("unit.days", lang),
        "hours": t("unit.hours", lang),
        "points": t("unit.points", lang),
        "scale01": t("unit.scale01", lang),
        "yuan_per_year": t("unit_axis.yuan_per_year", lang),
        "yuan_per_event": t("unit_axis.yuan_per_event", lang),
    }


def format_value(name: str, value: float | None, lang: str) -> str:
    """:func:`govsim.simulation.metrics.format_value` with the words of `lang` and the
    page's minus sign."""
    return minus(metrics.format_value(name, value, value_words(lang)))


def format_unit(unit: str, value: float, lang: str) -> str:
    """A value of a chart's panel unit (hover text)."""
    if value != value:
        return t("na", lang)
    if unit == "share":
        return _no_negative_zero(f"{value * 100:.1f}") + " %"
    if unit in ("days", "hours"):
        return _no_negative_zero(f"{value:.1f}") + f" {t('unit.' + unit, lang)}"
    if unit == "count":
        return _no_negative_zero(f"{value:,.0f}")
    return _no_negative_zero(f"{value:.2f}")


def format_spread(name: str, sd: float, lang: str) -> str:
    """± the seed-to-seed spread in the value's unit ("± 1.3 pts" for shares)."""
    if sd != sd:
        return ""
    unit = display_unit(name)
    if unit in ("share", "points"):
        return f"± {sd * 100:.1f} {t('unit.points', lang)}"  # sd >= 0: no minus
    if unit in ("days", "hours"):
        return f"± {sd:.1f} {t('unit.' + unit, lang)}"
    if unit == "count":
        return f"± {sd:,.0f}"
    return f"± {sd:.2f}"


def format_difference(name: str, a: float | None, b: float | None, lang: str) -> str:
    """b − a in the metric's unit (percentage points for shares); 0 without a sign."""
    if a is None or b is None or a != a or b != b:
        return t("na", lang)
    d, unit = b - a, info(name).unit
    if unit == "share":
        text = f"{d * 100:+.1f} {t('unit.points', lang)}"
    elif unit in ("days", "hours"):
        text = f"{d:+.1f} {t('unit.' + unit, lang)}"
    elif unit == "count":
        text = f"{d:+,.0f}"
    else:
        text = f"{d:+.2f}"
    return _no_negative_zero(text)


SHOWN_RESOLUTION = {"share": 0.0005, "days": 0.05, "hours": 0.05, "count": 0.5, "index": 0.005}
"""Half the last digit shown per unit: a smaller gap reads as 0 and gets no verdict."""


def verdict(name: str, a: float | None, b: float | None, spread: float | None = None) -> str:
    """ "better", "worse" or "" for b against a, from the metric's ``better=``.

    Only when the gap is larger than `spread`, the seed-to-seed spread (standard deviation
    over replicate seeds, :mod:`govsim.dashboard.replicates`): without an estimate of the
    spread (`spread` None or NaN) there is no verdict, since one seed cannot tell a lever's
    effect from chance. Never for a gap below what the table shows."""
    entry = info(name)
    if entry.better == "neither" or a is None or b is None or a != a or b != b:
        return ""
    if spread is None or spread != spread:
        return ""
    if abs(b - a) < SHOWN_RESOLUTION.get(entry.unit, 0.0) or abs(b - a) <= spread:
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
    return [
        Card(
            n,
            label(n, lang),
            format_value(n, values.get(n), lang),
            display_unit(n),
            info(n).section,
            describe(n, lang),
        )
        for n in (headline() if names is None else names)
        if n in metrics.INFO
    ]


def sections() -> list[str]:
    """Metric sections in registry order (first appearance)."""
    return list(dict.fromkeys(entry.section for entry in metrics.INFO.values()))


def section_label(section: str, lang: str) -> str:
    """A section's name in `lang`; a section without a translation shows as registered."""
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
