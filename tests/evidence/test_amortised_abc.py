"""The amortised ABC and its coverage check, on a toy simulator with a known posterior.

Toy: two parameters uniform on [0, 1]; statistics = parameters + N(0, 0.05²) each, and a
third statistic that is pure noise. Away from the prior's edges the posterior of each
parameter is N(observed, 0.05²). Planted bugs the tests catch (each tried: red):
the posterior returned from the prior (`adjust` replaced by rows drawn at random) fails
the contraction test; the regression adjustment with the wrong sign fails coverage.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.evidence import amortised
from govsim.evidence.amortised import abc, coverage

SD = 0.05
LO, HI = np.zeros(2), np.ones(2)


def toy_bank(n: int = 4096, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    theta = amortised.design(LO, HI, n, seed)
    stats = np.column_stack([theta + rng.normal(0, SD, theta.shape), rng.normal(0, 1, n)])
    return theta, stats


def test_posterior_matches_the_known_one():
    theta, stats = toy_bank()
    observed = np.array([0.4, 0.6, 0.0])
    post = abc(theta, stats, observed, LO, HI, accept=0.05)
    mean = post.weights @ post.samples
    sd = np.sqrt(post.weights @ (post.samples - mean) ** 2)
    assert np.allclose(mean, [0.4, 0.6], atol=0.02)
    assert np.all(sd > 0.6 * SD) and np.all(sd < 1.5 * SD)  # prior sd is 0.29


def test_coverage_is_nominal():
    theta, stats = toy_bank()
    table = coverage(theta, stats, LO, HI, truths=600, accept=0.05, seed=3)
    for level, share in table.items():  # mean over the two keys: Monte Carlo sd ~1.5 points
        assert abs(share.mean() - level) <= 0.05, (level, share)


def test_coverage_catches_a_wrong_sign_adjustment(monkeypatch):
    theta, stats = toy_bank()
    real = amortised.abc

    def wrong_sign(theta, stats, observed, lo, hi, accept, scale, adjust, exclude):
        post = real(theta, stats, observed, lo, hi, accept, scale, adjust, exclude)
        raw = amortised._logit(theta[post.rows], lo, hi)
        moved = amortised._logit(post.samples, lo, hi) - raw
        post.samples = amortised._expit(raw - moved, lo, hi)
        return post

    monkeypatch.setattr(amortised, "abc", wrong_sign)
    table = coverage(theta, stats, LO, HI, truths=600, accept=0.05, seed=3)
    assert any(abs(share.mean() - level) > 0.05 for level, share in table.items())


@pytest.mark.parametrize("accept", [0.02, 0.1])
def test_adjustment_contracts_more_than_rejection(accept):
    theta, stats = toy_bank()
    observed = np.array([0.5, 0.5, 0.0])
    kept = abc(theta, stats, observed, LO, HI, accept=accept, adjust=False)
    moved = abc(theta, stats, observed, LO, HI, accept=accept, adjust=True)
    assert np.all(moved.samples.std(axis=0) <= kept.samples.std(axis=0) * 1.05)


def test_the_choice_is_calibrated_first_then_sharpest():
    theta, stats = toy_bank(n=2048)
    real = amortised.check(theta, stats, LO, HI, 300, 0.05, 3, True)
    assert real.miss() <= 0.05 and real.width.mean() < 0.3  # 90 % width ~0.16 of the range
    # a posterior drawn from the prior: calibrated exactly, its 90 % interval 0.9 of a range
    prior = amortised.Check({lv: np.full(2, lv) for lv in amortised.LEVELS}, np.full(2, 0.9))
    assert amortised.choose({"prior": prior, "real": real}) == "real"


def test_an_uncalibrated_candidate_is_not_chosen_for_its_sharpness():
    theta, stats = toy_bank(n=2048)
    real = amortised.check(theta, stats, LO, HI, 300, 0.05, 3, True)
    narrow = amortised.Check({lv: np.full(2, lv - 0.2) for lv in amortised.LEVELS}, real.width / 4)
    assert amortised.choose({"real": real, "narrow": narrow}) == "real"
    assert amortised.choose({"narrow": narrow}) == "narrow"  # none calibrated: the nearest
