"""A simulation bank of the Beijing reform, months 0-35, drawn from the prior.

Each row: the inferred keys from a scrambled Sobol design over their prior ranges, every
other assumed key drawn from its plausible range by the row's own seed
(``SeedSequence([seed, row])``, fresh per row), one run of ``beijing_reform``, and the
statistics Beijing published for months 0-34 as the observation model reads them
(docs/ODD.md §7.9, §7.13). Every key's value is stored with the row, so an accepted
row is a *joint* draw of all keys. Rows are written in chunks of ``chunk`` as Parquet
files (``part-00000.parquet`` …) as they finish: a bank killed and restarted runs only
the chunks not yet on disk. Runs go through :class:`govsim.evidence.pool.OrderedMap`
(local processes or Dask); the rows do not depend on the engine or worker count.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from govsim.evidence.pool import OrderedMap
from govsim.evidence.simulate import Simulator, prior_ranges
from govsim.scenario.schema import value_at

# The reform's magnitudes (docs/calibration.md, "Keys of the second-round Beijing
# model") and the January 2019 calibration's keys (beijing_2019_posterior.parquet).
REFORM_KEYS = (
    "ranking.pressure", "ranking.quality_learning", "ranking.quality_ceiling",
    "ranking.effort_learning", "ranking.effort_ceiling", "ranking.decay",
    "ranking.whistle_months", "ranking.peer_ceiling", "ranking.peer_months",
    "ranking.peer_sd", "hotline.contact_staff_hours_per_day",
    "hotline.contact_hours_per_request", "hotline.recontact_share",
    "hotline.recontact_lift", "hotline.unreasonable_share", "hotline.management_months",
    "uptake.latent_demand", "uptake.publicity_months", "uptake.awareness_learning",
    "uptake.folded_calls", "uptake.folding_start_month", "uptake.folding_months",
    "staffing.load_following", "staffing.ranking_staff", "staffing.adjust",
    "staffing.max_factor",
)  # fmt: skip
BASELINE_KEYS = (
    "kpi.satisfied_from", "kpi.solved_quality_from", "needs.issues_per_adult_year",
    "responders.quality_mean", "responders.social_group_staff_hours_per_day",
)  # fmt: skip

# (statistic, metric, first month, last month): a rate pooled over the months around a
# published month (a city-wide figure is a mean over 333 streets; a street's one month
# is a few dozen ratings), calls over a calendar year.
STATISTICS = (
    ("response_m0", "response_rate", 0, 0),
    ("resolution_m0", "resolution_rate", 0, 0),
    ("satisfaction_m0", "satisfaction_rate", 0, 0),
    ("response_m9", "response_rate", 8, 10),
    ("resolution_m9", "resolution_rate", 8, 10),
    ("satisfaction_m9", "satisfaction_rate", 8, 10),
    ("satisfaction_m11", "satisfaction_rate", 10, 12),
    ("resolution_m34", "resolution_rate", 33, 34),
    ("satisfaction_m34", "satisfaction_rate", 33, 34),
    ("calls_2019", "calls_per_resident_year", 0, 11),
    ("calls_2020", "calls_per_resident_year", 12, 23),
)
# Published value and its uncertainty (sd), govsim/data/beijing_12345_2019_2021.json.
OBSERVED = {
    "response_m0": (1.0, 0.03),  # reported as 100 %; assumed ±3 points (as beijing_2019.yaml)
    "resolution_m0": (0.5309, 0.02),  # assumed: street-to-street spread, two points
    "satisfaction_m0": (0.6461, 0.02),
    "response_m9": (1.0, 0.03),  # 100 % every month of 2019
    "resolution_m9": (0.7436, 0.02),
    "satisfaction_m9": (0.8539, 0.02),
    "satisfaction_m11": (0.8726, 0.02),
    "resolution_m34": (0.89, 0.02),  # rounded as published
    "satisfaction_m34": (0.92, 0.02),
    "calls_2019": (0.32, 0.01),  # 6.96M vs 7.11M calls: the two as the uncertainty
    "calls_2020": (0.50, 0.04),  # assumed: 2020 holds 1.08M COVID requests the model lacks
}
LAST_MONTH = 34
# The January 2019 calibration's own prior for a key the schema leaves open
# (govsim/data/calibration/beijing_2019.yaml, `priors:`).
PRIORS = {"needs.issues_per_adult_year": (0.1, 0.6)}


class BankRun:
    """One bank row: (values of the inferred keys, seed words) -> all keys + statistics."""

    def __init__(self, scenario: Any, keys: list[str]) -> None:
        self.scenario, self.keys = scenario, keys

    def __call__(self, job: tuple[dict[str, float], list[int]]) -> dict[str, float]:
        from govsim.simulation import metrics
        from govsim.simulation.model import GovernanceModel

        values, words = job
        seed = np.random.SeedSequence(words)
        sim = Simulator(self.scenario, [], words[0], self.keys, "prior", priors=PRIORS)
        config = sim.configure(values, seed)
        model = GovernanceModel(config, np.random.Generator(np.random.PCG64(seed)), series=False)
        r = config.ranking
        out = {k: float(value_at(config, k)) for k in prior_ranges(self.scenario, PRIORS)}
        for name, metric, first, last in sorted(STATISTICS, key=lambda s: s[3]):
            end = r.start_day + r.month_days * (last + 1) - 1
            while model.day <= end:
                model.step()
            lo = r.start_day + r.month_days * first
            # that metric alone (and what it uses): the same value as among all of them
            out[name] = float(
                metrics.evaluate(model.state, config, lo, end, names=[metric])[metric]
            )
        return out


def design_ranges(scenario: Any) -> dict[str, tuple]:
    """Prior ranges of the bank: the plausible ranges, except the January 2019 keys.

    The five keys of the January 2019 calibration are drawn from the box of its
    posterior (beijing_2019_posterior.parquet, min-max): conditioned on month 0, which
    this inference fits again (a double use of month 0's three numbers, written down in
    docs/calibration.md), so that the bank is not spent on streets January 2019 rules out.
    """
    import pandas as pd

    from govsim.evidence.forecast import DEFAULT_POSTERIOR

    ranges = prior_ranges(scenario, PRIORS)
    january = pd.read_parquet(DEFAULT_POSTERIOR)
    for key in BASELINE_KEYS:
        ranges[key] = (float(january[key].min()), float(january[key].max()))
    return ranges


def jobs(keys: list[str], ranges: dict, n: int, seed: int) -> list[tuple[dict, list[int]]]:
    """The bank's design rows: Sobol values of `keys` and the seed words of each row."""
    lo = np.array([ranges[k][0] for k in keys], dtype=float)
    hi = np.array([ranges[k][1] for k in keys], dtype=float)
    points = design(lo, hi, n, seed)
    return [(dict(zip(keys, map(float, p), strict=True)), [seed, i]) for i, p in enumerate(points)]


def design(lo: np.ndarray, hi: np.ndarray, n: int, seed: int) -> np.ndarray:
    from govsim.evidence.amortised import design as sobol

    return sobol(lo, hi, n, seed)


def build(
    scenario: Any,
    out: Path,
    n: int,
    seed: int = 2021,
    workers: int = 2,
    chunk: int = 32,
    engine: str = "local",
    keys: list[str] | None = None,
) -> Path:
    """Run (or resume) the bank in `out`; print progress and runs per minute per chunk."""
    import pandas as pd

    keys = list(keys or (*REFORM_KEYS, *BASELINE_KEYS))
    ranges = design_ranges(scenario)
    rows = jobs(keys, ranges, n, seed)
    out.mkdir(parents=True, exist_ok=True)
    t0, done = time.perf_counter(), 0
    with OrderedMap(engine, workers) as pool:
        for start in range(0, n, chunk):
            path = out / f"part-{start // chunk:05d}.parquet"
            if path.exists():
                continue
            part = rows[start : start + chunk]
            results = pool.map(BankRun(scenario, keys), part)
            frame = pd.DataFrame(results)
            frame.insert(0, "row", range(start, start + len(part)))
            frame.to_parquet(path.with_suffix(".tmp"), index=False)
            path.with_suffix(".tmp").rename(path)
            done += len(part)
            minutes = (time.perf_counter() - t0) / 60
            print(
                f"bank {start + len(part)}/{n} rows; {done} run now in {minutes:.1f} min "
                f"= {done / minutes:.1f} runs/min",
                flush=True,
            )
    return out


def load(out: Path) -> Any:
    """The bank's rows so far, in row order: a bank folder's parts, or one kept file."""
    import pandas as pd

    out = Path(out)
    parts = [out] if out.is_file() else sorted(out.glob("part-*.parquet"))
    if not parts:
        raise SystemExit(f"{out}: no bank rows (part-*.parquet) here")
    return pd.concat([pd.read_parquet(p) for p in parts]).sort_values("row").reset_index(drop=True)
