"""report.md of `govsim report`: per design point and outcome, the mean and 95 % interval
(or a censored outcome's Kaplan–Meier median, or a paired difference), as Markdown tables
from the table report.py computes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govsim.simulation.metrics import format_number
from govsim.simulation.metrics import label as metric_label

MAX_MARKDOWN_POINTS = 60


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
