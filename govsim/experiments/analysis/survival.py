"""Time-to-event outcomes over runs, censored where a run ends before the event.

``recovery_days`` is NaN in a run whose backlog is not back by its end: not missing,
but right-censored at ``recovery_observed_days`` (the days the run watched after the
last shock); so is ``shock_cases_cleared_days``. A mean over the recovered runs is biased
low, so a point's recovery is the Kaplan–Meier estimate (``scipy.stats.ecdf`` of
``CensoredData``) over all its runs: its median, the 95 % interval of the median from
the log-log band of the survival function, and how many runs were censored. When fewer
than half recover, the median is not reached: it is only known to exceed the longest time
observed.
"""

from __future__ import annotations

import warnings

import numpy as np

CENSORED_AT = {
    "recovery_days": "recovery_observed_days",
    "shock_cases_cleared_days": "recovery_observed_days",
}
"""A time-to-event outcome → the metric holding the time at which a run without the event is
censored."""
LEVEL = 0.95


def _first_at_or_below(times: np.ndarray, survival: np.ndarray, p: float = 0.5) -> float:
    below = np.flatnonzero(survival <= p + 1e-12)
    return float(times[below[0]]) if len(below) else float("nan")


def summarise_censored(time: np.ndarray, observed: np.ndarray) -> dict[str, float | int]:
    """Runs `time` (NaN = no event) censored at `observed`: n, censored, KM median and its
    95 % interval (high NaN = not reached), and the longest time observed."""
    from scipy import stats

    time, observed = np.asarray(time, dtype=float), np.asarray(observed, dtype=float)
    has_event = ~np.isnan(time)
    censored = ~has_event & ~np.isnan(observed)  # NaN observed: no events in the scenario
    n = int(has_event.sum() + censored.sum())
    out: dict[str, float | int] = {
        "n": n,
        "censored": int(censored.sum()),
        "km_median": float("nan"),
        "km_low": float("nan"),
        "km_high": float("nan"),
        "km_median_above": float("nan"),
    }
    if n == 0:
        return out
    out["km_median_above"] = float(np.nanmax(np.where(has_event, time, observed)))
    if not has_event.any():  # all censored: nothing below the longest time watched is known
        return out
    data = stats.CensoredData(uncensored=time[has_event], right=observed[censored])
    sf = stats.ecdf(data).sf
    times = sf.quantiles
    out["km_median"] = _first_at_or_below(times, sf.probabilities)
    if n > 1:
        with warnings.catch_warnings():  # undefined where S = 0 or 1 (NaN there): expected
            warnings.simplefilter("ignore", RuntimeWarning)
            band = sf.confidence_interval(LEVEL, method="log-log")
        out["km_low"] = _first_at_or_below(times, band.low.probabilities)
        out["km_high"] = _first_at_or_below(times, band.high.probabilities)
    return out
