"""The chart beside the map: a section's daily series (zoomed to a preset or a range of
days) or where cases go; one chart at a time, since each costs more to draw than the
model's day. Layout of a :class:`~govsim.dashboard.controller.Dashboard`."""

from __future__ import annotations

import threading
import time
from functools import partial

import solara

from govsim.dashboard import charts, indicators, series_spec, views, widgets
from govsim.dashboard.controller import Dashboard
from govsim.dashboard.i18n import t
from govsim.dashboard.parts import Heading, guarded
from govsim.dashboard.vega import VegaView
from govsim.dashboard.widgets import Chart


def series_tag(panels) -> str:
    """What a series chart shows besides the run: "runs-2" with a comparison (dashed lines),
    "bands" with replicates; a class of the image, and part of when to draw again."""
    lines = [line for _, _, group in panels or () for line in group]
    two = any(len(line) > 3 and line[3] for line in lines)
    bands = any(len(line) > 4 and line[4] is not None for line in lines)
    return f"runs-{2 if two else 1}" + (" bands" if bands else "")


def zoom_range(zoom: str | tuple[int, int], day: int, end: int) -> tuple[int, int]:
    """The days a series chart shows: a preset follows the run (`end`: the axis's right end
    as the run grows), a (first, last) pair from the range slider is kept as chosen within
    the days already run (a link or a restart may ask for days not run yet)."""
    if isinstance(zoom, tuple):
        last = min(zoom[1], max(day, 1))
        return min(zoom[0], last - 1), last
    back = {"all": None, "last90": 90, "last30": 30}[zoom]
    return (0 if back is None else max(day - back, 0)), end


@solara.component
def RightCharts(ctl: Dashboard, panels, now: tuple) -> None:
    """The daily series of a section, or where cases go."""
    L = ctl.lang
    choices = {t("view.series", L): "series", t("view.flow", L): "flow"}
    solara.ToggleButtonsSingle(
        value=t("view." + ctl.view.chart, L),
        values=list(choices),
        on_value=guarded(lambda v: ctl.set_view(chart=choices[v]), ctl.report, L),
        classes=["chart-toggle"],
    )
    if ctl.view.chart == "flow":
        FlowChart(ctl, now)
    else:
        SeriesChart(ctl, panels, now)


@solara.component
def FlowChart(ctl: Dashboard, now: tuple) -> None:
    sim, L = ctl.sim, ctl.lang
    flow = views.case_flow(sim.model.state)
    total = f'<span class="case-flow-total">{sim.model.state.cases.n:,}</span>'
    Heading(f"{t('view.flow', L)} · {t('view.cases_total', L, total)}")
    Chart(
        partial(
            charts.flow_figure,
            flow,
            {c: t("flow." + c, L) for c in views.CHANNELS},
            {d: t("flow." + d, L) for d in views.DESTINATIONS},
        ),
        [sim, sim.day, L],
        "flow-chart",
        L,
        sim.day,
        run=id(sim),
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("view.flow_help", L), classes=["gs-muted"])


@solara.component
def SeriesChart(ctl: Dashboard, panels, now: tuple) -> None:
    """A section's series; zoom: a preset that follows the run (all, the last 90 or 30
    days) or a fixed range of days chosen on the range slider (the chart is redrawn)."""
    sim, L, zoom = ctl.sim, ctl.lang, ctl.view.zoom
    G = partial(guarded, report=ctl.report, lang=L)
    section = ctl.view.section or indicators.default_section()
    events = views.events(sim.scenario, L)
    names = {indicators.section_label(s, L): s for s in indicators.sections()}
    solara.Select(
        label=t("ctl.section", L),
        values=list(names),
        value=indicators.section_label(section, L),
        on_value=G(lambda v: ctl.set_view(section=names[v])),
        classes=["select-section"],
    )
    preset = zoom if isinstance(zoom, str) else None
    first, last = zoom_range(zoom, sim.day, charts.shown_days(sim.days, panels, events))
    zooms = {t("zoom." + z, L): z for z in ("all", "last90", "last30")}
    solara.ToggleButtonsSingle(
        value=t("zoom." + preset, L) if preset else None,
        values=list(zooms),
        on_value=G(lambda v: ctl.set_view(zoom=zooms[v]) if v else None),
        classes=["zoom-toggle"],
        mandatory=False,
    )
    low, high = ctl.zoom_days()  # the slider reaches the days already run, no further
    shown = zoom_range((first, last), high, high)
    with solara.Div(classes=["zoom-range"]):
        solara.SliderRangeInt(
            f"{t('view.zoom', L)}: {shown[0]}–{shown[1]}",
            value=shown,
            min=low,
            max=high,
            on_value=G(
                lambda v: ctl.set_view(zoom=(int(v[0]), int(v[1]))) if v[1] > v[0] else None
            ),
        )
    SeriesHelp(events, series_tag(panels), L)
    SeriesView(panels, events, L, (first, last), sim.day)


@solara.component
def SeriesView(panels, events, lang: str, days: tuple[int, int], day: int) -> None:
    """The series drawn in the browser (:mod:`govsim.dashboard.series_spec`): a new spec
    when the section, the language or what is drawn changes; otherwise only the data (the
    next day, the days shown), which keeps the reader's own zoom, pan and legend choices.
    The data follow a burst of clicks as a picture did (:func:`use_quiet`): drawing them
    costs the browser more than the cards, on the same CPU."""
    runs = (t("view.run_main", lang), t("view.run_other", lang))
    shape = repr([(unit, label, len(lines)) for unit, label, lines in panels or ()])
    tag = series_tag(panels)
    words = {"days": t("unit.days", lang), "hours": t("unit.hours", lang), "na": t("na", lang)}
    labels = {"day": t("view.day_axis", lang), "runs": runs, "words": words}
    look = [shape, repr(events), lang, tag, _empty(panels)]
    spec = solara.use_memo(
        lambda: series_spec.series_spec(panels or [], events, labels, *days), look
    )
    values = use_quiet(
        lambda: series_spec.series_data(panels or [], runs, day, days), [day, days], look
    )
    shown = values["day"]
    classes = ["series-chart", f"day-{shown}", f"lang-{lang}", *tag.split()]
    with solara.Div(classes=["chart-box", *classes, f"x-{values['x'][0]}-{values['x'][1]}"]):
        VegaView.element(spec=spec, values=values)


def use_quiet(make, key: list, look: list):
    """`make()` at once when `look` (what the chart looks like) changed or nothing was
    made yet; for a new `key` (a day) in a thread, once the key has been still for
    widgets.QUIET_SECONDS, or at once if the last was made more than
    widgets.STALE_SECONDS ago (while playing: about once a second). Meanwhile the last
    made is used. Only a new value re-renders (a plain thread, as widgets.Chart)."""
    made, set_made = solara.use_state(None)
    current, adopted, at = solara.use_ref(None), solara.use_ref(None), solara.use_ref(0.0)
    if made is not None and made is not adopted.current:
        adopted.current = current.current = made
    if current.current is None or current.current[0] != look:
        current.current = (look, key, make())
        at.current = time.monotonic()
    up_to_date = current.current[1] == key

    def start():
        if up_to_date:
            return None
        cancel = threading.Event()

        def run() -> None:
            fresh = time.monotonic() - at.current < widgets.STALE_SECONDS
            if (fresh and cancel.wait(widgets.QUIET_SECONDS)) or cancel.is_set():
                return  # a newer day came within the quiet time: that one is sent
            value = make()
            if not cancel.is_set():
                at.current = time.monotonic()
                set_made((look, key, value))

        threading.Thread(target=run, daemon=True).start()
        return cancel.set

    solara.use_effect(start, key + look)
    return current.current[2]


def _empty(panels) -> bool:
    """No value yet (day 0): the y axes are a fixed 0–1 frame until the first day."""
    return not any(len(line[1]) for _, _, lines in panels or () for line in lines)


def SeriesHelp(events, tag: str, lang: str) -> None:
    """How to read the series chart: hover, the comparison's dashes, the events."""
    text = t("view.series_help", lang) + " " + t("view.hover_help", lang)
    if "runs-2" in tag:
        text += " " + t("view.dashed", lang)
    if events:
        dated = "; ".join(  # days as the chart counts them (day k of the file: day k + 1)
            f"{name}: {first + 1}–{first + days}" for first, days, _, name in events
        )
        text += " " + t("view.events", lang, dated)
    solara.HTML(tag="div", unsafe_innerHTML=text, classes=["gs-muted", "series-help"])
