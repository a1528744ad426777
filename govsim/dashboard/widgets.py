"""Pieces of the page: KPI cards, the indicator and comparison tables (HTML built from
the metric registry) and :func:`Chart`, which draws a matplotlib chart off the update path.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from html import escape

import numpy as np
import solara

from govsim.dashboard import charts, indicators
from govsim.dashboard.i18n import scenario_label, t
from govsim.dashboard.replicates import mean_spread, pooled_spread
from govsim.dashboard.session import Simulation

nan = float("nan")


def _value_html(name: str, value: float | None, lang: str) -> str:
    """A value with its unit in a smaller span ("45.2 <span>%</span>")."""
    text = indicators.format_value(name, value, lang)
    number, _, unit = text.partition(" ")
    return f'{escape(number)} <span class="kpi-unit">{escape(unit)}</span>' if unit else text


def kpi_cards_html(sim: Simulation, lang: str, replicates: dict | None = None) -> str:
    """The headline cards: the shown run's value, or with replicates (metric → values over
    seeds) their mean and the seed-to-seed spread."""
    values = sim.current()
    parts = []
    for c in indicators.cards(values, lang):
        value, spread = values.get(c.name), ""
        if replicates and c.name in replicates:
            value, sd = mean_spread(replicates[c.name])
            spread = (
                f' <span class="kpi-spread" data-sd="{sd!r}">'
                f"{escape(indicators.format_spread(c.name, sd, lang))}</span>"
            )
        parts.append(
            f'<div class="kpi-card" title="{escape(c.description)}">'
            f'<div class="kpi-label">{escape(c.label)}</div>'
            f'<div class="kpi-value" data-metric="{c.name}" data-unit="{c.unit}" '
            f'data-value="{value!r}">{_value_html(c.name, value, lang)}{spread}</div></div>'
        )
    return f'<div class="kpi-grid" data-day="{sim.day}">{"".join(parts)}</div>'


def _verdict(name: str, a: float, b: float, spread: float | None, lang: str) -> str:
    way = indicators.verdict(name, a, b, spread)
    return f' <span class="gs-{way}">({t("kpi." + way, lang)})</span>' if way else ""


def _means_and_spread(reps: dict | None, key: str, values: dict[str, float]):
    """(metric → value, metric → seed-to-seed sd): means over replicates when they are
    ready, else the single run's values and no spread."""
    if reps and key in reps:
        pairs = {n: mean_spread(v) for n, v in reps[key].items()}
        return {n: m for n, (m, _) in pairs.items()}, {n: s for n, (_, s) in pairs.items()}
    return values, {}


def compare_html(a: Simulation, b: Simulation, lang: str, reps: dict | None = None) -> str:
    """The headline indicators of both runs (means over seeds when replicates are ready),
    the difference, and "better"/"worse" only where it exceeds the seed-to-seed spread."""
    va, sa = _means_and_spread(reps, "main", a.current())
    vb, sb = _means_and_spread(reps, "other", b.current())
    head = (
        f"<tr><th>{t('view.metric', lang)}</th>"
        f'<th>{scenario_label(a.scenario.name, lang)}<br><span class="gs-muted">'
        f"{t('view.with_levers', lang) if a.overrides else t('view.as_shipped', lang)}"
        f"</span></th><th>{scenario_label(b.scenario.name, lang)}<br>"
        f'<span class="gs-muted">{t("view.as_shipped", lang)}</span></th>'
        f"<th>{t('view.difference', lang)}</th></tr>"
    )
    rows = "".join(
        f"<tr><td>{escape(indicators.label(n, lang))}</td>"
        f"<td>{indicators.format_value(n, va.get(n), lang)}</td>"
        f"<td>{indicators.format_value(n, vb.get(n), lang)}</td>"
        f'<td class="kpi-diff" data-metric="{n}">'
        f"{indicators.format_difference(n, va.get(n), vb.get(n), lang)}"
        f"{_verdict(n, va.get(n), vb.get(n), pooled_spread(sa.get(n, nan), sb.get(n, nan)), lang)}"  # noqa: E501
        f"</td></tr>"
        for n in indicators.headline()
    )
    rule = t("kpi.verdict_rule", lang, reps["k"]) if sa and sb else t("kpi.no_verdict", lang)
    return (
        f'<table class="gs-table compare-table" data-day="{a.day}" '
        f'data-other-day="{b.day}">{head}{rows}</table>'
        f'<div class="gs-muted verdict-rule">{rule}</div>'
    )


def whole_label(day: int, lang: str) -> str:
    """The "whole run" column's head: the days it covers are those "Day N" counts, 1 to N
    (the CSV's days; day 0 is the state before the first step)."""
    return t("kpi.whole", lang, day) if day else t("kpi.whole_none", lang)


def indicators_html(
    sim: Simulation, other: Simulation | None, lang: str, reps: dict | None = None
) -> str:
    """Every registered metric, by section, with column headers: last 30 days, the whole
    run so far (what `govsim run … --days DAY` prints), and the second run and the gap."""
    va = sim.current()
    whole = sim.whole_run()
    vb = other.current() if other is not None else None
    head = (
        f"<th>{t('view.metric', lang)}</th><th>{t('kpi.window', lang)}</th>"
        f"<th>{whole_label(sim.day, lang)}</th>"
    )
    if vb is not None:
        head += (
            f"<th>{t('view.run_other', lang)} ({t('kpi.window', lang)})</th>"
            f"<th>{t('view.difference', lang)}</th>"
        )
    columns = 5 if vb is not None else 3
    parts = [
        f'<table class="gs-table all-indicators" data-day="{sim.day}">'
        f"<thead><tr>{head}</tr></thead><tbody>"
    ]
    for section, names in indicators.by_section().items():
        parts.append(
            f'<tr><th class="section" colspan="{columns}">'
            f"{escape(indicators.section_label(section, lang))}</th></tr>"
        )
        for n in names:
            cells = (
                f"<td>{indicators.format_value(n, va.get(n), lang)}</td>"
                f'<td class="whole" data-value="{whole.get(n)!r}">'
                f"{indicators.format_value(n, whole.get(n), lang)}</td>"
            )
            if vb is not None:
                cells += (
                    f"<td>{indicators.format_value(n, vb.get(n), lang)}</td>"
                    f"<td>{indicators.format_difference(n, va.get(n), vb.get(n), lang)}"
                    "</td>"
                )
            parts.append(
                f'<tr data-metric="{n}" data-section="{escape(section)}" '
                f'title="{escape(indicators.describe(n, lang))}">'
                f"<td>{escape(indicators.label(n, lang))}</td>{cells}</tr>"
            )
    parts.append("</tbody></table>")
    return "".join(parts)


def section_panels(
    sim: Simulation,
    section: str,
    lang: str,
    other: Simulation | None = None,
    reps: dict | None = None,
):
    """The data of one section's chart: (unit, axis label, [(label, values, colour, dashed,
    band)]) per panel; the comparison run dashed in the same colour, replicates as a band
    (lowest to highest seed); values copied, so a chart drawn later shows this day."""
    panels = []
    compared = other is not None and isinstance(other, Simulation)
    for p in indicators.chart_model(section):
        lines = []
        for c, n in enumerate(m for m in p.names if m in sim.metric_index):
            name = indicators.label(n, lang)
            band = _band(reps, "main_series", n, sim.day)
            lines.append((name, sim.series(n).copy(), c, False, band))
            if compared:
                lines.append(
                    (
                        f"{name} · {t('view.run_other', lang)}",
                        other.series(n)[: sim.day].copy(),
                        c,
                        True,
                        _band(reps, "other_series", n, sim.day),
                    )
                )
        panels.append((p.unit, indicators.unit_label(p.unit, lang), lines))
    return panels


def _band(reps: dict | None, key: str, name: str, day: int):
    group = (reps or {}).get(key)
    if group is None:
        return None
    values = group.series(name, day)
    if values.size == 0 or values.shape[1] != day:
        return None
    # lowest and highest seed per day, NaN where no seed has a value (np.nanmin would warn
    # "All-NaN slice", an exception in a render under `-W error`)
    finite = np.isfinite(values)
    known = finite.any(axis=0)
    low = np.where(finite, values, np.inf).min(axis=0)
    high = np.where(finite, values, -np.inf).max(axis=0)
    return np.where(known, low, np.nan), np.where(known, high, np.nan)


QUIET_SECONDS = 0.15
"""A chart waits this long after the last change before drawing (a burst of clicks draws
once, after it) ..."""
STALE_SECONDS = 1.0
"""... unless its picture is older than this (while playing, about one drawing a second)."""


@solara.component
def Chart(
    draw: Callable[[], object],
    key: list,
    css_class: str,
    lang: str,
    day: int | None = None,
    run: int | None = None,
    hover: Callable[[object], str] | None = None,
    tag: str = "",
) -> None:
    """A matplotlib figure as a PNG, drawn in the drawing process (charts.draw_apart,
    waited for in a thread); the last one stays until the next is ready, unless it shows
    another run (`run`: a rebuilt model shows "drawing…", never the old run). `draw`
    returns a Figure; `key` says when to draw again; `hover(figure)` returns an SVG layer
    of tooltips laid over the picture (both sent to the drawing process: partials of
    module-level functions with plain data, never lambdas or the model); `tag` is one
    more class of the image (what else it shows, e.g. ``runs-2``). The image carries the
    classes ``day-N`` and ``lang-xx`` of the day and language it shows (so a reader, or a
    test, can tell a picture still being redrawn from the current one)."""
    last = solara.use_ref(None)
    drawn_at = solara.use_ref(0.0)

    def work(cancel):
        fresh = time.monotonic() - drawn_at.current < STALE_SECONDS
        if last.current is not None and fresh and cancel.wait(QUIET_SECONDS):
            return None  # a newer day came within the quiet time: draw that one instead
        with charts.DRAW_LOCK:  # one drawing at a time; a stale one is skipped
            if cancel.is_set():
                return None
            t0 = time.perf_counter()
            png, layer = charts.draw_apart(draw, hover)
            drawn_at.current = time.monotonic()
            return png, (time.perf_counter() - t0) * 1000, day, lang, run, layer, tag

    drawn, set_drawn = solara.use_state(None)

    def start():
        """A plain thread, not solara.use_thread: that one sets its state when it starts,
        runs, finishes or is cancelled, and each setting re-renders the whole page (reacton
        reconsolidates from the root): about one extra render per click. Here only a new
        picture re-renders."""
        cancel = threading.Event()

        def run() -> None:
            picture = work(cancel)
            if picture is not None and not cancel.is_set():
                set_drawn(picture)

        threading.Thread(target=run, daemon=True).start()
        return cancel.set

    solara.use_effect(start, key)
    if drawn is not None:
        last.current = drawn
    if last.current is None or last.current[4] != run:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("view.chart_pending", lang),
            classes=["gs-muted", css_class + "-pending"],
        )
        return
    png, _ms, shown, shown_lang, _run, layer, shown_tag = last.current
    # the PNG as an image widget (sent as binary, cheap for the browser to swap), the
    # tooltips as a separate layer over it
    with solara.Div(classes=["chart-box"]):
        solara.Image(
            png,
            format="png",
            classes=["chart", css_class, f"day-{shown}", f"lang-{shown_lang}", *shown_tag.split()],
        )
        if layer:
            solara.HTML(tag="div", unsafe_innerHTML=layer, classes=["chart-hover-box"])
