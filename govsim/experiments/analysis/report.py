"""`govsim report DIR`: per design point, mean and 95 % interval of each outcome, and plots.

The interval is t-based over the replicates of a design point:
mean ± t(0.975, n − 1) · sd / √n (none for a single replicate). NaN outcomes
(e.g. no case resolved in a run) are left out of a point's mean, and ``n``
says how many runs counted.

Time to an event (``recovery_days``) is not averaged: a run that has not recovered
by its end is right-censored at ``recovery_observed_days`` (days watched after the
last shock), and the point's Kaplan–Meier median (``scipy.stats.ecdf`` of
``CensoredData``) with its 95 % interval (log-log band) and the number censored
are reported instead of a mean (:mod:`govsim.experiments.analysis.survival`).

A paired experiment (``paired: {reference: ...}``, :mod:`govsim.experiments.batch.paired`)
adds per point the mean paired difference to the reference point with its 95 %
t-interval and the number of pairs, in the tables and in ``plots/OUTCOME_diff``.

Writes ``report.csv`` (one row per point and outcome), ``report.md``,
``plots/OUTCOME.png``/``.svg`` (the outcome against each factor, with interval
bars) and, when the sweep kept daily series, ``plots/OUTCOME_series`` (the daily
series as a mean with a 95 % band: per design point when there are at most eight,
else over all runs; with fewer than three replicates the band is the min-max range
of the runs). Every figure names its interval and shows its number of runs.

This module computes (``summarise``) and writes the files (``report``); the tables are
worded in report_markdown.py and the figures drawn in report_plots.py (issue 30 item 3).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from govsim.core.stats import mean_interval
from govsim.experiments.analysis.figures import (
    words,
)
from govsim.experiments.analysis.report_markdown import markdown
from govsim.experiments.analysis.report_plots import (
    describe_reference,
    outcome_figures,
    plot_series,
)
from govsim.experiments.analysis.survival import CENSORED_AT, summarise_censored
from govsim.experiments.batch.paired import diff_columns, summarise_diffs
from govsim.experiments.batch.store import read_columns
from govsim.experiments.batch.sweep import read_manifest
from govsim.running.output import atomic_write_bytes
from govsim.scenario.config import ConfigError


def summarise(runs: pd.DataFrame, factors: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Long table: point, factor values, outcome, n, mean, sd, ci_low, ci_high.

    A time-to-event outcome (``survival.CENSORED_AT``) gets no mean: its columns
    ``censored``, ``km_median``, ``km_low``, ``km_high`` come from the censored estimate.
    """
    rows = []
    for point, group in runs.groupby("point", sort=True):
        values = {f: group[f].iloc[0] for f in factors}
        for outcome in outcomes:
            y = group[outcome].to_numpy(dtype=float)
            if outcome in CENSORED_AT and CENSORED_AT[outcome] in group:
                observed = group[CENSORED_AT[outcome]].to_numpy(dtype=float)
                rows.append(
                    {
                        "point": int(point),
                        **values,
                        "outcome": outcome,
                        **summarise_censored(y, observed),
                    }
                )
                continue
            n, mean, sd, low, high = mean_interval(y)
            rows.append(
                {
                    "point": int(point),
                    **values,
                    "outcome": outcome,
                    "n": n,
                    "mean": mean,
                    "sd": sd,
                    "ci_low": float(low),
                    "ci_high": float(high),
                }
            )
    return pd.DataFrame(rows)


def report(directory: Path, lang: str = "en") -> list[Path]:
    """Write report.csv, report.md and plots/*.png and *.svg into `directory`.

    ``lang="zh"``: the figures in 中文 (metric names from the registry, fixed phrases from
    figures.WORDS) into plots-zh/; the tables stay as they are (one CSV, one Markdown)."""
    words(lang)  # an unknown language fails before anything is written
    manifest = read_manifest(directory)
    runs_path = directory / "runs.parquet"
    if manifest is None or not runs_path.is_file():
        raise ConfigError(
            f"{directory}: not a sweep directory (needs manifest.json and "
            "runs.parquet from `govsim sweep` or `govsim merge`)."
        )
    spec = manifest["experiment"]
    factors, outcomes = list(spec["factors"]), list(spec["outcomes"])
    wanted = ["point", "replicate", *factors, *outcomes, *diff_columns(outcomes)]
    runs = read_columns(runs_path, wanted + [CENSORED_AT[o] for o in outcomes if o in CENSORED_AT])
    if runs.empty:
        raise ConfigError(f"{directory}: runs.parquet holds no finished run to report on.")
    table = summarise(runs, factors, outcomes)
    reference = spec.get("reference_point")
    diffs, reference_text, reference_figure = None, "", ""
    if reference is not None and (runs["point"] == reference).any():
        diffs = summarise_diffs(runs, factors, outcomes, reference)
        reference_text = describe_reference(runs, factors, reference)
        reference_figure = describe_reference(runs, factors, reference, lang)
        table = table.merge(
            diffs[
                [
                    "point",
                    "outcome",
                    "is_reference",
                    "diff_n",
                    "diff_left_out",
                    "diff_mean",
                    "diff_sd",
                    "diff_low",
                    "diff_high",
                ]
            ],
            on=["point", "outcome"],
            how="left",
        )
    csv = directory / "report.csv"
    atomic_write_bytes(csv, table.to_csv(index=False).encode())
    md = directory / "report.md"
    missing = int(manifest.get("expected_runs", len(runs))) - len(runs)
    text = markdown(
        table, factors, outcomes, f"Report: {spec['name']}", missing, diffs, reference_text
    )
    uncensorable = [o for o in outcomes if o in CENSORED_AT and CENSORED_AT[o] not in runs]
    if uncensorable:  # a directory written before the observed horizon was recorded
        text += (
            f"\n**{', '.join(uncensorable)}: these runs do not record "
            f"{', '.join(CENSORED_AT[o] for o in uncensorable)}, so runs that had not "
            "recovered cannot be censored; the mean above covers the recovered runs "
            "only and is biased low. Re-run the sweep with this version.**\n"
        )
    atomic_write_bytes(md, text.encode())
    paths = [csv, md]
    folder = directory / ("plots" if lang == "en" else f"plots-{lang}")
    for outcome in outcomes:
        paths += outcome_figures(
            table, diffs, factors, outcome, folder, len(runs), reference_figure, lang
        )
    if (directory / "series.parquet").is_file():
        series = pd.read_parquet(directory / "series.parquet")
        points = runs.drop_duplicates("point").set_index("point")[factors]
        for outcome in (o for o in outcomes if o in series):
            paths += plot_series(series, points, outcome, folder / f"{outcome}_series.png", lang)
    return paths
