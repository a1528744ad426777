"""The dashboard in a real browser: Debian's Chromium driven by Playwright for Python.

The module starts `govsim dashboard --port P` on a free localhost port, waits
for it, and drives the page as a user would. Screenshots go to
tests/_artifacts/ (gitignored); docs/img/dashboard.png is a copy of one.
Chromium and the CJK font come from scripts/install_browser.sh (apt), not from
Playwright's own download, which needs a CDN that CI cannot reach.
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import stop_process

from govsim.dashboard import indicators
from govsim.dashboard.probe import STEP_LATENCY_JS
from govsim.experiments.catalogue import catalogue
from govsim.scenario.config import REPO_ROOT
from govsim.simulation import metrics

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "tests" / "_artifacts"
CJK = re.compile(r"[\u4e00-\u9fff]")
VIEWPORT = {"width": 1400, "height": 1700}  # tall: the page scrolls inside Solara's layout
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is missing: run `sudo bash scripts/install_browser.sh`",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_url():
    """`govsim dashboard` on a free port, started and stopped by this module."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / "dashboard_server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "govsim.cli", "dashboard", "--port",
                                   str(port)], stdout=log, stderr=subprocess.STDOUT,
                                  cwd=REPO_ROOT)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    pytest.fail(f"govsim dashboard exited: {log_path.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("govsim dashboard did not answer within 60 s")
                time.sleep(0.25)
            yield url
        finally:
            stop_process(server)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server_url):
    """A fresh page (a fresh dashboard session) with its console errors and failed requests."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.goto(server_url)
    page.wait_for_selector(".kpi-value[data-metric=adoption_rate]", timeout=45_000)
    yield page
    context.close()


def kpi_values(page) -> dict[str, str]:
    return {el.get_attribute("data-metric"): el.inner_text()
            for el in page.query_selector_all(".kpi-value")}


def choose(page, select_class: str, option_text: str) -> None:
    page.click(f".{select_class}")
    page.click(f".menuable__content__active .v-list-item:has-text('{option_text}')")
    page.wait_for_selector(".menuable__content__active", state="detached", timeout=5_000)


def wait_for_day(page, day: int, compare: bool = False) -> None:
    """Until the views show `day`: each widget is its own websocket message, so wait for
    the day label, the KPI cards and (if shown) the comparison."""
    page.wait_for_function("d => document.querySelector('.day-label').innerText"
                           ".includes(`Day ${d} of`)", arg=day)
    page.wait_for_selector(f'.kpi-grid[data-day="{day}"]')
    if compare:
        page.wait_for_selector(f'.compare-table[data-day="{day}"]')


def chart_src(page, css_class: str) -> str:
    """The chart image's current source (a new PNG, a new blob URL)."""
    page.wait_for_selector(f"img.{css_class}", timeout=30_000)
    return page.get_attribute(f"img.{css_class}", "src")


def wait_for_new_chart(page, css_class: str, old: str) -> str:
    page.wait_for_function("([c, old]) => { const i = document.querySelector('img.' + c);"
                           " return i && i.src !== old && i.naturalWidth > 0; }",
                           arg=[css_class, old], timeout=30_000)
    return chart_src(page, css_class)


def test_page_loads_with_the_headline_kpis_and_nothing_fetched_from_outside(page):
    kpis = kpi_values(page)
    assert list(kpis) == indicators.headline()
    assert {"response_within_24h", "mean_days_to_resolve"} <= set(kpis)
    assert "Day 0 of" in page.inner_text(".day-label")
    assert page.query_selector_all(".neighbourhood circle"), "the map is drawn"
    chart_src(page, "series-chart")
    assert page.eval_on_selector("img.series-chart", "i => i.naturalWidth") > 300
    assert not page.query_selector("img.flow-chart"), "a hidden chart is not drawn"
    assert page.problems == [], "every asset is served locally (no CDN)"


def test_another_scenario_for_30_days_changes_the_kpis(page):
    other = next(name for name, _ in catalogue()["scenarios"] if name != "community_y")
    choose(page, "select-scenario", f"({other})")
    page.wait_for_function("() => document.querySelector('.select-scenario').innerText"
                           f".includes('({other})')")
    before = kpi_values(page)
    page.click(".btn-run30")
    wait_for_day(page, 30)
    after = kpi_values(page)
    assert set(after) == set(before)
    assert after != before, f"30 days of {other} changed no KPI: {after}"
    page.click(".chart-toggle >> text=Where cases go")
    assert int(page.inner_text(".case-flow-total").replace(",", "")) > 0
    chart_src(page, "flow-chart")
    dots = ".neighbourhood circle:has(title)"
    adoption = page.eval_on_selector_all(dots, "cs => cs.map(c => c.getAttribute('fill'))")
    page.click(".colour-toggle >> text=Participation")
    page.wait_for_selector(".neighbourhood text:has-text('Participation')")
    participation = page.eval_on_selector_all(dots, "cs => cs.map(c => c.getAttribute('fill'))")
    assert len(participation) == len(adoption) > 0 and participation != adoption
    page.screenshot(path=ARTIFACTS / "dashboard_en.png")


def test_switching_language_shows_chinese_labels(page):
    page.click(".btn-run30")
    wait_for_day(page, 30)
    page.click(".lang-toggle >> text=中文")
    for selector in (".kpi-label:has-text('参与率')", ".btn-step:has-text('前进 1 天')",
                     ".day-label:has-text('第 30 天')", "h3:has-text('关键指标')"):
        page.wait_for_selector(selector, timeout=10_000)
    labels = [el.inner_text() for el in page.query_selector_all(".kpi-label")]
    assert len(labels) == len(indicators.headline()), labels
    assert all(CJK.search(label) for label in labels), labels
    assert "参与率" in labels and "第 30 天" in page.inner_text(".day-label")
    assert "前进 1 天" in page.inner_text(".btn-step")
    page.click(".v-expansion-panel-header:has-text('全部指标')")
    page.wait_for_selector(".all-indicators tr[data-metric]", timeout=10_000)
    rows = page.query_selector_all(".all-indicators tr[data-metric]")
    assert len(rows) == len(metrics.INFO)
    assert sum(bool(CJK.search(r.inner_text())) for r in rows) == len(rows)
    page.set_viewport_size({"width": 1400, "height": 2300})
    page.screenshot(path=ARTIFACTS / "dashboard_zh.png")
    page.click(".lang-toggle >> text=English")
    page.wait_for_selector(".kpi-label:has-text('Participation rate')", timeout=10_000)


def test_side_by_side_shows_what_a_lever_changes(page):
    choose(page, "select-compare", "(community_y)")
    page.wait_for_selector(".compare-table", timeout=10_000)
    page.click(".btn-run30")
    wait_for_day(page, 30, compare=True)
    diffs = {el.get_attribute("data-metric"): el.inner_text()
             for el in page.query_selector_all(".kpi-diff")}
    assert set(diffs) == set(kpi_values(page))
    assert diffs["adoption_rate"] in ("+0.0 pts", "-0.0 pts"), "same scenario and seed: no gap"
    page.click(".lever-platform-offline_channel label")  # digital only, on the left
    wait_for_day(page, 0, compare=True)  # reset semantics: a lever rebuilds the run
    assert "with your levers" in page.inner_text(".compare-table")
    for day in (30, 60):
        page.click(".btn-run30")
        wait_for_day(page, day, compare=True)
    survival, series = chart_src(page, "survival-chart"), chart_src(page, "series-chart")
    page.click(".btn-run30")
    wait_for_day(page, 90, compare=True)
    diffs = [el.inner_text() for el in page.query_selector_all(".kpi-diff")]
    assert any(not re.match(r"[+-]0\.0 ", d) for d in diffs), diffs
    wait_for_new_chart(page, "survival-chart", survival)  # the curves follow the days
    wait_for_new_chart(page, "series-chart", series)
    for chart in ("survival-chart", "series-chart"):  # and show day 90, not a picture of 60
        page.wait_for_selector(f"img.{chart}.day-90", timeout=30_000)
    assert page.eval_on_selector("img.survival-chart", "i => i.naturalWidth") > 300
    page.set_viewport_size({"width": 1400, "height": 2300})  # Solara scrolls inside its layout
    page.screenshot(path=ARTIFACTS / "dashboard.png")


def test_the_storm_scenario_marks_its_events_on_the_daily_series(page):
    storm = "community_y_storm"
    names = [name for name, _ in catalogue()["scenarios"]]
    assert storm in names
    choose(page, "select-scenario", f"({storm})")
    page.wait_for_selector(".series-help:has-text('Shaded')", timeout=30_000)
    help_text = page.inner_text(".series-help")
    assert "demand surge" in help_text and "platform outage" in help_text, help_text
    old = chart_src(page, "series-chart")
    page.click(".btn-run30")
    wait_for_day(page, 30)
    wait_for_new_chart(page, "series-chart", old)
    page.click(".lang-toggle >> text=中文")
    page.wait_for_selector(".series-help:has-text('需求激增')", timeout=10_000)
    page.wait_for_selector("img.series-chart.day-30.lang-zh", timeout=30_000)
    page.screenshot(path=ARTIFACTS / "dashboard_storm_zh.png")


def test_one_day_updates_the_kpis_quickly(page):
    rounds = page.evaluate(STEP_LATENCY_JS, 15)
    day_ms = statistics.median(r["day_ms"] for r in rounds)
    kpi_ms = [r["kpis_ms"] for r in rounds if r["kpis_ms"] is not None]
    result = {"day_label_median_ms": day_ms, "rounds": rounds,
              "kpis_median_ms": statistics.median(kpi_ms) if kpi_ms else None}
    (ARTIFACTS / "dashboard_latency.json").write_text(json.dumps(result, indent=1))
    print(f"\nclick → KPI update: median {result['kpis_median_ms']} ms over {len(kpi_ms)} days")
    assert "Day 15 of" in page.inner_text(".day-label")
    assert len(kpi_ms) >= 10, "most days change a KPI card"
    # A sanity bound, far above the 200 ms target, so a loaded CI machine does not flake;
    # benchmarks/dashboard_step.py measures the real number for docs/dashboard.md.
    assert statistics.median(kpi_ms) < 1000
