"""Which keys the published statistics see: a first-order sensitivity screen of the bank.

The bank draws every key (the inferred ones by a Sobol design, every other assumed key
uniformly on its plausible range by the row's own seed), so each statistic's first-order
index S1 for each key can be estimated from the bank's rows as they are, with no new
runs: RBD-FAST on given data (SALib ``rbd_fast``; Plischke 2010, Reliab. Eng. Syst.
Saf. 95:354), with SALib's bootstrap 95 % intervals. Columns of independent uniform
noise, keys that do nothing ("dummies", Khorashadi Zadeh et al. 2017, Environ. Model.
Softw. 91:210), give the estimator's floor. A key is *influential* on a statistic when
the lower end of its interval is above the largest dummy's S1. (Not `govsim calibrate`'s
Morris screen, calibrate_screen.py: that needs runs on Morris trajectories of its own;
this reads a bank already made, whatever its design.)

**Cross-check.** RBD-FAST orders the rows by a key and reads the statistic along a
zigzag through that order (odd ranks up, even ranks down), so a statistic that
alternates between neighbouring ranks of a key looks like a slow wave of it. The
inferred keys' columns are a scrambled Sobol design, and at 1024 rows some pairs of
them interleave that way: the screen of the bank's first 1024 rows saw
``ranking.peer_sd`` and ``staffing.max_factor`` on resolution at months 0, 9 and 34
(S1 0.33, 0.28 at month 0) through ``kpi.solved_quality_from``'s effect, where a
binned estimate gives 0.011 and 0.012 (docs/calibration.md, "A bank that fits the
budget"). So a key is influential only when a second estimator agrees: S1 as the
variance of the statistic's mean over equal-count classes of the key (SALib ``delta``'s
"sobol" estimate, its own class count and bootstrap), whose lower end must also be above
its own dummies' largest S1. A class mean does not see an alternation between
neighbours.

Issue 28 item 3 asks that every influential key be inferred or conditioned:
:func:`govsim.evidence.infer_report.fit` infers the influential keys the bank did not
design, from the same rows (docs/calibration.md, "Which keys the statistics see").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

DUMMIES = 10  # algorithm: columns of noise whose largest S1 is the floor
HARMONICS = 10  # algorithm: rbd_fast's M (SALib's default)
RESAMPLES = 100  # algorithm: bootstrap resamples for the 95 % intervals (SALib's default)


@dataclass
class Screen:
    """S1 (statistic × key), the half-width of its 95 % interval, and each statistic's
    floor (the largest dummy's S1)."""

    s1: Any  # pandas DataFrame, statistics × keys
    conf: Any
    floor: Any  # pandas Series by statistic
    binned: Any = None  # the cross-check's S1 (module docstring), as s1; None: no check
    binned_conf: Any = None
    binned_floor: Any = None

    def seen(self) -> Any:
        """statistic × key: influential (the lower end of the interval above the floor, by
        both estimators when the screen made the cross-check)."""
        rbd = self.by_rbd()
        return rbd if self.binned is None else rbd & self.by_binned()

    def by_rbd(self) -> Any:
        return (self.s1 - self.conf).gt(self.floor, axis=0)

    def by_binned(self) -> Any:
        return (self.binned - self.binned_conf).gt(self.binned_floor, axis=0)

    def influential(self) -> list[str]:
        """Keys influential on at least one statistic, the largest S1 first."""
        seen = self.seen().any(axis=0)
        return list(self.s1.loc[:, seen].max(axis=0).sort_values(ascending=False).index)

    def to_dict(self) -> dict[str, Any]:
        """For a result file: each influential key's S1 and interval per statistic it
        reaches, and the floors."""
        seen = self.seen()
        return {
            "floor": {s: round(float(v), 4) for s, v in self.floor.items()},
            "influential": {
                k: {
                    s: [round(float(self.s1.at[s, k]), 4), round(float(self.conf.at[s, k]), 4)]
                    for s in self.s1.index
                    if seen.at[s, k]
                }
                for k in self.influential()
            },
            **({} if self.binned is None else {"cross_check": self.cross_check()}),
        }

    def cross_check(self) -> dict[str, Any]:
        """The binned estimator's floors, and the pairs RBD-FAST saw and it did not
        (key: statistic: [RBD-FAST's S1, the binned S1])."""
        dropped = self.by_rbd() & ~self.by_binned()
        return {
            "floor": {s: round(float(v), 4) for s, v in self.binned_floor.items()},
            "dropped": {
                k: {
                    s: [round(float(self.s1.at[s, k]), 4), round(float(self.binned.at[s, k]), 4)]
                    for s in self.s1.index
                    if dropped.at[s, k]
                }
                for k in self.s1.columns
                if dropped[k].any()
            },
        }


def screen(
    frame: Any,
    keys: list[str],
    statistics: list[str],
    seed: int,
    dummies: int = DUMMIES,
    cross_check: bool = True,
) -> Screen:
    """First-order indices of `keys` (columns of `frame`) on each of `statistics`, from
    the rows where that statistic is a number; keys that do not vary are left out.
    `cross_check`: also the binned estimate every influential pair must pass (module
    docstring)."""
    import pandas as pd
    from SALib.analyze import delta, rbd_fast

    keys = [k for k in keys if frame[k].nunique() > 1]
    rng = np.random.default_rng(seed)
    noise = [f"dummy {i}" for i in range(dummies)]
    x = np.column_stack([frame[keys].to_numpy(dtype=float), rng.random((len(frame), dummies))])
    names = [*keys, *noise]
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(c.min()), float(c.max())] for c in x.T],
    }
    s1, conf, floor, b1, bconf, bfloor = {}, {}, {}, {}, {}, {}
    for i, stat in enumerate(statistics):
        y = frame[stat].to_numpy(dtype=float)
        ok = np.isfinite(y)
        r = rbd_fast.analyze(
            problem, x[ok], y[ok], M=HARMONICS, num_resamples=RESAMPLES, seed=seed + i
        )
        s1[stat] = dict(zip(names, map(float, r["S1"]), strict=True))
        conf[stat] = dict(zip(names, map(float, r["S1_conf"]), strict=True))
        floor[stat] = max((s1[stat][n] for n in noise), default=0.0)
        if cross_check:
            b = delta.analyze(problem, x[ok], y[ok], num_resamples=RESAMPLES, seed=seed + i,
                              method="sobol")  # fmt: skip
            b1[stat] = dict(zip(names, map(float, b["S1"]), strict=True))
            bconf[stat] = dict(zip(names, map(float, b["S1_conf"]), strict=True))
            bfloor[stat] = max((b1[stat][n] for n in noise), default=0.0)
    s1, conf = pd.DataFrame(s1).T, pd.DataFrame(conf).T
    if not cross_check:
        return Screen(s1[keys], conf[keys], pd.Series(floor))
    b1, bconf = pd.DataFrame(b1).T, pd.DataFrame(bconf).T
    return Screen(s1[keys], conf[keys], pd.Series(floor), b1[keys], bconf[keys], pd.Series(bfloor))
