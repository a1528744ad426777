"""The dashboard's state and actions in plain Python: what the page shows and what its
buttons do, testable without a browser or Solara.

:class:`Dashboard` holds the setup (:class:`~govsim.dashboard.settings.Setup`), the view
(:class:`~govsim.dashboard.address.View`: day, comparison, replicates, language, zoom,
section …), the run (:class:`~govsim.dashboard.session.Simulation`, reset semantics: a
new setting builds a new run at day 0), the comparison, the replicates and the message
of the last refused input. Each action changes them and tells its listeners what kind of
render it needs: ``"page"`` (the controls and the views), ``"views"`` (the views alone)
or ``"step"`` (the cards first, then the views). :mod:`govsim.dashboard.page` is its
layout, as Mesa's ``SolaraViz`` page is the layout of a model (Mesa's ``solara_viz.py``).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from typing import Any

from govsim.dashboard import address, downloads, inspector, pareto, replicates
from govsim.dashboard.i18n import scenario_label, t
from govsim.dashboard.levers import Lever, coerce, lever_value
from govsim.dashboard.notice import Notice
from govsim.dashboard.replicates import Replicates
from govsim.dashboard.session import (
    Simulation,
    build,
    default_setup,
    replicate_builder,
    shipped_scenarios,
)
from govsim.dashboard.settings import MAX_REPLICATES, Setup, command, parse_whole

__all__ = ["Dashboard", "build", "default_setup", "replicate_builder", "shipped_scenarios"]
from govsim.dashboard.widgets import kpi_cards_html
from govsim.scenario.config import load_scenario

SPEEDS = {"slow": 0.5, "normal": 0.05, "fast": 0.0}
"""Play: the pause (s) after each shown day, besides waiting until it is shown."""


class Dashboard:
    """One browser session's dashboard. `described`: scenario name → description;
    `searched`: a saved Pareto set (or the message why it cannot be read, or None);
    `link`: the address's query string to restore; `clock` times a slider's drag."""

    def __init__(
        self,
        described: dict[str, str],
        searched: pareto.ParetoSet | str | None = None,
        link: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.described, self.names = dict(described), list(described)
        self.searched = searched
        self.pareto = searched if isinstance(searched, pareto.ParetoSet) else None
        first = "community_y" if "community_y" in self.names or not self.names else self.names[0]
        start = self.pareto.base_setup() if self.pareto else default_setup(first)
        setup, view, problems = address.decode(link, self.names, start, load_scenario, self.pareto)
        self.setup, self.view = setup, dataclasses.replace(view, day=0)
        if searched is not None and not view.main:
            main = "search" if view.picked < 0 else "simulation"
            self.view = dataclasses.replace(self.view, main=main)
        self.message, self.rejected = "\n".join(problems), 0
        self.playing, self.speed = False, "normal"
        self.lock = threading.Lock()
        self.listeners: list[Callable[[str], None]] = []
        self.views_attached = False  # a page shows the views: play waits for each day
        self.notice = Notice(clock)
        self.levers = pareto.shown_levers(self.pareto)
        self.sim: Simulation | str = ""
        self.other: Simulation | str | None = None
        self._groups: tuple = (None, None, None)
        self._build()
        if isinstance(self.sim, Simulation) and view.day:
            self.step(view.day)
        self.message = "\n".join(problems + self._restore_pick(view))

    # --- what the page reads -------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.view.lang

    def runs(self) -> list[Simulation]:
        return [r for r in (self.sim, self.other) if isinstance(r, Simulation)]

    def compared(self) -> Simulation | None:
        return self.other if isinstance(self.other, Simulation) else None

    def address(self) -> str:
        """The query string that restores this screen."""
        day = self.sim.day if isinstance(self.sim, Simulation) else 0
        return address.encode(self.setup, dataclasses.replace(self.view, day=day))

    def command(self) -> str:
        """The `govsim run` command of the days run; at day 0, nothing run yet, of the whole
        horizon (:meth:`command_label` says which)."""
        day = self.sim.day if isinstance(self.sim, Simulation) else 0
        return command(self.setup, day or self.setup.days)

    def command_label(self) -> str:
        day = self.sim.day if isinstance(self.sim, Simulation) else 0
        return t("take.command" if day else "take.command_day0", self.lang)

    def can_step(self) -> bool:
        """Whether Step, Run and Play can go on: a run that has not reached its horizon."""
        return isinstance(self.sim, Simulation) and not self.sim.finished

    def zoom_days(self) -> tuple[int, int]:
        """The days the zoom may show: those already run (at least day 0 to 1)."""
        return 0, max(self.sim.day if isinstance(self.sim, Simulation) else 0, 1)

    def label(self, name: str) -> str:
        return scenario_label(name, self.lang, self.described.get(name, ""))

    def notice_text(self) -> str | None:
        """The notice after a rebuild: what changed, in the page's language (None before
        the first rebuild)."""
        if not isinstance(self.sim, Simulation):
            return None
        return self.notice.text(self.sim, self.lang, self.label, self.levers, self.setup)

    def watching(self) -> int:
        """The Pareto policy whose setup is shown (-1: none)."""
        picked = self.view.picked
        if self.pareto is None or picked < 0 or self.setup != self.pareto.setup(picked):
            return -1
        return picked

    def shipped_disabled(self) -> bool:
        S, sim = self.setup, self.sim
        return (
            not S.levers
            and isinstance(sim, Simulation)
            and S.seed == sim.base.seed
            and S.days == sim.base.days
        )

    # --- replicates ----------------------------------------------------------------------

    def replicate_groups(self) -> tuple[Replicates | None, Replicates | None]:
        """The shown run's and the comparison's replicates (None with one seed), kept while
        the runs and the count stay the same."""
        key = (self.sim, self.other, self.view.replicates)
        if self._groups[0] != key:
            main, second = replicates.groups(
                self.sim, self.compared(), self.view.replicates, replicate_builder(self.setup)
            )
            self._groups = (key, main, second)
        return self._groups[1], self._groups[2]

    def advance_replicates(self, day: int, cancel: threading.Event | None = None) -> bool:
        """Step every replicate to `day`; False when cancelled."""
        for group in self.replicate_groups():
            if group is not None and not group.advance(day, cancel):
                return False
        return True

    def replicated(self, day: int) -> dict:
        """What the views need of the replicates at `day`: the means (``main``, ``other``,
        once every seed shows the day), the groups, ``k`` and a status line; {} with one seed."""
        main, second = self.replicate_groups()
        return replicates.shown(main, second, day, self.lang)

    # --- the inspector -------------------------------------------------------------------

    @property
    def inspected(self) -> tuple[str, int] | None:
        """What the map's click picked: (kind, 0-based index), None: nothing."""
        return address.split_pick(self.view.inspect) if self.view.inspect else None

    @property
    def case(self) -> int:
        """The case followed in the inspector (-1: none)."""
        return self.view.case

    def _pick(self, inspected: tuple[str, int] | None, case: int = -1) -> None:
        pick = "" if inspected is None else f"{inspected[0]}-{inspected[1]}"
        self.view = dataclasses.replace(self.view, inspect=pick, case=case)

    def _restore_pick(self, view: address.View) -> list[str]:
        """What a link's inspector showed, checked against the run now built; one message
        (in the link's language) per part that cannot be shown."""
        problems, L = [], self.lang
        for key, raw, restore in (
            ("inspect", view.inspect, lambda: self.inspect(*address.split_pick(view.inspect))),
            ("case", str(view.case), lambda: self.follow_case(view.case)),
        ):
            if not raw or raw == "-1":
                continue
            try:
                restore()
            except ValueError:
                shown = dict(address.view_pairs(view))[key]
                problems.append(t("ctl.link_error", L, key, shown, t("inspect.link_missing", L)))
        return problems

    def inspector_card(self) -> dict | None:
        """The card of the grid, building or worker picked on the map, read from the run at
        the day shown (None: nothing picked)."""
        if self.inspected is None or not isinstance(self.sim, Simulation):
            return None
        return inspector.card(self.sim.model.state, *self.inspected)

    def inspector_html(self, card: dict | None = None) -> str:
        """The picked card's words (empty: nothing picked); `card`: the
        :meth:`inspector_card` already read."""
        card = card or self.inspector_card()
        return "" if card is None else inspector.card_html(self.sim.model.state, card, self.lang)

    def listed_cases(self, card: dict | None = None) -> list[tuple[int, str]]:
        """The card's cases to follow: (case, its button's words)."""
        card = card or self.inspector_card()
        if card is None:
            return []
        state = self.sim.model.state
        rows = card["listed_open"] + card["listed_rated"]
        return [(i, inspector.case_label(state, i, self.lang)) for i in rows]

    def trail_html(self) -> str:
        """The followed case from arising to rating (empty: none followed)."""
        if self.case < 0 or not isinstance(self.sim, Simulation):
            return ""
        return inspector.trail_html(self.sim.model.state, self.case, self.lang)

    def cards_html(self) -> str:
        """The headline cards: the shown run's, or the replicates' means once ready."""
        sim = self.sim
        return kpi_cards_html(sim, self.lang, self.replicated(sim.day).get("main"))

    # --- downloads -----------------------------------------------------------------------

    def stem(self) -> str:
        return f"govsim_{self.setup.scenario}_seed{self.setup.seed}"

    def labelled_runs(self) -> list[tuple[str, Simulation]]:
        other = self.compared()
        return [("shown", self.sim)] + ([("comparison", other)] if other else [])

    def series_csv(self) -> str:
        return downloads.series_csv(self.labelled_runs())

    def table_csv(self) -> str:
        return downloads.table_csv(self.labelled_runs())

    def figure(self, kind: str, fmt: str) -> bytes:
        """A chart for a talk (titled, captioned, 2x), drawn now from the day shown."""
        from govsim.dashboard import export

        fig = export.figure_of(kind, self.sim, self.compared(), self.setup, self.lang)
        return export.save(fig, fmt)

    # --- actions -------------------------------------------------------------------------

    def report(self, message: str) -> None:
        """Show `message` (an action's failure) in the drawer."""
        self.message = message
        self._notify("page")

    def _notify(self, kind: str) -> None:
        for listener in list(self.listeners):
            listener(kind)

    def _build(self) -> None:
        S = self.setup
        self._pick(None)  # a new run: what was picked is gone
        self.sim = build(S.scenario, S.overrides, S.seed, S.days, S.fixed)
        self.other = self._build_other()

    def _build_other(self) -> Simulation | str | None:
        if not self.view.compare or not isinstance(self.sim, Simulation):
            return None
        run = build(self.view.compare, {}, self.setup.seed, self.setup.days)
        if isinstance(run, Simulation):
            run.catch_up(self.sim.day)  # chosen mid-run: level with the shown run
        return run

    def change(
        self, new: Setup, gesture: str = "", restart: bool = False, kind: str = "rebuilt"
    ) -> None:
        """Build the run of `new` (a new run at day 0; `restart`: also with the same
        setup); `gesture` names a slider being dragged and `kind` the notice's wording
        (see :class:`~govsim.dashboard.notice.Notice`)."""
        self.playing = False
        self.message = ""
        if new == self.setup and not restart:
            return self._notify("page")
        self.notice.before(self.sim, gesture, kind)
        self.setup = new
        self._build()
        self._notify("page")

    def set_view(self, kind: str = "views", **changes: Any) -> None:
        """Change what the screen shows (zoom, section, chart, map colour, …)."""
        self.view = dataclasses.replace(self.view, **changes)
        self._notify(kind)

    def inspect(self, kind: str, ident: int) -> None:
        """A click on the map: inspect grid, building or worker `ident` (0-based)."""
        if not isinstance(self.sim, Simulation):
            return
        ident = int(ident)
        if not 0 <= ident < inspector.count(self.sim.model.state, kind):
            raise ValueError(f"no {kind} {ident} in this run")
        self._pick((kind, ident))
        self._notify("views")

    def follow_case(self, case: int) -> None:
        """Show case `case`'s trail in the inspector."""
        if not isinstance(self.sim, Simulation) or not 0 <= case < self.sim.model.state.cases.n:
            raise ValueError(f"no case {case} in this run")
        self._pick(self.inspected, int(case))
        self._notify("views")

    def close_inspector(self) -> None:
        self._pick(None)
        self._notify("views")

    def set_language(self, lang: str) -> None:
        self.set_view("page", lang=lang)

    def choose_scenario(self, name: str) -> None:
        self.change(default_setup(name))

    def set_lever(self, lever: Lever, value: Any) -> None:
        """A lever moved to `value`; back at the base's value it is no longer set."""
        if not isinstance(self.sim, Simulation):
            return
        new = dict(self.setup.levers)
        new[lever.key] = coerce(lever, value)
        if new[lever.key] == lever_value(self.sim.base, lever.key):
            del new[lever.key]
        levers = tuple(sorted(new.items()))
        self.change(dataclasses.replace(self.setup, levers=levers), gesture=lever.key)

    def set_whole(self, field: str, text: str) -> None:
        """A seed or horizon typed in: checked by the schema, else the message."""
        S, L = self.setup, self.lang
        base = self.sim.base if isinstance(self.sim, Simulation) else load_scenario(S.scenario)
        in_use = S.seed if field == "seed" else S.days
        number, problem = parse_whole(base, field, text, t(f"ctl.{field}", L), in_use, L)
        if problem:
            return self._refuse(problem)
        if number == in_use:
            self.message = ""
            return self._notify("page")
        self.change(dataclasses.replace(S, **{field: number}))

    def set_replicates(self, text: str) -> None:
        raw, L = str(text).strip(), self.lang
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_REPLICATES:
            range_text = t("ctl.replicates_range", L, MAX_REPLICATES)
            label = t("ctl.replicates", L)
            return self._refuse(
                t("ctl.input_error", L, label, raw, range_text, self.view.replicates)
            )
        self.message = ""
        self.set_view("page", replicates=int(raw))

    def _refuse(self, problem: str) -> None:
        self.message = problem
        self.rejected += 1  # the field shows the value in use again
        self._notify("page")

    def set_compare(self, name: str) -> None:
        self.view = dataclasses.replace(self.view, compare=name)
        self.other = self._build_other()
        self._notify("page")

    def back_to_shipped(self) -> None:
        self.change(default_setup(self.setup.scenario), restart=True, kind="shipped")

    def restart(self) -> None:
        self.change(self.setup, restart=True)

    def pick(self, i: int) -> None:
        """Load policy `i` of the Pareto set into the simulation view."""
        self.view = dataclasses.replace(self.view, picked=i, main="simulation")
        self.change(self.pareto.setup(i))

    def step(self, days: int = 1) -> None:
        """Step every run `days` days (not past the horizon); reaching it also re-renders
        the controls, whose Step and Run are then disabled."""
        with self.lock:
            before = self.can_step()
            for run in self.runs():
                run.step(days)
            self.notice.stepped()
            self._notify("step")
            if before and not self.can_step():
                self._notify("page")

    def run_to_end(self) -> None:
        self.playing = False
        if isinstance(self.sim, Simulation):
            self.step(self.sim.days - self.sim.day)

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self._notify("page")

    def set_speed(self, speed: str) -> None:
        self.speed = speed
        self._notify("page")

    def play(self, cancel: threading.Event) -> None:
        """Step day by day while playing: the next day only after the views have shown
        this one (with a page) and a pause as long as that took, so a day never lands in
        the middle of a render on a busy machine (reacton gives up after 100 interrupted
        renders)."""
        sim = self.sim
        while self.playing and not cancel.is_set() and isinstance(sim, Simulation):
            if sim.finished:
                return self.set_playing(False)
            t0 = time.perf_counter()
            self.step(1)
            deadline = time.monotonic() + 5.0
            while self.views_attached and sim.rendered_day != sim.day:
                if cancel.wait(0.01) or time.monotonic() > deadline:
                    break
            pause = SPEEDS.get(self.speed, SPEEDS["normal"])
            cancel.wait(max(pause, min(time.perf_counter() - t0, 0.5)))
