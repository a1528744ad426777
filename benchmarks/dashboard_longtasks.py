"""Why a click's KPI cards are slow: per paced click on "Step 1 day", its latency and
the browser's long tasks (main-thread tasks over 50 ms, Chromium's PerformanceObserver)
and series-chart draws (its Vega view's ``data-day`` changing) that overlap it.

A click's cards are a DOM update on the browser's one thread; if a long task runs when
their websocket message lands, they wait for it. This counts, among the clicks slower
than 100 ms, those that overlapped a long task and those that overlapped a chart draw
(a long task ending within 50 ms of a ``data-day`` change): the rest waited for the
server or the CPU (on a shared machine, for other work). Run by hand, two checkouts
alternating in one run (machines and loads differ: compare within a run):

    git worktree add /tmp/base <commit>
    .venv/bin/python benchmarks/dashboard_longtasks.py --days 60 --ab /tmp/base --rounds 2

Results to stdout and benchmarks/_dashboard/longtasks.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from dashboard_step import OUT, REPO, served

SLOW_MS = 100
PROBE_JS = """async ([rounds, pauseMs]) => {
  const longTasks = [], draws = [];
  new PerformanceObserver(list => { for (const e of list.getEntries())
    longTasks.push([e.startTime, e.duration]); }).observe({type: 'longtask', buffered: true});
  const chart = document.querySelector('.series-chart .vega-view');
  if (chart) new MutationObserver(() => draws.push(performance.now()))
    .observe(chart, {attributes: true, attributeFilter: ['data-day']});
  const kpis = () => document.querySelector('.kpis').innerText;
  const clicks = [];
  for (let i = 0; i < rounds; i++) {
    const old = kpis(), t0 = performance.now();
    const t1 = await new Promise((resolve, reject) => {
      const obs = new MutationObserver(() => {
        if (kpis() !== old) { obs.disconnect(); resolve(performance.now()); } });
      obs.observe(document.body, {subtree: true, childList: true, characterData: true});
      setTimeout(() => reject(new Error('no update within 20 s')), 20000);
      document.querySelector('.btn-step').click();
    });
    clicks.push([t0, t1 - t0]);
    await new Promise(r => setTimeout(r, pauseMs));
  }
  await new Promise(r => setTimeout(r, 100));  // the observer's last entries
  return {clicks, longTasks, draws};
}"""


def explain(probe: dict) -> dict:
    """Latency of the clicks and, of the slow ones, what they overlapped."""
    latency = sorted(ms for _, ms in probe["clicks"])
    slow = [(t0, ms) for t0, ms in probe["clicks"] if ms > SLOW_MS]

    def tasks(t0: float, ms: float) -> list:
        return [(s, d) for s, d in probe["longTasks"] if s < t0 + ms and s + d > t0]

    def drawing(task) -> bool:
        s, d = task
        return any(abs(s + d - t) < 50 for t in probe["draws"])

    return {
        "clicks": len(latency),
        "median_ms": statistics.median(latency),
        "p90_ms": latency[int(0.9 * (len(latency) - 1))],
        f"slow_over_{SLOW_MS}_ms": len(slow),
        "slow_during_a_long_task": sum(bool(tasks(*c)) for c in slow),
        "slow_during_a_chart_draw": sum(any(map(drawing, tasks(*c))) for c in slow),
        "chart_draws": len(probe["draws"]),
        "long_tasks": len(probe["longTasks"]),
        "long_task_ms_median": statistics.median([d for _, d in probe["longTasks"]] or [0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=60, help="paced clicks per run")
    parser.add_argument("--ab", type=Path, metavar="DIR", help="an earlier checkout")
    parser.add_argument("--rounds", type=int, default=1, help="alternations with --ab")
    args = parser.parse_args()
    trees = [("base", args.ab.resolve())] if args.ab else []
    result = {}
    for i in range(args.rounds):
        for name, tree in [*trees, ("this", REPO)]:
            load = os.getloadavg()[0]
            with served(tree) as page:
                probe = page.evaluate(PROBE_JS, [args.days, 100])
            row = {**explain(probe), "load_average": [load, os.getloadavg()[0]]}
            result[f"{name}_{i + 1}"] = row
            print(f"{name}_{i + 1}", json.dumps(row), flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "longtasks.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
