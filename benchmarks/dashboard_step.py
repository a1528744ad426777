"""Benchmark of the dashboard: how long one simulated day of Community Y takes to show.

Two measurements, both on full Community Y (7,500 residents):

1. server side, in-process (no browser): Solara renders the page in this process;
   "Step 1 day" is clicked N times. Per click: the model's step, building the
   views (SVG strings, KPI text) and Solara/reacton's re-render and widget
   updates — everything the server does before the websocket sends the change.
   The model step and the views are also timed on their own, and drawing each
   chart (matplotlib PNG; the page draws them in a background thread, after the
   KPI cards have been sent).
2. --browser: `govsim dashboard` on a free localhost port and Debian's Chromium
   (Playwright); per click, the time from clicking "Step 1 day" in the page until
   the KPI cards' text has changed (server work + websocket + browser render): clicks
   100 ms apart (`click_to_kpi_text`, the latency a user sees), then back to back
   (`..._back_to_back`: the next click as soon as the cards changed, so each waits for
   the last day's views; see govsim/dashboard/probe.py), and, in a third pass (one
   click at a time), until the series chart shows the new day.

Run by hand, not as a timed test:

    .venv/bin/python benchmarks/dashboard_step.py --days 100 --browser

Against an earlier commit (the browser rows of both, alternating, in one run; machines
differ, so compare in one run):

    git worktree add /tmp/base 78612e5
    .venv/bin/python benchmarks/dashboard_step.py --days 100 --ab /tmp/base --rounds 2

Results go to stdout and benchmarks/_dashboard/result.json (git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from govsim.dashboard.probe import CHART_LATENCY_JS, PACED_MS, STEP_LATENCY_JS

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "_dashboard"
CHROMIUM = "/usr/bin/chromium"


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "median_ms": statistics.median(ordered),
        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))],
        "max_ms": ordered[-1],
    }


def server_side(days: int) -> dict[str, dict[str, float]]:
    import ipyvuetify as v
    import solara

    from govsim.dashboard import charts, indicators, series_spec, views
    from govsim.dashboard.i18n import t
    from govsim.dashboard.layout import building_shares, compute_layout, neighbourhood_svg
    from govsim.dashboard.page import Page
    from govsim.dashboard.session import Simulation
    from govsim.dashboard.widgets import kpi_cards_html, section_panels

    # the served page sits in Solara's AppLayout (its controls in the side drawer)
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    button = rc.find(v.Btn, children=[t("ctl.step", "en")]).widget
    clicks = []
    for _ in range(days):
        t0 = time.perf_counter()
        button.click()
        clicks.append((time.perf_counter() - t0) * 1000)

    sim = Simulation("community_y")
    layout = compute_layout(sim.model.state.residents)
    labels = {
        "grid": "Grid",
        "building": "Building",
        "residents": "residents",
        "legend": "Adoption",
    }
    model_ms, views_ms, series_ms, flow_ms, data_ms = [], [], [], [], []
    section = indicators.default_section()
    for _ in range(days):
        sim.step()
        model_ms.append(sim.last_step_ms)
        t0 = time.perf_counter()
        neighbourhood_svg(
            layout, building_shares(sim.model.state.residents, sim.day, "adoption"), labels
        )
        panels = section_panels(sim, section, "en")
        flow = views.case_flow(sim.model.state)
        kpi_cards_html(sim, "en")
        views_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()  # what the browser-drawn series chart costs the server a day
        json.dumps(
            series_spec.series_data(panels, ("shown run", "comparison"), sim.day, (0, sim.day))
        )
        data_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()  # the matplotlib figure: now drawn for the downloads only
        charts.to_png(charts.series_figure(panels, sim.days, views.events(sim.scenario, "en")))
        series_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        charts.to_png(
            charts.flow_figure(
                flow, {c: c for c in views.CHANNELS}, {d: d for d in views.DESTINATIONS}
            )
        )
        flow_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "click_step_and_render": stats(clicks),
        "model_step": stats(model_ms),
        "views": stats(views_ms),
        "series_chart_data_json": stats(data_ms),
        "draw_series_chart": stats(series_ms),
        "draw_flow_chart": stats(flow_ms),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(tree: Path = REPO, viewport: dict | None = None):
    """A page of `govsim dashboard` of checkout `tree` on a free localhost port, in
    headless Chromium, loaded and its first charts drawn (2 s); the server ends after."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "govsim.cli", "dashboard", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("govsim dashboard did not start") from None
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport=viewport or {"width": 1400, "height": 1700})
            page.goto(url)
            page.wait_for_selector(".kpi-value", timeout=45_000)
            page.wait_for_timeout(2000)  # the page's first charts, then click
            yield page
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)


def in_browser(days: int, tree: Path = REPO) -> dict[str, dict[str, float]]:
    """The browser rows, for the dashboard of checkout `tree` (this one by default)."""
    with served(tree) as page:
        rounds = page.evaluate(STEP_LATENCY_JS, [days, PACED_MS])
        back_to_back = page.evaluate(STEP_LATENCY_JS, [days, 0])
        page.wait_for_selector(".series-chart", timeout=60_000)  # an image, or Vega's
        chart_rounds = page.evaluate(CHART_LATENCY_JS, [max(days // 3, 5), "series-chart"])
    out = {
        "click_to_kpi_text": stats([r["kpis_ms"] for r in rounds if r["kpis_ms"] is not None]),
        "click_to_day_label": stats([r["day_ms"] for r in rounds]),
        "click_to_kpi_text_back_to_back": stats(
            [r["kpis_ms"] for r in back_to_back if r["kpis_ms"] is not None]
        ),
    }
    if chart_rounds:
        out["click_to_series_chart"] = stats([r["chart_ms"] for r in chart_rounds])
    return out


def show(where: str, rows: dict[str, dict[str, float]]) -> None:
    for name, s in rows.items():
        print(
            f"{where:>7} {name:<31} median {s['median_ms']:6.1f} ms   "
            f"p90 {s['p90_ms']:6.1f} ms   max {s['max_ms']:6.1f} ms   (n={s['n']})",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=100, help="days (clicks) to time")
    parser.add_argument("--browser", action="store_true", help="also time it in Chromium")
    parser.add_argument(
        "--ab",
        type=Path,
        metavar="DIR",
        help="a checkout of an earlier commit: the browser rows of it and of this checkout, "
        "alternating (no server rows)",
    )
    parser.add_argument("--rounds", type=int, default=2, help="alternations with --ab")
    args = parser.parse_args()
    result: dict = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }
    if args.ab is not None:
        if not (args.ab / "govsim" / "dashboard").is_dir():
            raise SystemExit(f"--ab {args.ab}: not a govsim checkout with a dashboard")
        for i in range(args.rounds):
            for name, tree in (("base", args.ab.resolve()), ("this", REPO)):
                load = os.getloadavg()[0]  # the machine is shared: say how busy it was
                result[f"{name}_{i + 1}"] = in_browser(args.days, tree)
                result[f"{name}_{i + 1}_load_average"] = [load, os.getloadavg()[0]]
                show(f"{name}_{i + 1}", result[f"{name}_{i + 1}"])
                print(f"load average (1 min) before/after: {load:.1f}/{os.getloadavg()[0]:.1f}")
    else:
        load = os.getloadavg()[0]
        result["server"] = server_side(args.days)
        show("server", result["server"])
        if args.browser:
            result["browser"] = in_browser(args.days)
            show("browser", result["browser"])
        result["load_average"] = [load, os.getloadavg()[0]]  # before, after (1 min)
    result["commit"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    result["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "result.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
