"""The map that answers clicks and the inspector's card beside it (issue 31 item 5), after
NetLogo's agent inspector and Mesa's agent portrayal. Layout only: what is picked and what
the card says are the controller's (:meth:`~govsim.dashboard.controller.Dashboard.inspect`)
and :mod:`govsim.dashboard.inspector`'s.

The map is an SVG string (:func:`govsim.dashboard.layout.map_svg`); ``solara.HTML`` cannot
send a click back, so :class:`MapPicker`, a small Vue template as in
:mod:`govsim.dashboard.screen`, shows it and sends the id of the grid, building or
worker clicked (its ``data-grid``, ``data-building`` or ``data-worker``) to Python.
"""

from __future__ import annotations

from functools import partial

import ipyvuetify as v
import solara
import traitlets

from govsim.dashboard.controller import Dashboard
from govsim.dashboard.i18n import t
from govsim.dashboard.parts import guarded


class MapPicker(v.VuetifyTemplate):
    """Shows `svg`; a click (a tap) on an element with ``data-worker``, ``data-building``
    or ``data-grid`` sets `picked` to "kind:id:time" (the time makes a second click on the
    same element a change too)."""

    template = traitlets.Unicode("""<template><div class="map" v-html="svg" @click="pick"></div>
</template>
<script>
module.exports = {
  methods: {
    pick(event) {
      const el = event.target.closest &&
        event.target.closest('[data-worker], [data-building], [data-grid]');
      if (!el) return;
      const kind = ['worker', 'building', 'grid'].find((k) => k in el.dataset);
      this.picked = `${kind}:${el.dataset[kind]}:${Date.now()}`;
    },
  },
};
</script>""").tag(sync=True)
    svg = traitlets.Unicode("").tag(sync=True)
    picked = traitlets.Unicode("").tag(sync=True)


def picked_on_map(ctl: Dashboard, value: str) -> None:
    """What :class:`MapPicker` sent: inspect it."""
    kind, ident, _ = value.split(":")
    ctl.inspect(kind, int(ident))


def Map(ctl: Dashboard, svg: str) -> solara.Element:
    on_picked = guarded(partial(picked_on_map, ctl), ctl.report, ctl.lang)
    return MapPicker.element(svg=svg, on_picked=on_picked)


@solara.component
def Inspector(ctl: Dashboard, now: tuple) -> None:
    """The card of what was picked on the map, read at the day shown: residents, workers
    and their day, the open cases and where they wait, a few cases to follow and the
    followed case's trail; nothing picked: how to pick."""
    L = ctl.lang
    G = partial(guarded, report=ctl.report, lang=L)
    card = ctl.inspector_card()
    if card is None:
        solara.HTML(tag="div", unsafe_innerHTML=t("inspect.help", L), classes=["inspect-help"])
        return
    listed = ctl.listed_cases(card)
    with solara.Div(classes=["inspector-card"]):
        solara.HTML(tag="div", unsafe_innerHTML=ctl.inspector_html(card))
        words = t("inspect.cases" if listed else "inspect.no_cases", L)
        solara.HTML(tag="div", unsafe_innerHTML=words, classes=["gs-muted"])
        with solara.Div(classes=["inspect-case-list"]):
            for case, label in listed:
                solara.Button(
                    label,
                    text=True,
                    on_click=G(partial(ctl.follow_case, case)),
                    classes=["inspect-case"] + (["followed"] if case == ctl.case else []),
                )
        if ctl.case >= 0:
            solara.HTML(tag="div", unsafe_innerHTML=ctl.trail_html())
        solara.Button(
            t("inspect.close", L), text=True, on_click=G(ctl.close_inspector),
            classes=["inspect-close"],
        )  # fmt: skip
