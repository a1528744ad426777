"""The dashboard in a real browser: Debian's Chromium driven by Playwright for Python.

The module starts `govsim dashboard --port P` on a free localhost port, waits
for it, and drives the page as a user would. Screenshots go to
tests/_artifacts/ (gitignored) and, for the docs, dashboard_{en,zh}_{1280,390}.png (the tour at
both widths and in both languages) and dashboard_pareto_*.png (a saved policy search,
`govsim dashboard --pareto`, and a policy picked from it) to tests/_artifacts/docs_img, or
to docs/img when run with GOVSIM_SCREENSHOTS=docs/img (docs/testing.md).
Chromium and the CJK font come from scripts/install_browser.sh (apt), not from
Playwright's own download, which needs a CDN that CI cannot reach.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from xml.etree import ElementTree

import pytest
from conftest import stop_process

from govsim.dashboard import indicators
from govsim.dashboard.i18n import scenario_label, t
from govsim.dashboard.probe import PACED_MS, STEP_LATENCY_JS
from govsim.experiments.catalogue import catalogue
from govsim.scenario.config import REPO_ROOT
from govsim.simulation import metrics

# One xdist group: the module shares one dashboard server and one Chromium.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "tests" / "_artifacts"
CJK = re.compile(r"[\u4e00-\u9fff]")
VIEWPORT = {"width": 1400, "height": 1700}  # tall: the page scrolls inside Solara's layout
LAPTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
DOCS_IMG = (
    REPO_ROOT / os.environ["GOVSIM_SCREENSHOTS"]
    if os.environ.get("GOVSIM_SCREENSHOTS")
    else ARTIFACTS / "docs_img"
)
"""Where the docs' screenshots go: docs/img only when asked (``GOVSIM_SCREENSHOTS=docs/img``,
see docs/testing.md), else tests/_artifacts/docs_img, so a run leaves the tree clean."""
ERROR_WORDS = {"en": "cannot be used", "zh": "无法使用"}
if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"{CHROMIUM} is missing: run `sudo bash scripts/install_browser.sh`",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard_server():
    """`govsim dashboard` on a free port, started and stopped by this module: (process, URL).
    The module's last test that uses it kills it outright
    (test_a_killed_server_leaves_no_drawing_process_behind)."""
    server, url = start_server(log_name="dashboard_server.log")
    try:
        yield server, url
    finally:
        stop_process(server)


@pytest.fixture(scope="module")
def server_url(dashboard_server):
    server, url = dashboard_server
    assert server.poll() is None, "the module's server was killed by an earlier test"
    return url


def serve(*args: str, log_name: str = "dashboard_server.log"):
    """`govsim dashboard --port P ARGS…` on a free port: yields its URL, then stops it."""
    server, url = start_server(*args, log_name=log_name)
    try:
        yield url
    finally:
        stop_process(server)


def start_server(*args: str, log_name: str) -> tuple[subprocess.Popen, str]:
    """`govsim dashboard --port P ARGS…` on a free port, once it answers: (process, URL)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / log_name
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "govsim.cli", "dashboard", "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            pytest.fail(f"govsim dashboard exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_process(server)
            pytest.fail("govsim dashboard did not answer within 60 s")
        time.sleep(0.25)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def open_page(browser, url: str, viewport: dict = VIEWPORT):
    """A fresh page (a fresh dashboard session) with its console errors and failed requests."""
    context = browser.new_context(viewport=viewport, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.goto(url)
    page.wait_for_selector(".kpi-value[data-metric=adoption_rate]", timeout=45_000)
    if viewport["width"] < 960:  # the browser reports its width, then the drawer closes
        page.wait_for_selector(".v-navigation-drawer--open", state="detached", timeout=30_000)
    return page


@pytest.fixture
def page(browser, server_url):
    page = open_page(browser, server_url)
    yield page
    page.context.close()


def kpi_values(page) -> dict[str, str]:
    return {
        el.get_attribute("data-metric"): el.inner_text()
        for el in page.query_selector_all(".kpi-value")
    }


def kpi_numbers(page) -> dict[str, float]:
    return {
        el.get_attribute("data-metric"): float(el.get_attribute("data-value"))
        for el in page.query_selector_all(".kpi-value")
    }


def kpi_exact(page) -> dict[str, str]:
    """The cards' values to the last digit (repr of the float, "nan" for n/a)."""
    return {
        el.get_attribute("data-metric"): el.get_attribute("data-value")
        for el in page.query_selector_all(".kpi-value")
    }


def narrow(page) -> bool:
    return page.viewport_size["width"] < 960


def controls(page) -> None:
    """Show the controls: on a phone they sit in a drawer opened by the ☰ button."""
    if not page.query_selector(".v-navigation-drawer--open"):
        page.click(".v-app-bar__nav-icon")
        page.wait_for_selector(".v-navigation-drawer--open .btn-step", timeout=5_000)
        page.wait_for_timeout(300)  # the drawer slides in


def views(page) -> None:
    """Show the views: on a phone, close the drawer that covers them."""
    if narrow(page) and page.query_selector(".v-navigation-drawer--open"):
        # tap the dimmed page right of the drawer, as on a phone
        page.mouse.click(page.viewport_size["width"] - 10, page.viewport_size["height"] // 2)
        page.wait_for_selector(".v-navigation-drawer--open", state="detached", timeout=5_000)
        page.wait_for_timeout(300)


def click_control(page, selector: str) -> None:
    """Click a control in the drawer, opening it first; once more if the drawer closed again
    before the click (seen on a phone width under load, twice in five full runs of this
    module, at 390-zh; the cause is not known: in 28 tours at 390-zh beside a CPU burner,
    before and after the page's threads stopped being cancelled mid-render, this retry
    never fired)."""
    for attempt in range(2):
        controls(page)
        try:
            page.click(selector, timeout=10_000 if not attempt else 30_000)
            return
        except sync_api.TimeoutError:
            if attempt or not narrow(page):
                raise


def set_language(page, lang: str) -> None:
    controls(page)
    page.click(f".lang-toggle >> text={'中文' if lang == 'zh' else 'English'}")
    page.wait_for_selector(
        ".btn-step:has-text('前进 1 天')" if lang == "zh" else ".btn-step:has-text('Step 1 day')",
        timeout=10_000,
    )


def choose(page, select_class: str, option_text: str) -> None:
    """Pick `option_text` from a select's menu; once more (the menu closed first) if the
    option does not show within 10 s: a re-render of the views closed the menu under the
    click once, in the tour at 390-zh on a clean clone at load ~1 (2026-12-06), as
    click_control's drawer did under load."""
    item = f".menuable__content__active .v-list-item:has-text('{option_text}')"
    for attempt in range(2):
        page.click(f".{select_class}")
        try:
            page.click(item, timeout=30_000 if attempt else 10_000)
            break
        except sync_api.TimeoutError:
            if attempt:
                raise
            page.keyboard.press("Escape")  # a menu still open (or half open) closes
            page.wait_for_selector(".menuable__content__active", state="detached")
    page.wait_for_selector(".menuable__content__active", state="detached", timeout=5_000)


def day_text(lang: str, day: int) -> str:
    return f"第 {day} 天" if lang == "zh" else f"Day {day} of"


def wait_for_day(page, day: int, compare: bool = False, lang: str = "en") -> None:
    """Until the views show `day`: each widget is its own websocket message, so wait for
    the day label, the KPI cards and (if shown) the comparison."""
    page.wait_for_function(
        "t => document.querySelector('.day-label').innerText.includes(t)",
        arg=day_text(lang, day),
        timeout=30_000,
    )
    page.wait_for_selector(f'.kpi-grid[data-day="{day}"]', timeout=30_000)
    if compare:
        page.wait_for_selector(f'.compare-table[data-day="{day}"]', timeout=30_000)


def series_shown(page, day: int, classes: str = "") -> None:
    """Wait until the series chart, drawn in the browser, shows `day` (its Vega view has
    drawn that day's data); `classes`: more classes of its box (``.runs-2``, ``.bands``,
    ``.lang-zh``, ``.x-10-30``)."""
    page.wait_for_selector(
        f".series-chart.day-{day}{classes} .vega-view[data-day='{day}'] svg", timeout=30_000
    )


def first_panel_point(page, across: float) -> tuple[float, float]:
    """A point on the series chart's first panel, `across` of its width from the left and
    halfway up (scrolled into view): where a hover or a tap picks a day."""
    lines = page.locator(".series-chart g.mark-line.role-mark").first
    lines.scroll_into_view_if_needed()
    box = lines.bounding_box()
    return box["x"] + box["width"] * across, box["y"] + box["height"] / 2


def chart_tooltip(page) -> str:
    """The text of the series chart's tooltip once it shows (Vega's tooltip element)."""
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=10_000)
    return page.inner_text("#vg-tooltip-element")


def type_into(page, css_class: str, text: str, then: str | None = None) -> None:
    """Type `text` into a text field and commit it (Enter), as a user would; with `then`
    (a selector, or a JavaScript predicate "() => …", that shows the entry was taken),
    once more if it does not show (an entry that lands in the middle of a re-render of
    the drawer can be lost)."""
    controls(page)
    for attempt in range(2):
        field = page.locator(f".{css_class} input")
        field.click()
        field.fill(text)
        field.press("Enter")
        if then is None:
            return
        try:
            if then.startswith("() =>"):
                page.wait_for_function(then, timeout=8_000)
            else:
                page.wait_for_selector(then, timeout=8_000)
            return
        except sync_api.TimeoutError:
            if attempt:
                raise


def no_traceback(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error:" not in body.replace("render-error", ""), body[:500]


def visible_text(page) -> str:
    """What a reader sees (the command line, which names the scenario file, excepted)."""
    return page.evaluate("""() => { const c = document.querySelector('.take-command');
        const saved = c ? c.innerHTML : null; if (c) c.innerHTML = '';
        const text = document.body.innerText; if (c) c.innerHTML = saved; return text; }""")


def shot(page, name: str, docs: bool = False) -> None:
    """Screenshots: for the docs, what the viewport shows from the top of the page; in
    tests/_artifacts, the whole page (Solara scrolls inside its layout, so the viewport is
    made as tall as the content, then set back)."""
    page.evaluate("() => document.querySelectorAll('div').forEach(e => { e.scrollTop = 0; })")
    page.wait_for_timeout(300)
    if docs:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=DOCS_IMG / name)
    size = dict(page.viewport_size)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('div')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height + 80, size["height"]), 7000)}
    )
    page.wait_for_timeout(500)
    page.screenshot(path=ARTIFACTS / name)
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


# --- the tour: every item of issue 23 in both languages at both widths -----------------------

WIDTHS = {"1280": LAPTOP, "390": PHONE}


# One of the four (width, language) pairs runs in the default suite: the phone in 中文, the
# harder layout (the drawer, the narrow cards) and the other language's words; the other
# three are `slow` (nightly, and with `-m browser` for the docs' screenshots,
# docs/testing.md). The in-process tests cover both languages' words at every item
# (tests/dashboard/test_dashboard_words.py) and every action the tour clicks
# (tests/dashboard/test_dashboard_controller.py); the laptop layout is opened by the link
# and zoom tests here. Issue 30 item 7: a 5-minute suite; the laptop tour in English took
# 33 s of one worker's wall time on a clean clone (cc12, 4875ff4).
PAIRS = [
    pytest.param("1280", "en", marks=pytest.mark.slow),
    ("390", "zh"),
    pytest.param("1280", "zh", marks=pytest.mark.slow),
    pytest.param("390", "en", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("width", "lang"), PAIRS)
def test_tour_of_every_item_in_both_languages_at_laptop_and_phone_width(
    browser, server_url, lang, width
):
    page = open_page(browser, server_url + "?days=60", WIDTHS[width])
    try:
        _tour(page, lang, width)
    finally:
        page.context.close()


def _tour(page, lang: str, width: str) -> None:
    # 3. layout: on a phone the controls start in a closed drawer; nothing wider than the page
    if width == "390":
        # the browser reports its width when the page has mounted: then the drawer closes
        page.wait_for_selector(".v-navigation-drawer--open", state="detached", timeout=30_000)
    else:
        assert page.query_selector(".v-navigation-drawer--open .btn-step"), "controls shown"
    set_language(page, lang)
    views(page)
    overflow = page.evaluate("""() => [...document.querySelectorAll(
        '.kpi-card, .map svg, img.chart, .compare-table')].filter(
        e => e.getBoundingClientRect().right > window.innerWidth + 1).length""")
    assert overflow == 0, "a card, the map or a chart runs off the right edge"
    badge = page.locator("a[href='https://solara.dev']")
    assert badge.count() == 0 or not badge.first.is_visible(), "Solara's badge is hidden"

    # 1. bad input in every field: the schema's bounds in the page's words and language, the
    # field back to the value in use, no traceback, the run untouched
    for css, text, schema_words in (
        ("input-seed", "-1", "4,294,967,295"),
        ("input-seed", "abc", None),
        ("input-seed", "100000000000000000000000", "4,294,967,295"),
        ("input-days", "0", "36,500"),
        ("input-days", "1.5", None),
        ("input-replicates", "0", None),
    ):
        type_into(page, css, text, then=f".input-error:has-text('“{text}”')")
        message = page.inner_text(".input-error")
        assert ERROR_WORDS[lang] in message, message
        if schema_words:
            assert schema_words in message, message
        in_use = {"input-seed": "1", "input-days": "60", "input-replicates": "1"}[css]
        page.wait_for_function(
            "([c, v]) => document.querySelector('.' + c + ' input').value === v",
            arg=[css, in_use],
            timeout=10_000,
        )
        no_traceback(page)
    assert "days=60" in page.url and "seed=1" in page.url

    # 6. words: no file names, section numbers, paper codes or unknown abbreviations
    click_control(page, ".btn-run30")
    views(page)
    wait_for_day(page, 30, lang=lang)
    page.click(".btn-all-indicators")  # every indicator
    page.wait_for_selector(".all-indicators tr[data-metric]", timeout=30_000)
    text = visible_text(page)
    for word in ("docs/ODD.md", "§", "HHI", ".yaml", "community_y", "(S0", "(S1", "(S2", "(S4"):
        assert word not in text, f"{word!r} on the page"
    headers = [h.inner_text() for h in page.query_selector_all(".all-indicators thead th")]
    assert len(headers) == 3 and all(headers), headers
    if lang == "zh":
        titles = [c.get_attribute("title") for c in page.query_selector_all(".kpi-card")]
        assert all(CJK.search(x) for x in titles), titles
        assert CJK.search(page.text_content(".select-scenario"))
    # 7. units: every card shows one; the divide is in points, indices on a 0-1 scale
    units = {
        el.get_attribute("data-metric"): el.inner_text()
        for el in page.query_selector_all(".kpi-value")
    }
    assert units["digital_divide"].endswith("个百分点" if lang == "zh" else "pts")
    assert units["trust_government"].endswith("0–1 分" if lang == "zh" else "0–1 scale")
    assert units["adoption_rate"].endswith("%")

    # 4. + 5. a lever change: notice, the lever marked, the map's workers, back to shipped
    controls(page)
    helps = page.eval_on_selector_all("div.lever[data-help]", "es => es.map(e => e.title)")
    assert len(helps) >= 5 and all(helps), "every lever has its help as a tooltip"
    if lang == "zh":
        assert all(CJK.search(h) for h in helps), helps
    page.click(".lever-platform-offline_channel label")
    page.wait_for_selector(".rebuilt-notice", timeout=30_000)
    notice = page.inner_text(".rebuilt-notice")
    assert ("开 → 关" if lang == "zh" else "on → off") in notice, notice
    page.wait_for_selector(".lever-changed.lever-platform-offline_channel", timeout=30_000)
    page.wait_for_function(
        "() => location.search.includes('platform.offline_channel=false')", timeout=10_000
    )
    page.click(".btn-shipped")
    page.wait_for_function("() => !document.querySelector('.lever-changed')", timeout=30_000)
    page.wait_for_function("() => !location.search.includes('offline_channel')", timeout=30_000)
    assert "days=365" in page.url, "shipped settings: the scenario's own horizon"
    # a valid value is taken: the run is rebuilt for 60 days (typed once more if the entry
    # landed in a re-render of the drawer, as type_into does for every such entry)
    type_into(page, "input-days", "60", then=".day-label:has-text(' 60')")
    page.wait_for_function("() => location.search.includes('days=60')", timeout=30_000)
    views(page)
    workers = page.eval_on_selector_all(
        ".neighbourhood circle.grid", "cs => cs.map(c => +c.dataset.workers)"
    )
    assert sum(workers) == 10 and len(workers) == 10

    # 2. comparison chosen mid-run: level with the shown run, the series chart shows both
    click_control(page, ".btn-run30")
    views(page)
    wait_for_day(page, 30, lang=lang)
    choose(page, "select-compare", scenario_label("digital_only", lang))
    page.wait_for_selector('.compare-table[data-day="30"][data-other-day="30"]', timeout=30_000)
    series_shown(page, 30, ".runs-2")
    # hover a day of the first panel: its tooltip names the day and both runs' values
    page.mouse.move(*first_panel_point(page, 0.6))
    tip = chart_tooltip(page)
    assert t("view.run_other", lang) in tip and t("view.day_axis", lang) in tip, tip
    assert tip.count(":") >= 3, tip
    page.mouse.move(0, 0)

    # 8. take away: CSV of the series, the command
    with page.expect_download() as download:
        page.click(f".v-btn:has-text('{t('take.series_csv', lang)}')")
    rows = download.value.path().read_text().splitlines()
    assert rows[0].startswith("run,scenario,seed,day,") and len(rows) == 1 + 2 * 30
    page.wait_for_selector(
        ".take-command .command:has-text('govsim run community_y --seed 1 --days 30')",
        timeout=10_000,
    )

    # 9. run to end (the horizon from the link: 60 days)
    click_control(page, ".btn-run-end")
    views(page)
    wait_for_day(page, 60, compare=True, lang=lang)
    series_shown(page, 60)
    no_traceback(page)
    shot(page, f"dashboard_{lang}_{width}.png", docs=True)


@pytest.mark.slow  # nightly (issue 30 item 7: 11 s of a worker): the events' shading on every
# panel and their names in both languages are checked in-process (tests/dashboard/
# test_dashboard.py::test_events_are_shaded_on_every_panel_and_only_when_there_are_events)
def test_the_storm_scenario_marks_its_events_on_the_daily_series(page):
    storm = "community_y_storm"
    names = [name for name, _ in catalogue()["scenarios"]]
    assert storm in names
    choose(page, "select-scenario", scenario_label(storm, "en"))
    page.wait_for_selector(".series-help:has-text('Shaded')", timeout=30_000)
    help_text = page.inner_text(".series-help")
    assert "demand surge" in help_text and "platform outage" in help_text, help_text
    page.click(".btn-run30")
    wait_for_day(page, 30)
    series_shown(page, 30)
    set_language(page, "zh")
    page.wait_for_selector(".series-help:has-text('需求激增')", timeout=30_000)
    series_shown(page, 30, ".lang-zh")
    assert CJK.search(page.inner_text(".select-scenario")), "the storm's name in Chinese"
    # the notice of the scenario change (made in English) is reworded in Chinese
    page.wait_for_selector(".rebuilt-notice:has-text('情景')", timeout=10_000)
    assert not re.search(r"[A-Za-z]{4,}", page.inner_text(".rebuilt-notice"))
    shot(page, "dashboard_storm_zh.png", docs=True)


def compare_cells(page) -> dict[str, str]:
    """The comparison table's differences, as shown."""
    return {
        el.get_attribute("data-metric"): el.inner_text()
        for el in page.query_selector_all(".compare-table .kpi-diff")
    }


# 中文 in the default suite (the language must come back too: the harder case, and the
# command's summary is checked in both); English is `slow` (issue 30 item 7).
@pytest.mark.parametrize("lang", [pytest.param("en", marks=pytest.mark.slow), "zh"])
def test_a_link_restores_the_screen_and_the_command_prints_the_same_summary(
    browser, server_url, lang
):
    """Copied at day 30 with a lever, a comparison and two seeds, in EN or 中文, the address
    opens in a fresh browser context (another width) on the same screen: the day, the
    language, the comparison and the same cards to the last digit (the means of the seeds).
    On the way, what only a browser shows of replicates: with one seed no "better" or
    "worse", with two the mean and spread on the cards, the rule and the chart's bands."""
    first = open_page(browser, server_url + "?seed=7&organisation.grid_workers=20", LAPTOP)
    try:
        if lang == "zh":
            set_language(first, "zh")
        controls(first)
        workers = first.eval_on_selector_all(
            ".neighbourhood circle.grid", "cs => cs.map(c => +c.dataset.workers)"
        )
        assert sum(workers) == 20, "the map shows the model's 20 workers, two per grid"
        choose(first, "select-compare", scenario_label("digital_only", lang))
        click_control(first, ".btn-run30")
        wait_for_day(first, 30, compare=True, lang=lang)
        assert not first.query_selector(".kpi-diff .gs-better, .kpi-diff .gs-worse"), (
            "one seed: no better/worse"
        )
        assert first.inner_text(".verdict-rule") == t("kpi.no_verdict", lang)
        inspect_a_grid(first, lang, {"organisation.grid_workers": 20}, 7, 30)
        one_seed = kpi_numbers(first)
        # the address shows replicates=2 once the entry is taken (a full suite once lost
        # it: 120 s with no spread)
        type_into(
            first, "input-replicates", "2", then="() => location.search.includes('replicates=2')"
        )
        first.wait_for_selector(".kpi-spread", timeout=120_000)  # both seeds at day 30
        rule = t("kpi.verdict_rule", lang, 2)
        first.wait_for_function(
            "r => document.querySelector('.verdict-rule').innerText === r", arg=rule
        )
        assert kpi_numbers(first) != one_seed, "the cards show the mean over 2 seeds"
        spreads = [
            float(el.get_attribute("data-sd"))
            for el in first.query_selector_all(".kpi-spread")
            if el.get_attribute("data-sd") != "nan"
        ]
        assert spreads and all(sd >= 0 for sd in spreads) and any(sd > 0 for sd in spreads)
        series_shown(first, 30, ".runs-2.bands")
        shot(first, f"dashboard_replicates_{lang}_1280.png", docs=lang == "en")
        first.wait_for_function(
            "() => ['day=30', 'replicates=2', 'compare=digital_only', 'grid_workers=20',"
            " 'inspect=grid-3', 'case=']"
            ".every(p => location.search.includes(p))",
            timeout=30_000,
        )
        link, numbers, diffs = first.url, kpi_exact(first), compare_cells(first)
        line = first.inner_text(".take-command .command")
        whole = whole_column(first)
    finally:
        first.context.close()
    assert ("lang=zh" in link) == (lang == "zh")
    second = open_page(browser, link, PHONE)  # a fresh browser context, another width
    try:
        wait_for_day(second, 30, compare=True, lang=lang)
        second.wait_for_selector(".kpi-spread", timeout=120_000)
        assert kpi_exact(second) == numbers and compare_cells(second) == diffs
        assert second.url == link, "the restored page keeps its address"
        # the map's inspector too: grid 3 picked, its case followed (issue 31 items 1 and 5)
        second.wait_for_selector(".inspector-card-text[data-kind='grid'][data-id='2']")
        assert second.query_selector(".case-trail[data-steps$='rated']"), "the case followed"
    finally:
        second.context.close()
    assert line == ("govsim run community_y --seed 7 --days 30 --set organisation.grid_workers=20")
    same_summary(line, whole)


def inspect_a_grid(page, lang: str, overrides: dict, seed: int, day: int) -> None:
    """Click a grid on the map: the card beside it shows the grid's workers and queue, the
    numbers of the same run rebuilt here (inspector.grid_card); click a rated case in it:
    its trail from arising to rating. Its picture: dashboard_inspector_{lang}_1280.png."""
    from govsim.dashboard import inspector
    from govsim.dashboard.session import Simulation

    grid = 2
    page.click(f".neighbourhood circle.grid[data-grid='{grid}']")
    card = page.wait_for_selector(
        f".inspector-card-text[data-kind='grid'][data-id='{grid}'][data-day='{day}']",
        timeout=10_000,
    )
    run = Simulation("community_y", overrides, seed)
    run.step(day)
    expected = inspector.grid_card(run.model.state, grid)
    shown = card.eval_on_selector(".inspect-queue", "e => ({...e.dataset})")
    assert shown == {
        "open": str(len(expected["open_cases"])),
        "unreported": str(expected["queue"]["unreported"]),
        "awaitingDispatch": str(expected["queue"]["awaiting_dispatch"]),
        "withResponder": str(expected["queue"]["with_responder"]),
    }
    workers = card.eval_on_selector_all(".inspect-worker", "ws => ws.map(w => +w.dataset.worker)")
    assert workers == [w["index"] for w in expected["workers"]] and len(workers) == 2
    assert t("inspect.workers", lang, 2) in card.inner_text()
    assert page.eval_on_selector_all(".neighbourhood .picked", "ps => ps.length") == 1
    rated = page.locator(".inspect-case", has_text=t("inspect.status_4", lang)).last
    rated.click()
    trail = page.wait_for_selector(".case-trail[data-steps$='rated']", timeout=10_000)
    steps = [li.inner_text() for li in trail.query_selector_all("li")]
    raised = int(run.model.state.cases.day_raised[int(trail.get_attribute("data-case"))])
    assert len(steps) == 5 and steps[0].startswith(day_text(lang, raised + 1).split(" of")[0])
    size = dict(page.viewport_size)  # the map and the card, taller than a laptop's screen
    page.set_viewport_size({"width": size["width"], "height": 1800})
    card = page.locator(".inspector-card")
    card.evaluate("e => e.scrollIntoView({block: 'end'})")
    top = page.locator(".gs-views > div").first.bounding_box()
    bottom = card.bounding_box()
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=DOCS_IMG / f"dashboard_inspector_{lang}_1280.png",
        clip={
            "x": top["x"],
            "y": top["y"],
            "width": top["width"],
            "height": bottom["y"] + bottom["height"] + 8 - top["y"],
        },
    )
    page.set_viewport_size(size)


def whole_column(page) -> dict[str, float]:
    """The "whole run" column of every indicator (unfolded if needed)."""
    if not page.query_selector(".all-indicators td.whole"):
        page.click(".btn-all-indicators")
    page.wait_for_selector(".all-indicators td.whole")
    return {
        r.get_attribute("data-metric"): float(
            r.query_selector("td.whole").get_attribute("data-value")
        )
        for r in page.query_selector_all(".all-indicators tr[data-metric]")
    }


def same_summary(line: str, whole: dict[str, float]) -> None:
    """Runs the `govsim run …` command `line` and checks it prints the page's whole-run
    values (each metric as the command line formats it)."""
    assert line.startswith("govsim run "), line
    # `govsim`'s own main(), in the test's process: what the command prints is the subject,
    # not a child's start-up (a child cost ~5 s of CPU to import govsim, pandas and pyarrow).
    from govsim.cli import main

    printed_out = io.StringIO()
    with contextlib.redirect_stdout(printed_out):
        assert main(line.split()[1:]) == 0
    out = printed_out.getvalue()
    printed = dict(re.findall(r"^  (\w+)\s+(\S+)", out, re.M))
    assert set(printed) == set(whole)
    for name, text in printed.items():
        if text == "n/a":
            assert whole[name] != whole[name], name
            continue
        shown = metrics.format_value(name, whole[name]).split()[0]
        assert shown == text, f"{name}: page {whole[name]} ({shown}), command {text}"


def download(page, label: str):
    """Clicks the download button `label`; returns (file name, bytes)."""
    with page.expect_download(timeout=60_000) as info:
        page.click(f".v-btn:has-text('{label}')")
    return info.value.suggested_filename, info.value.path().read_bytes()


def same_number(a: float, b: float) -> bool:
    return a == b or (a != a and b != b)


@pytest.mark.slow  # nightly (issue 30 item 7: 20 s of a worker): each download's content is
# checked in-process (tests/dashboard/test_dashboard_controller.py::
# test_downloads_end_on_the_day_and_values_the_cards_show, tests/dashboard/
# test_dashboard_export.py), and the tour here clicks a download and reads the command
def test_every_download_and_the_copied_command_match_the_page(browser, server_url):
    """Take away, clicked as a user would: both CSVs' last day equals the cards, the chart's
    PNG and SVG are images, and the command copied to the clipboard prints the page's
    whole-run values."""
    page = open_page(browser, server_url + "?seed=3&platform.reliability=0.9&days=60", LAPTOP)
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        click_control(page, ".btn-run30")
        views(page)
        wait_for_day(page, 30)
        page.wait_for_selector(".take-command .command:has-text('--days 30')", timeout=10_000)
        cards = {m: float(v) for m, v in kpi_exact(page).items()}
        assert len(cards) >= 5 and any(v == v for v in cards.values())

        name, data = download(page, t("take.series_csv", "en"))
        assert name.endswith("_series.csv")
        rows = [r for r in csv.DictReader(io.StringIO(data.decode())) if r["run"] == "shown"]
        assert [int(r["day"]) for r in rows] == list(range(1, 31))
        for metric, value in cards.items():
            assert same_number(float(rows[-1][metric]), value), (metric, rows[-1][metric], value)

        name, data = download(page, t("take.table_csv", "en"))
        assert name.endswith("_indicators.csv")
        table = {
            r["metric"]: r
            for r in csv.DictReader(io.StringIO(data.decode()))
            if r["run"] == "shown"
        }
        assert set(cards) <= set(table) and {r["day"] for r in table.values()} == {"30"}
        for metric, value in cards.items():
            assert same_number(float(table[metric]["last_30_days"]), value), metric
        whole = whole_column(page)
        for metric, value in whole.items():
            assert same_number(float(table[metric]["whole_run"]), value), metric

        name, data = download(page, t("take.series_png", "en"))
        assert name.endswith(".png") and data.startswith(b"\x89PNG\r\n\x1a\n")
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            assert image.width >= 2 * 576, image.size  # a talk's figure: twice the page

        name, data = download(page, t("take.series_svg", "en"))
        svg = ElementTree.fromstring(data)  # well-formed XML
        assert name.endswith(".svg") and svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert svg.get("viewBox") and len(svg.findall(".//{http://www.w3.org/2000/svg}path")) > 10

        page.click(".take-command .btn-copy")
        page.wait_for_selector(".take-command .btn-copy:has-text('copied')", timeout=5_000)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.inner_text(".take-command .command")
        assert "--seed 3" in copied and "--set platform.reliability=0.9" in copied
    finally:
        page.context.close()
    same_summary(copied.strip(), whole)


def test_the_series_chart_zooms_to_a_range_of_days(page):
    """The range slider under the series chart sets the days the chart shows (the box's
    class and the Vega view's x_from/x_to say which); the wheel zooms in the browser alone
    (no new data, the slider's days unchanged), and the zoom stays through a new day. It
    starts with the checks of a freshly loaded page (`loaded_locally`)."""
    loaded_locally(page)
    page.click(".btn-run30")
    wait_for_day(page, 30)
    series_shown(page, 30)

    def shown_days() -> tuple[int, int]:
        return tuple(
            page.eval_on_selector(
                ".series-chart .vega-view",
                "e => [e.vegaView.signal('x_from'), e.vegaView.signal('x_to')]",
            )
        )

    def axis_days() -> list[float]:
        return page.eval_on_selector(
            ".series-chart .vega-view", "e => e.vegaView.scale('x').domain()"
        )

    classes = page.get_attribute(".series-chart", "class")
    assert re.search(r"\bx-0-\d+\b", classes), classes
    assert shown_days()[0] == 0
    # One key press at a time, each waited for: ten presses sent at once lost four under
    # load (the address read zoom=6-30), as the server's echo of one value re-rendered the
    # slider while the next presses were on their way. The locator focuses the thumb
    # again before each press (a re-rendered slider is a new element). Three presses (ten
    # until issue 30 item 7: each is a round trip to the server, ~0.4 s of the suite).
    thumb = page.locator(".zoom-range .v-slider__thumb-container").first
    for day in range(1, 4):
        thumb.press("ArrowRight")
        page.wait_for_function(
            "d => [...document.querySelector('.series-chart').classList]"
            ".some(c => c.startsWith('x-' + d + '-'))",
            arg=day,
            timeout=30_000,
        )
    page.wait_for_selector(".series-chart.x-3-30", timeout=30_000)  # days run: to 30
    page.wait_for_function(
        "() => document.querySelector('.series-chart .vega-view').vegaView.signal('x_from') === 3",
        timeout=30_000,
    )
    assert shown_days() == (3, 30), "the chart shows days 3 to 30 (the run's last day)"
    page.click(".zoom-toggle >> text=all")  # back to the whole run
    page.wait_for_selector(".series-chart.x-0-35", timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('.series-chart .vega-view').vegaView.signal('x_to') === 35",
        timeout=30_000,
    )
    # the wheel over a panel (the first: any, not only the last) zooms every panel, in the
    # browser; a new day keeps the zoom
    lines = page.locator(".series-chart g.mark-line.role-mark").first
    lines.scroll_into_view_if_needed()
    box = lines.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function(
        "() => { const d = document.querySelector('.series-chart .vega-view').vegaView"
        ".scale('x').domain(); return d[1] - d[0] < 30; }",
        timeout=10_000,
    )
    zoomed = axis_days()
    assert 0 < zoomed[0] and zoomed[1] < 35 and shown_days() == (0, 35), zoomed
    page.click(".btn-step")
    series_shown(page, 31)
    assert axis_days() == zoomed, "the reader's zoom stays through a new day"
    # zoomed out far, the wheel stops at the days already run (0-31), not the horizon (35)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(4):
        page.mouse.wheel(0, 2000)
    page.wait_for_function(
        "() => { const d = document.querySelector('.series-chart .vega-view').vegaView"
        ".scale('x').domain(); return d[1] - d[0] >= 29; }",
        timeout=10_000,
    )
    page.wait_for_timeout(200)  # the clamp is the signal's listener, a run of its own
    first, last = axis_days()  # the series start at day 1 (day 0 has no day behind it)
    assert first in (0, 1) and last == 31, (first, last)


@pytest.mark.slow  # nightly: the same checks open test_the_series_chart_zooms_to_a_range_of_days
# (`loaded_locally`), which saves the default suite a page of its own (~4 s; issue 30 item 7)
def test_page_loads_with_the_headline_kpis_and_nothing_fetched_from_outside(page):
    loaded_locally(page)


def loaded_locally(page) -> None:
    """A fresh page at day 0: the headline cards, the map, the series chart drawn with Vega
    from solara-assets (not a CDN), the hidden flow chart not drawn, no console error and
    no failed request."""
    kpis = kpi_values(page)
    assert list(kpis) == indicators.headline()
    assert "Day 0 of" in page.inner_text(".day-label")
    assert page.query_selector_all(".neighbourhood circle"), "the map is drawn"
    series_shown(page, 0)  # Vega and its libraries from solara-assets, not a CDN
    assert page.eval_on_selector(".series-chart svg", "s => s.getBoundingClientRect().width") > 300
    assert not page.query_selector("img.flow-chart"), "a hidden chart is not drawn"
    assert page.problems == [], "every asset is served locally (no CDN)"


@pytest.mark.slow  # nightly: speed is measured by benchmarks/dashboard_step.py (its result in
# docs/dashboard.md), not by a timed test; the tour here waits for the cards of each day
def test_one_day_updates_the_kpis_quickly(page):
    rounds = page.evaluate(STEP_LATENCY_JS, [15, PACED_MS])
    day_ms = statistics.median(r["day_ms"] for r in rounds)
    kpi_ms = [r["kpis_ms"] for r in rounds if r["kpis_ms"] is not None]
    result = {
        "day_label_median_ms": day_ms,
        "rounds": rounds,
        "kpis_median_ms": statistics.median(kpi_ms) if kpi_ms else None,
    }
    (ARTIFACTS / "dashboard_latency.json").write_text(json.dumps(result, indent=1))
    print(f"\nclick → KPI update: median {result['kpis_median_ms']} ms over {len(kpi_ms)} days")
    assert "Day 15 of" in page.inner_text(".day-label")
    assert len(kpi_ms) >= 10, "most days change a KPI card"
    # A sanity bound, far above the 200 ms target, so a loaded CI machine does not flake;
    # benchmarks/dashboard_step.py measures the real number for docs/dashboard.md.
    assert statistics.median(kpi_ms) < 1000


def test_a_killed_server_leaves_no_drawing_process_behind_and_its_page_says_so_in_its_language(
    browser, dashboard_server
):
    """The charts are drawn in a process of their own (charts.draw_apart); a server killed
    outright (SIGKILL: no shutdown of its own) must not leave it running. The server is the
    module's, after every other test here has used it (a server of its own cost ~20 s more
    to start and draw its first chart): keep this test after the others that use it.
    Then Solara's "Server disconnected." overlay must read in the page's language, 中文
    here (issue 31 item 8; a test of its own until issue 30 item 7 started a server for it
    alone). Screenshot to tests/_artifacts/ (looked at when taken)."""
    server, url = dashboard_server
    page = open_page(browser, url + "?lang=zh")
    try:
        page.wait_for_selector(".day-label:has-text('第 0 天')", timeout=30_000)
        series_shown(page, 0)  # the page is up; its drawing process started with the server
        kill_and_check_children(server)
        notice = ".v-overlay .v-progress-circular__info"
        page.wait_for_selector(
            f"{notice}:has-text('{t('app.disconnected', 'zh')}')", timeout=30_000
        )
        page.screenshot(path=ARTIFACTS / "dashboard_disconnected_zh.png")
        assert "disconnected" not in page.inner_text(notice)
    finally:
        page.context.close()


def kill_and_check_children(server: subprocess.Popen) -> None:
    """SIGKILL the server; its child processes (the drawing process and multiprocessing's
    resource tracker) must be gone within 30 s (a process killed while it starts leaves once
    its imports are done: 1-2 s on a quiet machine, over 10 s seen on one loaded ninefold)."""
    import signal

    children = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    assert children, "the server started a drawing process"
    os.kill(server.pid, signal.SIGKILL)
    server.wait(10)
    deadline = time.monotonic() + 30
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [c for c in children if os.path.exists(f"/proc/{c}")]
    assert not alive, f"left behind: {alive}"
