"""A saved Pareto set on the page (``govsim dashboard --pareto``): its trade-off plot, the
table of its policies and a button per policy that loads it into the simulation view."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import solara

from govsim.dashboard import charts, pareto
from govsim.dashboard.i18n import plain, scenario_label, t
from govsim.dashboard.parts import Heading, escaped
from govsim.dashboard.widgets import Chart


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
        unsafe_innerHTML=escaped(t("pareto.intro", L, title, base, ps.spec.futures.count, len(ps))),
        classes=["gs-muted", "pareto-intro"],
    )
    if not ps.table["feasible"].any():
        solara.HTML(
            tag="div",
            unsafe_innerHTML=escaped(t("pareto.none_feasible", L)),
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
    solara.HTML(tag="div", unsafe_innerHTML=escaped(t("pareto.plot_help", L)), classes=["gs-muted"])
    Heading(t("pareto.table", L))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=pareto.table_html(ps, L, picked),
        classes=["pareto", "gs-scroll"],
    )
    solara.HTML(tag="div", unsafe_innerHTML=escaped(t("pareto.pick_help", L)), classes=["gs-muted"])
    with solara.Row(style={"flex-wrap": "wrap"}):
        for i in range(len(ps)):
            solara.Button(
                t("pareto.watch", L, i + 1),
                on_click=lambda i=i: on_pick(i),
                classes=["btn-pick", f"btn-pick-{i}"],
                color="primary" if i == picked else None,
                outlined=i != picked,
            )
