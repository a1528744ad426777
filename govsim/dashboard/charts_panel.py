"""The chart beside the map: a section's daily series (zoomed to a preset or a range of
days) or where cases go; one chart at a time, since each costs more to draw than the
model's day. Layout of a :class:`~govsim.dashboard.controller.Dashboard`."""

from __future__ import annotations

from functools import partial

import solara

from govsim.dashboard import charts, indicators, series_spec, views
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
    when the section, the zoom, the language or what is drawn changes; otherwise only the
    data (the next day), which keeps the reader's own zoom, pan and legend choices."""
    runs = (t("view.run_main", lang), t("view.run_other", lang))
    shape = [(unit, label, len(lines)) for unit, label, lines in panels or ()]
    tag = series_tag(panels)
    words = {"days": t("unit.days", lang), "hours": t("unit.hours", lang), "na": t("na", lang)}
    labels = {"day": t("view.day_axis", lang), "runs": runs, "words": words}
    spec = solara.use_memo(
        lambda: series_spec.series_spec(panels or [], events, labels, *days),
        [repr(shape), repr(events), lang, tag, _empty(panels)],
    )
    classes = ["series-chart", f"day-{day}", f"lang-{lang}", *tag.split(), f"x-{days[0]}-{days[1]}"]
    with solara.Div(classes=["chart-box", *classes]):
        VegaView.element(spec=spec, values=series_spec.series_data(panels or [], runs, day, days))


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
