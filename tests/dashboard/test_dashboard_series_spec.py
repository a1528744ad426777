"""The series chart drawn in the browser (issue 31 item 4): its Vega-Lite spec and data
carry the run's own records, the comparison run and the replicates' band, and the means
to read them (hover/tap tooltips, legend toggles, zoom and pan), in EN and 中文."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from conftest import SMALL

from govsim.dashboard import indicators, series_spec, views
from govsim.dashboard.i18n import t
from govsim.dashboard.replicates import Replicates
from govsim.dashboard.session import Simulation
from govsim.dashboard.widgets import section_panels

DAYS = 12
SETUP = {**SMALL, "days": 40, "survey.day": 39}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _labels(lang: str) -> dict:
    words = {"days": t("unit.days", lang), "hours": t("unit.hours", lang), "na": t("na", lang)}
    runs = (t("view.run_main", lang), t("view.run_other", lang))
    return {"day": t("view.day_axis", lang), "runs": runs, "words": words}


@pytest.fixture(scope="module")
def runs():
    """The shown run, a comparison and one more seed of the shown setup, all at DAYS."""
    sim, other = Simulation("community_y", SETUP, seed=3), Simulation("digital_only", SETUP, 3)
    seeds = Replicates(sim, 2, lambda s: Simulation("community_y", SETUP, seed=s))
    sim.step(DAYS)
    other.step(DAYS)
    seeds.advance(DAYS)
    return sim, other, seeds


def _chart(runs, lang="en"):
    sim, other, seeds = runs
    section = indicators.default_section()
    panels = section_panels(sim, section, lang, other, {"main_series": seeds})
    labels = _labels(lang)
    spec = series_spec.series_spec(panels, views.events(sim.scenario, lang), labels, 0, 35)
    data = json.loads(json.dumps(series_spec.series_data(panels, labels["runs"], sim.day, (0, 35))))
    return section, spec, data


def test_the_chart_data_are_the_runs_records_with_the_comparison_and_the_band(runs):
    """Every metric of the section is a line whose values are the shown run's records
    (`model.series`), a dashed line with the comparison's records, and a band from the
    lowest to the highest seed; as the browser receives them (JSON: NaN as null)."""
    sim, other, seeds = runs
    section, spec, data = _chart(runs)
    main, second = _labels("en")["runs"]
    assert data["day"] == DAYS
    lines = [line for set_ in data["sets"].values() for line in set_]
    by_label = {indicators.label(n, "en"): n for n in indicators.by_section()[section]}
    seen = set()
    for line in lines:
        name = by_label[line["metric"]]
        run = {main: sim, second: other}[line["run"]]
        records = run.model.series[:DAYS, run.metric_index[name]]
        got = np.array([np.nan if v is None else v for v in line["values"]], dtype=float)
        assert line["first"] == 1 and got.shape == (DAYS,)
        np.testing.assert_array_equal(got, records)
        seen.add((name, line["run"]))
        if line["run"] == main:  # the band: lowest and highest of the two seeds, each day
            assert "low" in line and "high" in line, f"{name}: the replicates' band"
            both = np.array([r.model.series[:DAYS, r.metric_index[name]] for r in seeds.runs])
            low = np.array([np.nan if v is None else v for v in line["low"]], dtype=float)
            high = np.array([np.nan if v is None else v for v in line["high"]], dtype=float)
            known = np.isfinite(both).any(axis=0)
            np.testing.assert_array_equal(low[known], np.nanmin(both[:, known], axis=0))
            np.testing.assert_array_equal(high[known], np.nanmax(both[:, known], axis=0))
    names = [n for n in indicators.by_section()[section] if n in sim.metric_index]
    assert seen == {(n, r) for n in names for r in (main, second)}, "both runs, every metric"
    assert any(
        np.ptp(np.array(line["high"], dtype=float) - np.array(line["low"], dtype=float)) > 0
        for line in lines
        if line.get("low") and None not in line["low"]
    ), "the two seeds differ somewhere: the band has width"
    layers = [layer for view in spec["vconcat"] for layer in view["layer"]]
    marks = [layer["mark"]["type"] for layer in layers]
    assert "area" in marks, "the replicates' band is drawn"
    dashes = [
        layer["encoding"]["strokeDash"]
        for layer in layers
        if "strokeDash" in layer.get("encoding", {})
    ]
    assert dashes and all(d["scale"]["domain"] == [main, second] for d in dashes)
    assert all(d["legend"] is not None for d in dashes), "the key says which run is dashed"


def test_the_chart_can_be_read_by_touch_toggled_and_zoomed_in_both_languages(runs):
    """Each panel: a legend-bound selection of its own (a click fades the other metrics in
    that panel only: its legend reads a field no other panel's does), one interval bound
    to the shared x scale in every panel (drag pans, wheel zooms, a pinch sets its
    signal, named in usermeta), and a column per day whose
    tooltip names every line of the panel (a tap on a phone shows it); units on the y
    axes; the labels in the page's language."""
    for lang in ("en", "zh"):
        section, spec, data = _chart(runs, lang)
        assert len(spec["vconcat"]) == len(data["sets"]) == len(indicators.chart_model(section))
        legend_fields = []
        for k, (view, lines) in enumerate(zip(spec["vconcat"], data["sets"].values(), strict=True)):
            params = [p for layer in view["layer"] for p in layer.get("params", [])]
            kinds = {p["name"]: (p["select"]["type"], p.get("bind")) for p in params}
            assert kinds[f"pick{k}"] == ("point", "legend")
            assert kinds["zoom"] == ("interval", "scales"), "one name in every panel: one zoom"
            (pick,) = [p for p in params if p["name"] == f"pick{k}"]
            (field,) = pick["select"]["fields"]
            legend_fields.append(field)
            colours = {
                layer["encoding"]["color"]["field"]
                for layer in view["layer"]
                if "color" in layer.get("encoding", {})
            }
            assert colours == {field}, "the legend clicked is the one the selection reads"
            assert kinds[f"tip{k}"][0] == "point"
            (hover,) = [
                layer
                for layer in view["layer"]
                if layer["mark"]["type"] == "rect" and "tooltip" in layer["encoding"]
            ]
            titles = [tip["title"] for tip in hover["encoding"]["tooltip"]]
            assert titles[0] == t("view.day_axis", lang)
            expected = {
                line["metric"]
                + ("" if line["run"] == t("view.run_main", lang) else " · " + line["run"])
                for line in lines
            }
            assert set(titles[1:]) == expected
            unit = indicators.chart_model(section)[k].unit
            (line_layer,) = [layer for layer in view["layer"] if layer["mark"]["type"] == "line"]
            assert line_layer["encoding"]["y"]["axis"]["title"] == indicators.unit_label(unit, lang)
        assert len(set(legend_fields)) == len(legend_fields), "a legend field per panel"
        assert spec["usermeta"]["touchZoom"] == "zoom_day"  # the signal Vega-Lite makes
        if lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in json.dumps(spec, ensure_ascii=False))


def test_the_storm_scenarios_events_are_shaded_on_every_panel_and_named_on_the_top_one(runs):
    """The storm scenario's events (its file's 0-based days) as the browser's chart draws
    them: one shaded band per event on every panel, from day k + 1 for as many days as the
    event lasts, and each event named once, on the top panel, in the page's language
    (the browser test of the storm, `slow` since issue 30 item 7, watches the same)."""
    from govsim.scenario.config import load_scenario

    storm = load_scenario("community_y_storm")
    assert len(storm.events) >= 2
    for lang in ("en", "zh"):
        panels = section_panels(runs[0], indicators.default_section(), lang)
        marked = views.events(storm, lang)
        spec = series_spec.series_spec(panels, marked, _labels(lang), 0, 35)
        for k, view in enumerate(spec["vconcat"]):
            bands = [
                layer["data"]["values"][0]
                for layer in view["layer"]
                if layer["mark"]["type"] == "rect" and "tooltip" not in layer["encoding"]
            ]
            assert [(b["a"], b["b"]) for b in bands] == [
                (e.day + 1, e.day + 1 + e.days) for e in storm.events
            ]
            named = [
                layer["data"]["values"][0]["name"]
                for layer in view["layer"]
                if layer["mark"]["type"] == "text"
            ]
            assert named == ([name for *_, name in marked] if k == 0 else [])
        words = [name for *_, name in marked]
        if lang == "zh":
            assert all(CJK.search(w) for w in words), words
        else:
            assert any("demand surge" in w.lower() for w in words), words
