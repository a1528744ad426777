"""One metric registry: a metric added with one function and its decorator shows up in the
run summary, the CLI table (its section, its unit), the sweep report and govsim.metrics()."""

from __future__ import annotations

import pytest
from conftest import SMALL

import govsim
from govsim.cli.run import format_summary
from govsim.experiments.analysis.report import report
from govsim.simulation import metrics

SECTION = "Test section (added by a test)"


@pytest.fixture
def registered():
    """Register `test_open_cases` for one test, then remove it again."""
    before = dict(metrics.METRICS), dict(metrics.INFO)

    @metrics.metric(
        unit="count",
        section=SECTION,
        en="Open cases, counted by a test",
        zh="测试用未办结案件数",
        better="lower",
    )
    def test_open_cases(ctx: metrics.MetricContext) -> float:
        """Cases not yet resolved at the end of the window (the backlog, registered again)."""
        return metrics.METRICS["backlog"](ctx) + 1000.0

    yield "test_open_cases"
    metrics.METRICS.clear(), metrics.METRICS.update(before[0])
    metrics.INFO.clear(), metrics.INFO.update(before[1])


def where_it_shows(name: str, tmp_path) -> dict[str, bool]:
    run = govsim.run(govsim.load("community_y", SMALL), seed=1, days=6)
    table = format_summary(run.summary, "title")
    seen = {
        "summary": name in run.summary,
        "daily": name in run.daily.columns,
        "metrics()": name in govsim.metrics().index,
        "cli section": f"\n{SECTION}\n  {name}" in table,
        "cli unit": f"{name:<28} {run.summary.get(name, 0):>12,.0f}" in table,
    }
    if seen["summary"]:
        out = tmp_path / "sweep"
        govsim.sweep(
            {
                "name": "reg",
                "base": "community_y",
                "days": 6,
                "set": SMALL,
                "factors": {"platform.integrated": {"values": [True, False]}},
                "outcomes": [name],
                "root_seed": 1,
            },
            out=out,
        )
        report(out)
        text = (out / "report.md").read_text()
        seen["report"] = "Open cases, counted by a test (count)" in text
        seen["report plot"] = (out / "plots" / f"{name}.png").is_file()
    return seen


def test_a_new_metric_shows_everywhere(registered, tmp_path):
    seen = where_it_shows(registered, tmp_path)
    assert all(seen.values()), seen
    row = govsim.metrics().loc[registered]
    assert (row["unit"], row["section"], row["zh"], row["better"]) == (
        "count",
        SECTION,
        "测试用未办结案件数",
        "lower",
    )
    assert row["description"].startswith("Cases not yet resolved")


def test_without_the_decorator_it_shows_nowhere(tmp_path):
    seen = where_it_shows("test_open_cases", tmp_path)
    assert not any(seen.values()), seen


def test_every_shipped_metric_has_its_metadata():
    for name, meta in metrics.INFO.items():
        assert meta.section in metrics.SECTIONS, name
        assert meta.en and meta.zh and meta.zh != meta.en and meta.description, name
        assert meta.unit in metrics.UNITS and meta.better in metrics.BETTER, name


def test_units_come_from_the_registry_not_the_name():
    # `backlog` is a count and `median_days_to_resolve` days, whatever the names say
    assert metrics.format_value("backlog", 1234.0) == "1,234"
    assert metrics.format_value("median_days_to_resolve", 2.0) == "2.0 days"
    assert metrics.format_value("satisfaction", 0.5) == "0.50"
    assert metrics.format_value("adoption_rate", 0.6123) == "61.2 %"
    assert metrics.format_value("digital_divide", 0.052) == "5.2 pts"  # a gap of two shares
