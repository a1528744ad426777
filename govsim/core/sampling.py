"""Rare daily events in a large population, drawn by thinning (issue 32 item 3).

A rule in which each resident of a large set has a small daily chance (adopt the
platform, drop out of it) would draw one number per resident per day: a million draws
and the arrays around them for a few hundred events. Thinning draws the same events
with work in proportion to the events: every resident is *drawn* independently with a
bound `bound` ≥ anyone's chance (the number drawn is binomial, then who is a uniform
subset of that size), and a drawn resident with chance `p` is *kept* with probability
`p / bound`. Each resident is then kept with probability `bound × p / bound = p`,
independently of the others: the same distribution as one uniform draw per resident,
with other random numbers, so a run's numbers differ (tests/rules/test_thinning.py checks
the frequencies against the plain draw).

Used only in runs of at least `THINNED_FROM` residents (`RunTables.thinned`), so every
run of a shipped community-sized scenario keeps the numbers it always had (golden runs,
model fingerprints, every result file); docs/scale.md has the measurement.
"""

from __future__ import annotations

import numpy as np

# Algorithm constants, not model assumptions: they choose how events are drawn, never
# their distribution.
THINNED_FROM = 100_000  # algorithm: runs of this many residents or more draw by thinning
THIN_BELOW = 0.05  # algorithm: a bound at or above this draws everyone (thinning saves little)


def thinned_rows(n: int, bound: float, rng: np.random.Generator) -> np.ndarray:
    """Rows of 0..n−1, each independently with probability `bound`, sorted (int64)."""
    if bound <= 0.0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    k = int(rng.binomial(n, bound))
    return np.sort(rng.choice(n, k, replace=False, shuffle=False))


def kept(chance: np.ndarray, bound: float, rng: np.random.Generator) -> np.ndarray:
    """Which drawn rows to keep: each with probability ``chance / bound`` (chance ≤ bound)."""
    return rng.random(len(chance)) * bound < chance


def distinct_sorted(rows: np.ndarray) -> np.ndarray:
    """`rows` if already strictly ascending (today's coached residents, as patrol lists
    them: members of distinct households in order), else ``np.unique(rows)``."""
    if len(rows) < 2 or bool((rows[1:] > rows[:-1]).all()):
        return rows
    return np.unique(rows)
