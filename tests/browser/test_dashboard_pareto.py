"""The dashboard in a real browser, part two: a saved policy search (`govsim dashboard
--pareto`) and a server killed while it starts. A file of its own (issue 30 item 7) so that
pytest-xdist's two workers (`--dist loadfile`) share the browser tests instead of one
worker running them all; the helpers and the browser fixture are test_dashboard.py's.
"""

from __future__ import annotations

import re

import pytest

from govsim.dashboard.i18n import t

from .test_dashboard import (  # noqa: F401 (fixtures: the module's browser)
    CJK,
    DOCS_IMG,
    WIDTHS,
    browser,
    controls,
    kill_and_check_children,
    narrow,
    no_traceback,
    open_page,
    serve,
    set_language,
    shot,
    start_server,
    stop_process,
    views,
    wait_for_day,
)

pytestmark = pytest.mark.browser


# --- a saved Pareto set: `govsim dashboard --pareto` (issue 20 item 5) -----------------------


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    """A small saved policy search (conftest.TINY_SEARCH), run for this module."""
    from conftest import saved_search

    from govsim.dashboard import pareto

    return pareto.load(saved_search(tmp_path_factory.mktemp("search") / "tiny"))


@pytest.fixture(scope="module")
def pareto_url(search):
    yield from serve("--pareto", str(search.saved.path), log_name="dashboard_pareto.log")


def lever_values(page, keys) -> dict[str, float]:
    """The values the simulation's lever controls show (their ``data-value``)."""
    controls(page)
    return {
        key: float(page.get_attribute(f".lever-{key.replace('.', '-')} .lever-value", "data-value"))
        for key in keys
    }


# Every pair is `slow` (nightly, and `-m browser` for the docs' screenshots): the view's
# table, labels and the picked policy's levers are checked in-process
# (tests/dashboard/test_dashboard.py::
# test_the_search_view_labels_from_the_registry_in_both_languages and
# ::test_picking_a_policy_loads_its_levers_into_the_simulation). The phone pair in 中文 cost
# 37 s of a worker on a clean clone (cc12, 4875ff4), a search, a server and a Chromium of
# its own (issue 30 item 7: a 5-minute suite).
PARETO_PAIRS = [
    pytest.param(width, lang, marks=pytest.mark.slow) for width in WIDTHS for lang in ("en", "zh")
]


@pytest.mark.parametrize(("width", "lang"), PARETO_PAIRS)
def test_a_saved_pareto_set_shows_its_trade_off_and_a_picked_policy_is_watched(
    browser,  # noqa: F811 (the fixture imported above)
    pareto_url,
    search,
    lang,
    width,
):
    """The search view (plot and table, labels from the registry in the page's language,
    nothing clipped), then a policy's button: the simulation's levers now read the policy's
    values, the notice names them, the address carries them and the days can be run."""
    from govsim.dashboard.pareto import objective_label

    viewport = WIDTHS[width]
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(pareto_url)
        page.wait_for_selector(".pareto-table", timeout=45_000)
        if viewport["width"] < 960:
            page.wait_for_selector(".v-navigation-drawer--open", state="detached", timeout=30_000)
        set_language(page, lang)
        views(page)
        page.wait_for_selector(f"img.pareto-chart.lang-{lang}", timeout=30_000)
        page.wait_for_function(
            "() => document.querySelector('img.pareto-chart').naturalWidth > 300"
        )
        rows = page.query_selector_all(".pareto-table tr.policy-row")
        assert len(rows) == len(search)
        head = page.inner_text(".pareto-table thead")
        for objective in search.spec.objectives:
            assert objective_label(objective, lang, unit=False) in head
        shown = page.inner_text(".pareto-intro") + head + page.inner_text(".pareto-table tbody")
        assert not re.search(r"[a-z_]+\.[a-z_]+", shown), "a dotted key on the page"
        if lang == "zh":
            assert CJK.search(head) and "Grid workers" not in head
        overflow = page.evaluate("""() => [...document.querySelectorAll(
            'img.pareto-chart, .btn-pick, .pareto-intro, .v-toolbar')].filter(
            e => e.getBoundingClientRect().right > window.innerWidth + 1).length""")
        assert overflow == 0, "the plot, a button or the intro runs off the right edge"
        no_traceback(page)
        shot(page, f"dashboard_pareto_{lang}_{width}.png", docs=True)

        pick = len(search) - 1
        wanted = search.policy(pick)
        page.click(f".btn-pick-{pick}")
        page.wait_for_selector(".day-label", timeout=30_000)  # the simulation view
        wait_for_day(page, 0, lang=lang)
        page.wait_for_timeout(500)  # a rebuilt drawer's levers arrive after the views
        assert lever_values(page, wanted) == {k: float(v) for k, v in wanted.items()}
        assert f"{search.saved.base.days}" in page.inner_text(".day-label")
        page.wait_for_selector(".pareto-watching", timeout=30_000)
        notice = page.inner_text(".rebuilt-notice")
        for key, _ in search.setup(pick).levers:
            assert t(f"lever.{key}", lang) in notice, notice
        page.wait_for_function("() => location.search.includes('search=tiny_search')")
        for key, value in search.setup(pick).levers:
            assert f"{key}={value:g}" in page.url
        page.click(".btn-run30")  # its days can be watched (the search's horizon: 20)
        views(page)
        wait_for_day(page, search.saved.base.days, lang=lang)
        no_traceback(page)
        controls(page)
        page.eval_on_selector(
            ".lever-responders-department_staff_hours_per_day",
            "e => e.scrollIntoView({block: 'center'})",
        )
        if not narrow(page):
            page.evaluate(
                "() => document.querySelectorAll('div').forEach(e => { "
                "if (!e.closest('.v-navigation-drawer')) e.scrollTop = 0; })"
            )
        page.wait_for_timeout(300)
        page.screenshot(path=DOCS_IMG / f"dashboard_pareto_picked_{lang}_{width}.png")
    finally:
        context.close()


@pytest.mark.slow  # nightly: a second server of its own (~25 s of CPU); the default suite
# kills the module's running server (test_dashboard.py's last test) and checks the same
# children are gone
def test_a_server_killed_while_its_drawing_process_starts_leaves_nothing_behind():
    """The drawing process starts with the server and takes a second or two to import; a
    server killed meanwhile (before the process could note its parent) leaves nothing."""
    server, _ = start_server(log_name="dashboard_killed_early.log")
    try:
        kill_and_check_children(server)
    finally:
        stop_process(server)
