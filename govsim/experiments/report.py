"""`govsim report DIR`: per design point, mean and 95 % interval of each outcome, and plots.

The interval is t-based over the replicates of a design point:
mean ± t(0.975, n − 1) · sd / √n (none for a single replicate). NaN outcomes
(e.g. no case resolved in a run) are left out of a point's mean, and ``n``
says how many runs counted.

Time to an event (``recovery_days``) is not averaged: a run that has not recovered
by its end is right-censored at ``recovery_observed_days`` (days watched after the
last shock), and the point's Kaplan–Meier median (``scipy.stats.ecdf`` of
``CensoredData``) with its 95 % interval (log-log band) and the number censored
are reported instead of a mean (:mod:`govsim.experiments.survival`).

A paired experiment (``paired: {reference: ...}``, :mod:`govsim.experiments.paired`)
adds per point the mean paired difference to the reference point with its 95 %
t-interval and the number of pairs, in the tables and in ``plots/OUTCOME_diff``.

Writes ``report.csv`` (one row per point and outcome), ``report.md``,
``plots/OUTCOME.png``/``.svg`` (the outcome against each factor, with interval
bars) and, when the sweep kept daily series, ``plots/OUTCOME_series`` (the daily
series as a mean with a 95 % band: per design point when there are at most eight,
else over all runs; with fewer than three replicates the band is the min-max range
of the runs). Every figure names its interval and shows its number of runs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from govsim.core.stats import mean_interval, t_interval
from govsim.experiments.figures import (
    factor_label,
    runs_note,
    save_figure,
    use_fonts,
    words,
)
from govsim.experiments.paired import diff_columns, summarise_diffs
from govsim.experiments.store import read_columns
from govsim.experiments.survival import CENSORED_AT, summarise_censored
from govsim.experiments.sweep import read_manifest
from govsim.running.output import atomic_write_bytes
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import format_number
from govsim.simulation.metrics import label as metric_label

MAX_MARKDOWN_POINTS = 60
MAX_LINES = 8
MIN_REPLICATES_FOR_INTERVAL = 3  # below this the series band is the min-max range of runs


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


def _fmt(x: object) -> str:
    """A number as metrics.format_number prints it (yuan as 3.08 M, never 5.023e+06)."""
    return format_number(x) if isinstance(x, float) else str(x)


def _interval(low: float, high: float) -> str:
    if np.isnan(low):
        return "n/a"
    return f"{_fmt(low)} – {'n/d' if np.isnan(high) else _fmt(high)}"


def _censored_rows(part: pd.DataFrame, factors: list[str]) -> list[str]:
    lines = [
        "Kaplan–Meier over the runs (a run not recovered by its end is censored at its "
        "days observed after the last shock); never a mean over the recovered runs.",
        "",
        "| point | " + " | ".join(factors) + " | runs | censored | median (KM) | "
        "95 % interval of the median |",
        "|---:|" + "---|" * len(factors) + "---:|---:|---:|---|",
    ]
    for _, r in part.head(MAX_MARKDOWN_POINTS).iterrows():
        median = (
            f"> {_fmt(r['km_median_above'])} (not reached)"
            if np.isnan(r["km_median"])
            else _fmt(r["km_median"])
        )
        lines.append(
            f"| {r['point']} | "
            + " | ".join(_fmt(r[f]) for f in factors)
            + f" | {int(r['n'])} | {int(r['censored'])} | {median} | "
            f"{_interval(r['km_low'], r['km_high'])} |"
        )
    return [
        *lines,
        "",
        "n/d: the upper limit is not determined (the interval's band does not "
        "fall to 0.5 within the times observed: too few runs to bound the median above).",
    ]


def _paired_rows(part: pd.DataFrame, factors: list[str], reference: str) -> list[str]:
    lines = [
        "",
        f"Paired difference to the reference point ({reference}), same replicate's "
        "seed: mean over pairs and 95 % t-interval; `left out`: pairs with no value on "
        "one side (for recovery: a run not recovered, whose difference is unknown; "
        "read the censored medians above when it is not 0).",
        "",
        "| point | " + " | ".join(factors) + " | pairs | left out | mean difference | "
        "95 % interval |",
        "|---:|" + "---|" * len(factors) + "---:|---:|---:|---|",
    ]
    for _, r in part.head(MAX_MARKDOWN_POINTS).iterrows():
        if r["is_reference"]:
            lines.append(
                f"| {r['point']} | "
                + " | ".join(_fmt(r[f]) for f in factors)
                + " | – | – | reference | – |"
            )
            continue
        lines.append(
            f"| {r['point']} | "
            + " | ".join(_fmt(r[f]) for f in factors)
            + f" | {int(r['diff_n'])} | {int(r['diff_left_out'])} | "
            f"{_fmt(r['diff_mean'])} | "
            f"{_interval(r['diff_low'], r['diff_high'])} |"
        )
    return lines


def markdown(
    table: pd.DataFrame,
    factors: list[str],
    outcomes: list[str],
    title: str,
    n_missing: int,
    diffs: pd.DataFrame | None = None,
    reference: str = "",
) -> str:
    lines = [
        f"# {title}",
        "",
        "Mean and 95 % interval of the mean (t over replicates) per design point.",
    ]
    if n_missing:
        lines.append(f"\n**{n_missing} run(s) of the design are missing** (failed or not merged).")
    for outcome in outcomes:
        part = table[table["outcome"] == outcome]
        lines += ["", f"## {outcome}: {metric_label(outcome)}", ""]
        if "censored" in part and part["censored"].notna().any():
            lines += _censored_rows(part, factors)
        else:
            lines += [
                "| point | " + " | ".join(factors) + " | n | mean | 95 % interval |",
                "|---:|" + "---|" * len(factors) + "---:|---:|---|",
            ]
            for _, r in part.head(MAX_MARKDOWN_POINTS).iterrows():
                lines.append(
                    f"| {r['point']} | "
                    + " | ".join(_fmt(r[f]) for f in factors)
                    + f" | {int(r['n'])} | {_fmt(r['mean'])} | "
                    f"{_interval(r['ci_low'], r['ci_high'])} |"
                )
        if diffs is not None:
            lines += _paired_rows(diffs[diffs["outcome"] == outcome], factors, reference)
        if len(part) > MAX_MARKDOWN_POINTS:
            lines.append(f"\n… {len(part) - MAX_MARKDOWN_POINTS} more points in report.csv.")
    return "\n".join(lines) + "\n"


def _x(values: pd.Series) -> pd.Series:
    """A factor's values as the x axis: numbers (true/false as 0/1) as floats, anything
    else (text, whether pandas holds it as ``object`` or as pandas 3's ``str``) as text.

    pandas' own type predicates, never a dtype compared by name: pandas 3 reads text
    back from parquet as ``str``, which ``dtype == object`` missed (issue 29 item 5)."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    return values.astype(str)


def plot_outcome(
    table: pd.DataFrame,
    factors: list[str],
    outcome: str,
    path: Path,
    n_runs: int,
    columns: tuple[str, str, str] = ("mean", "ci_low", "ci_high"),
    what: str | None = None,
    y_label: str | None = None,
    zero_line: bool = False,
    lang: str = "en",
) -> list[Path]:
    """One panel per factor: point values against the factor, with interval bars.

    When the other factors take few combinations (a grid), points sharing them
    are joined by a line, one line per combination. `columns` name the centre and the
    interval (means, paired differences or Kaplan–Meier medians). `lang`: "en" or "zh"
    (metric names and fixed phrases; see figures.factor_label for the levers)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    use_fonts(lang)
    w = words(lang)
    what = what or w["interval"]
    centre, lo, hi = columns
    part = table[table["outcome"] == outcome]
    fig, axes = plt.subplots(
        1, len(factors), figsize=(4.6 * len(factors), 3.6), squeeze=False, layout="constrained"
    )
    for ax, factor in zip(axes[0], factors, strict=True):
        others = [f for f in factors if f != factor]
        groups = list(part.groupby(others, sort=True)) if others else [((), part)]
        joined = len(groups) <= MAX_LINES
        for key, group in groups if joined else [((), part)]:
            group = group.sort_values(factor)
            err = np.vstack([group[centre] - group[lo], group[hi] - group[centre]])
            label = (
                ", ".join(
                    f"{factor_label(o, lang)} = {v}"
                    for o, v in zip(others, key if isinstance(key, tuple) else (key,), strict=False)
                )
                if joined and others
                else None
            )
            ax.errorbar(
                _x(group[factor]),
                group[centre],
                yerr=np.nan_to_num(err),
                fmt="o-" if joined else "o",
                capsize=3,
                markersize=4,
                label=label,
                alpha=0.85,
            )
        if pd.api.types.is_bool_dtype(part[factor]):
            ax.set_xticks([0, 1], ["false", "true"])
        elif pd.api.types.is_integer_dtype(part[factor]):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if zero_line:
            ax.axhline(0.0, color="0.5", linewidth=0.8, linestyle="--")
        ax.set_xlabel(factor_label(factor, lang))
        ax.set_ylabel(y_label or metric_label(outcome, lang))
        if joined and others:
            ax.legend(fontsize=7)
    fig.suptitle(
        f"{metric_label(outcome, lang, unit=False)}\n"
        f"{w['bars'].format(what=what)}; {runs_note(n_runs, lang=lang)}",
        fontsize=9,
    )
    return save_figure(fig, path)


def plot_censored(
    part: pd.DataFrame,
    factors: list[str],
    outcome: str,
    path: Path,
    n_runs: int,
    lang: str = "en",
) -> list[Path]:
    """Kaplan–Meier median per point against each factor: the 95 % interval as a bar; an
    upper limit not determined as a dotted line to the longest time observed (▲); a median
    not reached (fewer than half the runs had the event) as ▲ at the longest time observed."""
    import matplotlib.pyplot as plt

    use_fonts(lang)
    w = words(lang)

    fig, axes = plt.subplots(
        1, len(factors), figsize=(4.8 * len(factors), 3.8), squeeze=False, layout="constrained"
    )
    for ax, factor in zip(axes[0], factors, strict=True):
        x = _x(part[factor]).to_numpy()
        reached = part["km_median"].notna().to_numpy()
        median, low = part["km_median"].to_numpy(float), part["km_low"].to_numpy(float)
        high, above = part["km_high"].to_numpy(float), part["km_median_above"].to_numpy(float)
        ax.errorbar(
            x[reached],
            median[reached],
            yerr=np.nan_to_num(
                [
                    median[reached] - low[reached],
                    np.where(np.isnan(high), 0, high - median)[reached],
                ]
            ),
            fmt="o",
            capsize=3,
            color="C0",
            label=w["median_interval"],
        )
        open_top = reached & np.isnan(high)
        ax.vlines(
            x[open_top],
            median[open_top],
            above[open_top],
            colors="C0",
            linestyles=":",
            label=w["upper_open"],
        )
        ax.plot(x[open_top], above[open_top], "^", color="C0", markersize=5)
        ax.plot(
            x[~reached],
            above[~reached],
            "^",
            color="C3",
            markersize=7,
            label=w["not_reached"],
        )
        for xi, yi, c, n in zip(
            x, np.where(reached, median, above), part["censored"], part["n"], strict=True
        ):
            ax.annotate(
                w["censored_of"].format(c=int(c), n=int(n)),
                (xi, yi),
                textcoords="offset points",
                xytext=(4, -10),
                fontsize=6,
                color="0.35",
            )
        ax.set_xlabel(factor_label(factor, lang))
        ax.set_ylabel(f"{metric_label(outcome, lang)},\n{w['km_median']}")
        ax.legend(fontsize=6)
    censored = w["censored_title"].format(c=int(part["censored"].sum()), n=n_runs)
    fig.suptitle(f"{metric_label(outcome, lang, unit=False)}: {censored}", fontsize=9)
    return save_figure(fig, path)


def _reference_text(
    runs: pd.DataFrame, factors: list[str], reference: int, lang: str = "en"
) -> str:
    """``point 1: Full-time grid workers = 10``: the reference point in figure words."""
    rows = runs[runs["point"] == reference]
    return f"{words(lang)['point'].format(p=reference)}: " + ", ".join(
        f"{factor_label(f, lang)} = {rows[f].iloc[0]}" for f in factors
    )


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
        reference_text = _reference_text(runs, factors, reference)
        reference_figure = _reference_text(runs, factors, reference, lang)
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
        paths += _plots(table, diffs, factors, outcome, folder, len(runs), reference_figure, lang)
    if (directory / "series.parquet").is_file():
        series = pd.read_parquet(directory / "series.parquet")
        points = runs.drop_duplicates("point").set_index("point")[factors]
        for outcome in (o for o in outcomes if o in series):
            paths += plot_series(series, points, outcome, folder / f"{outcome}_series.png", lang)
    return paths


def _plots(
    table: pd.DataFrame,
    diffs: pd.DataFrame | None,
    factors: list[str],
    outcome: str,
    folder: Path,
    n_runs: int,
    reference_text: str,
    lang: str = "en",
) -> list[Path]:
    part = table[table["outcome"] == outcome]
    w = words(lang)
    if "censored" in part and part["censored"].notna().any():
        paths = plot_censored(part, factors, outcome, folder / f"{outcome}.png", n_runs, lang)
    else:
        paths = plot_outcome(table, factors, outcome, folder / f"{outcome}.png", n_runs, lang=lang)
    if diffs is not None:
        paths += plot_outcome(
            diffs,
            factors,
            outcome,
            folder / f"{outcome}_diff.png",
            n_runs,
            ("diff_mean", "diff_low", "diff_high"),
            f"{w['diff_interval']}; {w['reference'].format(ref=reference_text)}",
            f"{metric_label(outcome, lang)},\n{w['minus_reference']}",
            zero_line=True,
            lang=lang,
        )
    return paths


def series_band(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Per day: mean and t-based 95 % interval over the runs in `frame`."""
    by_day = frame.groupby("day")[outcome]
    out = pd.DataFrame(
        {
            "mean": by_day.mean(),
            "sd": by_day.std(ddof=1),
            "n": by_day.count(),
            "min": by_day.min(),
            "max": by_day.max(),
        }
    )
    out["low"], out["high"] = t_interval(
        out["mean"].to_numpy(), out["sd"].to_numpy(), out["n"].to_numpy()
    )
    few = out["n"] < MIN_REPLICATES_FOR_INTERVAL  # t with 1 df spans ±12.7 sd: show the range
    out.loc[few, "low"], out.loc[few, "high"] = out.loc[few, "min"], out.loc[few, "max"]
    return out


def plot_series(
    series: pd.DataFrame, points: pd.DataFrame, outcome: str, path: Path, lang: str = "en"
) -> list[Path]:
    import matplotlib.pyplot as plt

    use_fonts(lang)
    w = words(lang)

    fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    groups = (
        list(series.groupby("point"))
        if series["point"].nunique() <= MAX_LINES
        else [(None, series)]
    )
    for point, frame in groups:
        band = series_band(frame, outcome)
        label = (
            w["all_runs"]
            if point is None
            else ", ".join(
                f"{factor_label(f, lang)} = {points.loc[point, f]}" for f in points.columns
            )
        )
        (line,) = ax.plot(band.index, band["mean"], label=label, linewidth=1.2)
        ax.fill_between(band.index, band["low"], band["high"], color=line.get_color(), alpha=0.2)
    ax.set_xlabel(w["day"])
    ax.set_ylabel(f"{metric_label(outcome, lang)},\n{w['window30']}")
    ax.legend(fontsize=7)
    few = series.groupby(["point", "day"])[outcome].count().min() < MIN_REPLICATES_FOR_INTERVAL
    band = w["range"] if few else w["interval"]
    n_runs = series["run_id"].nunique()
    fig.suptitle(
        f"{metric_label(outcome, lang, unit=False)}: {w['daily_mean'].format(band=band)}; "
        f"{runs_note(n_runs, lang=lang)}",
        fontsize=9,
    )
    return save_figure(fig, path)
