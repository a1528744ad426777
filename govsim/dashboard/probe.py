"""Browser-side probe of the dashboard's update time, shared by the browser test and
``benchmarks/dashboard_step.py``.

``STEP_LATENCY_JS`` is run with Playwright's
``page.evaluate(STEP_LATENCY_JS, [rounds, pause_ms])``: it clicks "Step 1 day" `rounds`
times and returns, per click, the milliseconds until the KPI cards and the day label
changed (each widget update is its own websocket message, so it waits for both). It
waits `pause_ms` after both changed before the next click:

* ``PACED_MS`` (100 ms, faster than a person clicks again): the latency of a click, what
  a user sees. The server has finished the day (the views after the cards, ~10 ms) and
  the browser has shown it before the next click.
* ``0``, back to back: the next click as soon as the cards changed, while the server
  may still be building that day's views and the browser drawing them; it measures how
  many days a second the page can show, each click waiting for the last one's views.
  Until the cards were sent before the views (page.Headline), both measured the same.
"""

PACED_MS = 100

STEP_LATENCY_JS = """async ([rounds, pauseMs]) => {
  // time from clicking "Step 1 day" until the KPI cards and the day label have changed
  // (each widget update is its own websocket message, so wait for both), then a pause
  const kpis = () => document.querySelector('.kpis').innerText;
  const day = () => document.querySelector('.day-label').innerText;
  const out = [];
  for (let i = 0; i < rounds; i++) {
    const oldKpis = kpis(), oldDay = day();
    let tKpis = null, tDay = null;
    const t0 = performance.now();
    await new Promise((resolve, reject) => {
      const done = () => { obs.disconnect(); resolve(); };
      const obs = new MutationObserver(() => {
        const now = performance.now() - t0;
        if (tKpis === null && kpis() !== oldKpis) tKpis = now;
        if (tDay === null && day() !== oldDay) { tDay = now; setTimeout(done, 500); }
        if (tKpis !== null && tDay !== null) done();
      });
      obs.observe(document.body, {subtree: true, childList: true, characterData: true});
      setTimeout(() => reject(new Error('no update within 20 s')), 20000);  // a loaded machine
      document.querySelector('.btn-step').click();
    });
    out.push({day_ms: tDay, kpis_ms: tKpis});
    if (pauseMs > 0) await new Promise(r => setTimeout(r, pauseMs));
  }
  return out;
}"""

CHART_LATENCY_JS = """async ([rounds, chart]) => {
  // time from clicking "Step 1 day" until the day label changed and until the chart shows
  // the new day: the image `img.<chart>` a new PNG (drawn in a background thread, after
  // the KPIs), or a chart drawn in the browser (Vega) its view's data-day after drawing it
  const day = () => document.querySelector('.day-label').innerText;
  const src = () => {
    const i = document.querySelector('img.' + chart);
    if (i) return i.src;
    const v = document.querySelector('.' + chart + ' .vega-view');
    return v ? (v.dataset.day || null) : null;
  };
  const out = [];
  for (let i = 0; i < rounds; i++) {
    const oldDay = day(), oldSrc = src();
    let tDay = null, tChart = null;
    const t0 = performance.now();
    document.querySelector('.btn-step').click();
    while (tDay === null || tChart === null) {
      await new Promise(r => setTimeout(r, 2));
      const now = performance.now() - t0;
      if (tDay === null && day() !== oldDay) tDay = now;
      if (tChart === null && src() !== oldSrc) tChart = now;
      if (now > 10000) throw new Error('no update within 10 s');
    }
    out.push({day_ms: tDay, chart_ms: tChart});
  }
  return out;
}"""
