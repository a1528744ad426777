"""The views right of the drawer, laid out from a :class:`~govsim.dashboard.controller.Dashboard`:
the day and the cards, the map, the charts, the comparison, "take away" and the
indicator table. Layout only: what they show and do is the controller's."""

from __future__ import annotations

import threading
import time
from functools import partial

import solara

from govsim.dashboard import about, indicators
from govsim.dashboard.charts_panel import RightCharts
from govsim.dashboard.controller import Dashboard
from govsim.dashboard.i18n import t
from govsim.dashboard.inspector_view import Inspector, Map
from govsim.dashboard.layout import compute_layout, map_svg, workers_per_grid
from govsim.dashboard.parts import Detached, Heading, guarded, use_background
from govsim.dashboard.session import Simulation
from govsim.dashboard.takeaway import Compare, TakeAway
from govsim.dashboard.widgets import indicators_html, section_panels


def use_replicates(ctl: Dashboard, day: int) -> dict:
    """The replicates at `day`, stepped in a background thread (a hook of Views): what the
    views need of them, {} with one seed."""
    main, second = ctl.replicate_groups()
    done, set_done = solara.use_state((0, 0, 0))

    def work(cancel: threading.Event) -> None:
        if main is not None and ctl.advance_replicates(day, cancel):
            # which groups reached the day, not only the day: groups made anew at the same
            # day (a comparison built after the seeds were set) must re-render too, and a
            # state set to the value it holds does not
            set_done((day, id(main), id(second)))

    # with one seed the thread does not depend on the day: no thread per click
    use_background(work, [main, second, day if main is not None else -1])
    out = ctl.replicated(day)
    if out:
        out["done"] = done
    return out


@solara.component
def Views(ctl: Dashboard, revision: int, tick: solara.Reactive[int], stepped) -> None:
    """Everything right of the controls. Only this part reads `tick` (bumped by each
    step and by a change of what the views show), so a step re-renders the views, not the
    controls."""
    now = (revision, tick.value)
    L = ctl.lang
    Heading(t("app.title", L), 2)
    solara.HTML(tag="div", unsafe_innerHTML=t("app.subtitle", L), classes=["gs-muted"])
    if isinstance(ctl.sim, Simulation):
        RunViews(ctl, now, stepped)
    else:
        solara.Error(f"{t('view.error', L)}: {ctl.sim}", classes=["build-error"])


@solara.component
def RunViews(ctl: Dashboard, now: tuple, stepped) -> None:
    """The views of a run that could be built."""
    sim, L = ctl.sim, ctl.lang
    layout = solara.use_memo(lambda: compute_layout(sim.model.state.residents), [sim])
    t0 = time.perf_counter()
    reps = use_replicates(ctl, sim.day)
    if ctl.view.chart == "series":
        panels = section_panels(sim, section_of(ctl), L, ctl.compared(), reps)
    else:
        panels = None
    sim.last_views_ms = (time.perf_counter() - t0) * 1000
    sim.rendered_day = sim.day
    FirstHeadline(ctl, now, (sim.day, reps.get("main")), stepped)
    if reps.get("status"):
        solara.HTML(
            tag="div", unsafe_innerHTML=reps["status"], classes=["gs-muted", "replicate-status"]
        )
    with solara.Div(classes=["gs-views"]):
        with solara.Div():
            MapView(ctl, layout, now)
            Inspector(ctl, now)
        with solara.Div():
            RightCharts(ctl, panels, now)
    Compare(ctl, reps, now)
    TakeAway(ctl, now)
    about.AboutSection(L, ctl.command())
    AllIndicators(ctl, reps, now)


def section_of(ctl: Dashboard) -> str:
    return ctl.view.section or indicators.default_section()


@solara.component
def MapView(ctl: Dashboard, layout, now: tuple) -> None:
    """The neighbourhood: a dot per building (or grid), coloured by adoption or
    participation, and the grid workers the model assigned; a click inspects one."""
    sim, L, colour = ctl.sim, ctl.lang, ctl.view.colour
    state = sim.model.state
    labels = {
        "grid": t("view.grid", L),
        "building": t("view.building", L),
        "residents": t("view.residents", L),
        "workers": t("unit.workers", L),
        "legend": t("ctl.colour_" + colour, L),
    }
    grids = [w.grid for w in state.grid_workers]
    workers = workers_per_grid(grids, len(layout.grid_xy))
    svg = map_svg(layout, state.residents, sim.day, colour, labels, workers, grids, ctl.inspected)
    Heading(t("view.neighbourhood", L))
    colours = {t("ctl.colour_" + c, L): c for c in ("adoption", "participation")}
    solara.ToggleButtonsSingle(
        value=t("ctl.colour_" + colour, L),
        values=list(colours),
        on_value=guarded(lambda v: ctl.set_view(colour=colours[v]), ctl.report, L),
        classes=["colour-toggle"],
    )
    Map(ctl, svg)
    help_key = (
        "view.neighbourhood_help" if layout.draws_buildings else "view.neighbourhood_help_grids"
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t(help_key, L) + " " + t("view.workers_on_map", L, int(workers.sum())),
        classes=["gs-muted", "map-help"],
    )


@solara.component
def AllIndicators(ctl: Dashboard, reps: dict, now: tuple) -> None:
    """Every indicator, folded by default and built only when unfolded: the whole-run
    column evaluates every metric over the whole run, too slow for every click."""
    L, unfolded = ctl.lang, ctl.view.all
    solara.Button(
        ("▾ " if unfolded else "▸ ") + t("kpi.all", L),
        text=True,
        on_click=guarded(lambda: ctl.set_view(all=not ctl.view.all), ctl.report, L),
        classes=["btn-all-indicators"],
    )
    if unfolded:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=indicators_html(ctl.sim, ctl.compared(), L, reps),
            classes=["all", "gs-scroll"],
        )


@solara.component
def Headline(ctl: Dashboard, shown: tuple, means: tuple[int, dict | None], stepped) -> None:
    """The day and the headline cards. Rendered in a render context of its own (Detached)
    that reads `stepped`, which a step bumps before the views' `tick`: the cards are sent
    when the model has stepped, before the map, the charts and the tables are built (a
    step's whole render of the views took ~10 ms more; docs/dashboard.md, "How fast a day
    shows"). `means` are the replicates' values and the day they belong to; a later day
    shows the shown run's values until its replicates are ready; `shown` (the run and the
    language) renders it again for another run or language."""
    stepped.value  # noqa: B018 (subscribe: re-render after each step)
    sim, L = ctl.sim, ctl.lang
    day, replicated = means
    from govsim.dashboard.widgets import kpi_cards_html

    solara.HTML(
        tag="div",
        classes=["day-label"],
        unsafe_innerHTML=(  # the timings for benchmarks and tests, not for the reader
            f'<b data-model-ms="{sim.last_step_ms:.1f}" data-views-ms="{sim.last_views_ms:.1f}">'
            f"{t('view.day', L, sim.day, sim.days)}</b>"
        ),
    )
    Heading(t("kpi.title", L))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=kpi_cards_html(sim, L, replicated if day == sim.day else None),
        classes=["kpis"],
    )


@solara.component
def FirstHeadline(ctl: Dashboard, now: tuple, means: tuple[int, dict | None], stepped) -> None:
    """The Headline, rendered apart (Detached): again when a step bumps `stepped`, or when
    the run, the language or the replicates' day changes."""
    draw = solara.use_memo(
        lambda: partial(Headline, ctl, (ctl.sim, ctl.lang), means, stepped),
        [ctl.sim, ctl.lang, means[0] if means[1] is not None else -1, stepped],
    )
    Detached(draw)
