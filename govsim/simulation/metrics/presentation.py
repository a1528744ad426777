"""How a metric reads to a person: its label (English, 中文) with its unit, and its value
formatted for the command line, reports and the dashboard (the one formatter)."""

from __future__ import annotations

import numpy as np

from govsim.simulation.metrics.registry import INFO, MetricInfo

UNIT_WORDS = {
    "share": "share 0-1",
    "days": "days",
    "hours": "hours",
    "count": "count",
    "index": "index",
    "rate": "rate",
    "yuan_per_year": "yuan/year",
    "yuan_per_event": "yuan per event",
}
UNIT_WORDS_ZH = {
    "share": "比例 0–1",
    "days": "天",
    "hours": "小时",
    "count": "数量",
    "index": "指数",
    "rate": "比率",
    "yuan_per_year": "元/年",
    "yuan_per_event": "元/次",
}
"""The units of :data:`UNIT_WORDS` in 中文, for figures drawn with ``lang="zh"``."""


def label(name: str, lang: str = "en", unit: bool = True) -> str:
    """``"Median days to resolve (days)"``: the metric's label and unit, for axes and tables."""
    meta = INFO.get(name) or MetricInfo(name, en=name, zh=name)
    if lang == "zh":
        return f"{meta.zh}（{UNIT_WORDS_ZH[meta.unit]}）" if unit else meta.zh
    return f"{meta.en} ({UNIT_WORDS[meta.unit]})" if unit else meta.en


VALUE_WORDS = {
    "na": "n/a",
    "days": "days",
    "hours": "h",
    "points": "pts",
    "scale01": "",
    "yuan_per_year": "",
    "yuan_per_event": "",
}
"""The words :func:`format_value` writes for the command line; the dashboard passes its
translations (and "on a 0–1 scale", "yuan/year" beside a value on a card)."""


def is_gap(name: str) -> bool:
    """A share metric that is a difference of two shares (its registered label says
    "a − b", e.g. the digital divide): shown in percentage points, not in %."""
    entry = INFO.get(name)
    return entry is not None and entry.unit == "share" and " − " in entry.en


def display_unit(name: str) -> str:
    """The unit a value is shown in: the registry's, "points" for a gap of two shares."""
    return "points" if is_gap(name) else (INFO[name].unit if name in INFO else "index")


def no_negative_zero(text: str) -> str:
    """ "-0.0" and "−0.00" (a tiny negative rounded away) read as 0."""
    stripped = text.lstrip("+-")
    return stripped if not any(c in "123456789" for c in stripped.split(" ")[0]) else text


def format_value(name: str, value: float | None, words: dict[str, str] | None = None) -> str:
    """A metric's value as the command line and the dashboard show it (the one formatter):
    shares in %, a gap of shares in points, days and hours with one decimal and the unit,
    counts and yuan whole, rates with three significant digits, 0–1 indices with two
    decimals; "n/a" for NaN or None; never "-0". `words` replaces VALUE_WORDS (the
    dashboard's language)."""
    words = {**VALUE_WORDS, **(words or {})}
    if value is None or value != value:
        return words["na"]
    unit = display_unit(name)
    if unit == "share":
        text = f"{value * 100:.1f} %"
    elif unit in ("points", "days", "hours"):
        scale = 100 if unit == "points" else 1
        text = f"{value * scale:.1f} {words[unit]}"
    elif unit in ("count", "yuan_per_year", "yuan_per_event"):
        text = f"{value:,.0f} {words.get(unit, '')}"
    elif unit == "rate":
        text = f"{value:.3g}"
    else:
        text = f"{value:.2f} {words['scale01']}"
    return no_negative_zero(text.strip())


def format_number(x: object) -> str:
    """A number in a printed table or figure, never in e-notation (issue 29: yuan read as
    yuan): 3.08 M from a million up, whole with thousands separators from 10,000 (52,340),
    else four significant digits; "n/a" for NaN; anything else as ``str``."""
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        return str(x)
    x = float(x)
    if x != x:
        return "n/a"
    if abs(x) >= 1e6:
        return f"{x / 1e6:.3g} M"
    if abs(x) >= 1e4:
        return f"{x:,.0f}"
    return no_negative_zero(f"{x:.4g}")
