"""Figures a paper can use: axes from the registries, intervals named, run counts, PNG + SVG."""

from __future__ import annotations

import pandas as pd
import pytest

from govsim.experiments.analysis import report_plots as report_module
from govsim.experiments.analysis import sensitivity as sensitivity_module
from govsim.experiments.analysis.figures import factor_label, save_figure, words
from govsim.scenario.schema import Scenario
from govsim.simulation.metrics import label


def scenario_keys(model=Scenario, prefix=""):
    for name, field in model.model_fields.items():
        if hasattr(field.annotation, "model_fields"):
            yield from scenario_keys(field.annotation, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


@pytest.fixture
def captured(monkeypatch):
    """The figures the plotting functions would save, kept open for inspection."""
    figures = []

    def keep(fig, path):
        figures.append(fig)
        return [path]

    monkeypatch.setattr(report_module, "save_figure", keep)
    monkeypatch.setattr(sensitivity_module, "save_figure", keep)
    return figures


def test_every_scenario_key_gets_a_short_label_that_is_not_the_dotted_key():
    for key in scenario_keys():
        text = factor_label(key)
        assert text and text != key and "." not in text[:-1] and len(text) <= 62, (key, text)
    assert factor_label("organisation.grid_workers") == "Full-time grid workers"


def test_an_event_field_is_counted_from_one_and_named_by_its_kind_as_the_dashboard_names_it():
    """events.2 is the third event: "Event 3", as the dashboard's lever reads (a figure
    that said "Event 2" beside a page that says "Event 3" named two events for one)."""
    from govsim.experiments.search.optimise_spec import load_optimisation
    from govsim.scenario.config import shipped

    base = load_optimisation(shipped("experiments") / "storm_policy.yaml").base
    assert [e.kind for e in base.events] == ["demand_surge", "outage", "staffing"]
    assert factor_label("events.2.factor", scenario=base) == "Event 3 (staffing): factor"
    assert factor_label("events.0.days", "zh", base) == "事件 1（demand surge）：days"
    assert factor_label("events.2.days") == "Event 3: days"  # no scenario: no kind


def _table(outcome: str, means: list[float], half_width: float = 0.1) -> pd.DataFrame:
    """A report table of two design points (5 and 10 grid workers), 6 runs each."""
    return pd.DataFrame(
        {
            "point": [0, 1],
            "organisation.grid_workers": [5, 10],
            "outcome": outcome,
            "n": 6,
            "mean": means,
            "ci_low": [m - half_width for m in means],
            "ci_high": [m + half_width for m in means],
        }
    )


def test_report_axes_come_from_the_registries_and_the_title_names_interval_and_runs(captured):
    table = _table("mean_days_to_resolve", [1.7, 1.6])
    report_module.plot_outcome(
        table, ["organisation.grid_workers"], "mean_days_to_resolve", None, n_runs=12
    )
    fig = captured[0]
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Full-time grid workers"
    assert ax.get_ylabel() == label("mean_days_to_resolve") == "Mean days to resolve (days)"
    title = fig._suptitle.get_text()
    assert "95 % interval of the mean" in title and "12 runs" in title
    assert fig.get_layout_engine() is not None  # constrained layout: nothing clipped


def test_sensitivity_bars_are_labelled_from_the_schema_and_show_runs(captured):
    table = pd.DataFrame(
        {
            "outcome": "report_rate",
            "factor": ["platform.reliability"],
            "rank": [1],
            "S1": [0.5],
            "S1_conf": [0.1],
            "ST": [0.6],
            "ST_conf": [0.1],
        }
    )
    sensitivity_module.bar_chart(table, "sobol", ["report_rate"], None, n_runs=80)
    fig = captured[0]
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["Daily probability the platform is up"]
    assert fig.axes[0].get_title() == label("report_rate")
    assert "80 runs" in fig._suptitle.get_text() and "95 %" in fig._suptitle.get_text()


def test_save_figure_writes_png_and_svg(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_ylabel("a very long label " * 6)
    paths = save_figure(fig, tmp_path / "f.png")
    assert [p.suffix for p in paths] == [".png", ".svg"]
    assert paths[0].read_bytes()[:4] == b"\x89PNG" and b"<svg" in paths[1].read_bytes()[:500]


def _paired_table():
    return _table("mean_days_raised_to_resolved", [4.7, 4.1], half_width=0.2)


def test_a_chinese_report_figure_has_chinese_labels_and_no_english_phrase(captured):
    report_module.plot_outcome(
        _paired_table(),
        ["organisation.grid_workers"],
        "mean_days_raised_to_resolved",
        None,
        n_runs=12,
        lang="zh",
    )
    fig = captured[0]
    ax = fig.axes[0]
    assert ax.get_ylabel() == label("mean_days_raised_to_resolved", "zh")
    assert "天" in ax.get_ylabel() and "days" not in ax.get_ylabel()
    title = fig._suptitle.get_text()
    assert "12 次运行" in title and "置信区间" in title
    english = {v.split("{")[0].strip() for v in words("en").values()} - {""}
    assert not [p for p in english if p in title + ax.get_ylabel()], title


def test_chinese_figures_draw_every_glyph(tmp_path):
    """From matplotlib's default fonts (DejaVu Sans only), a 中文 figure still draws every
    glyph: without the CJK fallback matplotlib warns "Glyph … missing" for each 中文
    character (the figure would show boxes). The defaults are restored afterwards, so the
    fallback that the dashboard's charts rely on is left as it was."""
    import warnings

    import matplotlib

    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()
        warnings.simplefilter("error")
        paths = report_module.plot_outcome(
            _paired_table(),
            ["organisation.grid_workers"],
            "mean_days_raised_to_resolved",
            tmp_path / "zh.png",
            n_runs=12,
            lang="zh",
        )
    assert [p.suffix for p in paths] == [".png", ".svg"] and paths[0].stat().st_size > 5_000


def test_english_figures_leave_the_dashboards_chinese_fallback_in_place(tmp_path):
    """An English report figure drawn in the same process as the dashboard (the test suite,
    a notebook) must not take the CJK fallback away from the dashboard's 中文 charts."""
    import matplotlib

    from govsim.dashboard import charts  # noqa: F401 - sets the fallback at import

    report_module.plot_outcome(
        _paired_table(),
        ["organisation.grid_workers"],
        "mean_days_raised_to_resolved",
        tmp_path / "en.png",
        n_runs=12,
    )
    family = matplotlib.rcParams["font.family"]
    assert family[0] == "DejaVu Sans" and len(family) == 2, family


def test_every_metric_has_a_chinese_label_and_unit():
    from govsim.simulation.metrics import INFO

    for name in INFO:
        text = label(name, "zh")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (name, text)
