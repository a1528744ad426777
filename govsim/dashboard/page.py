"""The Solara page: controls in a side drawer (collapsed on a phone), views in the main area.

State lives per browser session (Solara hooks). The run is a
:class:`~govsim.dashboard.session.Simulation`; a lever, scenario, seed or horizon change
builds a new one (reset semantics) and the page names what changed. The setup
(:class:`~govsim.dashboard.settings.Setup`) is mirrored in the URL, so a link reopens it.
Each step re-renders the views once: KPI cards and tables (HTML from the metric
registry), the map (SVG) and the charts (matplotlib PNGs drawn in a background thread,
see :mod:`~govsim.dashboard.charts`). Every callback goes through :func:`guarded`, and
the views render inside an error boundary: a failure shows a message, never a traceback.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import solara

from govsim.dashboard import about, charts, export, indicators, pareto, views
from govsim.dashboard.i18n import plain, scenario_label, t
from govsim.dashboard.layout import compute_layout, map_svg, workers_per_grid
from govsim.dashboard.levers import Lever, available_levers, coerce, help_text, lever_value
from govsim.dashboard.replicates import Replicates
from govsim.dashboard.screen import DrawerClosing, WidthProbe
from govsim.dashboard.session import Simulation
from govsim.dashboard.settings import (
    MAX_REPLICATES,
    Setup,
    changes,
    command,
    from_query,
    lever_label,
    lever_text,
    parse_whole,
    query,
    show_value,
)
from govsim.dashboard.widgets import (
    Chart,
    compare_html,
    indicators_html,
    kpi_cards_html,
    section_panels,
)
from govsim.experiments.catalogue import catalogue
from govsim.scenario.config import ConfigError, load_scenario

SPEEDS = {"slow": 0.5, "normal": 0.05, "fast": 0.0}
"""Play: the pause (s) after each shown day, besides waiting until it is shown."""
PLAY_PAUSE_SECONDS = SPEEDS["normal"]
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
CSS = """
.kpi-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: 8px; }
.kpi-card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; background: #fafafa;
  min-width: 0; }
.kpi-label { font-size: 13px; color: #555; }
.kpi-value { font-size: 22px; font-weight: 600; color: #1f3b73; overflow-wrap: anywhere; }
.kpi-unit { font-size: 12px; font-weight: 400; color: #555; }
.kpi-spread { font-size: 13px; font-weight: 400; color: #555; }
.gs-muted { color: #666; font-size: 13px; }
.lever-label { font-size: 14px; margin-top: 6px; }
.lever-changed .lever-label, .lever-changed.v-input--switch label { color: #b45309;
  font-weight: 600; }
.lever-mark { color: #b45309; font-size: 12px; }
.gs-table { border-collapse: collapse; }
.gs-table td, .gs-table th { padding: 2px 8px; text-align: right; font-size: 14px; }
.gs-table td:first-child, .gs-table th:first-child { text-align: left; }
.gs-scroll { overflow-x: auto; max-width: 100%; }
h2.gs, h3.gs { margin: 4px 0; }
.gs-better { color: #1a7f37; } .gs-worse { color: #b42318; }
.all-indicators th.section { text-align: left !important; background: #f0f0f0; }
.gs-views { display: flex; flex-wrap: wrap; gap: 16px; }
.gs-views > div { flex: 1 1 420px; min-width: 0; }
.chart-box { position: relative; max-width: 100%; }
.chart-box { width: 100%; }
.chart-box img, img.chart { width: 100% !important; max-width: 100%; height: auto !important;
  display: block; }
.chart-hover-box { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
.chart-hover-box svg.chart-hover { width: 100%; height: 100%; display: block; }
.chart-box svg.chart-hover rect:hover { fill: rgba(0, 0, 0, 0.06); }
.rebuilt-notice { background: #fff7e6; border-left: 4px solid #d97706; padding: 6px 10px;
  margin: 6px 0; font-size: 14px; }
.input-error { color: #b42318; font-size: 13px; margin: 4px 0; }
.command { font-family: monospace; font-size: 12px; background: #f4f4f4; padding: 6px;
  overflow-wrap: anywhere; border-radius: 4px; }
.map svg { max-width: 100%; height: auto; }
.pareto-table tr.picked td { background: #fff1d6; }
.pareto-table td { white-space: nowrap; }
.pareto-table th { min-width: 7em; max-width: 14em; vertical-align: bottom; font-weight: 600;
  font-size: 13px; }
.pareto-chart-box { max-width: 760px; }
.pareto-watching { background: #eef4ff; border-left: 4px solid #3182bd; padding: 6px 10px;
  margin: 6px 0; font-size: 14px; }
/* the phone's drawer slides in below the app bar, so its ☰ button closes it again */
.v-navigation-drawer--is-mobile { top: 56px !important; max-height: calc(100% - 56px) !important; }
@media (max-width: 600px) {
  .v-navigation-drawer { min-width: 0 !important; width: 88vw !important;
    max-width: 88vw !important; }
  /* the app bar's title wraps to two lines rather than being cut at 390 px */
  .v-toolbar__title { font-size: 15px !important; white-space: normal !important;
    line-height: 1.15 !important; overflow: visible !important; }
  .kpi-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .kpi-value { font-size: 18px; }
}
/* Solara's "This website runs on Solara" badge covered the charts' legends */
/* (a plain selector: a :has() rule is re-checked on every change to the page) */
.v-application--wrap > div > div[style*="position: absolute"][style*="bottom: 0px"] {
  display: none !important; }
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


def default_setup(name: str) -> Setup:
    scenario = load_scenario(name)
    return Setup(name, scenario.seed, scenario.days)


def build(
    name: str,
    overrides: dict[str, Any],
    seed: int,
    days: int | None = None,
    fixed: tuple[tuple[str, Any], ...] = (),
) -> Simulation | str:
    """A new run, or the error message when the setting is not valid."""
    try:
        return Simulation(name, overrides, seed, days, dict(fixed))
    except ConfigError as err:
        return str(err)


def guarded(action: Callable, report: Callable[[str], None], lang: str) -> Callable:
    """`action` with every exception shown as a message in the page's language (never a
    traceback on the page)."""

    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 (anything: the page must survive it)
            report(t("ctl.callback_error", lang, f"{type(err).__name__}: {err}"))
            return None

    return run


def use_background(work: Callable[[threading.Event], None], dependencies: list) -> None:
    """Run `work(cancel)` in a thread, again (with the last one's `cancel` set) when the
    dependencies change. `work` stops at its own checks of `cancel`: solara's default
    intrusive cancel traces every line of the thread (several times slower) and raises at
    whatever line it is on, inside a model's step or a render the thread runs too
    (docs/dashboard.md, "Background threads stop at their own checks")."""
    solara.use_thread(work, dependencies=dependencies, intrusive_cancel=False)


def Heading(text: str, level: int = 3) -> solara.Element:
    return solara.HTML(tag=f"h{level}", unsafe_innerHTML=text, classes=["gs"])


def lever_shown(lever: Lever, value: Any, lang: str) -> str:
    """A lever's value with its unit, e.g. "60 % of adults", "10 workers"."""
    unit = t("unit." + lever.unit, lang) if lever.unit else ""
    if lever.percent:
        return f"{float(value) * 100:.0f} {unit}"
    return f"{show_value(lever, value, lang)} {unit}".strip()


@solara.component
def LeverControl(lever: Lever, value: Any, shipped: Any, label: str, on_value, lang: str) -> None:
    """A lever's switch or slider, its value with its unit (``data-value``: the value as
    ``--set`` takes it) and, when moved, the value it was moved from."""
    changed = value != shipped
    classes = ["lever", "lever-" + lever.key.replace(".", "-")] + (
        ["lever-changed"] if changed else []
    )
    mark = (
        f' <span class="lever-mark">● {t("ctl.lever_changed", lang, lever_shown(lever, shipped, lang))}</span>'  # noqa: E501
        if changed
        else ""
    )
    import reacton.ipyvuetify as rv

    # the help (the schema's description, or its translation) is the whole lever's tooltip
    tip = help_text(lever.key, lang)
    box = rv.Html(tag="div", class_=" ".join(classes), attributes={"title": tip, "data-help": tip})
    if lever.kind == "bool":
        with box:
            solara.Switch(label=label, value=bool(value), on_value=on_value, classes=classes)
            if mark:
                solara.HTML(tag="div", unsafe_innerHTML=mark)
        return
    with box:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f'<span>{label}: <b class="lever-value" data-value="{lever_text(value)}">'
                f"{lever_shown(lever, value, lang)}</b></span>{mark}"
            ),
            classes=["lever-label"],
        )
        if lever.kind == "int":
            solara.SliderInt(
                "",
                value=int(value),
                min=int(lever.low),
                max=max(int(lever.high), int(value)),
                step=int(lever.step),
                on_value=on_value,
            )
        else:
            solara.SliderFloat(
                "",
                value=float(value),
                min=lever.low,
                max=lever.high,
                step=lever.step,
                on_value=on_value,
                thumb_label=False,
            )


@solara.component
def Drawn(draw: Callable[[], None]) -> None:
    """The elements `draw` makes (a component, so that a new `draw` updates the widgets in
    place: the same component at the same place keeps its state)."""
    draw()


@solara.component
def Detached(draw: Callable[[], None]) -> None:
    """What `draw` makes, rendered in a reacton render context of its own, so that a render
    of the page that does not render this component (a step: only the views read the day)
    does not walk these elements either: reacton re-visits and re-sets every widget of its
    tree at each render, whether its component rendered or not (the drawer's ~200 of ~460
    elements per click; docs/dashboard.md, "How fast a day shows"). A new `draw` (the page
    rendered again: a lever, the language, a setting changed) renders it again."""
    import ipyvuetify
    import reacton

    box = solara.use_memo(lambda: ipyvuetify.Html(tag="div", children=[]), [])
    context = solara.use_ref(None)

    def show():
        # in an effect, not in the render: an element made in a render joins that render
        if context.current is None:
            context.current = reacton.render(Drawn(draw), box, handle_error=False)[1]
        else:
            context.current.render(Drawn(draw))

    solara.use_effect(show, [draw])

    def close():
        def cleanup():
            if context.current is not None:
                context.current.close()
                context.current = None

        return cleanup

    solara.use_effect(close, [])
    solara.Div(children=[box])


@solara.component
def Field(label: str, in_use: int, on_text, css_class: str, rejected: int) -> None:
    """A text field for a whole number, committed on Enter or leaving the field. After a
    rejected entry (`rejected` counts them) it shows the value in use again (the browser
    keeps what was typed unless told); leaving it unchanged commits nothing."""
    import reacton.ipyvuetify as v
    from solara.components.input import use_change

    element = v.TextField(v_model=str(in_use), label=label, class_=css_class, hide_details="auto")

    def commit(text) -> None:
        if str(text).strip() != str(in_use):
            on_text(text)

    use_change(element, commit)

    def show_in_use() -> None:
        widget = solara.get_widget(element)
        if widget.v_model != str(in_use):
            widget.v_model = str(in_use)

    solara.use_effect(show_in_use, [rejected, in_use])


@solara.component
def Page() -> None:
    exception, clear_exception = solara.use_exception()
    described = solara.use_memo(shipped_scenarios, [])
    solara.use_memo(charts.drawing_process, [])  # started now: ready for the first chart
    names = list(described)
    router = solara.use_router()
    first = "community_y" if "community_y" in names or not names else names[0]
    searched = solara.use_memo(pareto.from_env, [])  # a saved Pareto set (--pareto), or None
    ps = searched if isinstance(searched, pareto.ParetoSet) else None
    start = solara.use_memo(
        lambda: from_query(
            router.search,
            names,
            ps.base_setup() if ps else default_setup(first),
            load_scenario,
            "en",
            ps,
        ),
        [],
    )
    lang = solara.use_reactive("en")
    setup = solara.use_reactive(start[0])
    message = solara.use_reactive("\n".join(start[1]))  # input and link problems
    field_key = solara.use_reactive(0)  # bumped to show the value in use after a bad input
    compare = solara.use_reactive("")
    k = solara.use_reactive(1)
    colour_by = solara.use_reactive("adoption")
    playing = solara.use_reactive(False)
    speed = solara.use_reactive("normal")
    generation = solara.use_reactive(0)  # bumped by restart: same settings, new run
    tick = solara.use_reactive(0)  # bumped after each step: re-render the views
    stepped = solara.use_reactive(0)  # bumped after each step, before tick: the cards first
    main_view = solara.use_reactive("search" if searched is not None else "simulation")
    picked = solara.use_reactive(-1)  # the policy of the Pareto set last picked
    S = setup.value
    key = (S, generation.value)
    sim = solara.use_memo(lambda: build(S.scenario, S.overrides, S.seed, S.days, S.fixed), key)
    shown_levers = shown_lever_list(ps)
    previous = solara.use_ref(None)  # (sim, notice) of the last run built

    def make_other():
        if not compare.value or not isinstance(sim, Simulation):
            return None
        run = build(compare.value, {}, S.seed, S.days)
        if isinstance(run, Simulation):
            run.catch_up(sim.day)  # chosen mid-run: level with the shown run
        return run

    other = solara.use_memo(make_other, (*key, compare.value))
    layout = solara.use_memo(
        lambda: compute_layout(sim.model.state.residents) if isinstance(sim, Simulation) else None,
        [sim],
    )
    runs = [r for r in (sim, other) if isinstance(r, Simulation)]
    guard = solara.use_memo(threading.Lock, [])
    L = lang.value
    report = message.set

    # what changed since the last run shown (a rebuild names it; a restart says so)
    if isinstance(sim, Simulation) and (previous.current is None or previous.current[0] is not sim):
        before = previous.current[0] if previous.current else None
        # the settings before, not the run (a large run is not kept alive for a notice)
        notice = (before.scenario, before.seed) if isinstance(before, Simulation) else None
        previous.current = (sim, notice)
    notice = None
    if previous.current and previous.current[1] and isinstance(sim, Simulation):
        # worded in the page's language at each render (a language switch rewords it)
        diff = changes(
            *previous.current[1],
            sim.scenario,
            sim.seed,
            L,
            lambda n: scenario_label(n, L, described.get(n, "")),
            shown_levers,
            [k for k, _ in S.levers],
        )
        notice = ("rebuilt", diff) if diff else ("restarted", [])

    router_now = solara.use_ref(router)
    router_now.current = router  # the router of the latest render (its search is the URL's)

    def push_url(cancel: threading.Event) -> None:
        """Mirror the setup in the address bar, in a thread: on a page's first render the
        browser's navigator reports its own (bare) address after ours, so the address is
        checked again for a few seconds and set again if it was overwritten."""
        wanted = query(setup.value)
        for _ in range(20):
            if cancel.wait(0.5):
                return  # a newer setup came
            current = router_now.current
            if current.set_path is None:
                return  # no router outside a served page (tests)
            if current.search == wanted:
                continue
            try:
                current.push(f"{current.path or '/'}?{wanted}")
            except Exception as err:  # noqa: BLE001 (the URL is a convenience, never an error)
                import sys

                print(f"govsim dashboard: could not update the URL: {err!r}", file=sys.stderr)
                return

    use_background(push_url, [setup.value])

    def advance(days: int) -> None:
        with guard:
            for run in runs:
                run.step(days)
            stepped.set(stepped.value + 1)  # the day and the cards (Headline) ...
            tick.set(tick.value + 1)  # ... then the map, the charts and the tables (Views)

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
            cancel.wait(
                max(SPEEDS.get(speed.value, PLAY_PAUSE_SECONDS), min(time.perf_counter() - t0, 0.5))
            )
        if runs and runs[0].finished:
            playing.set(False)

    use_background(play_loop, [playing.value, sim, other])

    def run_to_end() -> None:
        playing.set(False)
        if runs:
            advance(runs[0].days - runs[0].day)

    def change(new: Setup) -> None:
        playing.set(False)
        message.set("")
        setup.set(new)

    def set_scenario(label: str) -> None:
        name = next(n for n in names if scenario_label(n, L, described[n]) == label)
        change(default_setup(name))

    def set_lever(lever: Lever, value: Any) -> None:
        if not isinstance(sim, Simulation):
            return
        new = dict(S.levers)
        new[lever.key] = coerce(lever, value)
        if new[lever.key] == lever_value(sim.base, lever.key):
            del new[lever.key]
        change(dataclasses.replace(S, levers=tuple(sorted(new.items()))))

    def pick(i: int) -> None:
        """Load policy `i` of the Pareto set into the simulation view."""
        change(ps.setup(i))
        picked.set(i)
        main_view.set("simulation")

    def set_whole(field: str, text: str) -> None:
        base = sim.base if isinstance(sim, Simulation) else load_scenario(S.scenario)
        in_use = S.seed if field == "seed" else S.days
        number, problem = parse_whole(base, field, text, t(f"ctl.{field}", L), in_use, L)
        if problem:
            message.set(problem)
            field_key.set(field_key.value + 1)  # the field shows the value in use again
            return
        if number != in_use:
            change(
                dataclasses.replace(
                    S,
                    seed=number if field == "seed" else S.seed,
                    days=number if field == "days" else S.days,
                )
            )
        else:
            message.set("")

    def set_replicates(text: str) -> None:
        raw = str(text).strip()
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_REPLICATES:
            message.set(
                t(
                    "ctl.input_error",
                    L,
                    t("ctl.replicates", L),
                    raw,
                    t("ctl.replicates_range", L, MAX_REPLICATES),
                    k.value,
                )
            )
            field_key.set(field_key.value + 1)
            return
        message.set("")
        k.set(int(raw))

    def back_to_shipped() -> None:
        change(default_setup(S.scenario))
        generation.set(generation.value + 1)

    G = lambda action: guarded(action, report, L)  # noqa: E731
    solara.Title(t("app.title", L))
    solara.Style(CSS)
    WidthProbe()
    DrawerClosing()

    def controls() -> None:
        """The drawer: rendered in a render context of its own (see Detached)."""
        with solara.Column(classes=["controls"]):
            solara.ToggleButtonsSingle(
                value=LANGUAGE_NAMES[L],
                values=list(LANGUAGE_NAMES.values()),
                on_value=G(
                    lambda v: lang.set(next(c for c, n in LANGUAGE_NAMES.items() if n == v))
                ),
                classes=["lang-toggle"],
            )
            labels = [scenario_label(n, L, described[n]) for n in names]
            solara.Select(
                label=t("ctl.scenario", L),
                values=labels,
                value=scenario_label(S.scenario, L, described.get(S.scenario, "")),
                on_value=G(set_scenario),
                classes=["select-scenario"],
            )
            with solara.Row():
                Field(
                    t("ctl.seed", L),
                    S.seed,
                    G(lambda v: set_whole("seed", v)),
                    "input-seed",
                    field_key.value,
                )
                Field(
                    t("ctl.days", L),
                    S.days,
                    G(lambda v: set_whole("days", v)),
                    "input-days",
                    field_key.value,
                )
            if message.value:
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML="<br>".join(_escape(m) for m in message.value.split("\n")),
                    classes=["input-error"],
                )
            with solara.Row(style={"flex-wrap": "wrap"}):
                solara.Button(
                    t("ctl.step", L),
                    on_click=G(lambda: advance(1)),
                    classes=["btn-step"],
                    color="primary",
                )
                solara.Button(
                    t("ctl.run30", L), on_click=G(lambda: advance(30)), classes=["btn-run30"]
                )
                solara.Button(t("ctl.run_end", L), on_click=G(run_to_end), classes=["btn-run-end"])
            with solara.Row(style={"flex-wrap": "wrap"}):
                solara.Button(
                    t("ctl.pause", L) if playing.value else t("ctl.play", L),
                    on_click=G(lambda: playing.set(not playing.value)),
                    classes=["btn-play"],
                )
                solara.Button(
                    t("ctl.reset", L),
                    classes=["btn-reset"],
                    on_click=G(lambda: (playing.set(False), generation.set(generation.value + 1))),
                )
            speeds = {t("speed." + s, L): s for s in SPEEDS}
            solara.ToggleButtonsSingle(
                value=t("speed." + speed.value, L),
                values=list(speeds),
                on_value=G(lambda v: speed.set(speeds[v])),
                classes=["speed-toggle"],
            )
            Field(
                t("ctl.replicates", L),
                k.value,
                G(set_replicates),
                "input-replicates",
                field_key.value,
            )
            solara.HTML(
                tag="div", unsafe_innerHTML=t("ctl.replicates_help", L), classes=["gs-muted"]
            )
            Heading(t("ctl.levers", L), 3)
            solara.HTML(tag="div", unsafe_innerHTML=t("ctl.levers_help", L), classes=["gs-muted"])
            solara.Button(
                t("ctl.shipped", L),
                on_click=G(back_to_shipped),
                classes=["btn-shipped"],
                disabled=not S.levers
                and isinstance(sim, Simulation)
                and S.seed == sim.base.seed
                and S.days == sim.base.days,
                outlined=True,
            )
            if isinstance(sim, Simulation):
                for lever in shown_levers:
                    if lever_value(sim.scenario, lever.key) is None:
                        continue  # e.g. an event of the search's base, not of this scenario
                    LeverControl(
                        lever,
                        lever_value(sim.scenario, lever.key),
                        lever_value(sim.base, lever.key),
                        lever_label(lever, L, sim.scenario),
                        G(lambda v, lever=lever: set_lever(lever, v)),
                        L,
                    )

    with solara.Sidebar():
        Detached(controls)
    if exception is not None:
        solara.Error(
            t("ctl.callback_error", L, f"{type(exception).__name__}: {exception}"),
            classes=["render-error"],
        )
        solara.Button(
            t("ctl.reset", L),
            on_click=lambda: (clear_exception(), generation.set(generation.value + 1)),
        )
        return
    if searched is not None:
        choices = {t("view.simulation", L): "simulation", t("pareto.title", L): "search"}
        solara.ToggleButtonsSingle(
            value=t("pareto.title" if main_view.value == "search" else "view.simulation", L),
            values=list(choices),
            on_value=G(lambda v: main_view.set(choices[v])),
            classes=["main-view-toggle"],
        )
    if isinstance(searched, str):
        solara.Error(t("pareto.load_error", L, searched), classes=["pareto-error"])
    elif ps is not None and main_view.value == "search":
        ParetoView(ps, L, picked.value, G(pick))
        return
    if ps is not None and picked.value >= 0 and S == ps.setup(picked.value):
        title = plain(ps.spec.description) or ps.name
        solara.HTML(
            tag="div",
            unsafe_innerHTML=_escape(t("pareto.watching", L, picked.value + 1, title)),
            classes=["pareto-watching"],
        )
    if notice:
        kind, diff = notice
        text = (
            t("notice.rebuilt", L, "; ".join(diff))
            if kind == "rebuilt"
            else t("notice.restarted", L)
        )
        solara.HTML(tag="div", unsafe_innerHTML=_escape(text), classes=["rebuilt-notice"])
    Views(sim, other, layout, L, colour_by, compare, described, tick, k.value, S, stepped)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def shown_lever_list(ps: pareto.ParetoSet | None) -> list[Lever]:
    """The page's levers, and a loaded search's levers: its own control for a lever the page
    has (its range widened to the search's), a slider on the search's grid for the others."""
    shown = available_levers()
    if ps is None:
        return shown
    searched = {lever.key: lever for lever in ps.levers}
    return [searched.pop(lv.key, lv) for lv in shown] + list(searched.values())


@solara.component
def ParetoView(ps: pareto.ParetoSet, lang: str, picked: int, on_pick: Callable) -> None:
    """A saved Pareto set: the trade-off plot, the table of its policies and a button per
    policy that loads its levers into the simulation view."""
    L = lang
    Heading(t("pareto.title", L), 2)
    title = plain(ps.spec.description) or ps.name
    base = scenario_label(ps.spec.base, L, "")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=_escape(t("pareto.intro", L, title, base, ps.spec.futures.count, len(ps))),
        classes=["gs-muted", "pareto-intro"],
    )
    if not ps.table["feasible"].any():
        solara.HTML(
            tag="div",
            unsafe_innerHTML=_escape(t("pareto.none_feasible", L)),
            classes=["rebuilt-notice", "pareto-none-feasible"],
        )
    with solara.Div(classes=["pareto-chart-box"]):
        Chart(
            partial(charts.pareto_figure, pareto.plot_data(ps, L), picked),
            [ps, L, picked],
            "pareto-chart",
            L,
            picked,
            run=id(ps),
        )
    solara.HTML(tag="div", unsafe_innerHTML=_escape(t("pareto.plot_help", L)), classes=["gs-muted"])
    Heading(t("pareto.table", L))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=pareto.table_html(ps, L, picked),
        classes=["pareto", "gs-scroll"],
    )
    solara.HTML(tag="div", unsafe_innerHTML=_escape(t("pareto.pick_help", L)), classes=["gs-muted"])
    with solara.Row(style={"flex-wrap": "wrap"}):
        for i in range(len(ps)):
            solara.Button(
                t("pareto.watch", L, i + 1),
                on_click=lambda i=i: on_pick(i),
                classes=["btn-pick", f"btn-pick-{i}"],
                color="primary" if i == picked else None,
                outlined=i != picked,
            )


def series_csv(runs: list[tuple[str, Simulation]]) -> str:
    """Every metric's daily value (30-day window) of each run, one row per run and day."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = list(runs[0][1].metric_index) if runs else []
    writer.writerow(["run", "scenario", "seed", "day", *names])
    for label, run in runs:
        for d in range(run.day):
            row = run.model.series[d]
            writer.writerow(
                [
                    label,
                    run.scenario.name,
                    run.seed,
                    d + 1,
                    *[repr(float(row[run.metric_index[n]])) for n in names],
                ]
            )
    return out.getvalue()


def table_csv(runs: list[tuple[str, Simulation]]) -> str:
    """Every metric: unit, section, last 30 days and whole run, per run."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["run", "scenario", "seed", "day", "metric", "unit", "section", "last_30_days", "whole_run"]
    )
    for label, run in runs:
        now, whole = run.current(), run.whole_run()
        for name in now:
            info = indicators.info(name) if name in indicators.metrics.INFO else None
            writer.writerow(
                [
                    label,
                    run.scenario.name,
                    run.seed,
                    run.day,
                    name,
                    info.unit if info else "",
                    info.section if info else "",
                    repr(float(now[name])),
                    repr(float(whole.get(name, float("nan")))),
                ]
            )
    return out.getvalue()


@solara.component
def Headline(
    sim: Simulation, lang: str, means: tuple[int, dict | None], stepped: solara.Reactive[int]
) -> None:
    """The day and the headline cards. Rendered in a render context of its own (Detached)
    that reads `stepped`, which a step bumps before the views' `tick`: the cards are sent
    when the model has stepped, before the map, the charts and the tables are built (a
    step's whole render of the views took ~10 ms more; docs/dashboard.md, "How fast a day
    shows"). `means` are the replicates' values and the day they belong to; a later day
    shows the shown run's values until its replicates are ready."""
    stepped.value  # noqa: B018 (subscribe: re-render after each step)
    L = lang
    day, replicated = means
    solara.HTML(
        tag="div",
        classes=["day-label"],
        unsafe_innerHTML=(
            f'<b>{t("view.day", L, sim.day, sim.days)}</b> · <span class="gs-muted">'
            f"{t('view.update_ms', L, sim.last_step_ms, sim.last_views_ms)}</span>"
        ),
    )
    Heading(t("kpi.title", L))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=kpi_cards_html(sim, L, replicated if day == sim.day else None),
        classes=["kpis"],
    )


@solara.component
def FirstHeadline(
    sim: Simulation, lang: str, means: tuple[int, dict | None], stepped: solara.Reactive[int]
) -> None:
    """The Headline, rendered apart (Detached): again when a step bumps `stepped`, or when
    the run, the language or the replicates' day changes."""
    draw = solara.use_memo(
        lambda: partial(Headline, sim, lang, means, stepped),
        [sim, lang, means[0] if means[1] is not None else -1, stepped],
    )
    Detached(draw)


@solara.component
def Views(
    sim,
    other,
    layout,
    lang: str,
    colour_by,
    compare,
    described: dict[str, str],
    tick: solara.Reactive[int],
    k: int,
    setup: Setup,
    stepped: solara.Reactive[int],
) -> None:
    """Everything right of the controls. Only this part reads `tick` (bumped by each
    step), so a step re-renders the views, not the controls."""
    tick.value  # noqa: B018 (subscribe: re-render after each step)
    L = lang
    section = solara.use_reactive(indicators.default_section())
    chart_view = solara.use_reactive("series")  # only the chart shown is drawn
    zoom = solara.use_reactive("all")
    show_all = solara.use_reactive(False)
    Heading(t("app.title", L), 2)
    solara.HTML(tag="div", unsafe_innerHTML=t("app.subtitle", L), classes=["gs-muted"])
    if not isinstance(sim, Simulation):
        solara.Error(f"{t('view.error', L)}: {sim}", classes=["build-error"])
        return
    t0 = time.perf_counter()
    state = sim.model.state
    labels = {
        "grid": t("view.grid", L),
        "building": t("view.building", L),
        "residents": t("view.residents", L),
        "workers": t("unit.workers", L),
        "legend": t("ctl.colour_" + colour_by.value, L),
    }
    workers = workers_per_grid((w.grid for w in state.grid_workers), len(layout.grid_xy))
    neighbourhood = map_svg(layout, state.residents, sim.day, colour_by.value, labels, workers)
    events = views.events(sim.scenario, L)
    reps = Replicas(sim, other, k, setup, sim.day, L)
    if chart_view.value == "series":
        panels, flow = section_panels(sim, section.value, L, other, reps), None
    else:
        panels, flow = None, views.case_flow(state)
    sim.last_views_ms = (time.perf_counter() - t0) * 1000
    sim.rendered_day = sim.day
    FirstHeadline(sim, L, (sim.day, reps.get("main")), stepped)
    if reps.get("status"):
        solara.HTML(
            tag="div", unsafe_innerHTML=reps["status"], classes=["gs-muted", "replicate-status"]
        )
    with solara.Div(classes=["gs-views"]):
        with solara.Div():
            Heading(t("view.neighbourhood", L))
            solara.ToggleButtonsSingle(
                value=t("ctl.colour_" + colour_by.value, L),
                values=[t("ctl.colour_adoption", L), t("ctl.colour_participation", L)],
                on_value=lambda v: colour_by.set(
                    "adoption" if v == t("ctl.colour_adoption", L) else "participation"
                ),
                classes=["colour-toggle"],
            )
            solara.HTML(tag="div", unsafe_innerHTML=neighbourhood, classes=["map"])
            help_key = (
                "view.neighbourhood_help"
                if layout.draws_buildings
                else "view.neighbourhood_help_grids"
            )
            solara.HTML(
                tag="div",
                unsafe_innerHTML=t(help_key, L)
                + " "
                + t("view.workers_on_map", L, int(workers.sum())),
                classes=["gs-muted", "map-help"],
            )
        with solara.Div():
            RightCharts(sim, state, panels, events, flow, L, section, chart_view, zoom)
    Compare(sim, other, L, compare, described, sim.day, reps)
    TakeAway(sim, other, L, setup, sim.day)
    about.AboutSection(L, command(setup, sim.day))
    # folded by default, and built only when unfolded: the whole-run column evaluates
    # every metric over the whole run, too slow for every click
    solara.Button(
        ("▾ " if show_all.value else "▸ ") + t("kpi.all", L),
        text=True,
        on_click=lambda: show_all.set(not show_all.value),
        classes=["btn-all-indicators"],
    )
    if show_all.value:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=indicators_html(
                sim, other if isinstance(other, Simulation) else None, L, reps
            ),
            classes=["all", "gs-scroll"],
        )


def replicate_builder(setup: Setup) -> Callable[[int], Simulation]:
    """Builds the shown setup's run for another seed: the same base as the shown run (a
    picked policy's search `set:` included), the same levers and horizon."""
    return lambda seed: Simulation(
        setup.scenario, setup.overrides, seed, setup.days, dict(setup.fixed)
    )


def Replicas(sim: Simulation, other, k: int, setup: Setup, day: int, lang: str) -> dict:
    """Replicates of the shown run (and the comparison) over `k` seeds, stepped to `day` in
    a background thread; returns what the views need of them (empty when k = 1).
    A hook helper (called in Views' render), not a component."""
    main = solara.use_memo(
        lambda: Replicates(sim, k, replicate_builder(setup)) if k > 1 else None,
        [sim, k],
    )
    second = solara.use_memo(
        lambda: (
            Replicates(other, k, lambda s: Simulation(other.scenario.name, {}, s, setup.days))
            if k > 1 and isinstance(other, Simulation)
            else None
        ),
        [other, k],
    )
    done, set_done = solara.use_state(0)

    def work(cancel: threading.Event) -> None:
        if main is None:
            return  # one seed: nothing to run (and no second render of the views)
        for group in (main, second):
            if group is not None and not group.advance(day, cancel):
                return
        set_done(day)

    # with one seed the thread does not depend on the day: no thread per click
    use_background(work, [main, second, day if main is not None else -1])
    if main is None:
        return {}
    out: dict = {}
    n_ready = len(main.at(day))
    if main.complete(day):
        out["main"] = main.values(day)
        out["main_series"] = main
    if second is not None and second.complete(day):
        out["other"] = second.values(day)
        out["other_series"] = second
    out["k"] = k
    out["status"] = (
        t("kpi.spread", lang, k)
        if "main" in out
        else t("kpi.replicates_running", lang, n_ready, k, day)
    )
    out["done"] = done
    return out


def series_tag(panels) -> str:
    """What a series chart shows besides the run: "runs-2" with a comparison (dashed lines),
    "bands" with replicates; a class of the image, and part of when to draw again."""
    lines = [line for _, _, group in panels or () for line in group]
    two = any(len(line) > 3 and line[3] for line in lines)
    bands = any(len(line) > 4 and line[4] is not None for line in lines)
    return f"runs-{2 if two else 1}" + (" bands" if bands else "")


@solara.component
def RightCharts(
    sim: Simulation, state, panels, events, flow, lang: str, section, chart_view, zoom
) -> None:
    """The daily series of a section, or where cases go: one chart at a time, since each
    costs more to draw than the model's day."""
    L = lang
    choices = {t("view.series", L): "series", t("view.flow", L): "flow"}
    solara.ToggleButtonsSingle(
        value=t("view." + chart_view.value, L),
        values=list(choices),
        on_value=lambda v: chart_view.set(choices[v]),
        classes=["chart-toggle"],
    )
    total = f'<span class="case-flow-total">{state.cases.n:,}</span>'
    if chart_view.value == "flow":
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
        return
    section_names = {indicators.section_label(s, L): s for s in indicators.sections()}
    solara.Select(
        label=t("ctl.section", L),
        values=list(section_names),
        value=indicators.section_label(section.value, L),
        on_value=lambda v: section.set(section_names[v]),
        classes=["select-section"],
    )
    # zoom: a preset that follows the run (all, the last 90 or 30 days) or a fixed range
    # of days chosen on the range slider (free zoom and pan; the chart is redrawn)
    preset = zoom.value if isinstance(zoom.value, str) else None
    first, last = zoom_range(zoom.value, sim.day, charts.shown_days(sim.days, panels, events))
    zooms = {t("zoom." + z, L): z for z in ("all", "last90", "last30")}
    solara.ToggleButtonsSingle(
        value=t("zoom." + preset, L) if preset else None,
        values=list(zooms),
        on_value=lambda v: zoom.set(zooms[v]) if v else None,
        classes=["zoom-toggle"],
        mandatory=False,
    )
    with solara.Div(classes=["zoom-range"]):
        solara.SliderRangeInt(
            f"{t('view.zoom', L)}: {first}–{last}",
            value=(first, last),
            min=0,
            max=max(sim.days, last),
            on_value=lambda v: zoom.set((int(v[0]), int(v[1]))) if v[1] > v[0] else None,
        )
    help_text = t("view.series_help", L) + " " + t("view.hover_help", L)
    if any(len(line) > 3 and line[3] for _, _, group in panels or () for line in group):
        help_text += " " + t("view.dashed", L)
    if events:
        help_text += " " + t(
            "view.events",
            L,
            "; ".join(f"{text}: {first}–{first + length}" for first, length, _, text in events),
        )
    solara.HTML(tag="div", unsafe_innerHTML=help_text, classes=["gs-muted", "series-help"])
    Chart(
        partial(
            charts.series_figure,
            panels,
            sim.days,
            events,
            t("view.day_axis", L),
            first_day=first,
            last_day=last,
        ),
        [sim, sim.day, L, section.value, first, last, series_tag(panels)],
        "series-chart",
        L,
        sim.day,
        run=id(sim),
        tag=f"{series_tag(panels)} x-{first}-{last}",
        hover=partial(
            charts.hover_svg,
            panels=panels,
            day_label=t("view.day_axis", L),
            fmt=partial(indicators.format_unit, lang=L),
        ),
    )


def zoom_range(zoom: str | tuple[int, int], day: int, end: int) -> tuple[int, int]:
    """The days a series chart shows: a preset follows the run (`end`: the axis's right end
    as the run grows), a (first, last) pair from the range slider is kept as chosen."""
    if isinstance(zoom, tuple):
        return zoom
    back = {"all": None, "last90": 90, "last30": 30}[zoom]
    return (0 if back is None else max(day - back, 0)), end


@solara.component
def Compare(
    sim: Simulation, other, lang: str, compare, described: dict[str, str], day: int, reps: dict
) -> None:
    """Two runs side by side: the headline indicators and, per run, how long cases stay open.
    `day` is passed so that a step (same runs, a new day) re-renders this part."""
    L = lang
    names = list(described)
    Heading(t("view.compare", L))
    none = t("ctl.compare_none", L)
    solara.Select(
        label=t("ctl.compare", L),
        values=[none] + [scenario_label(n, L, described[n]) for n in names],
        value=scenario_label(compare.value, L, described.get(compare.value, ""))
        if compare.value
        else none,
        on_value=lambda v: compare.set(
            next((n for n in names if scenario_label(n, L, described[n]) == v), "")
        ),
        classes=["select-compare"],
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("view.compare_help", L), classes=["gs-muted"])
    if isinstance(other, str):
        solara.Error(f"{t('view.error', L)}: {other}", classes=["compare-error"])
        return
    if not isinstance(other, Simulation):
        solara.HTML(tag="div", unsafe_innerHTML=t("view.compare_pick", L), classes=["gs-muted"])
        return
    solara.HTML(
        tag="div",
        unsafe_innerHTML=compare_html(sim, other, L, reps),
        classes=["compare", "gs-scroll"],
    )
    curves = [views.survival(run.model.state) for run in (sim, other)]
    sides = (
        t("view.with_levers", L) if sim.overrides else t("view.as_shipped", L),
        t("view.as_shipped", L),
    )
    lines = [
        (
            f"{scenario_label(run.scenario.name, L, described.get(run.scenario.name, ''))}"
            f" · {side}",
            tt,
            share,
        )
        for run, side, (tt, share) in zip((sim, other), sides, curves, strict=True)
    ]
    Heading(t("view.survival", L))
    Chart(
        partial(charts.survival_figure, lines, t("view.survival_axis", L), t("view.survival", L)),
        [sim, other, sim.day, L],
        "survival-chart",
        L,
        sim.day,
        run=id(sim),
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("view.survival_help", L), classes=["gs-muted"])


@solara.component
def TakeAway(sim: Simulation, other, lang: str, setup: Setup, day: int) -> None:
    """CSV of the series and the indicator table, the shown chart as PNG/SVG, the link and
    the `govsim run` command that reproduces the whole run so far. `day` is passed so that
    a step re-renders this part."""
    L = lang
    Heading(t("take.title", L))
    # rendered apart (Detached): a step re-renders TakeAway, but not its 46 download elements
    draw = solara.use_memo(lambda: lambda: Downloads(sim, other, L, setup), [sim, other, L, setup])
    Detached(draw)
    line = command(setup, sim.day)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<div class="gs-muted">{t("take.link_help", L)}</div>'
            f'<div class="gs-muted">{t("take.command", L)}</div>'
            f'<div class="command" data-query="{_escape(query(setup))}">{_escape(line)}</div>'
            f'<button class="btn-copy v-btn v-btn--outlined theme--light v-size--small" '
            f'onclick="navigator.clipboard &amp;&amp; navigator.clipboard.writeText('
            f"this.previousElementSibling.innerText); this.innerText='{t('take.copied', L)}'\">"
            f"{t('take.copy', L)}</button>"
        ),
        classes=["take-command"],
    )


@solara.component
def Downloads(sim: Simulation, other, lang: str, setup: Setup) -> None:
    """The download buttons. Their props do not change with the day, so a step does not
    re-render them; what they download is made when clicked, from the day shown then."""
    L = lang
    runs = [("shown", sim)] + ([("comparison", other)] if isinstance(other, Simulation) else [])
    stem = f"govsim_{setup.scenario}_seed{setup.seed}"
    compared = other if isinstance(other, Simulation) else None

    def talk(kind: str, fmt: str) -> Callable[[], bytes]:  # drawn only when asked for
        return lambda: export.save(export.figure_of(kind, sim, compared, setup, L), fmt)

    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: series_csv(runs),
            filename=f"{stem}_series.csv",
            label=t("take.series_csv", L),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: table_csv(runs),
            filename=f"{stem}_indicators.csv",
            label=t("take.table_csv", L),
            mime_type="text/csv",
        )
        for kind, fmt in export.DOWNLOADS:  # titled, captioned, 2x: for a talk or a paper
            solara.FileDownload(
                talk(kind, fmt),
                filename=f"{stem}_{kind}.{fmt}",
                label=t(f"take.{kind}_{fmt}", L),
                mime_type=export.FORMATS[fmt],
            )
