"""A district drawn by thinning (runs of 100,000 residents or more, govsim/core/sampling.py)
adopts as one drawn a number per resident: the whole-run check behind
tests/rules/test_thinning.py's one-state frequencies.

Nightly (slow): 2 × 6 runs of `district_100k` for 90 days, ~20 s. Each summary metric
that adoption moves is compared between the two ways of drawing over 6 seeds each
(Welch's t; the same seeds, but not the same random numbers, so the runs are not
paired). Seen red with a drawn candidate kept with its chance instead of chance ÷ bound.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from govsim.core import sampling
from govsim.running.runner import run
from govsim.scenario.config import load_scenario

pytestmark = pytest.mark.slow
SEEDS = range(6)
METRICS = ("adoption_rate", "adoption_rate_60plus", "digital_divide", "online_participation_share")


def summaries(monkeypatch, thinned_from: int) -> dict[str, np.ndarray]:
    monkeypatch.setattr(sampling, "THINNED_FROM", thinned_from)
    scenario = load_scenario("district_100k").model_copy(update={"days": 90})
    runs = [run(scenario, seed, series=False).summary for seed in SEEDS]
    return {m: np.array([r[m] for r in runs]) for m in METRICS}


def test_a_thinned_district_adopts_as_one_drawn_per_resident(monkeypatch):
    thinned = summaries(monkeypatch, sampling.THINNED_FROM)
    every = summaries(monkeypatch, 10**12)
    for m in METRICS:
        t = stats.ttest_ind(thinned[m], every[m], equal_var=False).statistic
        assert abs(t) < 4.5, (m, thinned[m], every[m])
    # the check can see a difference of this size: adoption's spread over seeds is small
    assert np.std(every["adoption_rate"]) < 0.01
