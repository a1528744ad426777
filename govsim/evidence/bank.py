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
Month 0's three rates are read over ``STREETS`` streets of the same keys (the row's run
and short runs of months -1 and 0 alone, ``streets-00000.parquet`` …; see ``STREETS``),
the later rates over ``LATER_STREETS`` (``later-00000.parquet`` …).
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

    def configure(self, values: dict[str, float], words: list[int]) -> Any:
        """The row's scenario: `values`, and every other key drawn by the row's seed."""
        sim = Simulator(self.scenario, [], words[0], self.keys, "prior", priors=PRIORS)
        return sim.configure(values, np.random.SeedSequence(words))

    def __call__(self, job: tuple[dict[str, float], list[int]]) -> dict[str, float]:
        values, words = job
        config = self.configure(values, words)
        out = {k: float(value_at(config, k)) for k in prior_ranges(self.scenario, PRIORS)}
        return out | statistics(config, np.random.SeedSequence(words), STATISTICS)


def statistics(config: Any, seed: np.random.SeedSequence, which: tuple) -> dict[str, float]:
    """Run `config` with `seed` as far as the last of `which` needs; their values."""
    from govsim.simulation import metrics
    from govsim.simulation.model import GovernanceModel

    model = GovernanceModel(config, np.random.Generator(np.random.PCG64(seed)), series=False)
    r, out = config.ranking, {}
    for name, metric, first, last in sorted(which, key=lambda s: s[3]):
        end = r.start_day + r.month_days * (last + 1) - 1
        while model.day <= end:
            model.step()
        lo = r.start_day + r.month_days * first
        # that metric alone (and what it uses): the same value as among all of them
        out[name] = float(metrics.evaluate(model.state, config, lo, end, names=[metric])[metric])
    return out


# Month 0's three rates rest on a single month of one quarter street's ratings: its seed
# sd (0.055-0.065, docs/calibration.md) is three times the data's assumed 0.02. A city
# figure is a mean over 333 streets, so month 0 is read as the mean over STREETS quarter
# streets of the same keys: the row's own run and STREETS - 1 more runs of the warm-up and
# month 0 (seed words [*row's words, j], j = 1 …), each ~6 % of a row's cost.
# Assumed: 11 brings one street's 0.06 to ~0.02 (0.06 / √11 = 0.018).
STREETS = 11
MONTH0 = tuple(s for s in STATISTICS if s[3] == 0)

# Months 8-12 and 33-34 rested on one street too: satisfaction's seed sd, median over 5
# posterior rows (6 seeds each) of the 2048-row fit, was 0.034 (months 8-10), 0.035
# (10-12) and 0.024 (33-34) against the data's 0.02 (docs/calibration.md). A rate after
# month 0 whose last month is at most m is read over LATER_STREETS[m] streets: the row's
# run and the extra streets j = 1 … run on. Assumed: 4 streets bring 0.035 to ~0.018
# (0.035 / √4), 2 bring 0.024 to ~0.017; calls' seed sd is below its targets with one
# street (0.005 against 0.01 and 0.04) and stays the row's.
LATER_STREETS = {12: 4, LAST_MONTH: 2}
LATER = tuple(s for s in STATISTICS if s[3] > 0 and s[1] != "calls_per_resident_year")


def later_streets(stat: tuple) -> int:
    """How many streets a statistic of LATER is read over."""
    return next(n for last, n in sorted(LATER_STREETS.items()) if stat[3] <= last)


class ExtraStreets:
    """A row's extra streets j = 1 …, each run as far as the statistics read over more than
    j streets need: month 0 over `streets`, and with `later` the later rates over
    ``LATER_STREETS`` (street 1 to month 34, streets 2-3 to month 12, 4-10 to month 0:
    2,340 simulated days, 2.2 rows' worth, where month 0's pass and the later rates' pass
    run apart would be 2,520). Each statistic summed over the streets, and how many are
    numbers (a street with no rating in a month has none). Street j's numbers do not
    depend on how far it runs: its month 0 is the same run to month 0 or to month 34 (the
    random stream is the run's and a metric only reads the state)."""

    def __init__(
        self, scenario: Any, keys: list[str], streets: int = STREETS, later: bool = False
    ) -> None:
        self.run, self.streets, self.later = BankRun(scenario, keys), streets, later

    def reads(self, j: int) -> tuple:
        """The statistics street `j` is read for."""
        month0 = MONTH0 if j < self.streets else ()
        return month0 + tuple(s for s in LATER if self.later and later_streets(s) > j)

    def __call__(self, job: tuple[dict[str, float], list[int]]) -> dict[str, float]:
        values, words = job
        config = self.run.configure(values, words)
        most = max(self.streets, max(LATER_STREETS.values()) if self.later else 1)
        runs = [
            statistics(config, np.random.SeedSequence([*words, j]), self.reads(j))
            for j in range(1, most)
        ]
        out = summed(runs, MONTH0) if self.streets > 1 else {}
        return out | (summed(runs, LATER) if self.later else {})


def summed(runs: list[dict[str, float]], which: tuple) -> dict[str, float]:
    """Each statistic of `which` summed over the runs that have it, and how many do."""
    out: dict[str, float] = {}
    for name, *_ in which:
        v = np.array([r[name] for r in runs if name in r], dtype=float)
        out[f"{name}_sum"] = float(np.nansum(v))
        out[f"{name}_n"] = float(np.isfinite(v).sum())
    return out


def with_streets(frame: Any, *extras: Any) -> Any:
    """Each statistic as the mean over the streets that have it: the row's run and the
    extra streets' sums and counts (:class:`ExtraStreets`). ``streets``: month 0's
    streets per row; ``later_streets``: the most any later rate is read over (1 without)."""
    frame = frame.copy()
    for name, *_ in STATISTICS:
        parts = [e for e in extras if f"{name}_sum" in e]
        if not parts:
            continue
        own = frame[name].to_numpy(dtype=float)
        total = np.nan_to_num(own) + sum(e[f"{name}_sum"].to_numpy(dtype=float) for e in parts)
        n = np.isfinite(own) + sum(e[f"{name}_n"].to_numpy(dtype=float) for e in parts)
        with np.errstate(invalid="ignore", divide="ignore"):
            frame[name] = np.where(n > 0, total / n, np.nan)

    def most(which: tuple) -> Any:
        columns = [f"{s[0]}_n" for s in which]
        counts = [
            e[[c for c in columns if c in e]].max(axis=1).to_numpy()
            for e in extras
            if any(c in e for c in columns)
        ]
        return 1 + (np.max(counts, axis=0) if counts else 0)

    frame["streets"] = most(MONTH0)
    frame["later_streets"] = most(LATER)
    return frame


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
    streets: int = 1,
    later: bool = False,
) -> Path:
    """Run (or resume) the bank in `out`; print progress and runs per minute per chunk.

    `streets` > 1: each chunk also gets ``streets-NNNNN.parquet``, its rows' month 0 in
    `streets` - 1 more streets; `later`: ``later-NNNNN.parquet``, its rows' later rates
    in more streets (``LATER_STREETS``). Both from one :class:`ExtraStreets` per row, so
    a street that both read runs once; :func:`load` averages them in. A bank made without
    them gains them by running again with `streets` and `later`."""
    import pandas as pd

    keys = list(keys or (*REFORM_KEYS, *BASELINE_KEYS))
    ranges = design_ranges(scenario)
    rows = jobs(keys, ranges, n, seed)
    out.mkdir(parents=True, exist_ok=True)
    t0, done = time.perf_counter(), 0
    extra = {"streets": streets > 1, "later": later}
    with OrderedMap(engine, workers) as pool:
        for start in range(0, n, chunk):
            part = rows[start : start + chunk]
            path = {p: out / f"{p}-{start // chunk:05d}.parquet" for p in ("part", *extra)}
            tasks = [] if path["part"].exists() else [(("part",), BankRun(scenario, keys))]
            wanted = tuple(p for p, on in extra.items() if on and not path[p].exists())
            if wanted:
                task = ExtraStreets(
                    scenario, keys, streets if "streets" in wanted else 1, "later" in wanted
                )
                tasks.append((wanted, task))
            for prefixes, task in tasks:
                t_chunk = time.perf_counter()
                frame = pd.DataFrame(pool.map(task, part))
                for prefix in prefixes:
                    which = {"part": (), "streets": MONTH0, "later": LATER}[prefix]
                    names = [f"{s[0]}_{e}" for s in which for e in ("sum", "n")]
                    own = (frame[names] if names else frame).copy()
                    own.insert(0, "row", range(start, start + len(part)))
                    own.to_parquet(path[prefix].with_suffix(".tmp"), index=False)
                    path[prefix].with_suffix(".tmp").rename(path[prefix])
                done += len(part)
                minutes = (time.perf_counter() - t0) / 60
                what = "+".join(prefixes)
                clock(out, what, len(part), time.perf_counter() - t_chunk)
                print(
                    f"bank {what} {start + len(part)}/{n} rows; {done} run now in "
                    f"{minutes:.1f} min = {done / minutes:.1f} runs/min",
                    flush=True,
                )
    return out


def clock(out: Path, prefix: str, rows: int, seconds: float) -> None:
    """Add a chunk's rows and wall seconds to ``timing.json`` (kept across resumes)."""
    import json

    path = out / "timing.json"
    timing = json.loads(path.read_text()) if path.is_file() else {}
    entry = timing.setdefault(prefix, {"rows": 0, "seconds": 0.0})
    entry["rows"] += rows
    entry["seconds"] = round(entry["seconds"] + seconds, 1)
    entry["rows_per_minute"] = round(60 * entry["rows"] / entry["seconds"], 1)
    path.write_text(json.dumps(timing, indent=1) + "\n")


def load(out: Path) -> Any:
    """The bank's rows so far, in row order: a bank folder's parts, or one kept file.

    Each statistic is the mean over the row's streets where a folder holds ``streets-*``
    (month 0) or ``later-*`` (later rates) files for every row (:func:`with_streets`); a
    kept file holds them averaged already."""
    import pandas as pd

    out = Path(out)
    if out.is_file():
        return pd.read_parquet(out)
    frame = _rows(sorted(out.glob("part-*.parquet")), out)
    extras = []
    for prefix, what in (("streets", "month 0's"), ("later", "the later rates'")):
        parts = sorted(out.glob(f"{prefix}-*.parquet"))
        if parts:
            extra = _rows(parts, out)
            if not extra["row"].equals(frame["row"]):
                raise SystemExit(f"{out}: {what} extra streets do not match the bank's rows yet")
            extras.append(extra)
    return with_streets(frame, *extras)


def first(frame: Any, n: int, where: Path | str) -> Any:
    """The bank's first `n` design rows: the bank ``build`` makes with ``n`` and the same
    seed (a Sobol design's first points, each row's seed its index), so a smaller bank
    read from a larger one's rows, not a resample. SystemExit if `where` holds fewer."""
    rows = frame["row"].to_numpy()
    if n < 1 or not np.array_equal(rows[:n], np.arange(n)):
        raise SystemExit(
            f"{where}: the bank has rows 0..{len(frame) - 1}; --rows must be 1-{len(frame)}"
        )
    return frame.iloc[:n].reset_index(drop=True)


def _rows(parts: list[Path], out: Path) -> Any:
    import pandas as pd

    if not parts:
        raise SystemExit(f"{out}: no bank rows (part-*.parquet) here")
    return pd.concat([pd.read_parquet(p) for p in parts]).sort_values("row").reset_index(drop=True)
