"""Pieces of the page: KPI cards, the indicator and comparison tables (HTML built from
the metric registry) and :func:`Chart`, which draws a matplotlib chart off the update path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape

import solara

from govsim.dashboard import charts, indicators
from govsim.dashboard.i18n import scenario_label, t
from govsim.dashboard.session import Simulation


def kpi_cards_html(sim: Simulation, lang: str) -> str:
    cards = "".join(
        f'<div class="kpi-card" title="{escape(c.description)}">'
        f'<div class="kpi-label">{escape(c.label)}</div>'
        f'<div class="kpi-value" data-metric="{c.name}" data-unit="{c.unit}">'
        f'{c.text}</div></div>'
        for c in indicators.cards(sim.current(), lang))
    return f'<div class="kpi-grid" data-day="{sim.day}">{cards}</div>'


def _verdict(name: str, a: float, b: float, lang: str) -> str:
    way = indicators.verdict(name, a, b)
    return f' <span class="gs-{way}">({t("kpi." + way, lang)})</span>' if way else ""


def compare_html(a: Simulation, b: Simulation, lang: str) -> str:
    va, vb = a.current(), b.current()
    head = (f'<tr><th>{t("view.metric", lang)}</th>'
            f'<th>{scenario_label(a.scenario.name, lang)}<br><span class="gs-muted">'
            f'{t("view.with_levers", lang) if a.overrides else t("view.as_shipped", lang)}'
            f'</span></th><th>{scenario_label(b.scenario.name, lang)}<br>'
            f'<span class="gs-muted">{t("view.as_shipped", lang)}</span></th>'
            f'<th>{t("view.difference", lang)}</th></tr>')
    rows = "".join(
        f'<tr><td>{escape(indicators.label(n, lang))}</td>'
        f'<td>{indicators.format_value(n, va.get(n), lang)}</td>'
        f'<td>{indicators.format_value(n, vb.get(n), lang)}</td>'
        f'<td class="kpi-diff" data-metric="{n}">'
        f'{indicators.format_difference(n, va.get(n), vb.get(n), lang)}'
        f'{_verdict(n, va.get(n), vb.get(n), lang)}</td></tr>'
        for n in indicators.headline())
    return f'<table class="gs-table compare-table" data-day="{a.day}">{head}{rows}</table>'


def indicators_html(sim: Simulation, other: Simulation | None, lang: str) -> str:
    """Every registered metric, by section: value (and the second run's, and the gap)."""
    va = sim.current()
    vb = other.current() if other is not None else None
    parts = [f'<table class="gs-table all-indicators" data-day="{sim.day}">']
    for section, names in indicators.by_section().items():
        parts.append(f'<tr><th colspan="4">{escape(indicators.section_label(section, lang))}'
                     '</th></tr>')
        for n in names:
            cells = f"<td>{indicators.format_value(n, va.get(n), lang)}</td>"
            if vb is not None:
                cells += (f"<td>{indicators.format_value(n, vb.get(n), lang)}</td>"
                          f"<td>{indicators.format_difference(n, va.get(n), vb.get(n), lang)}"
                          "</td>")
            parts.append(f'<tr data-metric="{n}" data-section="{escape(section)}" '
                         f'title="{escape(indicators.describe(n))}">'
                         f'<td>{escape(indicators.label(n, lang))}</td>{cells}</tr>')
    parts.append("</table>")
    return "".join(parts)


def section_panels(sim: Simulation, section: str, lang: str):
    """The data of one section's chart: (unit, axis label, [(label, values)]) per panel;
    values copied, so a chart drawn later shows this day."""
    return [(p.unit, indicators.unit_label(p.unit, lang),
             [(indicators.label(n, lang), sim.series(n).copy()) for n in p.names
              if n in sim.metric_index])
            for p in indicators.chart_model(section)]


QUIET_SECONDS = 0.15
"""A chart waits this long after the last change before drawing (a burst of clicks draws
once, after it) ..."""
STALE_SECONDS = 1.0
"""... unless its picture is older than this (while playing, about one drawing a second)."""


@solara.component
def Chart(draw: Callable[[], object], key: list, css_class: str, lang: str,
          day: int | None = None) -> None:
    """A matplotlib figure as a PNG, drawn in a thread; the last one stays until the next
    is ready. `draw` returns a Figure; `key` says when to draw again. The image carries
    the classes ``day-N`` and ``lang-xx`` of the day and language it shows (so a reader,
    or a test, can tell a picture still being redrawn from the current one)."""
    last = solara.use_ref(None)
    drawn_at = solara.use_ref(0.0)

    def work(cancel) -> tuple[bytes, float, int | None, str] | None:
        fresh = time.monotonic() - drawn_at.current < STALE_SECONDS
        if last.current is not None and fresh and cancel.wait(QUIET_SECONDS):
            return None  # a newer day came within the quiet time: draw that one instead
        with charts.DRAW_LOCK:  # one drawing at a time; a stale one is skipped
            if cancel.is_set():
                return None
            t0 = time.perf_counter()
            png = charts.to_png(draw())
            drawn_at.current = time.monotonic()
            return png, (time.perf_counter() - t0) * 1000, day, lang

    result = solara.use_thread(work, dependencies=key, intrusive_cancel=False)
    if result.value is not None:
        last.current = result.value
    if last.current is None:
        solara.HTML(tag="div", unsafe_innerHTML=t("view.chart_pending", lang),
                    classes=["gs-muted", css_class + "-pending"])
        return
    png, _ms, shown, shown_lang = last.current
    solara.Image(png, format="png",
                 classes=["chart", css_class, f"day-{shown}", f"lang-{shown_lang}"])
