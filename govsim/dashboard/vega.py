"""A Vega-Lite chart drawn in the browser (zoom, pan, legend toggles, hover and tap
tooltips), fed from Python as a spec and, day by day, its data alone.

Why not ``solara.FigureAltair`` (docs/dashboard.md, "Why Vega-Lite, and why this widget"):
its widget asks Solara's CDN route for ``vega@5``, ``vega-lite@5`` and ``vega-embed@6``
without a full version; solara-assets ships them only under full versions
(``vega@5.21.0``, ``vega-lite@5.2.0``, ``vega-embed@6.20.2``), so an offline server
answers 404 and the chart stays blank (seen in Chromium, 2026-12-06). And Altair 6
writes Vega-Lite v6 specs for a v5.2 library. This widget loads the versions that
are there and is given specs written for Vega-Lite 5.2 (:mod:`govsim.dashboard.series_spec`).

A new spec re-embeds the chart; new data (the next day) replaces the datasets in the
running view (a Vega changeset), so a zoom or a hidden legend entry stays while the run
goes on, and the browser does not rebuild the chart on every click. When a view has
drawn, the element gets ``data-day`` = the day it shows (tests and the latency probe
wait for it).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import ipyvuetify as v
import traitlets

LIBRARIES = ("vega", "vega-lite", "vega-embed")
SETTLE_MS = 400
"""New data are drawn once the reader has not clicked or typed for this long (a
person's next click on "Step 1 day" comes 0.2-0.4 s after the last): their cards first."""


@functools.cache
def shipped_versions() -> dict[str, str]:
    """library → its versioned folder in the CDN files solara-assets installs
    (``share/solara/cdn``), e.g. ``vega@5.21.0``; the unversioned name if none is there
    (then Solara's CDN route fetches it from the network, as FigureAltair would)."""
    roots = [Path(sys.prefix) / "share" / "solara" / "cdn"]
    found = {}
    for lib in LIBRARIES:
        folders = sorted(
            (p.name for root in roots if root.is_dir() for p in root.glob(f"{lib}@*")),
            key=lambda name: [int(x) for x in name.split("@")[1].split(".") if x.isdigit()],
        )
        found[lib] = folders[-1] if folders else f"{lib}@{ {'vega-embed': 6}.get(lib, 5) }"
    return found


TEMPLATE = """<template><div class="vega-view"><div ref="plot"></div></div></template>
<script>
module.exports = {
  mounted() {
    this.ready = this.load().then(() => this.embed());
    // the reader's last click or key anywhere on the page: new data wait until the
    // reader has been still for `settle` ms (see `later`)
    this.lastInput = -1e9;
    this.onInput = () => { this.lastInput = performance.now(); };
    this.inputs = ['pointerdown', 'click', 'keydown'];
    for (const type of this.inputs) document.addEventListener(type, this.onInput, true);
    const active = {passive: false};  // a pan or a pinch is the chart's, not the page's
    this.$el.addEventListener('touchstart', (e) => this.touchStart(e), active);
    this.$el.addEventListener('touchmove', (e) => this.touchMove(e), active);
    this.$el.addEventListener('touchend', (e) => this.touchStart(e));
    this.$el.addEventListener('touchcancel', () => { this.grip = null; });
    this.width = 0;
    this.observer = new ResizeObserver(_.debounce(() => {
      const w = this.$el.clientWidth;
      if (w && Math.abs(w - this.width) > 4) this.ready.then(() => this.embed());
    }, 150));
    this.observer.observe(this.$el);
  },
  destroyed() {
    if (this.observer) this.observer.disconnect();
    for (const type of this.inputs) document.removeEventListener(type, this.onInput, true);
    clearTimeout(this.timer);
    if (this.view) this.view.finalize();
  },
  watch: {
    spec() { this.ready.then(() => this.embed()); },
    values() { this.later(); },
  },
  methods: {
    later() {
      // Drawing a day costs the browser 50-250 ms of its one thread (five panels, a
      // column per day); the cards of a click that land meanwhile wait for it (the
      // cards' p90, docs/dashboard.md "How fast a day shows"). So the chart draws new
      // data once the reader has stopped clicking for `settle` ms: a click's cards are
      // never queued behind a chart, and a single click's chart still shows in < 1 s.
      clearTimeout(this.timer);
      const wait = this.lastInput + this.settle - performance.now();
      if (wait > 0) this.timer = setTimeout(() => this.later(), wait);
      else this.ready.then(() => this.update());
    },
    load() {
      const cdn = (window.solara ? window.solara.cdn : '/_solara/cdn');
      const paths = {};
      for (const [name, folder] of Object.entries(this.libraries)) {
        paths[name] = `${cdn}/${folder}/build/${name}.min`;
      }
      require.config({paths});
      return new Promise((resolve, reject) => {
        require(['vega', 'vega-lite', 'vega-embed'], (vega, vl, embed) => {
          this.vega = vega; this.vegaEmbed = embed; resolve();
        }, reject);
      });
    },
    touchStart(event) {
      // Touch (see touchMove): the days under each finger when the gesture (re)starts
      const name = (this.spec.usermeta || {}).touchZoom;
      this.grip = null;
      if (!this.view || !name || !event.touches.length) return;
      const x = this.fingers(event), scale = this.view.scale('x');
      this.grip = {name, x, days: x.map((px) => scale.invert(px)), y: event.touches[0].clientY};
      if (event.touches.length > 1) event.preventDefault();
    },
    touchMove(event) {
      // Two fingers: the days under them stay under them (pinch zooms, a drag pans); one
      // finger: a sideways drag pans, an up-down one scrolls the page (touch-action
      // pan-y), a tap shows the day (Vega's tooltip). Sets the shared zoom's signal.
      const grip = this.grip;
      if (!grip || event.touches.length !== grip.x.length) return;
      const x = this.fingers(event), width = this.view.scale('x').range()[1];
      const [a0, a1] = grip.days;
      let span = this.view.scale('x').domain(), from;
      span = span[1] - span[0];
      if (x.length > 1) {
        if (Math.abs(x[1] - x[0]) < 8) return;
        span = (a1 - a0) * width / (x[1] - x[0]);
        if (!(span > 2)) return;  // two days at least
      } else {
        const t = event.touches[0];
        if (!grip.panning) {  // sideways first: a pan; otherwise the page scrolls
          const dx = Math.abs(x[0] - grip.x[0]), dy = Math.abs(t.clientY - grip.y);
          if (dy >= 6 && dy >= dx) this.grip = null;  // the page's: it scrolls
          if (dx < 6 || dx < dy) return;
          grip.panning = true;
        }
      }
      event.preventDefault();
      from = a0 - span * x[0] / width;
      this.view.signal(grip.name, [from, from + span]).runAsync();
    },
    daysRun() {
      // the first and last day any line has a value for (the days already run)
      let lo = Infinity, hi = -Infinity;
      for (const set of Object.values(this.values.sets || {})) {
        for (const line of set) {
          if (!line.values.length) continue;
          lo = Math.min(lo, line.first);
          hi = Math.max(hi, line.first + line.values.length - 1);
        }
      }
      return hi > lo ? [lo, hi] : null;
    },
    keepToDaysRun(days) {
      // The wheel, a drag, a pinch or a pan (one shared signal) zoom and pan within the
      // days already run (issue 31 item 9): a span wider than them is cut to them, a span
      // past either end is slid back inside; the page's own zoom (x_from, x_to) is not
      // the reader's and may show the days still to come.
      const run = this.daysRun();
      if (!run || !Array.isArray(days) || days.length !== 2) return;
      const span = Math.min(days[1] - days[0], run[1] - run[0]);
      const from = Math.max(run[0], Math.min(days[0], run[1] - span));
      if (Math.abs(from - days[0]) < 1e-9 && Math.abs(from + span - days[1]) < 1e-9) return;
      this.view.signal(this.spec.usermeta.touchZoom, [from, from + span]).runAsync();
    },
    fingers(event) {
      // the touches' x in the panels' pixels (the x scale's range; panels share it)
      const plot = this.$refs.plot.querySelector('svg, canvas');
      const root = this.view.scenegraph().root.items[0];
      const cell = (root.items || []).find((m) => /^concat_\\d+_group$/.test(m.name));
      const left = plot.getBoundingClientRect().left + this.view.origin()[0] +
        (cell && cell.items.length ? cell.items[0].x : 0);
      return [...event.touches].slice(0, 2).map((t) => t.clientX - left);
    },
    datasets() {
      // columns (day from `first`, a value per day) to the rows Vega reads
      const out = {};
      for (const [name, set] of Object.entries(this.values.sets || {})) {
        const rows = [];
        for (const line of set) {
          const {values, low, high, first, ...keys} = line;
          for (let i = 0; i < values.length; i++) {
            rows.push({...keys, day: first + i, v: values[i],
                       lo: low ? low[i] : null, hi: high ? high[i] : null});
          }
        }
        out[name] = rows;
      }
      return out;
    },
    signals() {
      const x = this.values.x;
      return x ? {x_from: x[0], x_to: x[1]} : {};
    },
    async embed() {
      const width = this.$el.clientWidth;
      if (!width) return;
      this.width = width;
      const spec = JSON.parse(JSON.stringify(this.spec));
      spec.datasets = {...(spec.datasets || {}), ...this.datasets()};
      for (const param of spec.params || []) {  // the days shown: from the data, as in update
        if (param.name in this.signals()) param.value = this.signals()[param.name];
      }
      spec.config = {...(spec.config || {})};  // long legend labels end in "…" at the width
      spec.config.legend = {...(spec.config.legend || {}), labelLimit: Math.max(width - 40, 120)};
      for (const panel of spec.vconcat || [spec]) {
        panel.width = Math.max(width - this.room, 160);
      }
      if (this.view) this.view.finalize();
      const result = await this.vegaEmbed(this.$refs.plot, spec,
        {renderer: 'svg', actions: false, tooltip: {theme: 'light'}});
      this.view = result.view;
      this.$el.vegaView = this.view;  // for a reader's console, and the browser tests
      const zoom = (this.spec.usermeta || {}).touchZoom;
      if (zoom) this.view.addSignalListener(zoom, (name, days) => this.keepToDaysRun(days));
      this.$el.dataset.day = this.values.day;
    },
    async update() {
      if (!this.view) return this.embed();
      for (const [name, value] of Object.entries(this.signals())) this.view.signal(name, value);
      const sets = this.datasets();
      for (const [name, rows] of Object.entries(sets)) {
        this.view.data(name, rows);
      }
      await this.view.runAsync();
      this.$el.dataset.day = this.values.day;
    },
  },
};
</script>"""


class VegaView(v.VuetifyTemplate):
    """A Vega-Lite `spec` (with named datasets, filled from `values`); `values` =
    {"day": the day shown, "x": [first, last day on the x axis], "sets": {dataset name:
    [line: {"values": [...], "first": day of values[0], optional "low"/"high" band, and
    the line's own keys]}}}. `room`: pixels
    beside each panel for its axis (the panel's width is the element's width less it);
    `settle`: ms without a click or a key before new data are drawn (a new spec at once)."""

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    libraries = traitlets.Dict().tag(sync=True)
    room = traitlets.Int(90).tag(sync=True)
    settle = traitlets.Int(SETTLE_MS).tag(sync=True)

    @traitlets.default("libraries")
    def _libraries(self):
        return shipped_versions()
