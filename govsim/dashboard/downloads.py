"""What the page's "Take away" downloads as CSV: every metric's daily series, and the
indicator table (last 30 days and whole run), of the shown run and the comparison; their
last day equals the cards (a browser test downloads them)."""

from __future__ import annotations

import csv
import io

from govsim.dashboard import indicators
from govsim.dashboard.session import Simulation


def series_csv(runs: list[tuple[str, Simulation]]) -> str:
    """Every metric's daily value (30-day window) of each run, one row per run and day."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = list(runs[0][1].metric_index) if runs else []
    writer.writerow(["run", "scenario", "seed", "day", *names])
    for label, run in runs:
        for d in range(run.day):
            row = run.model.series[d]
            writer.writerow(
                [
                    label,
                    run.scenario.name,
                    run.seed,
                    d + 1,
                    *[repr(float(row[run.metric_index[n]])) for n in names],
                ]
            )
    return out.getvalue()


def table_csv(runs: list[tuple[str, Simulation]]) -> str:
    """Every metric: unit, section (its English label: the files are the same in both
    languages, for scripts), last 30 days and whole run, per run."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["run", "scenario", "seed", "day", "metric", "unit", "section", "last_30_days", "whole_run"]
    )
    for label, run in runs:
        now, whole = run.current(), run.whole_run()
        for name in now:
            info = indicators.info(name) if name in indicators.metrics.INFO else None
            writer.writerow(
                [
                    label,
                    run.scenario.name,
                    run.seed,
                    run.day,
                    name,
                    info.unit if info else "",
                    indicators.section_label(info.section, "en") if info else "",
                    repr(float(now[name])),
                    repr(float(whole.get(name, float("nan")))),
                ]
            )
    return out.getvalue()
