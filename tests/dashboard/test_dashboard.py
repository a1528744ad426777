"""The dashboard without a browser: translations, layout, case flow, levers, reset semantics,
and the Solara page rendered in-process (the browser tests are in tests/browser/)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import SMALL
from pydantic import BaseModel

from govsim import cli
from govsim.dashboard import charts, export, i18n, indicators, levers, views
from govsim.dashboard import layout as layout_module
from govsim.dashboard.layout import (
    PALETTE,
    building_shares,
    colour,
    compute_layout,
    map_svg,
    neighbourhood_svg,
)
from govsim.dashboard.session import Simulation
from govsim.running.runner import make_rng
from govsim.scenario.config import REPO_ROOT, ConfigError, override, shipped
from govsim.scenario.schema import CATEGORIES
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel
from govsim.world.agents import SOCIAL_GROUP_KINDS
from govsim.world.state import Channel, Status

CJK = re.compile(r"[\u4e00-\u9fff]")
DASHBOARD_SOURCES = [
    *Path(REPO_ROOT, "govsim", "dashboard").glob("*.py"),
    Path(REPO_ROOT, "dashboards", "app.py"),
]


def sized(days: int) -> dict:
    """The small population as dashboard overrides, for `days` (the survey inside them)."""
    return {**SMALL, "days": days, "survey.day": days - 1}


SMALL_120 = sized(120)


@pytest.fixture(scope="module")
def small(community_y):
    """The conftest `small` scenario (900 residents, 120 days), its survey day inside."""
    return override(community_y, SMALL_120)


@pytest.fixture(scope="module")
def small_run():
    """A small scenario run for 40 days, as the dashboard runs it."""
    sim = Simulation("community_y", SMALL_120, seed=3)
    sim.step(40)
    return sim


# --- translations ---------------------------------------------------------------------------


def test_every_label_has_english_and_chinese_text():
    for key, entry in i18n.TEXT.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert CJK.search(entry["zh"]), f"{key}: the Chinese text has no Chinese characters"
        assert entry["en"].count("{") == entry["zh"].count("{"), f"{key}: placeholders differ"


def test_every_key_the_dashboard_asks_for_exists():
    literal = set()
    for path in DASHBOARD_SOURCES:
        source = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r'\bt\(\s*"([a-z_.0-9]*[a-z0-9])"\s*,', source))
    composed = (
        {f"lever.{lv.key}" for lv in levers.LEVERS}
        | {f"unit.{u}" for u in ("days", "hours")}
        | {f"unit_axis.{u}" for u in metrics.UNITS}
        | {f"kpi.{w}" for w in ("better", "worse")}
        | {f"flow.{c}" for c in (*views.CHANNELS, *views.DESTINATIONS)}
        | {f"take.{kind}_{fmt}" for kind, fmt in export.DOWNLOADS}
        | {f"inspect.{w}_{c}" for w in ("cat", "dept") for c in CATEGORIES}
        | {f"inspect.group_{kind.replace(' ', '_')}" for kind, _ in SOCIAL_GROUP_KINDS}
        | {f"inspect.status_{int(s)}" for s in Status}
        | {f"inspect.channel_{c.name.lower()}" for c in Channel if c != Channel.NONE}
        | {
            "ctl.colour_adoption",
            "ctl.colour_participation",
            "view.neighbourhood_help",
            "view.neighbourhood_help_grids",
        }
    )
    assert len(literal) > 30, 'the scan for t("…") calls found too little'
    missing = sorted((literal | composed) - set(i18n.TEXT))
    assert not missing, f"keys without a translation: {missing}"


def test_metric_labels_live_in_the_registry_not_in_the_dashboard():
    assert not [k for k in i18n.TEXT if k.startswith("metric.")]
    assert set(indicators.headline()) <= set(metrics.INFO)
    assert {"participation_rate", "adoption_rate"} <= set(indicators.headline())


def test_text_is_formatted_in_both_languages():
    assert i18n.t("view.day", "en", 3, 365) == "Day 3 of 365"
    assert i18n.t("view.day", "zh", 3, 365) == "第 3 天 / 共 365 天"
    assert i18n.scenario_label("community_y", "zh").startswith("Y 社区")
    assert i18n.scenario_label("brand_new", "zh") == "brand_new"
    described = "Storm week: a week of storm damage in Community Y"
    assert i18n.scenario_label("storm", "zh", described) == "Storm week"
    assert i18n.scenario_label("x", "en", "a" * 80) == "a" * 59 + "…"
    assert i18n.scenario_label("x", "en", "District (S4 Community Y × 13.3): 13") == "District"
    assert "(" not in i18n.scenario_label("community_y", "en"), "no file name on a label"


# --- layout ---------------------------------------------------------------------------------


def test_layout_is_deterministic_and_the_same_for_every_seed(small):
    a = compute_layout(GovernanceModel(small, make_rng(1)).state.residents)
    b = compute_layout(GovernanceModel(small, make_rng(1)).state.residents)
    c = compute_layout(GovernanceModel(small, make_rng(2)).state.residents)
    assert np.array_equal(a.building_xy, b.building_xy)
    assert np.array_equal(a.building_radius, b.building_radius)
    assert np.array_equal(a.building_xy, c.building_xy), "positions depend on structure only"
    assert np.array_equal(a.grid_xy, c.grid_xy)


def test_building_sizes_are_resident_counts_and_dot_area_follows_them(small):
    residents = GovernanceModel(small, make_rng(4)).state.residents
    layout = compute_layout(residents)
    assert np.array_equal(layout.building_residents, np.bincount(residents.building))
    assert layout.building_residents.sum() == residents.n == small.population.residents
    assert len(layout.grid_xy) == small.population.grids
    area_per_resident = layout.building_radius**2 / layout.building_residents
    assert np.allclose(area_per_resident, area_per_resident[0])


@pytest.mark.parametrize("grids", [10, 40], ids=["ring of grids", "rows of grids"])
def test_buildings_do_not_overlap_and_stay_inside_their_grid(community_y, grids):
    scenario = override(
        community_y,
        {
            "population.grids": grids,
            "population.buildings_per_grid": 120 // grids * 3,
            "organisation.grid_workers": grids,
        },
    )
    layout = compute_layout(GovernanceModel(scenario, make_rng(1)).state.residents)
    assert len(layout.grid_xy) == grids
    centres = layout.grid_xy
    apart = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(apart, np.inf)
    assert np.all(apart >= 2 * layout.grid_radius), "grids do not overlap"
    assert np.all((centres - layout.grid_radius >= 0) & (centres + layout.grid_radius <= 520))
    xy, r = layout.building_xy, layout.building_radius
    gap = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gap, np.inf)
    assert np.all(gap > r[:, None] + r[None, :])
    to_centre = np.hypot(*(xy - layout.grid_xy[layout.building_grid]).T)
    assert np.all(to_centre + r <= layout.grid_radius)


def test_building_colour_shares_count_adult_adopters_and_recent_participants(small):
    state = GovernanceModel(small, make_rng(5)).state
    res = state.residents
    b = 2
    adults = res.is_adult & (res.building == b)
    shares = building_shares(res, 0, "adoption")
    assert shares[b] == pytest.approx(res.has_adopted[adults].mean())
    res.last_participation_day[:] = -1
    res.last_participation_day[np.flatnonzero(adults)[:3]] = 50
    res.last_participation_day[np.flatnonzero(adults)[3:5]] = 10  # outside the 30 days
    shares = building_shares(res, 60, "participation")
    assert shares[b] == pytest.approx(3 / adults.sum())
    with pytest.raises(ValueError):
        building_shares(res, 0, "colour of the door")


def test_map_has_one_dot_per_inhabited_building_with_its_count():
    from govsim.dashboard.layout import Layout

    layout = Layout(
        grid_xy=np.array([[100.0, 100.0]]),
        grid_radius=50.0,
        grid_community=np.array([0]),
        building_xy=np.array([[90.0, 90], [110, 110]]),
        building_grid=np.array([0, 0]),
        building_residents=np.array([7, 0]),
        building_radius=np.array([5.0, 0.0]),
        grid_residents=np.array([7]),
    )
    svg = neighbourhood_svg(
        layout,
        np.array([0.5, np.nan]),
        {"grid": "网格", "building": "楼栋", "residents": "名居民", "legend": "平台采用"},
    )
    assert svg.count("<title>楼栋") == 1 and "楼栋 1 (网格 1): 7 名居民, 50%" in svg
    assert colour(0.0) == PALETTE[0] and colour(1.0) == PALETTE[-1] and colour(np.nan) != PALETTE[0]


def test_a_large_district_is_drawn_one_dot_per_grid(small, monkeypatch):
    residents = GovernanceModel(small, make_rng(1)).state.residents
    labels = {"grid": "Grid", "building": "Building", "residents": "residents", "legend": "x"}
    layout = compute_layout(residents)
    per_building = map_svg(layout, residents, 0, "adoption", labels)
    assert per_building.count("<title>Building") == len(layout.building_xy)
    monkeypatch.setattr(layout_module, "MAX_BUILDING_DOTS", len(layout.building_xy) - 1)
    per_grid = map_svg(layout, residents, 0, "adoption", labels)
    titles = re.findall(r"<title>Grid \d+: (\d+) residents", per_grid)
    assert len(titles) == small.population.grids and "Building" not in per_grid
    assert sum(map(int, titles)) == residents.n


# --- where cases go, KPIs ---------------------------------------------------------------------


def test_case_flow_counts_every_case_once(small_run):
    state = small_run.model.state
    flow = views.case_flow(state)
    assert state.cases.n > 100
    assert sum(sum(row.values()) for row in flow.values()) == state.cases.n
    for row, channel in (
        ("online", Channel.ONLINE),
        ("offline", Channel.OFFLINE),
        ("patrol", Channel.PATROL),
    ):
        assert sum(flow[row].values()) == int((state.cases.channel == channel).sum())
    dispatched = int((state.cases.responder >= 0).sum())
    assert sum(flow[r]["government"] + flow[r]["social_group"] for r in flow) == dispatched
    assert flow["unreported"]["government"] == flow["unreported"]["social_group"] == 0


@pytest.fixture
def new_metric():
    """A metric registered for one test, as a contributor would add it, then removed."""

    @metrics.metric(
        unit="hours",
        section="Test section",
        en="Hours to first call",
        zh="首次回电小时数",
        better="lower",
    )
    def hours_to_first_call(ctx) -> float:
        """Hours from report to the first call back (a test metric)."""
        return 3.5

    yield "hours_to_first_call"
    del metrics.METRICS["hours_to_first_call"], metrics.INFO["hours_to_first_call"]


def test_a_new_metric_appears_labelled_and_in_its_unit_with_no_dashboard_edit(new_metric):
    name = new_metric
    (card,) = indicators.cards({name: 3.5}, "zh", names=[name])
    assert (card.label, card.text, card.unit) == ("首次回电小时数", "3.5 小时", "hours")
    assert indicators.format_difference(name, 3.5, 2.0, "en") == "\u22121.5 h"  # U+2212
    assert indicators.verdict(name, 3.5, 2.0, spread=0.4) == "better", "fewer hours is better"
    assert indicators.verdict(name, 2.0, 3.5, spread=0.4) == "worse"
    assert indicators.verdict(name, 3.5, 2.0) == "", "one seed: no spread, no verdict"
    assert indicators.verdict(name, 3.5, 2.0, spread=1.6) == "", "within the seed spread"
    assert indicators.verdict(name, 3.5, 3.52, spread=0.0) == "", "a gap shown as 0.0 h"
    assert name in indicators.by_section()["Test section"]
    assert indicators.chart_model("Test section") == [indicators.Panel("hours", (name,))]
    sim = Simulation("community_y", sized(5), seed=1)
    sim.step(3)
    from govsim.dashboard.widgets import indicators_html, section_panels

    table = indicators_html(sim, None, "zh")
    assert f'data-metric="{name}" data-section="Test section"' in table
    assert "首次回电小时数</td><td>3.5 小时" in table
    ((unit, _, lines),) = section_panels(sim, "Test section", "en")
    assert unit == "hours" and lines[0][0] == "Hours to first call"
    assert np.array_equal(lines[0][1], [3.5, 3.5, 3.5])


def test_without_the_new_metric_nothing_about_it_shows(small_run):
    from govsim.dashboard.widgets import indicators_html

    assert "hours_to_first_call" not in metrics.INFO
    assert "Test section" not in indicators.sections()
    assert "首次回电" not in indicators_html(small_run, None, "zh")


@pytest.mark.parametrize(
    ("unit", "value", "text", "diff"),
    [
        ("share", 0.6123, "61.2 %", "+5.0 pts"),
        ("days", 3.0, "3.0 days", "+5.0 days"),
        ("count", 1234.0, "1,234", "+5"),
        ("index", 0.5, "0.50 on a 0–1 scale", "+5.00"),
        ("share", -0.0001, "0.0 %", "+5.0 pts"),
        ("index", -0.001, "0.00 on a 0–1 scale", "+5.00"),
    ],
)
def test_values_are_formatted_by_the_unit_in_the_registry(monkeypatch, unit, value, text, diff):
    monkeypatch.setitem(metrics.INFO, "m", metrics.MetricInfo("m", unit=unit))
    assert indicators.format_value("m", value, "en") == text
    scale = 0.05 if unit == "share" else 5.0
    assert indicators.format_difference("m", 1.0, 1.0 + scale, "en") == diff
    assert indicators.format_value("m", float("nan"), "zh") == "暂无"


def test_series_chart_has_one_panel_per_unit_and_one_line_per_metric():
    share = ("share", "share", [("a", np.array([0.1, 0.2])), ("b", np.array([np.nan, 0.3]))])
    days = ("days", "days", [("c", np.array([2.0, 2.5]))])
    fig = charts.series_figure([share, days], days=10)
    assert [len(ax.get_lines()) for ax in fig.axes] == [2, 1]
    low, high = fig.axes[0].get_ylim()
    assert low == 0.0 and 1.0 < high <= 1.05, "shares on a 0–100 % axis (a line at 100 % shows)"
    assert charts.to_png(fig).startswith(b"\x89PNG")


def test_events_are_shaded_on_every_panel_and_only_when_there_are_events():
    from types import SimpleNamespace as NS

    scenario = NS(
        events=[
            NS(kind="demand_surge", day=10, days=7, factor=3.0, categories=None),
            NS(kind="outage", day=12, days=2, factor=None, categories=None),
        ]
    )
    marked = views.events(scenario, "zh")
    assert marked == [(10, 7, "demand_surge", "需求激增 ×3"), (12, 2, "outage", "平台中断")]
    panels = [("share", "s", [("a", np.full(20, 0.5))]), ("count", "n", [("b", np.ones(20))])]
    with_events = charts.series_figure(panels, 30, marked)
    without = charts.series_figure(panels, 30, views.events(NS(), "en"))
    spans = [[p for p in ax.patches if p.get_x() in (11, 13)] for ax in with_events.axes]
    assert [len(s) for s in spans] == [2, 2]
    assert [len(ax.patches) for ax in without.axes] == [0, 0]


def test_survival_view_is_the_metrics_survival_curve(small_run, monkeypatch):
    state = small_run.model.state
    t_days, share = views.survival(state)
    assert np.array_equal(share, metrics.survival_curve(state, t_days))
    assert share[0] > share[-1] and np.all(np.diff(share) <= 0)  # cases close as t grows
    monkeypatch.setattr(metrics, "survival_curve", lambda st, t_days: np.exp(-t_days / 3))
    t_days, share = views.survival(state)
    assert share[0] == 1.0 and share[-1] < 0.01 and len(t_days) == len(share)
    fig = charts.survival_figure([("a", t_days, share), ("b", t_days, share**2)], "t", "open")
    assert len(fig.axes[0].get_lines()) == 2


def test_flow_chart_bars_add_up_to_the_cases(small_run):
    flow = views.case_flow(small_run.model.state)
    fig = charts.flow_figure(
        flow, {c: c for c in views.CHANNELS}, {d: d for d in views.DESTINATIONS}
    )
    widths = sum(p.get_width() for p in fig.axes[0].patches)
    assert widths == small_run.model.state.cases.n


# --- levers and reset semantics --------------------------------------------------------------


def test_a_lever_missing_from_the_schema_is_hidden():
    class Platform(BaseModel):
        reliability: float = 0.9

    class Scenario(BaseModel):
        platform: Platform = Platform()

    shown = [lv.key for lv in levers.available_levers(Scenario)]
    assert shown == ["platform.reliability"]
    assert levers.has_key("platform.reliability") and not levers.has_key("platform.teleport")


def test_levers_coerce_control_values_to_the_schema_types():
    by_key = {lv.key: lv for lv in levers.LEVERS}
    assert levers.coerce(by_key["organisation.grid_workers"], 12.0) == 12
    assert isinstance(levers.coerce(by_key["organisation.grid_workers"], 12.0), int)
    assert levers.coerce(by_key["platform.integrated"], 0) is False


def test_the_dashboard_run_is_the_run_govsim_run_would_make(small):
    overrides = {**SMALL_120, "platform.reliability": 0.8}
    sim = Simulation("community_y", overrides, seed=7)
    sim.step(25)
    reference = GovernanceModel(override(small, {"platform.reliability": 0.8}), make_rng(7))
    for _ in range(25):
        reference.step()
    assert sim.scenario.platform.reliability == 0.8
    assert np.array_equal(sim.model.series[:25], reference.series[:25], equal_nan=True)


def test_stepping_stops_at_the_horizon():
    sim = Simulation("community_y", sized(5), seed=1)
    assert sim.step(10) == 5 and sim.day == 5 and sim.finished
    assert sim.step() == 0
    assert set(sim.current()) == set(metrics.METRICS)


def test_dashboard_binds_to_localhost_unless_told():
    args = cli.build_parser().parse_args(["dashboard"])
    assert args.host == "127.0.0.1"
    from govsim.cli.dashboard import solara_command

    command = solara_command(args.host, 9999)
    assert command[command.index("--host") + 1] == "127.0.0.1" and "--production" in command


def test_scenarios_come_from_the_scenarios_folder():
    pytest.importorskip("solara")
    from govsim.dashboard.controller import shipped_scenarios

    assert set(shipped_scenarios()) >= {p.stem for p in shipped("scenarios").glob("*.yaml")}


# --- the Solara page, rendered in-process (no browser) ---------------------------------------


def _page():
    pytest.importorskip("solara")
    import ipyvuetify as v
    import solara
    import solara.widgets

    from govsim.dashboard.page import Page

    # the served page sits in Solara's AppLayout (its controls in the side drawer)
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)

    def html(css_class: str) -> str:
        return rc.find(solara.widgets.HTML, attributes={"class": css_class}).widget.unsafe_innerHTML

    return rc, v, html


def _wait(check, seconds: float = 20.0):
    """Wait until `check()` is true; a widget it looks for that is not on the page yet
    (reacton's "Expected 1 match", a ValueError) counts as not yet: a click that switches
    views (a Pareto policy picked) renders the new view after the click returns (failed
    once so on a clean clone of bb5908b, 2026-12-06)."""
    import time

    def ready() -> bool:
        try:
            return bool(check())
        except ValueError as error:
            if not str(error).startswith("Expected 1 match, got []"):
                raise
            return False

    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_page_steps_translates_and_resets_when_a_lever_moves():
    rc, v, html = _page()
    assert "Day 0 of" in html("day-label")
    before = html("kpis")
    rc.find(v.Btn, children=[i18n.t("ctl.run30", "en")]).widget.click()
    rc.find(v.Btn, children=[i18n.t("ctl.step", "en")]).widget.click()
    _wait(lambda: "Day 31 of" in html("day-label"))
    assert html("kpis") != before, "30 days change at least one KPI"
    rc.find(v.BtnToggle, class_="lang-toggle").widget.v_model = 1  # 中文
    _wait(lambda: "第 31 天" in html("day-label") and "参与率" in html("kpis"))
    rc.find(v.Switch, class_="lever lever-platform-offline_channel").widget.v_model = False
    # (a chart thread may be rendering: the rebuild can land a moment later)
    _wait(lambda: "第 0 天" in html("day-label"))  # a lever change rebuilds the run at day 0


def test_play_advances_day_by_day_until_paused():
    import time

    rc, v, html = _page()
    rc.find(v.Btn, children=[i18n.t("ctl.play", "en")]).widget.click()
    deadline = time.monotonic() + 20
    while "Day 0 of" in html("day-label") or "Day 1 of" in html("day-label"):
        assert time.monotonic() < deadline, "Play did not advance"
        time.sleep(0.05)
    rc.find(v.Btn, children=[i18n.t("ctl.pause", "en")]).widget.click()
    # a day already under way may still land (slowly on a busy machine): wait until the
    # label has been still for 0.5 s, then it must stay still
    paused_at, still_since = html("day-label"), time.monotonic()
    while time.monotonic() - still_since < 0.5:
        assert time.monotonic() < deadline + 10, "Pause did not stop the days"
        time.sleep(0.05)
        if html("day-label") != paused_at:
            paused_at, still_since = html("day-label"), time.monotonic()
    time.sleep(1.0)
    day = re.compile(r"Day \d+ of")  # the label also shows timings, which may be redrawn
    assert day.search(html("day-label"))[0] == day.search(paused_at)[0]


def test_charts_follow_the_day_and_the_language_and_only_the_one_shown_is_drawn():
    """The series chart (drawn in the browser) gets each day's data; the flow chart (a PNG
    from the drawing process) is drawn only when shown, again for a new language."""
    import time

    import ipywidgets

    from govsim.dashboard.vega import VegaView

    rc, v, html = _page()
    drawn_apart = charts.DRAWN_APART[0]
    rc.find(v.Btn, children=[i18n.t("ctl.run30", "en")]).widget.click()

    def pngs():
        return {
            c: bytes(w.value)
            for w in rc.find(ipywidgets.Image).widgets
            for c in ("series-chart", "flow-chart")
            if c in w._dom_classes
        }

    def series():
        (widget,) = rc.find(VegaView).widgets
        return widget

    _wait(lambda: series().values.get("day") == 30)
    assert pngs() == {}, "no picture drawn for the series, the flow chart not while hidden"
    rc.find(v.Btn, children=[i18n.t("ctl.step", "en")]).widget.click()
    _wait(lambda: series().values.get("day") == 31)
    rc.find(v.BtnToggle, class_="chart-toggle").widget.v_model = 1  # where cases go
    _wait(lambda: "flow-chart" in pngs())
    english = pngs()["flow-chart"]
    rc.find(v.BtnToggle, class_="lang-toggle").widget.v_model = 1  # 中文
    _wait(lambda: pngs()["flow-chart"] != english)
    drawn = pngs()
    time.sleep(0.5)
    assert pngs() == drawn, "no new day, no new drawing"
    # the pictures came from the drawing process, not from a thread of this one
    assert charts.DRAWN_APART[0] >= drawn_apart + 2


def test_charts_are_drawn_in_a_process_of_their_own_and_look_the_same():
    """The drawing process (charts.draw_apart) draws the same PNG and hover layer as this
    process, 中文 labels included (its fonts are set up the same); killed from outside, the
    picture asked for is drawn here and the next starts a new drawing process."""
    import os
    import signal
    from functools import partial

    sim = Simulation("community_y", days=40)
    sim.step(20)
    from govsim.dashboard.widgets import section_panels

    panels = section_panels(sim, indicators.default_section(), "zh")
    draw = partial(
        charts.series_figure,
        panels,
        sim.days,
        views.events(sim.scenario, "zh"),
        i18n.t("view.day_axis", "zh"),
    )
    hover = partial(
        charts.hover_svg,
        panels=panels,
        day_label=i18n.t("view.day_axis", "zh"),
        fmt=partial(indicators.format_unit, lang="zh"),
    )
    before = charts.DRAWN_APART[0]
    apart = charts.draw_apart(draw, hover)
    assert charts.DRAWN_APART[0] == before + 1
    assert apart[0].startswith(b"\x89PNG") and "<title>" in apart[1]
    assert apart == charts.picture(draw, hover)
    (worker,) = charts.drawing_process()._processes.values()
    assert worker.pid != os.getpid()
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(10)
    assert charts.draw_apart(draw, hover) == apart  # drawn here
    assert charts.draw_apart(draw, hover) == apart  # in a new drawing process
    (again,) = charts.drawing_process()._processes.values()
    assert again.pid not in (worker.pid, os.getpid())
    assert charts.DRAWN_APART[0] == before + 2


def test_a_step_shows_the_day_and_the_cards_before_the_views_are_built(monkeypatch):
    """A step sends the day label and the KPI cards (page.Headline, rendered apart and
    bumped first) before the views are built: when the cards change, that day's map (one
    part of the views, built by panels.map_svg) has not been built yet."""
    import solara.widgets

    from govsim.dashboard import panels

    maps_built = [0]
    original = panels.map_svg

    def counting(*args, **kwargs):
        maps_built[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(panels, "map_svg", counting)
    rc, v, html = _page()
    seen: dict[str, int] = {}
    for css in ("kpis", "day-label"):
        widget = rc.find(solara.widgets.HTML, attributes={"class": css}).widget
        widget.observe(
            lambda change, css=css: seen.setdefault(css, maps_built[0]), "unsafe_innerHTML"
        )
    step = rc.find(v.Btn, children=[i18n.t("ctl.step", "en")]).widget
    for day in range(1, 6):
        seen.clear()
        before = maps_built[0]
        step.click()
        _wait(lambda before=before: maps_built[0] > before and len(seen) == 2)
        assert f"Day {day} of" in html("day-label")
        assert seen == {"kpis": before, "day-label": before}, (day, seen, before)


def _reconsolidations_per_click(monkeypatch, widget_class, clicks: int = 20, start=None) -> float:
    """How often reacton re-visits (reconsolidates) the elements of `widget_class` per
    click on "Step 1 day", per such widget on the page (`start`: called before the
    clicks)."""
    import time

    import reacton.core

    rc, v, html = _page()
    seen = [0]
    original = reacton.core._RenderContext._reconsolidate

    def counting(self, el, *args, **kwargs):
        if getattr(el.component, "widget", None) is widget_class:
            seen[0] += 1
        return original(self, el, *args, **kwargs)

    monkeypatch.setattr(reacton.core._RenderContext, "_reconsolidate", counting)
    step = rc.find(v.Btn, children=[i18n.t("ctl.step", "en")]).widget
    if start is not None:
        start()
    for i in range(clicks):
        step.click()
        # each click's day shown before the next (50 ms apart, under load a burst of clicks
        # was handled as fewer renders, 0.2-0.4 a click, after the series chart went to the
        # browser): a render per click is then what one click costs
        _wait(lambda day=i + 1: f"Day {day} of" in html("day-label"))
        time.sleep(0.05)
    time.sleep(1.0)
    return seen[0] / len(rc.find(widget_class).widgets) / clicks


def test_a_click_renders_the_page_once_not_again_for_each_chart_thread_state(monkeypatch):
    """Reacton re-visits every element of the rendered tree at every render, so a render
    more per click costs the views again (docs/dashboard.md, "How fast a day shows").
    solara.use_thread re-rendered when a chart's thread started, ran and was cancelled;
    the chart's own thread renders only for a new picture. Counted on the zoom slider of
    the series chart (one on the page, in the views)."""
    import ipyvuetify as v

    renders = _reconsolidations_per_click(monkeypatch, v.RangeSlider)
    assert 0.9 <= renders < 1.5, f"{renders:.2f} renders of the page per click"


def test_a_click_does_not_render_or_revisit_the_levers(monkeypatch):
    """A step changes the day, not the drawer: its controls are not rendered again, and
    (rendered apart, page.Detached) not re-visited either. Reacton re-visits and re-sets
    every widget of its tree at each render even when their component did not render:
    the drawer was ~200 of the ~460 elements per click."""
    import ipyvuetify as v

    from govsim.dashboard import page

    renders = [0]
    original = page.LeverControl.f

    def counting(*args, **kwargs):
        renders[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(page.LeverControl, "f", counting)
    revisits = _reconsolidations_per_click(
        monkeypatch, v.Switch, start=lambda: renders.__setitem__(0, 0)
    )
    assert renders[0] == 0 and revisits == 0, (renders[0], revisits)


def _shown_levers(rc, v) -> dict[str, tuple[str, str]]:
    """The levers the rendered page shows: dotted key → (label text, help text), read from
    the widgets (each lever is a ``div.lever.lever-<key>`` with its help as the title)."""
    shown, every, todo = {}, [], list(rc.find(v.Html).widgets)
    while todo:  # the whole widget tree (find() stops at the outermost match)
        widget = todo.pop()
        every.append(widget)
        todo += [c for c in getattr(widget, "children", None) or () if hasattr(c, "children")]
    for box in every:
        names = (getattr(box, "class_", None) or "").split()
        if not isinstance(box, v.Html) or box.tag != "div" or "lever" not in names:
            continue
        key = next(n for n in names if n.startswith("lever-") and n != "lever-changed")
        texts = []
        todo = list(box.children)
        while todo:
            child = todo.pop()
            texts += [str(getattr(child, a, "") or "") for a in ("label", "unsafe_innerHTML")]
            todo += [c for c in getattr(child, "children", ()) if hasattr(c, "children")]
        shown[key[len("lever-") :].replace("-", ".")] = (
            " ".join(texts),
            (box.attributes or {}).get("title", ""),
        )
    return shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_lever_shown_has_a_label_and_help_in_the_page_language(lang):
    """Iterates over the levers the page shows (not a list kept here): each has a label and
    a help text in the language chosen (中文: Chinese characters; English: the schema's
    description)."""
    rc, v, html = _page()
    if lang == "zh":
        rc.find(v.BtnToggle, class_="lang-toggle").widget.v_model = 1
        _wait(lambda: "第 0 天" in html("day-label"))
    shown = _shown_levers(rc, v)
    assert len(shown) >= 5, f"too few levers found on the page: {sorted(shown)}"
    assert set(shown) == {lv.key for lv in levers.available_levers()}
    for key, (label, tip) in shown.items():
        assert i18n.t(f"lever.{key}", lang) in label, (key, label)
        if lang == "zh":
            assert CJK.search(label) and CJK.search(tip), f"{key}: label {label!r}, help {tip!r}"
            assert not re.search(r"[A-Za-z]{3,}", tip), f"{key}: English in the help: {tip!r}"
        else:
            assert tip and tip == levers.help_text(key, "en"), (key, tip)  # words: wording.py


def test_a_setting_that_cannot_be_built_shows_its_message(monkeypatch):
    """The memory check (issue 14) raises ConfigError while the model is built: the page
    says why instead of failing or hanging."""
    from govsim.dashboard import session

    message = "the run needs about 31 GiB but 8 GiB are available; lower population.residents"

    def refuse(*args, **kwargs):
        raise ConfigError(message)

    monkeypatch.setattr(session, "GovernanceModel", refuse)
    rc, v, html = _page()
    error = rc.find(v.Alert, class_="build-error").widget
    assert message in str(error.children)


def test_the_build_error_message_comes_from_the_model_not_from_the_page(monkeypatch):
    """Switched off: when building works, no error is shown."""
    pytest.importorskip("solara")
    rc, v, html = _page()
    assert not rc.find(v.Alert, class_="build-error").widgets
    assert "Day 0 of" in html("day-label")


# --- issue 23: settings, link, command, comparison, replicates, map workers -----------------


def test_a_link_round_trips_the_setup_and_its_bad_parts_are_named_and_ignored(community_y):
    from govsim.dashboard.settings import Setup, from_query, query

    names = ["community_y", "digital_only"]
    default = Setup("community_y", 1, 365)
    setup = Setup(
        "digital_only", 7, 90, (("organisation.grid_workers", 20), ("platform.reliability", 0.9))
    )
    back, problems = from_query(query(setup), names, default, lambda n: community_y, "en")
    assert (back, problems) == (setup, [])
    bad = (
        "scenario=nope&seed=-1&days=abc&organisation.grid_workers=x&platform.reliability=2"
        "&made.up=1&platform.integrated=false"
    )
    back, problems = from_query(bad, names, default, lambda n: community_y, "zh")
    assert back == Setup(
        "community_y", community_y.seed, community_y.days, (("platform.integrated", False),)
    )
    assert len(problems) == 6, problems
    # the schema's own bounds, in the page's words (issue 31 item 8: no pydantic English)
    assert any("允许范围：0 至 4,294,967,295" in p and "无法使用" in p for p in problems)
    assert any("允许范围：0 至 1。" in p for p in problems), problems


def test_typed_whole_numbers_are_checked_by_the_schema_in_the_page_language(community_y):
    from govsim.dashboard.settings import parse_whole

    assert parse_whole(community_y, "seed", " 42 ", "Seed", 1, "en") == (42, None)
    number, message = parse_whole(community_y, "seed", "-1", "随机种子", 1, "zh")
    assert number is None and message.startswith("随机种子：“-1”无法使用。")
    assert "允许范围：0 至 4,294,967,295" in message and message.endswith("仍在使用：1。")
    _, message = parse_whole(community_y, "seed", str(10**23), "Seed", 1, "en")
    assert "Allowed: 0 to 4,294,967,295." in message and "Still in use: 1." in message
    _, message = parse_whole(community_y, "days", "abc", "Horizon (days)", 365, "en")
    assert "Enter a whole number" in message and "community_y" not in message


def test_the_command_prints_the_whole_run_the_page_shows(capsys):
    """The page's "whole run" column is what `govsim run … --days DAY` prints."""
    from govsim.dashboard.settings import Setup, command

    setup = Setup("community_y", 7, 365, (("organisation.grid_workers", 20),))
    sim = Simulation(setup.scenario, setup.overrides, setup.seed, setup.days)
    sim.step(12)
    line = command(setup, sim.day)
    assert line == ("govsim run community_y --seed 7 --days 12 --set organisation.grid_workers=20")
    assert cli.main(line.split()[1:]) == 0
    printed = dict(re.findall(r"^  (\w+)\s+(\S+)", capsys.readouterr().out, re.M))
    whole = sim.whole_run()
    assert set(printed) == set(whole)
    for name, text in printed.items():
        assert metrics.format_value(name, whole[name]).split()[0] == text, name


def test_a_comparison_chosen_mid_run_is_caught_up_to_the_shown_day():
    main = Simulation("community_y", sized(60), seed=4)
    main.step(25)
    late = Simulation("community_y", sized(60), seed=4)
    assert late.catch_up(main.day) == 25 and late.day == 25
    assert np.array_equal(late.model.series[:25], main.model.series[:25], equal_nan=True)
    assert late.catch_up(500) == 35 and late.finished, "never past the horizon"


def test_replicates_mean_and_spread_are_those_of_separate_runs_recomputed_with_numpy():
    from govsim.dashboard.replicates import Replicates, mean_spread, pooled_spread

    main = Simulation("community_y", sized(40), seed=11)
    main.step(15)
    group = Replicates(main, 3, lambda s: Simulation("community_y", sized(40), s))
    assert group.seeds == [11, 12, 13] and not group.complete(15)
    assert group.advance(15) and group.complete(15)
    values = group.values(15)
    for seed, column in zip(group.seeds, range(3), strict=True):
        alone = Simulation("community_y", sized(40), seed)
        alone.step(15)
        row = alone.model.series[14]
        for name, i in alone.metric_index.items():
            assert np.array_equal(values[name][column], row[i], equal_nan=True), name
    rate = values["adoption_rate"]
    mean, sd = mean_spread(rate)
    assert np.isclose(mean, np.mean(rate)) and np.isclose(sd, np.std(rate, ddof=1))
    assert sd > 0, "three seeds differ"
    assert np.isnan(mean_spread(np.array([0.5]))[1]), "one seed: no spread"
    assert np.isclose(pooled_spread(3.0, 4.0), np.sqrt(12.5))
    band = group.series("adoption_rate", 15)
    assert band.shape == (3, 15) and np.array_equal(band[:, -1], rate)


def test_replicates_stay_those_of_separate_runs_when_clicks_cancel_their_thread():
    """Each click moves the day and cancels the replicates' thread of the last one. The
    thread stops at its own checks: solara's intrusive cancel traced every line of the
    thread (the replicates stepped so slowly that here they had not reached day 40 two
    minutes later) and raised at any line, inside a model's step or a render too. After
    40 quick clicks the cards' means are those of three separate runs."""
    import re as regex

    import solara.widgets

    from govsim.dashboard.replicates import mean_spread

    rc, v, html = _page()
    field = rc.find(v.TextField, class_="input-replicates").widget
    field.v_model = "3"
    field.fire_event("keyup.enter", None)
    status = i18n.t("kpi.replicates_running", "en", 1, 3, 0)
    _wait(lambda: any(status in w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets))

    def text_of(css: str) -> str:
        """The widget's text, or "" while a render in the replicates' thread replaces it
        (this test reads the widget tree from another thread)."""
        try:
            return html(css)
        except ValueError:
            return ""

    for day in range(1, 41):  # each as soon as the last day is shown
        rc.find(v.Btn, children=[i18n.t("ctl.step", "en")]).widget.click()
        _wait(lambda day=day: f"Day {day} of" in text_of("day-label"))
    _wait(lambda: "kpi-spread" in text_of("kpis"), 120)
    shown = {
        m: float(x)
        for m, x in regex.findall(r'data-metric="(\w+)"[^>]*data-value="([^"]+)"', html("kpis"))
    }
    runs = []
    for seed in (1, 2, 3):
        alone = Simulation("community_y", seed=seed)
        alone.step(40)
        runs.append(alone.current())
    assert len(shown) >= 5
    for name, value in shown.items():
        mean, _ = mean_spread(np.array([r[name] for r in runs], dtype=float))
        assert value == mean or (value != value and mean != mean), (name, value, mean)


def test_a_replicate_band_is_numpys_nanmin_and_nanmax_without_the_warning():
    """widgets._band: lowest and highest seed per day, NaN where no seed has a value, as
    np.nanmin/np.nanmax (which warn "All-NaN slice": an exception in a render under
    `-W error`)."""
    import warnings

    from govsim.dashboard.widgets import _band

    values = np.array([[np.nan, 1.0, 2.0, np.nan], [np.nan, 3.0, np.nan, 0.5]])

    class Group:
        def series(self, name, day):
            return values

    low, high = _band({"main_series": Group()}, "main_series", "x", 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    assert np.array_equal(low, expected[0], equal_nan=True)
    assert np.array_equal(high, expected[1], equal_nan=True)


def test_the_map_draws_the_grid_workers_the_model_assigned():
    from govsim.dashboard.layout import map_svg, workers_per_grid

    sim = Simulation("community_y", {**sized(5), "organisation.grid_workers": 7}, seed=1)
    state = sim.model.state
    layout = compute_layout(state.residents)
    workers = workers_per_grid((w.grid for w in state.grid_workers), len(layout.grid_xy))
    expected = np.bincount([w.grid for w in state.grid_workers], minlength=len(layout.grid_xy))
    assert workers.sum() == 7 and np.array_equal(workers, expected)
    svg = map_svg(
        layout,
        state.residents,
        0,
        "adoption",
        {
            "grid": "Grid",
            "building": "Building",
            "residents": "residents",
            "legend": "x",
            "workers": "workers",
        },
        workers,
    )
    shown = [int(v) for v in re.findall(r'class="grid" data-workers="(\d+)"', svg)]
    assert shown == workers.tolist()
    assert svg.count('fill="#222"/>') == 7, "one mark per worker"


def test_a_rebuild_names_what_changed_in_the_page_language(community_y):
    from govsim.dashboard.settings import changes

    more = override(
        community_y, {"organisation.grid_workers": 20, "platform.offline_channel": False}
    )
    names = lambda n: n  # noqa: E731
    assert changes(community_y, 1, more, 1, "en", names) == [
        "Offline channel (off = digital only) on → off",
        "Grid workers 10 → 20",
    ]
    assert changes(community_y, 1, more, 3, "zh", names)[0] == "随机种子 1 → 3"
    assert changes(community_y, 1, community_y, 1, "en", names) == []
    assert changes(None, 1, community_y, 1, "en", names) == []


def test_hover_layer_has_one_tooltip_per_shown_day_with_every_line():
    share = (
        "share",
        "share",
        [
            ("a", np.array([0.1, 0.2, 0.3]), 0, False, None),
            ("a", np.array([0.0, -0.0001, 0.5]), 0, True, None),
        ],
    )
    fig = charts.series_figure([share], days=10)
    layer = charts.hover_svg(fig, [share], "day", lambda u, v: f"{v * 100:.1f} %")
    titles = re.findall(r'data-day="(\d+)"><title>([^<]*)</title>', layer)
    assert [d for d, _ in titles] == ["1", "2", "3"]  # day N: the value after N days
    assert titles[1][1] == "day 2\na: 20.0 %\na: -0.0 %"
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["a", "_a"]
    assert charts._tick("−0") == "0" and charts._tick("-0.00") == "0.00"
    assert charts._tick("-0.5") == "\u22120.5"  # the page's one minus sign


# --- a saved Pareto set (`govsim dashboard --pareto`), issue 20 item 5 ------------------------


@pytest.fixture(scope="module")
def tiny_search(tmp_path_factory):
    """A real saved search (conftest.TINY_SEARCH: 2 levers, 3 objectives, a constraint)."""
    from conftest import saved_search

    return saved_search(tmp_path_factory.mktemp("search") / "tiny")


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_saved_search_that_cannot_be_read_is_named_and_the_command_exits_2(
    tiny_search, tmp_path, capsys
):
    import shutil

    from govsim.cli.dashboard import PARETO_ENV
    from govsim.dashboard import pareto

    assert pareto.ENV == PARETO_ENV
    lonely = tmp_path / "lonely"  # a pareto.parquet without its optimise.json
    lonely.mkdir()
    shutil.copy(tiny_search / "pareto.parquet", lonely / "pareto.parquet")
    broken = tmp_path / "broken"  # both files, the Parquet not Parquet
    shutil.copytree(tiny_search, broken)
    (broken / "pareto.parquet").write_bytes(b"not parquet")
    bad_json = tmp_path / "bad_json"
    shutil.copytree(tiny_search, bad_json)
    (bad_json / "optimise.json").write_text("{")
    text = tmp_path / "pareto.csv"
    text.write_text("a,b\n")
    cases = {
        tmp_path / "missing": "no such file or folder",
        tmp_path: "pareto.parquet: missing",
        lonely: "optimise.json: missing",
        lonely / "pareto.parquet": "optimise.json: missing",
        broken: "cannot be read as Parquet",
        bad_json: "not the optimise.json of `govsim optimise`",
        text: "not a Parquet file",
    }
    for path, words in cases.items():
        assert cli.main(["dashboard", "--pareto", str(path)]) == 2, path
        err = capsys.readouterr().err
        assert words in err and "govsim optimise" in err, (path, err)
        with pytest.raises(ConfigError, match=re.escape(words)):
            pareto.load(path)


def test_the_search_view_labels_from_the_registry_in_both_languages(tiny_search):
    from conftest import TINY_SEARCH

    from govsim.dashboard import pareto

    ps = pareto.load(tiny_search)
    assert ps.name == "tiny_search" and len(ps) >= 2
    for lang in ("en", "zh"):
        table = _text(pareto.table_html(ps, lang))
        for objective in TINY_SEARCH["objectives"]:
            assert metrics.INFO[objective["metric"]].__getattribute__(lang) in table
        assert "." not in re.sub(r"[0-9],?[0-9]*\.[0-9]", "", table).replace("…", ""), (
            "no dotted key in the table"
        )
        data = pareto.plot_data(ps, lang)
        assert indicators.label("yearly_cost", lang) in data["x_label"]
        assert indicators.label("response_within_24h", lang) in data["y_label"]
        fig = charts.pareto_figure(data, picked=1)
        assert charts.to_png(fig).startswith(b"\x89PNG")
    zh = _text(pareto.table_html(ps, "zh"))
    assert "网格员人数" in zh and "职能部门每日工时" in zh and "第 10 百分位数" in zh
    assert sum(len(p["x"]) for p in [pareto.plot_data(ps, "en")]) == len(ps)


def test_an_event_lever_is_named_by_its_event_and_changes_name_a_policy_on_another_scenario():
    from govsim.dashboard.levers import Lever
    from govsim.dashboard.settings import changes, lever_label
    from govsim.scenario.config import load_scenario

    storm = load_scenario("community_y_storm")
    events = [e.model_dump() for e in storm.events] + [
        {"kind": "staffing", "day": 183, "days": 14, "factor": 1.0}
    ]
    based = override(storm, {"events": events})
    surge = Lever("events.2.factor", "float", 1.0, 2.0, 0.25, "factor")
    assert lever_label(surge, "en", based) == "Event 3 (staffing change): factor"
    assert lever_label(surge, "zh", based) == "事件 3（人手调整）：倍数"
    policy = override(based, {"events.2.factor": 2.0})
    y = load_scenario("community_y")
    names = lambda n: n  # noqa: E731
    assert changes(y, 1, policy, 1, "en", names, [surge], ["events.2.factor"]) == [
        "Scenario community_y → community_y_storm",
        "Event 3 (staffing change): factor – → 2.00",
    ]
    assert changes(y, 1, policy, 1, "en", names, [surge], []) == [
        "Scenario community_y → community_y_storm"
    ]


def test_picking_a_policy_loads_its_levers_into_the_simulation(tiny_search, monkeypatch):
    """The page opens on the search view; a policy's button builds the simulation with that
    policy's levers (the run's scenario and the values on the page), names them in the
    notice, and puts them in the address and the command."""
    from govsim.dashboard import pareto
    from govsim.dashboard.levers import lever_value

    monkeypatch.setenv(pareto.ENV, str(tiny_search))
    ps = pareto.load(tiny_search)
    pick = len(ps) - 1
    wanted = ps.policy(pick)
    # the setup a pick builds holds the policy's levers on the search's base
    setup = ps.setup(pick)
    sim = Simulation(setup.scenario, setup.overrides, setup.seed, setup.days, dict(setup.fixed))
    assert {k: lever_value(sim.scenario, k) for k in wanted} == wanted
    assert sim.scenario.population.residents == SMALL["population.residents"]
    # a replicate (another seed) of the picked policy runs on the same base and levers
    from govsim.dashboard.controller import replicate_builder

    twin = replicate_builder(setup)(setup.seed + 1)
    assert twin.scenario.population.residents == SMALL["population.residents"]
    assert {k: lever_value(twin.scenario, k) for k in wanted} == wanted and twin.seed != sim.seed
    rc, v, html = _page()
    assert "Grid workers" in html("pareto gs-scroll")
    rc.find(v.Btn, children=[i18n.t("pareto.watch", "en", pick + 1)]).widget.click()
    _wait(lambda: "Day 0 of 20" in html("day-label"))

    def shown() -> dict[str, str]:
        import solara.widgets

        out = {}
        for widget in rc.find(solara.widgets.HTML, attributes={"class": "lever-label"}).widgets:
            found = re.search(r'data-value="([^"]*)"', widget.unsafe_innerHTML)
            key = next(
                (k for k in wanted if i18n.t(f"lever.{k}", "en") + ":" in widget.unsafe_innerHTML),
                None,
            )
            if key and found:
                out[key] = found[1]
        return out

    _wait(lambda: len(shown()) == len(wanted))
    assert {k: float(x) for k, x in shown().items()} == {k: float(x) for k, x in wanted.items()}
    notice = html("rebuilt-notice")
    for key, value in wanted.items():
        if value != lever_value(ps.saved.base, key):
            assert i18n.t(f"lever.{key}", "en") in notice
    assert "Watching policy" in html("pareto-watching")
    command = html("take-command")
    for key, value in ps.setup(pick).levers:
        assert f"--set {key}={value:g}" in command
    rc.find(v.BtnToggle, class_="lang-toggle").widget.v_model = 1  # 中文
    _wait(lambda: "第 0 天" in html("day-label") and "正在观看政策" in html("pareto-watching"))
