"""`govsim report DIR`: per design point, mean and 95 % interval of each outcome, and plots.

The interval is t-based over the replicates of a design point:
mean ± t(0.975, n − 1) · sd / √n (none for a single replicate). NaN outcomes
(e.g. no case resolved in a run) are left out of a point's mean, and ``n``
says how many runs counted. Writes ``report.csv`` (one row per point and
outcome), ``report.md``, ``plots/OUTCOME.png`` (the outcome against each
factor, with interval bars) and, when the sweep kept daily series,
``plots/OUTCOME_series.png`` (the daily series as a mean with a 95 % band: per
design point when there are at most eight, else over all runs; with fewer than
three replicates the band is the min-max range of the runs).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from govsim.core.stats import t_interval
from govsim.experiments.sweep import read_manifest
from govsim.running.output import atomic_write_bytes, save_png
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import label as metric_label

MAX_MARKDOWN_POINTS = 60
MAX_LINES = 8
MIN_REPLICATES_FOR_INTERVAL = 3  # below this the series band is the min-max range of runs


def summarise(runs: pd.DataFrame, factors: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Long table: point, factor values, outcome, n, mean, sd, ci_low, ci_high."""
    rows = []
    for point, group in runs.groupby("point", sort=True):
        values = {f: group[f].iloc[0] for f in factors}
        for outcome in outcomes:
            y = group[outcome].to_numpy(dtype=float)
            y = y[~np.isnan(y)]
            n = len(y)
            mean = float(y.mean()) if n else float("nan")
            sd = float(y.std(ddof=1)) if n > 1 else float("nan")
            low, high = t_interval(mean, sd, n)
            rows.append({"point": int(point), **values, "outcome": outcome, "n": n, "mean": mean,
                         "sd": sd, "ci_low": float(low), "ci_high": float(high)})
    return pd.DataFrame(rows)


def _fmt(x: object) -> str:
    if isinstance(x, float):
        return "n/a" if np.isnan(x) else f"{x:.4g}"
    return str(x)


def markdown(table: pd.DataFrame, factors: list[str], outcomes: list[str], title: str,
             n_missing: int) -> str:
    lines = [f"# {title}", "",
             "Mean and 95 % interval (t over replicates) per design point."]
    if n_missing:
        lines.append(f"\n**{n_missing} run(s) of the design are missing** (failed or not merged).")
    for outcome in outcomes:
        part = table[table["outcome"] == outcome]
        lines += ["", f"## {outcome}: {metric_label(outcome)}", "",
                  "| point | " + " | ".join(factors) + " | n | mean | 95 % interval |",
                  "|---:|" + "---|" * len(factors) + "---:|---:|---|"]
        for _, r in part.head(MAX_MARKDOWN_POINTS).iterrows():
            interval = ("n/a" if np.isnan(r["ci_low"])
                        else f"{_fmt(r['ci_low'])} – {_fmt(r['ci_high'])}")
            lines.append(f"| {r['point']} | " + " | ".join(_fmt(r[f]) for f in factors)
                         + f" | {r['n']} | {_fmt(r['mean'])} | {interval} |")
        if len(part) > MAX_MARKDOWN_POINTS:
            lines.append(f"\n… {len(part) - MAX_MARKDOWN_POINTS} more points in report.csv.")
    return "\n".join(lines) + "\n"


def plot_outcome(table: pd.DataFrame, factors: list[str], outcome: str, path: Path) -> None:
    """One panel per factor: point means against the factor, with 95 % interval bars.

    When the other factors take few combinations (a grid), points sharing them
    are joined by a line, one line per combination.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    part = table[table["outcome"] == outcome]
    fig, axes = plt.subplots(1, len(factors), figsize=(4.2 * len(factors), 3.4), squeeze=False)
    for ax, factor in zip(axes[0], factors, strict=True):
        others = [f for f in factors if f != factor]
        groups = list(part.groupby(others, sort=True)) if others else [((), part)]
        joined = len(groups) <= MAX_LINES
        for key, group in groups if joined else [((), part)]:
            group = group.sort_values(factor)
            x = group[factor].astype(str if group[factor].dtype == object else float)
            err = np.vstack([group["mean"] - group["ci_low"], group["ci_high"] - group["mean"]])
            label = ", ".join(f"{o.split('.')[-1]}={v}" for o, v in
                              zip(others, key if isinstance(key, tuple) else (key,),
                                  strict=False)) if joined and others else None
            ax.errorbar(x, group["mean"], yerr=np.nan_to_num(err), fmt="o-" if joined else "o",
                        capsize=3, markersize=4, label=label, alpha=0.85)
        if part[factor].dtype == bool:
            ax.set_xticks([0, 1], ["false", "true"])
        ax.set_xlabel(factor)
        ax.set_ylabel(metric_label(outcome))
        if joined and others:
            ax.legend(fontsize=7)
    fig.suptitle(f"{metric_label(outcome, unit=False)}: mean and 95 % interval per design point",
                 fontsize=10)
    fig.tight_layout()
    save_png(fig, path)


def report(directory: Path) -> list[Path]:
    """Write report.csv, report.md and plots/*.png into `directory`."""
    manifest = read_manifest(directory)
    runs_path = directory / "runs.parquet"
    if manifest is None or not runs_path.is_file():
        raise ConfigError(f"{directory}: not a sweep directory (needs manifest.json and "
                          "runs.parquet from `govsim sweep` or `govsim merge`).")
    runs = pd.read_parquet(runs_path)
    if runs.empty:
        raise ConfigError(f"{directory}: runs.parquet holds no finished run to report on.")
    spec = manifest["experiment"]
    factors, outcomes = list(spec["factors"]), list(spec["outcomes"])
    table = summarise(runs, factors, outcomes)
    csv = directory / "report.csv"
    atomic_write_bytes(csv, table.to_csv(index=False).encode())
    md = directory / "report.md"
    missing = int(manifest.get("expected_runs", len(runs))) - len(runs)
    atomic_write_bytes(md, markdown(table, factors, outcomes, f"Report: {spec['name']}",
                                    missing).encode())
    paths = [csv, md]
    for outcome in outcomes:
        path = directory / "plots" / f"{outcome}.png"
        plot_outcome(table, factors, outcome, path)
        paths.append(path)
    if (directory / "series.parquet").is_file():
        series = pd.read_parquet(directory / "series.parquet")
        points = runs.drop_duplicates("point").set_index("point")[factors]
        for outcome in (o for o in outcomes if o in series):
            path = directory / "plots" / f"{outcome}_series.png"
            plot_series(series, points, outcome, path)
            paths.append(path)
    return paths


def series_band(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Per day: mean and t-based 95 % interval over the runs in `frame`."""
    by_day = frame.groupby("day")[outcome]
    out = pd.DataFrame({"mean": by_day.mean(), "sd": by_day.std(ddof=1), "n": by_day.count(),
                        "min": by_day.min(), "max": by_day.max()})
    out["low"], out["high"] = t_interval(out["mean"].to_numpy(), out["sd"].to_numpy(),
                                         out["n"].to_numpy())
    few = out["n"] < MIN_REPLICATES_FOR_INTERVAL  # t with 1 df spans ±12.7 sd: show the range
    out.loc[few, "low"], out.loc[few, "high"] = out.loc[few, "min"], out.loc[few, "max"]
    return out


def plot_series(series: pd.DataFrame, points: pd.DataFrame, outcome: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    groups = list(series.groupby("point")) if series["point"].nunique() <= MAX_LINES \
        else [(None, series)]
    for point, frame in groups:
        band = series_band(frame, outcome)
        label = ("all runs" if point is None else
                 ", ".join(f"{f.split('.')[-1]}={points.loc[point, f]}" for f in points.columns))
        line, = ax.plot(band.index, band["mean"], label=label, linewidth=1.2)
        ax.fill_between(band.index, band["low"], band["high"], color=line.get_color(), alpha=0.2)
    ax.set_xlabel("day")
    ax.set_ylabel(f"{metric_label(outcome)}, 30-day window")
    ax.legend(fontsize=7)
    few = series.groupby(["point", "day"])[outcome].count().min() < MIN_REPLICATES_FOR_INTERVAL
    band = "range (min-max) of runs" if few else "95 % interval over replicates"
    fig.suptitle(f"{metric_label(outcome, unit=False)}: daily mean with band = {band}", fontsize=10)
    fig.tight_layout()
    save_png(fig, path)
