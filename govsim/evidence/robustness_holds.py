"""Whether each prediction holds across the samples of a robustness design: the share of
samples in which the mean over seeds of (scenario − base) has the predicted sign, its
Wilson interval, the parameters most associated with it flipping (point-biserial r) and,
for a fragile one, the PRIM box of where it holds (:mod:`govsim.evidence.robustness`
runs the designs; this module judges them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from govsim.evidence.predictions import Prediction
from govsim.scenario.config import ConfigError

TOP = 3  # parameters listed per prediction
FRAGILE = 0.9
"""A prediction holding in fewer samples than this gets the PRIM box of where it holds."""


def sample_means(runs: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Mean over seeds per design point (the sample), one column per metric."""
    return (
        runs[runs["status"] == "ok"].groupby("point")[metrics].mean()
        if "status" in runs
        else runs.groupby("point")[metrics].mean()
    )


def flips(holds: np.ndarray, unit: pd.DataFrame) -> list[dict[str, float]]:
    """Parameters most associated with the prediction failing (point-biserial r)."""
    from scipy.stats import pointbiserialr

    if holds.all() or not holds.any():
        return []
    rows = []
    for key in unit.columns:
        x = unit[key].to_numpy(dtype=float)
        if np.ptp(x) == 0:
            continue
        r = float(pointbiserialr(holds.astype(int), x).statistic)
        rows.append({"parameter": key, "r": r})
    rows.sort(key=lambda row: -abs(row["r"]))
    return rows[:TOP]


def holds_interval(holds: np.ndarray, level: float = 0.95) -> list[float]:
    """Wilson score interval of the share of samples in which a prediction holds: with 64
    samples all holding, the lower end is 0.94, so "holds in ≥ 90 %" can be read off it."""
    from scipy.stats import binomtest

    ci = binomtest(int(holds.sum()), len(holds)).proportion_ci(level, method="wilson")
    return [float(ci.low), float(ci.high)]


def holds_box(holds: np.ndarray, inputs: pd.DataFrame) -> dict[str, Any] | None:
    """The PRIM box of the samples where a prediction holds (None if PRIM finds none).

    Limits whose quasi-p is not below 0.05 are dropped one at a time (Bryant & Lempert
    2010). When that drops every limit, PRIM's box before dropping is kept as a *lead*
    (``"lead": True``): none of its limits is significant, though one may have had a
    quasi-p under 0.05 in that box before the others were dropped (a limit's quasi-p is
    measured against the box around it); ``dropped`` names what the search dropped.
    """
    from govsim.experiments.analysis.discover import discover

    frame = inputs.reset_index(drop=True).assign(holds=holds)
    try:
        found = discover(frame, "holds == True", list(inputs.columns), max_boxes=1)
        boxes = found["boxes"].attrs["json"]["boxes"]
        if boxes and not boxes[0]["limits"]:  # nothing significant: keep PRIM's box as a lead
            dropped = boxes[0]["dropped"]
            found = discover(
                frame, "holds == True", list(inputs.columns), max_boxes=1, drop_insignificant=False
            )
            boxes = [
                {**box, "significant": [], "dropped": dropped, "lead": True}
                for box in found["boxes"].attrs["json"]["boxes"]
            ]
    except ConfigError:
        return None
    return boxes[0] if boxes else None


def evaluate(
    predictions: list[Prediction],
    means: dict[str, pd.DataFrame],
    base: str,
    unit: pd.DataFrame,
    inputs: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """Per prediction: share of samples where it holds, mean difference, flips, and (with
    `inputs`, one row per sample) the PRIM box where it holds if it holds in < 90 %."""
    results = []
    for p in predictions:
        row: dict[str, Any] = {
            "scenario": p.scenario,
            "metric": p.metric,
            "direction": p.direction,
            "kind": p.kind,
        }
        if p.sign == 0:
            row["note"] = "no direction predicted"
            results.append(row)
            continue
        diff = (means[p.scenario][p.metric] - means[base][p.metric]).to_numpy(dtype=float)
        holds = np.sign(diff) == p.sign
        row.update(
            samples=int(len(diff)),
            share_holds=float(holds.mean()),
            share_holds_95=holds_interval(holds),
            mean_difference=float(np.nanmean(diff)),
            flipped_by=flips(holds, unit.loc[means[base].index]),
        )
        if inputs is not None and 0 < holds.mean() < FRAGILE:
            row["box_where_it_holds"] = holds_box(holds, inputs.loc[means[base].index])
        results.append(row)
    return results
