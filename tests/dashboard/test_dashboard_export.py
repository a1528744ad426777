"""Figures for a talk (issue 31 item 2): titled, captioned, ≥ 2× PNG, SVG and PDF, the
comparison run in the same panel, the map and the case flow with the comparison, EN and 中文."""

from __future__ import annotations

import struct
import warnings

import numpy as np
import pytest
from conftest import SMALL

from govsim.dashboard import charts, export, indicators, views
from govsim.dashboard.layout import building_shares
from govsim.dashboard.session import Simulation
from govsim.dashboard.settings import Setup, command
from govsim.dashboard.widgets import section_panels

DAYS = 40


@pytest.fixture(scope="module")
def runs():
    """A small Community Y run at day 40 and, as comparison, Digital only at day 40."""
    changes = {**SMALL, "days": 120, "survey.day": 119}
    sim = Simulation("community_y", changes, seed=3)
    other = Simulation("digital_only", changes, seed=3)
    sim.step(DAYS)
    other.step(DAYS)
    return sim, other, Setup("community_y", 3, 120, tuple(sorted(changes.items())))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_is_at_least_twice_the_page_resolution_and_svg_pdf_are_files(runs):
    sim, other, setup = runs
    fig = export.figure_of("series", sim, other, setup, "en")
    panels = section_panels(sim, indicators.default_section(), "en", other)
    page = charts.series_figure(panels, sim.days, (), "day")
    width, _ = png_size(export.save(fig, "png"))
    page_width, _ = png_size(charts.to_png(page))
    assert width >= 2 * page_width
    assert export.save(fig, "svg").lstrip().startswith(b"<?xml")
    assert export.save(fig, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError, match="png, svg, pdf"):
        export.save(fig, "jpg")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_title_names_metric_scenario_seed_days_and_caption_the_version_and_command(runs, lang):
    sim, other, setup = runs
    fig = export.figure_of("series", sim, other, setup, lang)
    heading = fig._suptitle.get_text()
    section = indicators.section_label(indicators.default_section(), lang)
    scenario = export.run_names(sim, None, lang)[0]
    assert heading.startswith(f"{section} — {scenario}")
    assert export.say("seed", lang, 3) in heading and f"0–{DAYS}" in heading
    notes = " ".join(text.get_text() for text in fig.texts)
    assert command(setup, DAYS) in notes
    assert export.model_version() in notes and export.model_version() != "unknown"
    fig5 = export.figure_of("series", sim, other, setup, lang, reps={"k": 5})
    assert export.say("seeds", lang, 5) in fig5._suptitle.get_text()


def test_comparison_is_drawn_dashed_in_the_same_panel_with_its_values(runs):
    sim, other, setup = runs
    alone = export.figure_of("series", sim, None, setup, "en")
    fig = export.figure_of("series", sim, other, setup, "en")
    assert len(fig.axes) == len(alone.axes)  # no extra panel: same panels, twice the lines
    first = indicators.chart_model(indicators.default_section())[0].names[0]
    ax = fig.axes[0]
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    solid = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
    assert dashed and len(dashed) == len(solid)
    np.testing.assert_array_equal(dashed[0].get_ydata(), other.series(first))
    np.testing.assert_array_equal(solid[0].get_ydata(), sim.series(first))
    # a key beneath says which run is dashed
    key = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert any("(comparison)" in k and k.startswith("dashed") for k in key)


def test_case_flow_export_has_each_way_in_for_both_runs_with_their_totals(runs):
    sim, other, setup = runs
    fig = export.figure_of("flow", sim, other, setup, "en")
    ax = fig.axes[0]
    totals = {}
    for bar in ax.patches:  # stacked: a row's total is its last bar's right end
        y = round(bar.get_y() + bar.get_height() / 2, 3)
        totals[y] = max(totals.get(y, 0.0), bar.get_x() + bar.get_width())
    expected = sorted(
        sum(flow[channel].values())
        for run in (sim, other)
        for flow in [views.case_flow(run.model.state)]
        for channel in views.CHANNELS
    )
    assert sorted(totals.values()) == pytest.approx(expected)
    assert sum(sum(r.values()) for r in views.case_flow(other.model.state).values()) > 0


def test_map_export_draws_each_run_in_a_panel_coloured_by_its_shares(runs):
    sim, other, setup = runs
    fig = export.figure_of("map", sim, other, setup, "en")
    panels = [ax for ax in fig.axes if ax.collections and ax.get_title()]
    assert len(panels) == 2
    for ax, run in zip(panels, (sim, other), strict=True):
        shares = building_shares(run.model.state.residents, run.day, "adoption")
        np.testing.assert_allclose(ax.collections[0].get_array(), shares)
    assert "comparison" in panels[1].get_title()


def test_chinese_export_has_every_glyph(runs):
    sim, other, setup = runs
    fig = export.figure_of("series", sim, other, setup, "zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        export.save(fig, "png")
