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
    """The logistic function 1 / (1 + e^−x) (``scipy.special.expit``)."""
    return 1.0 / (1.0 + np.exp(-x))


def t_interval(mean: np.ndarray | float, sd: np.ndarray | float, n: np.ndarray | int,
               level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval of a mean from `n` values: ``scipy.stats.t.interval`` with n − 1
    degrees of freedom and scale sd / √n; NaN where n < 2."""
    from scipy import stats

    n = np.asarray(n, dtype=float)
    ok = n > 1
    df = np.where(ok, n - 1, 1.0)
    scale = np.asarray(sd, dtype=float) / np.sqrt(np.where(ok, n, 1.0))
    low, high = stats.t.interval(level, df, loc=mean, scale=scale)
    return np.where(ok, low, np.nan), np.where(ok, high, np.nan)
