"""The small things of issue 31 item 9, each checked on the controller or on the figures the
page draws (no browser): the zoom stays within the days run, Step and Run stop at the
horizon, the command at day 0, the "whole run" column's days agree with "Day N", empty
day-0 charts, cost axes in yuan, one minus sign."""

from __future__ import annotations

import re

import numpy as np
import pytest

from govsim.dashboard import charts, indicators, views
from govsim.dashboard.charts_panel import zoom_range
from govsim.dashboard.controller import Dashboard, shipped_scenarios
from govsim.dashboard.i18n import t
from govsim.dashboard.widgets import indicators_html, section_panels

COSTS = "Costs (yuan per year)"


def dashboard(link: str = "") -> tuple[Dashboard, list[str]]:
    ctl = Dashboard(shipped_scenarios(), None, link)
    heard: list[str] = []
    ctl.listeners.append(heard.append)
    return ctl, heard


def _ticks(fig) -> list[str]:
    fig.draw_without_rendering()  # tick labels and offsets are set when drawn
    out = []
    for ax in fig.axes:
        out += [label.get_text() for label in ax.get_yticklabels() + ax.get_xticklabels()]
        out += [ax.yaxis.get_offset_text().get_text(), ax.xaxis.get_offset_text().get_text()]
    return [text for text in out if text]


def _series(ctl: Dashboard, section: str):
    sim = ctl.sim
    panels = section_panels(sim, section, "en", None, {})
    events = views.events(sim.scenario, "en")
    first, last = zoom_range("all", sim.day, charts.shown_days(sim.days, panels, events))
    return charts.series_figure(panels, sim.days, events, "day", first_day=first, last_day=last)


def test_a_zoom_reaches_only_the_days_already_run():
    ctl, _ = dashboard("zoom=50-200&day=60")
    assert ctl.sim.day == 60 and ctl.view.zoom == (50, 200)
    assert ctl.zoom_days() == (0, 60)
    assert zoom_range(ctl.view.zoom, ctl.sim.day, 365) == (50, 60)
    assert zoom_range((100, 200), 60, 365) == (59, 60)  # wholly ahead: the last day run
    assert zoom_range((0, 10), 0, 30) == (0, 1)  # day 0: the slider still has a range


def test_step_and_run_stop_at_the_horizon_and_the_controls_hear_it():
    ctl, heard = dashboard("days=5")
    ctl.step(3)
    assert ctl.can_step() and heard == ["step"]
    ctl.run_to_end()
    assert ctl.sim.day == 5 and not ctl.can_step()
    assert heard == ["step", "step", "page"], "the drawer re-renders to disable Step and Run"
    ctl.step(1)  # a click that lands anyway changes nothing
    assert ctl.sim.day == 5
    ctl.restart()
    assert ctl.can_step()


def test_the_command_at_day_0_is_the_whole_horizon_and_says_so():
    ctl, _ = dashboard("days=40")
    assert ctl.command().endswith("--days 40")
    assert ctl.command_label() == t("take.command_day0", "en")
    ctl.step(3)
    assert ctl.command().endswith("--days 3") and ctl.command_label() == t("take.command", "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_whole_run_column_covers_the_days_day_n_counts(lang):
    ctl, _ = dashboard(f"lang={lang}")
    html = indicators_html(ctl.sim, None, lang)
    assert t("kpi.whole_none", lang) in html
    ctl.step(10)
    html = indicators_html(ctl.sim, None, lang)
    assert t("kpi.whole", lang, 10) in html and t("view.day", lang, 10, ctl.sim.days)
    assert "1–10" in t("kpi.whole", lang, 10)


def test_day_0_charts_have_no_negative_days_and_no_made_up_axis():
    ctl, _ = dashboard()
    for section in indicators.sections():
        fig = _series(ctl, section)
        for ax in fig.axes:
            assert ax.get_xlim()[0] >= 0, (section, ax.get_xlim())
            assert ax.get_ylim() == (0, 1) and not ax.get_yticks().size, (section, ax.get_ylim())
    flow = charts.flow_figure(views.case_flow(ctl.sim.model.state), *_flow_labels())
    labels = [x for x in _ticks(flow) if x[:1].isdigit()]
    assert labels == sorted(set(labels), key=labels.index), f"repeated ticks: {labels}"


def _flow_labels():
    return {c: c for c in views.CHANNELS}, {d: d for d in views.DESTINATIONS}


def test_cost_axes_read_in_yuan_not_in_e_notation():
    ctl, _ = dashboard()
    ctl.step(20)
    ticks = _ticks(_series(ctl, COSTS))
    assert ticks and not [x for x in ticks if "e+" in x or "1e" in x], ticks
    assert any("," in x for x in ticks), f"no thousands separator in {ticks}"


def test_one_minus_sign_on_cards_tables_hovers_and_axes():
    texts = [
        indicators.format_value("digital_divide", -0.052, "en"),
        indicators.format_value("one_off_cost", -1200.0, "en"),
        indicators.format_difference("satisfaction", 0.7, 0.6, "en"),
        indicators.format_unit("days", -1.5, "en"),
        indicators.format_unit("count", -3000.0, "en"),
    ]
    panels = [("points", "pts", [("gap", np.array([-0.3, -0.1, 0.2]))])]
    texts += _ticks(charts.series_figure(panels, 3, first_day=0, last_day=3))
    negative = [x for x in texts if re.search(r"[-−]\d", x)]
    assert len(negative) >= 6, texts
    assert not [x for x in texts if re.search(r"-\d", x)], f"hyphen as minus: {texts}"


def test_the_chart_counts_days_as_day_n_the_table_and_the_csv_do():
    """At "Day 10" the chart's last point and its hover are day 10, the value after ten
    days (the CSV's day 10, the cards' value); the first is day 1."""
    ctl, _ = dashboard()
    ctl.step(10)
    panels = section_panels(ctl.sim, indicators.default_section(), "en", None, {})
    fig = charts.series_figure(panels, ctl.sim.days, first_day=0, last_day=30)
    layer = charts.hover_svg(fig, panels, "day", lambda unit, value: f"{value!r}")
    days = [int(d) for d in re.findall(r'data-day="(\d+)"', layer)]
    assert days == list(range(1, 11))
    line = fig.axes[0].get_lines()[0]
    assert list(line.get_xdata()) == list(range(1, 11))
    backlog = ctl.sim.current()["backlog"]  # a metric of the default section
    assert re.search(rf"day 10\n[^<]*{re.escape(repr(backlog))}", layer), backlog
