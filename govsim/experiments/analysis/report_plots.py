"""The figures of `govsim report`: each outcome against each factor with its interval bars,
a censored outcome's Kaplan–Meier medians, paired differences, and the daily series as a
mean with a 95 % band (``series_band``), in English or 中文 (figures.WORDS).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from govsim.core.stats import t_interval
from govsim.experiments.analysis.figures import (
    factor_label,
    runs_note,
    save_figure,
    use_fonts,
    words,
)
from govsim.simulation.metrics import label as metric_label

MAX_LINES = 8
MIN_REPLICATES_FOR_INTERVAL = 3  # below this the series band is the min-max range of runs


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


def describe_reference(
    runs: pd.DataFrame, factors: list[str], reference: int, lang: str = "en"
) -> str:
    """``point 1: Full-time grid workers = 10``: the reference point in figure words."""
    rows = runs[runs["point"] == reference]
    return f"{words(lang)['point'].format(p=reference)}: " + ", ".join(
        f"{factor_label(f, lang)} = {rows[f].iloc[0]}" for f in factors
    )


def outcome_figures(
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
