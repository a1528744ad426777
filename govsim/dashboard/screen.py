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


RUN_BUTTONS = ".btn-step, .btn-run30, .btn-run-end"
"""The buttons after which a phone's drawer closes, so the day just run is in view."""


class DrawerCloser(v.VuetifyTemplate):
    """Closes the phone's drawer after a tap on Step or Run, in the browser alone (a state
    change in Python would cost the page a second render per click): it taps the app
    bar's ☰ as a user would, since AppLayout keeps its drawer's state to itself and the ☰
    is the one handle on it. A laptop's drawer is not modal and is left alone."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = { mounted() {
  if (window.govsimDrawerCloser) return;  // one listener per page
  window.govsimDrawerCloser = true;
  document.addEventListener('click', (e) => {
    if (!e.target.closest || !e.target.closest('"""
        + RUN_BUTTONS
        + """')) return;
    const drawer = '.v-navigation-drawer--is-mobile.v-navigation-drawer--open';
    if (!document.querySelector(drawer)) return;
    const menu = document.querySelector('.v-app-bar__nav-icon');
    if (menu) menu.click();
  });
} };
</script>"""
    ).tag(sync=True)


class DisconnectWords(v.VuetifyTemplate):
    """Says Solara's "Server disconnected." (its page template's overlay, shown when the
    server is gone, so Python cannot send it then) in the page's language: `words` is sent
    while connected and a watcher in the browser puts it in the overlay whenever it shows."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = { mounted() {
  const solaras = /^\\s*Server\\s+disconnected\\.\\s*$/;
  const swap = () => {
    document.querySelectorAll('.v-overlay .v-progress-circular__info').forEach((el) => {
      if (!(el.dataset.gsWords || solaras.test(el.textContent))) return;
      el.dataset.gsWords = '1';
      if (el.textContent !== this.words) el.textContent = this.words;
    });
  };
  new MutationObserver(swap).observe(document.body, { childList: true, subtree: true });
  this.$watch('words', swap);
  swap();
} };
</script>"""
    ).tag(sync=True)
    words = traitlets.Unicode("").tag(sync=True)


def DisconnectNotice(words: str) -> solara.Element:
    """Put on the page once: Solara's disconnection notice in the page's words."""
    return DisconnectWords.element(words=words)


def DrawerClosing() -> solara.Element:
    """Put on the page once: closes the phone's drawer after Step or Run."""
    return DrawerCloser.element()


def WidthProbe() -> solara.Element:
    """Put on the page once: reports the browser's width to :data:`screen_width`."""
    return ScreenWidth.element(on_width=screen_width.set)
