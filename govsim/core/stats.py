"""Small numeric helpers used in several places, each defined once.

``logistic`` is numpy's ``1 / (1 + exp(-x))`` rather than
``scipy.special.expit``: importing ``scipy.special`` costs about two thirds of
importing pandas, which every ``govsim run`` would pay for four one-line uses
(measured with ``python -X importtime``; docs/DEVELOPING.md). A test checks it
against ``expit`` on random inputs. ``t_interval`` is ``scipy.stats.t.interval``
(imported when called: reports and comparisons only).
"""

from __future__ import annotations

import numpy as np


def logistic(x: np.ndarray | float) -> np.ndarray | float:
    """The logistic function 1 / (1 + e^−x) (``scipy.special.expit``).

    Very negative x (a steep gate, tiny log-odds) overflows e^−x to inf and gives 0,
    the right value: the overflow warning is silenced, found by the property test
    (tests/scenario/test_valid_means_runs.py)."""
    if isinstance(x, float) and x > -700.0:  # a scalar that cannot overflow: skip errstate
        return 1.0 / (1.0 + np.exp(-x))  # (the context costs more than the exp)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def unit_clip(x: np.ndarray) -> np.ndarray:
    """``np.clip(x, 0, 1)`` as ``minimum(maximum(x, 0), 1)``: the same numbers (NaN stays NaN;
    only a −0.0 could keep its sign), without np.clip's Python wrapper (1.6 µs of 3.8 on the
    few dozen values a rule clips; tests/core/test_stats.py)."""
    return np.minimum(np.maximum(x, 0.0), 1.0)


def t_interval(
    mean: np.ndarray | float, sd: np.ndarray | float, n: np.ndarray | int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval of a mean from `n` values: ``scipy.stats.t.interval`` with n − 1
    degrees of freedom and scale sd / √n; NaN where n < 2."""
    from scipy import stats

    n, mean = np.asarray(n, dtype=float), np.asarray(mean, dtype=float)
    ok = n > 1
    scale = np.asarray(sd, dtype=float) / np.sqrt(np.where(ok, n, 1.0))
    spread = ok & (scale > 0)  # scipy needs scale > 0; all values equal: the interval is the mean
    low, high = stats.t.interval(
        level, np.where(ok, n - 1, 1.0), loc=np.nan_to_num(mean), scale=np.where(spread, scale, 1.0)
    )
    point = np.where(ok & (scale == 0), mean, np.nan)
    return np.where(spread, low, point), np.where(spread, high, point)


def mean_interval(
    values: np.ndarray, level: float = 0.95
) -> tuple[int, float, float, float, float]:
    """(n, mean, sd, low, high) of the non-NaN `values`: the sample mean, its standard
    deviation (ddof 1) and the Student-t interval of the mean (:func:`t_interval`); the
    summary of a design point's runs or of its paired differences."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    mean = float(x.mean()) if n else float("nan")
    sd = float(x.std(ddof=1)) if n > 1 else float("nan")
    low, high = t_interval(mean, sd, n, level)
    return n, mean, sd, float(low), float(high)
