"""The Solara page: the layout of a :class:`~govsim.dashboard.controller.Dashboard`.

Controls sit in a side drawer (collapsed on a phone), the views in the main area. The
state and every action live in the controller (one per browser session); this module
only lays them out and wires Solara to it: the controller tells the page which render an
action needs ("page", "views" or "step") and three reactive counters carry that to the
components that read them, so a step re-renders the cards and the views, never the
drawer. The address bar follows the screen (:func:`use_address`), so a link restores it.
Every callback goes through :func:`~govsim.dashboard.parts.guarded`, and the views render
inside an error boundary: a failure shows a message, never a traceback.
"""

from __future__ import annotations

import sys
import threading
from functools import partial

import solara

from govsim.dashboard import charts, pareto
from govsim.dashboard.controller import SPEEDS, Dashboard, shipped_scenarios
from govsim.dashboard.i18n import plain, t
from govsim.dashboard.levers import lever_value
from govsim.dashboard.panels import Views
from govsim.dashboard.pareto_view import ParetoView
from govsim.dashboard.parts import (
    Detached,
    Field,
    Heading,
    LeverControl,
    escaped,
    guarded,
    use_background,
)
from govsim.dashboard.screen import DisconnectNotice, DrawerClosing, WidthProbe
from govsim.dashboard.settings import lever_label
from govsim.dashboard.style import CSS

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
ADDRESS_SECONDS = 0.5
"""The address bar is set when the screen has been still this long (s) and not playing:
each set re-renders the page, so never on every day of a play or a burst of clicks."""


def use_renders(ctl: Dashboard) -> tuple[int, solara.Reactive[int], solara.Reactive[int]]:
    """The page's revision (read here: an action re-renders the page), and the counters a
    step bumps: `stepped` (the cards, first) and `tick` (the views)."""
    revision = solara.use_reactive(0)
    tick = solara.use_reactive(0)
    stepped = solara.use_reactive(0)

    def listen(kind: str) -> None:
        if kind == "page":
            revision.set(revision.value + 1)
            return
        if kind == "step":
            stepped.set(stepped.value + 1)
        tick.set(tick.value + 1)

    def attach():
        ctl.listeners.append(listen)
        ctl.views_attached = True
        return lambda: ctl.listeners.remove(listen)

    solara.use_effect(attach, [])
    return revision.value, tick, stepped


def use_address(ctl: Dashboard, router) -> None:
    """Keep the address bar on the screen, in one plain thread per page (a thread per
    change would re-render the page as it starts and stops): when the screen has been
    still for :data:`ADDRESS_SECONDS` and differs from the address, set it. On a page's
    first render the browser reports its own (bare) address after ours: set again."""
    latest = solara.use_ref(router)
    latest.current = router

    def keep() -> None:
        cancel, seen = threading.Event(), [ctl.address()]

        def loop() -> None:
            while not cancel.wait(ADDRESS_SECONDS):
                wanted = ctl.address()
                still, seen[0] = wanted == seen[0], wanted
                current = latest.current
                if not still or ctl.playing or current.set_path is None:
                    continue  # no router outside a served page (tests)
                if current.search != wanted:
                    try:
                        current.push(f"{current.path or '/'}?{wanted}")
                    except Exception as err:  # noqa: BLE001 (the address is a convenience)
                        print(f"govsim dashboard: no address: {err!r}", file=sys.stderr)
                        return

        threading.Thread(target=loop, daemon=True).start()
        return cancel.set

    solara.use_effect(keep, [])


@solara.component
def Page() -> None:
    exception, clear_exception = solara.use_exception()
    solara.use_memo(charts.drawing_process, [])  # started now: ready for the first chart
    router = solara.use_router()
    ctl = solara.use_memo(
        lambda: Dashboard(shipped_scenarios(), pareto.from_env(), router.search or ""), []
    )
    revision, tick, stepped = use_renders(ctl)
    use_address(ctl, router)
    use_background(ctl.play, [ctl.playing, ctl.sim, ctl.other])
    L = ctl.lang
    solara.Title(t("app.title", L))
    solara.Style(CSS)
    WidthProbe()
    DrawerClosing()
    DisconnectNotice(t("app.disconnected", L))
    with solara.Sidebar():
        Detached(partial(Drawer, ctl, revision))
    if exception is not None:
        print(f"govsim dashboard: {type(exception).__name__}: {exception}", file=sys.stderr)
        solara.Error(t("ctl.callback_error", L), classes=["render-error"])
        solara.Button(t("ctl.reset", L), on_click=lambda: (clear_exception(), ctl.restart()))
        return
    Main(ctl, revision, tick, stepped)


@solara.component
def Main(ctl: Dashboard, revision: int, tick, stepped) -> None:
    """Right of the drawer: the search view of a saved Pareto set, or the simulation with
    the notice of what the last rebuild changed."""
    L, G = ctl.lang, partial(guarded, report=ctl.report, lang=ctl.lang)
    if ctl.searched is not None:
        choices = {t("view.simulation", L): "simulation", t("pareto.title", L): "search"}
        solara.ToggleButtonsSingle(
            value=t("pareto.title" if ctl.view.main == "search" else "view.simulation", L),
            values=list(choices),
            on_value=G(lambda v: ctl.set_view("page", main=choices[v])),
            classes=["main-view-toggle"],
        )
    if isinstance(ctl.searched, str):
        solara.Error(t("pareto.load_error", L, ctl.searched), classes=["pareto-error"])
    elif ctl.pareto is not None and ctl.view.main == "search":
        ParetoView(ctl.pareto, L, ctl.view.picked, G(ctl.pick))
        return
    if ctl.watching() >= 0:
        title = plain(ctl.pareto.spec.description) or ctl.pareto.name
        solara.HTML(
            tag="div",
            unsafe_innerHTML=escaped(t("pareto.watching", L, ctl.watching() + 1, title)),
            classes=["pareto-watching"],
        )
    notice = ctl.notice_text()
    if notice:
        solara.HTML(tag="div", unsafe_innerHTML=escaped(notice), classes=["rebuilt-notice"])
    Views(ctl, revision, tick, stepped)


@solara.component
def Drawer(ctl: Dashboard, revision: int) -> None:
    """The drawer: rendered in a render context of its own (see Detached)."""
    with solara.Column(classes=["controls"]):
        Setting(ctl, revision)
        RunButtons(ctl, revision)
        Levers(ctl, revision)


@solara.component
def Setting(ctl: Dashboard, revision: int) -> None:
    """Language, scenario, seed and horizon, and the message of a refused input."""
    L, G, S = ctl.lang, partial(guarded, report=ctl.report, lang=ctl.lang), ctl.setup
    solara.ToggleButtonsSingle(
        value=LANGUAGE_NAMES[L],
        values=list(LANGUAGE_NAMES.values()),
        on_value=G(
            lambda v: ctl.set_language(next(c for c, n in LANGUAGE_NAMES.items() if n == v))
        ),
        classes=["lang-toggle"],
    )
    by_label = {ctl.label(n): n for n in ctl.names}
    solara.Select(
        label=t("ctl.scenario", L),
        values=list(by_label),
        value=ctl.label(S.scenario),
        on_value=G(lambda v: ctl.choose_scenario(by_label[v])),
        classes=["select-scenario"],
    )
    with solara.Row():
        for field in ("seed", "days"):
            Field(
                t(f"ctl.{field}", L),
                getattr(S, field),
                G(lambda v, field=field: ctl.set_whole(field, v)),
                f"input-{field}",
                ctl.rejected,
            )
    if ctl.message:
        solara.HTML(
            tag="div",
            unsafe_innerHTML="<br>".join(escaped(m) for m in ctl.message.split("\n")),
            classes=["input-error"],
        )


@solara.component
def RunButtons(ctl: Dashboard, revision: int) -> None:
    """Step, run, play, restart, the play speed and the replicates."""
    L, G = ctl.lang, partial(guarded, report=ctl.report, lang=ctl.lang)
    ended = not ctl.can_step()  # at the horizon: nothing more to run
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Button(
            t("ctl.step", L),
            on_click=G(lambda: ctl.step(1)),
            classes=["btn-step"],
            color="primary",
            disabled=ended,
        )
        solara.Button(
            t("ctl.run30", L),
            on_click=G(lambda: ctl.step(30)),
            classes=["btn-run30"],
            disabled=ended,
        )
        solara.Button(
            t("ctl.run_end", L), on_click=G(ctl.run_to_end), classes=["btn-run-end"], disabled=ended
        )
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Button(
            t("ctl.pause", L) if ctl.playing else t("ctl.play", L),
            on_click=G(lambda: ctl.set_playing(not ctl.playing)),
            classes=["btn-play"],
            disabled=ended and not ctl.playing,
        )
        solara.Button(t("ctl.reset", L), classes=["btn-reset"], on_click=G(ctl.restart))
    speeds = {t("speed." + s, L): s for s in SPEEDS}
    solara.ToggleButtonsSingle(
        value=t("speed." + ctl.speed, L),
        values=list(speeds),
        on_value=G(lambda v: ctl.set_speed(speeds[v])),
        classes=["speed-toggle"],
    )
    Field(
        t("ctl.replicates", L),
        ctl.view.replicates,
        G(ctl.set_replicates),
        "input-replicates",
        ctl.rejected,
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("ctl.replicates_help", L), classes=["gs-muted"])


@solara.component
def Levers(ctl: Dashboard, revision: int) -> None:
    """The policy levers, each marked when moved, and "back to shipped settings"."""
    L, G, sim = ctl.lang, partial(guarded, report=ctl.report, lang=ctl.lang), ctl.sim
    Heading(t("ctl.levers", L), 3)
    solara.HTML(tag="div", unsafe_innerHTML=t("ctl.levers_help", L), classes=["gs-muted"])
    solara.Button(
        t("ctl.shipped", L),
        on_click=G(ctl.back_to_shipped),
        classes=["btn-shipped"],
        disabled=ctl.shipped_disabled(),
        outlined=True,
    )
    if isinstance(sim, str):
        return
    for lever in ctl.levers:
        if lever_value(sim.scenario, lever.key) is None:
            continue  # e.g. an event of the search's base, not of this scenario
        LeverControl(
            lever,
            lever_value(sim.scenario, lever.key),
            lever_value(sim.base, lever.key),
            lever_label(lever, L, sim.scenario),
            G(lambda v, lever=lever: ctl.set_lever(lever, v)),
            L,
        )
