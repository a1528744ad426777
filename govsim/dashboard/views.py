"""What the dashboard shows, as plain data and SVG strings: KPI text, daily series,
where cases go, and two runs side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np

from govsim.dashboard.i18n import t
from govsim.state import Channel, SimState, Status

CHANNELS = ("online", "offline", "patrol", "unreported")
DESTINATIONS = ("government", "social_group", "awaiting", "waiting", "lapsed")
DESTINATION_COLOURS = {"government": "#3182bd", "social_group": "#31a354",
                       "awaiting": "#fdae6b", "waiting": "#bdbdbd", "lapsed": "#de2d26"}
SERIES_COLOURS = ("#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363")


def format_kpi(name: str, value: float, lang: str) -> str:
    """A metric value for a card: shares as %, the divide in points, days with a unit."""
    if value != value:
        return t("na", lang)
    if name == "digital_divide":
        return f"{value * 100:+.1f} {t('unit.points', lang)}"
    if "days" in name:
        return f"{value:.1f} {t('unit.days', lang)}"
    if name in ("backlog", "issues_raised"):
        return f"{value:,.0f}"
    return f"{value:.1%}"


def format_difference(name: str, a: float, b: float, lang: str) -> str:
    """b − a in the metric's unit (percentage points for shares)."""
    if a != a or b != b:
        return t("na", lang)
    d = b - a
    if "days" in name:
        return f"{d:+.1f} {t('unit.days', lang)}"
    if name in ("backlog", "issues_raised"):
        return f"{d:+,.0f}"
    return f"{d * 100:+.1f} {t('unit.points', lang)}"


def case_flow(state: SimState) -> dict[str, dict[str, int]]:
    """All cases so far: channel (how the case reached the system) → destination.

    Destinations: the government department or social group it was dispatched
    to; "awaiting" (reported, not yet dispatched); "waiting" (not reported,
    the resident still waits); "lapsed" (never reported, given up).
    Every case is counted exactly once.
    """
    c = state.cases
    is_government = np.array([r.is_government for r in state.responders] or [True])
    channel, responder, status = c.channel, c.responder, c.status
    dispatched = responder >= 0
    gov = np.zeros(len(responder), dtype=bool)
    gov[dispatched] = is_government[responder[dispatched]]
    destination = {
        "government": dispatched & gov,
        "social_group": dispatched & ~gov,
        "awaiting": ~dispatched & (channel >= 0),
        "waiting": ~dispatched & (channel < 0) & (status != Status.LAPSED),
        "lapsed": ~dispatched & (channel < 0) & (status == Status.LAPSED),
    }
    rows = {"online": channel == Channel.ONLINE, "offline": channel == Channel.OFFLINE,
            "patrol": channel == Channel.PATROL, "unreported": channel < 0}
    return {row: {dest: int((rmask & dmask).sum()) for dest, dmask in destination.items()}
            for row, rmask in rows.items()}


def flow_svg(flow: dict[str, dict[str, int]], lang: str) -> str:
    """Stacked horizontal bars: one per channel, coloured by destination, with a legend."""
    width, label_w, bar_h, gap = 520, 120, 22, 8
    total = max(sum(sum(r.values()) for r in flow.values()), 1)
    scale = (width - label_w - 70) / total
    height = len(CHANNELS) * (bar_h + gap) + 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" class="case-flow">']
    for i, row in enumerate(CHANNELS):
        y = i * (bar_h + gap) + 4
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
                     f'{escape(t("flow." + row, lang))}</text>')
        x = float(label_w)
        for dest in DESTINATIONS:
            n = flow[row][dest]
            if n:
                w = n * scale
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                             f'fill="{DESTINATION_COLOURS[dest]}"><title>'
                             f'{escape(t("flow." + row, lang))} → '
                             f'{escape(t("flow." + dest, lang))}: {n:,}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}" font-size="11" fill="#555">'
                     f'{sum(flow[row].values()):,}</text>')
    legend_top = len(CHANNELS) * (bar_h + gap) + 10
    for i, dest in enumerate(DESTINATIONS):  # two rows of three
        x, y = 8 + (i % 3) * 170, legend_top + (i // 3) * 18
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" '
                     f'fill="{DESTINATION_COLOURS[dest]}"/><text x="{x + 14}" y="{y + 9}" '
                     f'font-size="11">{escape(t("flow." + dest, lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def series_svg(series: Sequence[tuple[str, np.ndarray]], days: int,
               y_max: float | None = None, y_format: str = "{:.0%}") -> str:
    """A small line chart: (label, values for days 0…d-1) pairs on a 0…days axis."""
    width, height, left, right, top, bottom = 520, 190, 44, 8, 8, 44
    finite = [v[np.isfinite(v)] for _, v in series]
    top_value = y_max if y_max is not None else max(
        [float(f.max()) for f in finite if len(f)] + [1e-9]) * 1.1
    sx = (width - left - right) / max(days - 1, 1)
    sy = (height - top - bottom) / top_value
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" class="series">']
    for frac in (0.0, 0.5, 1.0):
        y = height - bottom - frac * top_value * sy
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{left - 4}" y="{y + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{y_format.format(frac * top_value)}</text>')
    base = height - bottom
    parts.append(f'<text x="{left}" y="{base + 13}" font-size="10">0</text>'
                 f'<text x="{width - right}" y="{base + 13}" font-size="10" '
                 f'text-anchor="end">{days}</text>')
    for k, (label, values) in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        points = " ".join(f"{d * sx + left:.1f},{base - v * sy:.1f}"
                          for d, v in enumerate(values) if v == v)
        if points:
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                         f'stroke-width="1.8"/>')
        x = left + k * (width - left) / max(len(series), 1)
        parts.append(f'<rect x="{x:.0f}" y="{height - 16}" width="12" height="3" '
                     f'fill="{colour}"/><text x="{x + 16:.0f}" y="{height - 11}" '
                     f'font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
