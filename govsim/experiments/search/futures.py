"""Futures: values of the assumed parameters to judge a policy or a prediction across.

A future is one value for each uncertain parameter. They are drawn once, from
the plausible ranges (a Latin hypercube, as ``govsim robustness`` samples) or,
for the parameters a calibration constrained, from its posterior ensemble
(``posterior.parquet``: one column per parameter named by its dotted schema
key, and ``weight`` summing to 1; draws with replacement in proportion to the
weights), the rest from their ranges. Randomness comes from the generator the
caller passes (one per command, from its seed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from govsim.scenario.config import ConfigError
from govsim.scenario.reads import read_by_any
from govsim.scenario.schema import Scenario, plausible_ranges

WEIGHT = "weight"


def read_posterior(path: str | Path, allowed: Mapping[str, tuple]) -> pd.DataFrame:
    """The posterior's parameter columns (known schema keys) and normalised weights."""
    path = Path(path)
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 - missing file or not Parquet
        raise ConfigError(f"--posterior {path}: cannot read a Parquet posterior ({err}).") from None
    if WEIGHT not in frame:
        raise ConfigError(
            f"--posterior {path}: no `weight` column; a posterior has one column "
            "per calibrated parameter (dotted schema key) and `weight`."
        )
    # a calibration may also infer what only the questionnaire reads (SURVEY_ONLY) or what
    # changes no simulated day (NOT_DYNAMICS): futures of a run leave those out
    frame = frame.drop(
        columns=[
            c for c in frame.columns if c.startswith(SURVEY_ONLY) or c.startswith(NOT_DYNAMICS)
        ]
    )
    unknown = [c for c in frame.columns if c != WEIGHT and c not in allowed]
    if unknown:
        raise ConfigError(
            f"--posterior {path}: column(s) {', '.join(unknown)} are not assumed "
            "parameters a run reads (the schema's assumed keys with a plausible "
            "range; `govsim robustness` lists them in robustness.json)."
        )
    weights = frame[WEIGHT].to_numpy(dtype=float)
    if (
        len(frame) == 0
        or not np.isfinite(weights).all()
        or (weights < 0).any()
        or weights.sum() <= 0
    ):
        raise ConfigError(f"--posterior {path}: `weight` must be finite, ≥ 0 and not all 0.")
    frame = frame.copy()
    frame[WEIGHT] = weights / weights.sum()
    return frame


def _is_integer(bounds: tuple) -> bool:
    return all(type(v) is int for v in bounds)


def from_ranges(ranges: Mapping[str, tuple], k: int, rng: np.random.Generator) -> pd.DataFrame:
    """K Latin-hypercube draws within each range (integer ranges give integers)."""
    from scipy.stats import qmc

    keys = list(ranges)
    if not keys:
        return pd.DataFrame(index=range(k))
    unit = qmc.LatinHypercube(d=len(keys), rng=rng).random(k)
    columns = {}
    for j, key in enumerate(keys):
        lo, hi = ranges[key]
        if _is_integer((lo, hi)):
            columns[key] = np.minimum(lo + np.floor(unit[:, j] * (hi - lo + 1)), hi).astype(int)
        else:
            columns[key] = lo + unit[:, j] * (hi - lo)
    return pd.DataFrame(columns)


def draw(
    ranges: Mapping[str, tuple],
    k: int,
    rng: np.random.Generator,
    posterior: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """K futures: posterior columns drawn by weight (whole rows, so correlations stay), the
    other parameters of `ranges` from their ranges. One row per future."""
    rest = {
        key: r for key, r in ranges.items() if posterior is None or key not in posterior.columns
    }
    sampled = from_ranges(rest, k, rng)
    if posterior is None:
        return sampled
    rows = rng.choice(len(posterior), size=k, replace=True, p=posterior[WEIGHT].to_numpy())
    drawn = posterior.drop(columns=WEIGHT).iloc[rows].reset_index(drop=True)
    drawn.attrs["posterior_rows"] = rows.tolist()
    out = pd.concat([drawn, sampled], axis=1)
    out.attrs["posterior_rows"] = rows.tolist()
    return out


def positions(futures: pd.DataFrame, ranges: Mapping[str, tuple]) -> pd.DataFrame:
    """Each future's position 0–1 in each parameter's range."""
    return pd.DataFrame(
        {
            k: (futures[k].astype(float) - lo) / (hi - lo) if hi > lo else 0.5
            for k, (lo, hi) in ranges.items()
            if k in futures
        }
    )


SURVEY_ONLY = (
    "survey.",
    "attitudes.complicated_",
    "attitudes.security_",
    "attitudes.many_apps_",
    "attitudes.no_worries_",
    "attitudes.other_",
    "population.female_share",
)
"""Assumed keys that only `govsim survey` reads (who answers, how answers are cut, the
main-concern logit), and `population.female_share`, which no rule reads: a run's metrics
do not depend on them, so sampling them would only add chance correlations to "flipped
by" (tests/evidence/test_robustness.py checks they leave a run unchanged)."""


NOT_DYNAMICS = ("costs.", "warmup_days")
"""Assumed keys that change no simulated day: the yuan of the cost metrics and the days a
summary leaves out (issue 22). Left out of the samples like SURVEY_ONLY: they would change
the design's other columns, not what the model does."""


OFF_BY_DEFAULT = ("out_of_hours.", "costs.duty_officer_yuan_per_year")
"""Assumed keys read only when an out-of-hours lever is on (issue 29; off in every shipped
scenario). Without scenarios to ask (:func:`run_parameters` called bare) they are left out
of the samples, so the designs (and results) of robustness, futures and calibration
screening stay as they were before the levers existed; given scenarios, the switch decides
(govsim/scenario/reads.py). A study of the levers samples them by naming them itself."""


def run_parameters(scenarios: Iterable[Scenario] = ()) -> dict[str, tuple]:
    """The assumed keys a simulation run reads, with their plausible ranges; given
    `scenarios`, only those the rules of at least one of them read (a group whose switch
    is off in all of them is no uncertainty of theirs: govsim/scenario/reads.py)."""
    ranges = {
        k: r
        for k, r in plausible_ranges().items()
        if not k.startswith(SURVEY_ONLY) and not k.startswith(NOT_DYNAMICS)
    }
    scenarios = list(scenarios)
    if not scenarios:
        return {k: r for k, r in ranges.items() if not k.startswith(OFF_BY_DEFAULT)}
    return {k: ranges[k] for k in read_by_any(ranges, scenarios)}
