"""Hand-written numeric hot paths against the library they replace, on random inputs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from scipy import special, stats

import govsim
from govsim.core.stats import logistic, t_interval
from govsim.simulation.metrics import participation_gini


def test_logistic_is_expit():
    x = np.random.default_rng(1).normal(0, 8, 10_000)
    assert np.allclose(logistic(x), special.expit(x), rtol=1e-12, atol=0)
    assert not np.allclose(logistic(x), special.expit(0.9 * x), rtol=1e-3)  # can fail
    scalars = [float(v) for v in x[:500]] + [-699.9, -700.0, -750.0, -1e6, 1e6]
    for v in scalars:  # the scalar path (no errstate) gives the array path's numbers
        assert logistic(v) == logistic(np.array([v]))[0]


LOGISTIC_BY_HAND = re.compile(r"1(\.0)? / \(1(\.0)? \+ np\.exp\(")


def logistic_written_out(root: Path) -> list[str]:
    """Modules under `root` that write 1 / (1 + exp(−x)) out instead of calling logistic."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "stats.py" and LOGISTIC_BY_HAND.search(p.read_text("utf-8"))
    )


def test_the_logistic_function_is_written_once(tmp_path):
    """issue 21 item 6: govsim.core.stats.logistic is the one logistic (the survey had its
    own); a module that writes it out again is found (the check can fail)."""
    assert logistic_written_out(Path(govsim.__file__).parent) == []
    (tmp_path / "rule.py").write_text("p = 1.0 / (1.0 + np.exp(-logit))\n")
    assert logistic_written_out(tmp_path) == ["rule.py"]


def gini_reference(x: np.ndarray) -> float:
    """Mean absolute difference over all pairs / (2 · mean): the textbook Gini."""
    x = x.astype(float)
    if not x.sum():
        return 0.0
    return float(np.abs(x[:, None] - x[None, :]).mean() / (2 * x.mean()))


class _Ctx:
    """The part of a MetricContext participation_gini reads: the adults' counts of
    activities as the state's tallies keep them (a bincount: govsim/world/tallies.py) and
    the number of adults."""

    def __init__(self, counts: np.ndarray, adults: np.ndarray | None = None):
        self.adults = np.ones(len(counts), dtype=bool) if adults is None else adults
        per_value = np.bincount(counts[self.adults])
        tallies = type("T", (), {"adults_by_activities": staticmethod(lambda: per_value)})()
        self.state = type("S", (), {"tallies": tallies})()
        self.values: dict = {}

    def _fixed(self, name: str):
        return {"n_adults": np.count_nonzero(self.adults)}[name]


def test_participation_gini_matches_the_pairwise_definition():
    rng = np.random.default_rng(2)
    for _ in range(30):
        counts = rng.poisson(rng.uniform(0.1, 5), rng.integers(2, 400))
        assert np.isclose(
            participation_gini(_Ctx(counts)), gini_reference(counts), rtol=1e-10, atol=1e-12
        )
    equal = np.full(50, 3)
    assert participation_gini(_Ctx(equal)) == 0.0
    adults = rng.random(300) < 0.8  # only adults count: children's counts are left out
    counts = rng.poisson(2.0, 300)
    assert np.isclose(
        participation_gini(_Ctx(counts, adults)),
        gini_reference(counts[adults]),
        rtol=1e-10,
        atol=1e-12,
    )
    one = np.zeros(50, dtype=int)
    one[0] = 9
    assert np.isclose(participation_gini(_Ctx(one)), 49 / 50)


def test_t_interval_is_scipy_t_interval():
    rng = np.random.default_rng(3)
    for n in (2, 3, 10, 40):
        y = rng.normal(5, 2, n)
        low, high = t_interval(y.mean(), y.std(ddof=1), n)
        ref = stats.t.interval(0.95, n - 1, loc=y.mean(), scale=stats.sem(y))
        assert np.allclose([low, high], ref)
    low, high = t_interval(1.0, np.nan, 1)
    assert np.isnan(low) and np.isnan(high)
    low, high = t_interval(np.array([5.0, 2.0]), np.array([0.0, 1.0]), np.array([2, 3]))
    assert low[0] == high[0] == 5.0 and low[1] < 2.0 < high[1]  # equal values: the mean


def test_log1p_table_equals_numpy_on_random_counts():
    """The channel score's table lookup (measured 18 µs against np.log1p's 70 µs on 7,500
    counts) gives exactly np.log1p's numbers, inside and past the table."""
    from govsim.world.attitudes import log1p_count

    rng = np.random.default_rng(11)
    for counts in (
        rng.poisson(0.7, 7_500),
        rng.integers(0, 4_096, 50_000),
        rng.integers(0, 100_000, 1_000),
        np.zeros(0),
    ):
        counts = counts.astype(np.int32)
        assert np.array_equal(log1p_count(counts), np.log1p(counts))


def test_unit_clip_is_np_clip():
    from govsim.core.stats import unit_clip

    rng = np.random.default_rng(12)
    for x in (
        rng.normal(0.5, 0.6, 5_000),
        rng.normal(0.5, 0.6, 300).astype(np.float32),
        np.array([np.nan, -np.inf, np.inf, 0.0, 1.0, -1e-300]),
        np.zeros(0),
    ):
        clipped = unit_clip(x)
        assert clipped.dtype == np.clip(x, 0.0, 1.0).dtype
        assert np.array_equal(clipped, np.clip(x, 0.0, 1.0), equal_nan=True)
    assert 0 < np.mean(unit_clip(rng.normal(0.5, 0.6, 1_000)) == 1.0) < 0.5  # clips: can fail


def test_metric_mean_is_ndarray_mean():
    """metrics._mean (the daily series' means without ndarray.mean's Python layers) gives
    numpy's numbers exactly, and _std gives std()'s (index_value)."""
    from govsim.simulation.metrics import _mean, _std

    rng = np.random.default_rng(13)
    for n in (1, 2, 3, 7, 8, 9, 190, 1_000, 6_211, 6_500):
        for x in (
            rng.exponential(3.0, n),
            rng.random(n).astype(np.float32),
            rng.beta(0.5, 0.5, n).astype(np.float32),
        ):
            assert _mean(x) == x.mean() and _mean(x).dtype == x.mean().dtype
            assert _std(x, _mean(x)) == x.std() and _std(x, _mean(x)).dtype == x.std().dtype


def test_mean_interval_is_the_t_interval_of_the_values_left_after_nan():
    from govsim.core.stats import mean_interval, t_interval

    x = np.array([1.0, np.nan, 2.0, 4.0, 3.5])
    n, mean, sd, low, high = mean_interval(x)
    kept = x[~np.isnan(x)]
    assert (n, mean, sd) == (4, kept.mean(), kept.std(ddof=1))
    assert (low, high) == tuple(float(v) for v in t_interval(kept.mean(), kept.std(ddof=1), 4))
    assert np.isnan(mean_interval(np.array([np.nan]))[1])
