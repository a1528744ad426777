"""The Solara page: controls on the left, views on the right.

State lives per browser session (Solara hooks). The run is a
:class:`~govsim.dashboard.session.Simulation`; a lever, scenario or seed
change builds a new one (reset semantics). Each step re-renders the views
once: KPI cards and tables (HTML from the metric registry), the map (SVG) and
the charts (matplotlib PNGs drawn in a background thread, see
:mod:`~govsim.dashboard.charts`).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import solara

from govsim.dashboard import charts, indicators, views
from govsim.dashboard.i18n import scenario_label, t
from govsim.dashboard.layout import compute_layout, map_svg
from govsim.dashboard.levers import Lever, available_levers, coerce, lever_value
from govsim.dashboard.session import Simulation
from govsim.dashboard.widgets import (
    Chart,
    compare_html,
    indicators_html,
    kpi_cards_html,
    section_panels,
)
from govsim.experiments.catalogue import catalogue
from govsim.scenario.config import ConfigError, load_scenario

PLAY_PAUSE_SECONDS = 0.05  # pause between played days, so the page can keep up
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
CSS = """
.kpi-grid { display: grid; grid-template-columns: repeat(4, minmax(140px, 1fr)); gap: 8px; }
.kpi-card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; background: #fafafa; }
.kpi-label { font-size: 13px; color: #555; }
.kpi-value { font-size: 24px; font-weight: 600; color: #1f3b73; }
.gs-muted { color: #666; font-size: 13px; }
.lever-label { font-size: 14px; margin-top: 6px; }
.gs-table td, .gs-table th { padding: 2px 10px; text-align: right; font-size: 14px; }
.gs-table td:first-child, .gs-table th:first-child { text-align: left; }
h2.gs, h3.gs { margin: 4px 0; }
.gs-better { color: #1a7f37; } .gs-worse { color: #b42318; }
.all-indicators th { text-align: left !important; background: #f0f0f0; }
img.chart { max-width: 100%; }
"""


def shipped_scenarios() -> dict[str, str]:
    """Scenario name → description, from scenarios/*.yaml (never a hard-coded list)."""
    return dict(catalogue()["scenarios"])


def default_seed(name: str) -> int:
    """The scenario file's own seed (what `govsim run NAME` uses without --seed)."""
    try:
        return load_scenario(name).seed
    except ConfigError:
        return 1


def build(name: str, overrides: dict[str, Any], seed: int) -> Simulation | str:
    """A new run, or the error message when the setting is not valid."""
    try:
        return Simulation(name, overrides, seed)
    except ConfigError as err:
        return str(err)


def Heading(text: str, level: int = 3) -> solara.Element:
    return solara.HTML(tag=f"h{level}", unsafe_innerHTML=text, classes=["gs"])


@solara.component
def LeverControl(lever: Lever, value: Any, label: str, on_value) -> None:
    if lever.kind == "bool":
        solara.Switch(label=label, value=bool(value), on_value=on_value,
                      classes=["lever", "lever-" + lever.key.replace(".", "-")])
        return
    shown = f"{value:.2f}" if lever.kind == "float" else f"{int(value):,}"
    solara.HTML(tag="div", unsafe_innerHTML=f"{label}: <b>{shown}</b>", classes=["lever-label"])
    if lever.kind == "int":
        solara.SliderInt("", value=int(value), min=int(lever.low),
                         max=max(int(lever.high), int(value)), step=int(lever.step),
                         on_value=on_value)
    else:
        solara.SliderFloat("", value=float(value), min=lever.low, max=lever.high,
                           step=lever.step, on_value=on_value, thumb_label=False)


@solara.component
def Page() -> None:
    described = solara.use_memo(shipped_scenarios, [])
    names = list(described)
    lang = solara.use_reactive("en")
    first = "community_y" if "community_y" in names or not names else names[0]
    scenario = solara.use_reactive(first)
    compare = solara.use_reactive("")
    seed = solara.use_reactive(solara.use_memo(lambda: default_seed(first), []))
    overrides = solara.use_reactive({})
    colour_by = solara.use_reactive("adoption")
    playing = solara.use_reactive(False)
    generation = solara.use_reactive(0)  # bumped by Reset: same settings, new run
    tick = solara.use_reactive(0)  # bumped after each step: re-render the views
    key = (scenario.value, tuple(sorted(overrides.value.items())), seed.value, generation.value)
    sim = solara.use_memo(lambda: build(scenario.value, overrides.value, seed.value), key)
    other = solara.use_memo(lambda: build(compare.value, {}, seed.value) if compare.value
                            else None, (*key, compare.value))
    layout = solara.use_memo(lambda: compute_layout(sim.model.state.residents)
                             if isinstance(sim, Simulation) else None, [sim])
    runs = [r for r in (sim, other) if isinstance(r, Simulation)]
    guard = solara.use_memo(threading.Lock, [])

    def advance(days: int) -> None:
        with guard:
            for run in runs:
                run.step(days)
            tick.set(tick.value + 1)

    def play_loop(cancel: threading.Event) -> None:
        while playing.value and not cancel.is_set() and runs and not runs[0].finished:
            t0 = time.perf_counter()
            advance(1)
            # the next day only after the views have rendered this one, and after a pause
            # as long as that took, so a day never lands in the middle of a render on a busy
            # machine (reacton gives up after 100 interrupted renders)
            deadline = time.monotonic() + 5.0
            while runs[0].rendered_day != runs[0].day and time.monotonic() < deadline:
                if cancel.wait(0.01):  # paused
                    return
            cancel.wait(max(PLAY_PAUSE_SECONDS, time.perf_counter() - t0))
        if runs and runs[0].finished:
            playing.set(False)

    solara.use_thread(play_loop, dependencies=[playing.value, sim, other])

    def set_scenario(label: str) -> None:
        playing.set(False)
        overrides.set({})
        scenario.set(next(n for n in names
                          if scenario_label(n, lang.value, described[n]) == label))

    def set_lever(lever: Lever, value: Any) -> None:
        playing.set(False)
        new = dict(overrides.value)
        new[lever.key] = coerce(lever, value)
        if isinstance(sim, Simulation) and new[lever.key] == lever_value(sim.base, lever.key):
            del new[lever.key]
        overrides.set(new)

    L = lang.value
    solara.Title(t("app.title", L))
    solara.Style(CSS)
    with solara.Columns([1, 3]):
        with solara.Column(classes=["controls"]):
            solara.ToggleButtonsSingle(
                value=LANGUAGE_NAMES[L], values=list(LANGUAGE_NAMES.values()),
                on_value=lambda v: lang.set(next(k for k, n in LANGUAGE_NAMES.items() if n == v)),
                classes=["lang-toggle"])
            labels = [scenario_label(n, L, described[n]) for n in names]
            solara.Select(label=t("ctl.scenario", L), values=labels,
                          value=scenario_label(scenario.value, L,
                                               described.get(scenario.value, "")),
                          on_value=set_scenario,
                          classes=["select-scenario"])
            solara.InputInt(t("ctl.seed", L), value=seed.value,
                            on_value=lambda v: seed.set(int(v or 0)))
            with solara.Row():
                solara.Button(t("ctl.step", L), on_click=lambda: advance(1),
                              classes=["btn-step"], color="primary")
                solara.Button(t("ctl.run30", L), on_click=lambda: advance(30),
                              classes=["btn-run30"])
            with solara.Row():
                solara.Button(t("ctl.pause", L) if playing.value else t("ctl.play", L),
                              on_click=lambda: playing.set(not playing.value),
                              classes=["btn-play"])
                solara.Button(t("ctl.reset", L), classes=["btn-reset"], on_click=lambda: (
                    playing.set(False), generation.set(generation.value + 1)))
            Heading(t("ctl.levers", L), 3)
            solara.HTML(tag="div", unsafe_innerHTML=t("ctl.levers_help", L),
                        classes=["gs-muted"])
            if isinstance(sim, Simulation):
                for lever in available_levers():
                    LeverControl(lever, lever_value(sim.scenario, lever.key),
                                 t("lever." + lever.key, L),
                                 lambda v, lever=lever: set_lever(lever, v))
        with solara.Column():
            Views(sim, other, layout, L, colour_by, compare, described, tick)


@solara.component
def Views(sim, other, layout, lang: str, colour_by, compare, described: dict[str, str],
          tick: solara.Reactive[int]) -> None:
    """Everything right of the controls. Only this part reads `tick` (bumped by each
    step), so a step re-renders the views, not the controls."""
    tick.value  # noqa: B018 (subscribe: re-render after each step)
    L = lang
    section = solara.use_reactive(indicators.default_section())
    chart_view = solara.use_reactive("series")  # only the chart shown is drawn
    Heading(t("app.title", L), 2)
    solara.HTML(tag="div", unsafe_innerHTML=t("app.subtitle", L), classes=["gs-muted"])
    if not isinstance(sim, Simulation):
        solara.Error(f'{t("view.error", L)}: {sim}', classes=["build-error"])
        return
    t0 = time.perf_counter()
    state = sim.model.state
    labels = {"grid": t("view.grid", L), "building": t("view.building", L),
              "residents": t("view.residents", L),
              "legend": t("ctl.colour_" + colour_by.value, L)}
    neighbourhood = map_svg(layout, state.residents, sim.day, colour_by.value, labels)
    events = views.events(sim.scenario, L)
    if chart_view.value == "series":
        panels, flow = section_panels(sim, section.value, L), None
    else:
        panels, flow = None, views.case_flow(state)
    kpis = kpi_cards_html(sim, L)
    views_ms = (time.perf_counter() - t0) * 1000
    sim.last_views_ms = views_ms
    sim.rendered_day = sim.day
    solara.HTML(tag="div", classes=["day-label"], unsafe_innerHTML=(
        f'<b>{t("view.day", L, sim.day, sim.days)}</b> · <span class="gs-muted">'
        f'{t("view.update_ms", L, sim.last_step_ms, views_ms)}</span>'))
    Heading(t("kpi.title", L))
    solara.HTML(tag="div", unsafe_innerHTML=kpis, classes=["kpis"])
    with solara.Columns([1, 1]):
        with solara.Column():
            Heading(t("view.neighbourhood", L))
            solara.ToggleButtonsSingle(
                value=t("ctl.colour_" + colour_by.value, L),
                values=[t("ctl.colour_adoption", L), t("ctl.colour_participation", L)],
                on_value=lambda v: colour_by.set(
                    "adoption" if v == t("ctl.colour_adoption", L) else "participation"),
                classes=["colour-toggle"])
            solara.HTML(tag="div", unsafe_innerHTML=neighbourhood, classes=["map"])
            help_key = ("view.neighbourhood_help" if layout.draws_buildings
                        else "view.neighbourhood_help_grids")
            solara.HTML(tag="div", unsafe_innerHTML=t(help_key, L), classes=["gs-muted"])
        with solara.Column():
            RightCharts(sim, state, panels, events, flow, L, section, chart_view)
    Compare(sim, other, L, compare, described, sim.day)
    with solara.Details(summary=t("kpi.all", L)):
        solara.HTML(tag="div", unsafe_innerHTML=indicators_html(
            sim, other if isinstance(other, Simulation) else None, L), classes=["all"])


@solara.component
def RightCharts(sim: Simulation, state, panels, events, flow, lang: str, section,
                chart_view) -> None:
    """The daily series of a section, or where cases go: one chart at a time, since each
    costs more to draw than the model's day."""
    L = lang
    choices = {t("view.series", L): "series", t("view.flow", L): "flow"}
    solara.ToggleButtonsSingle(value=t("view." + chart_view.value, L), values=list(choices),
                               on_value=lambda v: chart_view.set(choices[v]),
                               classes=["chart-toggle"])
    total = f'<span class="case-flow-total">{state.cases.n:,}</span>'
    if chart_view.value == "flow":
        Heading(f'{t("view.flow", L)} · {t("view.cases_total", L, total)}')
        Chart(lambda: charts.flow_figure(
            flow, {c: t("flow." + c, L) for c in views.CHANNELS},
            {d: t("flow." + d, L) for d in views.DESTINATIONS}),
            [sim, sim.day, L], "flow-chart", L, sim.day)
        solara.HTML(tag="div", unsafe_innerHTML=t("view.flow_help", L), classes=["gs-muted"])
        return
    section_names = {indicators.section_label(s, L): s for s in indicators.sections()}
    solara.Select(label=t("ctl.section", L), values=list(section_names),
                  value=indicators.section_label(section.value, L),
                  on_value=lambda v: section.set(section_names[v]), classes=["select-section"])
    help_text = t("view.series_help", L)
    if events:
        help_text += " " + t("view.events", L, "; ".join(
            f"{text}: {first}–{first + length}" for first, length, _, text in events))
    solara.HTML(tag="div", unsafe_innerHTML=help_text, classes=["gs-muted", "series-help"])
    Chart(lambda: charts.series_figure(panels, sim.days, events, t("view.day_axis", L)),
          [sim, sim.day, L, section.value], "series-chart", L, sim.day)


@solara.component
def Compare(sim: Simulation, other, lang: str, compare, described: dict[str, str],
            day: int) -> None:
    """Two runs side by side: the headline indicators and, per run, how long cases stay open.
    `day` is passed so that a step (same runs, a new day) re-renders this part."""
    L = lang
    names = list(described)
    Heading(t("view.compare", L))
    none = t("ctl.compare_none", L)
    solara.Select(label=t("ctl.compare", L),
                  values=[none] + [scenario_label(n, L, described[n]) for n in names],
                  value=scenario_label(compare.value, L, described.get(compare.value, ""))
                  if compare.value else none,
                  on_value=lambda v: compare.set(
                      next((n for n in names if scenario_label(n, L, described[n]) == v), "")),
                  classes=["select-compare"])
    solara.HTML(tag="div", unsafe_innerHTML=t("view.compare_help", L), classes=["gs-muted"])
    if isinstance(other, str):
        solara.Error(f'{t("view.error", L)}: {other}', classes=["compare-error"])
        return
    if not isinstance(other, Simulation):
        solara.HTML(tag="div", unsafe_innerHTML=t("view.compare_pick", L),
                    classes=["gs-muted"])
        return
    solara.HTML(tag="div", unsafe_innerHTML=compare_html(sim, other, L), classes=["compare"])
    curves = [views.survival(run.model.state) for run in (sim, other)]
    sides = (t("view.with_levers", L) if sim.overrides else t("view.as_shipped", L),
             t("view.as_shipped", L))
    lines = [(f"{scenario_label(run.scenario.name, L, described.get(run.scenario.name, ''))}"
              f" · {side}", tt, share)
             for run, side, (tt, share) in zip((sim, other), sides, curves, strict=True)]
    Heading(t("view.survival", L))
    Chart(lambda: charts.survival_figure(lines, t("view.survival_axis", L),
                                         t("view.survival", L)),
          [sim, other, sim.day, L], "survival-chart", L, sim.day)
    solara.HTML(tag="div", unsafe_innerHTML=t("view.survival_help", L), classes=["gs-muted"])
