"""The page's layout around the views: Solara's AppLayout, its side drawer closed on a
narrow screen (a phone opens it with the ☰ button) and open on a wide one.

The browser reports its width once, when the page mounts (:class:`ScreenWidth`, a tiny
Vue template); until then the drawer is open as on a laptop.
"""

from __future__ import annotations

import ipyvuetify as v
import solara
import traitlets

NARROW_PX = 960
"""Below this width (Vuetify's own mobile breakpoint for the drawer) the drawer starts
closed and slides over the page when opened."""

screen_width = solara.reactive(0)  # per browser session (Solara scopes module reactives)


class ScreenWidth(v.VuetifyTemplate):
    """Sends ``window.innerWidth`` to Python when mounted."""

    template = traitlets.Unicode("""<template><span style="display: none"></span></template>
<script>
module.exports = { mounted() { this.width = window.innerWidth; } };
</script>""").tag(sync=True)
    width = traitlets.Int(0).tag(sync=True)


@solara.component
def Layout(children=[]):  # noqa: B006 (Solara's signature for an app's Layout)
    """The app's layout (`solara run` uses an app module's ``Layout``); the page shows
    :func:`WidthProbe` (an element must be on the page to be mounted)."""
    width = screen_width.value
    return solara.AppLayout(children=children, sidebar_open=width == 0 or width >= NARROW_PX)


drawer_closes = solara.reactive(0)  # bumped by Step / Run: the phone's drawer closes


def close_drawer() -> None:
    """After Step or Run on a phone, show the views: the drawer covering them closes."""
    drawer_closes.set(drawer_closes.value + 1)


class DrawerCloser(v.VuetifyTemplate):
    """Closes the phone's drawer when ``closes`` changes, by tapping the app bar's ☰ as a
    user would: AppLayout keeps whether its drawer is open in its own state, and its ☰
    is the one handle on that state (a laptop's drawer is never modal: left alone)."""

    template = traitlets.Unicode("""<template><span style="display: none"></span></template>
<script>
module.exports = { watch: { closes() {
  if (!document.querySelector('.v-navigation-drawer--is-mobile.v-navigation-drawer--open')) return;
  const menu = document.querySelector('.v-app-bar__nav-icon');
  if (menu) menu.click();
} } };
</script>""").tag(sync=True)
    closes = traitlets.Int(0).tag(sync=True)


@solara.component
def DrawerClosing() -> None:
    """Put on the page once: its own component, so a close re-renders only itself."""
    DrawerCloser.element(closes=drawer_closes.value)


def WidthProbe() -> solara.Element:
    """Put on the page once: reports the browser's width to :data:`screen_width`."""
    return ScreenWidth.element(on_width=screen_width.set)
