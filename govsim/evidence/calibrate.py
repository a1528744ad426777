"""`govsim calibrate TARGETS`: which assumed parameters do the data identify, and what values?

Two stages (docs/calibration.md, "Calibration with uncertainty"):

1. **Screening** (SALib, Morris elementary effects) over the plausible ranges of the
   candidate assumed keys: a key is *identifiable* when moving it across its range
   moves some fitted target by at least ``screening.threshold`` of that target's
   uncertainty (μ* ÷ uncertainty); the ``max_parameters`` strongest are inferred.
   Each Morris point runs with the same seed and the keys not screened at the
   scenario's values (common random numbers), so an elementary effect is the key's own.
   Morris, not Sobol: with ~70 candidates Morris needs r·(k + 1) runs (4 × 71 = 284),
   Sobol N·(2k + 2) with N ≥ 64 (over 9,000), and screening only has to rank.
2. **ABC-SMC** (pyabc) on the identifiable keys, priors uniform over their plausible
   ranges, distance the Euclidean norm of (simulated − target) ÷ uncertainty over the
   fitted targets. pyabc, not ELFI: maintained, ABC-SMC with adaptive thresholds out of
   the box, a sqlite history that a run continues from (``ABCSMC.load``), and a sampler
   interface small enough to put govsim's engines under it (:mod:`govsim.evidence.pool`).
   The keys not inferred stay at their priors (``others: prior``: drawn from their
   plausible ranges in every simulation, so the posterior carries their uncertainty) or
   at the scenario's values (``others: fixed``).

Output in DIR: ``posterior.parquet`` (one column per inferred key, dotted schema name,
plus ``weight`` summing to 1), ``screening.json``, ``calibration.json`` and
``calibration.md`` (runs, wall time, ESS, ε per generation, posterior predictive of
every target, held out included), and PNG + SVG plots (screening, marginals, pair
plot, predictive). ``abc.db`` (pyabc's history) and ``runs.sqlite`` (every
evaluation) make it resumable: ``--resume`` continues where it stopped.

This module computes (screening, ABC-SMC, the predictive, the summary dict);
calibrate_report.py renders the summary and draws the plots.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from govsim.evidence.calibrate_report import plots, to_markdown
from govsim.evidence.calibrate_screen import progress_bar, screen
from govsim.evidence.pool import OrderedMap, RunStore, cached_map, make_sampler
from govsim.evidence.simulate import Simulator, prior_ranges
from govsim.evidence.targets import TargetsFile, load_targets
from govsim.scenario.config import ConfigError


def _need_pyabc() -> None:
    try:
        import pyabc  # noqa: F401
    except ImportError:
        raise ConfigError(
            "govsim calibrate needs pyabc: pip install 'govsim[calibrate]' (or pip install pyabc)."
        ) from None


# --- ABC-SMC --------------------------------------------------------------------------


class FitModel:
    """The ABC model: a Simulator's output restricted to the fitted targets."""

    def __init__(self, simulator: Simulator, fit: list[str]) -> None:
        self.simulator, self.fit = simulator, fit

    def __call__(self, parameters: Any) -> dict[str, float]:
        out = self.simulator(dict(parameters))
        return {k: out[k] for k in self.fit}


def fit_distance(spec: TargetsFile) -> Any:
    """ABC's distance: the Euclidean norm of (simulated − target) ÷ uncertainty over the
    fitted targets (pyabc's PNormDistance, weights 1/σ), so a target known to ±0.01 pulls
    a hundred times harder than one known to ±1 (tests/evidence/test_abc_distance.py)."""
    import pyabc

    return pyabc.PNormDistance(p=2, fixed_weights={t.name: 1.0 / t.uncertainty for t in spec.fit})


def abc_smc(
    spec: TargetsFile,
    keys: list[str],
    out: Path,
    pool: OrderedMap,
    store: RunStore | None,
    resume: bool,
    progress: bool = True,
) -> Any:
    """Run (or continue) pyabc's ABC-SMC; returns the pyabc History."""
    import logging

    import pyabc

    for name in ("ABC", "Epsilon", "Population", "Distance", "Acceptor", "ABC.Sampler"):
        logging.getLogger(name).setLevel(logging.WARNING)
    simulator = Simulator.from_file(spec, keys)
    ranges = prior_ranges(simulator.scenario, spec.priors)
    prior = pyabc.Distribution(
        **{
            k: pyabc.RV("uniform", float(ranges[k][0]), float(ranges[k][1] - ranges[k][0]))
            for k in keys
        }
    )
    model = FitModel(simulator, [t.name for t in spec.fit])
    a = spec.abc
    bar = progress_bar(None, "ABC-SMC") if progress else None
    sampler = make_sampler(
        pool, store, spec.seed, int(a["batch"]), progress=bar.advance if bar is not None else None
    )
    np.random.seed(spec.seed)  # noqa: NPY002 - pyabc draws from the global generator
    abc = pyabc.ABCSMC(
        model,
        prior,
        fit_distance(spec),
        population_size=int(a["population"]),
        sampler=sampler,
    )
    db = out / "abc.db"
    url = f"sqlite:///{db}"
    observed = {t.name: t.value for t in spec.fit}
    try:
        if db.exists() and resume:
            history = abc.load(url, 1)
            done = history.max_t + 1
        else:
            history = abc.new(url, observed)
            done = 0
        left = int(a["generations"]) - done
        if left > 0:
            history = abc.run(minimum_epsilon=float(a["min_epsilon"]), max_nr_populations=left)
    finally:
        if bar is not None:
            bar.close()
    return history


def posterior_frame(history: Any) -> Any:
    """The last generation: one column per key, ``weight`` normalised to sum 1."""
    frame, w = history.get_distribution(m=0, t=history.max_t)
    frame = frame.reset_index(drop=True)
    frame.columns.name = None
    frame = frame[sorted(frame.columns)]
    frame["weight"] = np.asarray(w, dtype=float) / float(np.sum(w))
    return frame


def effective_sample_size(weights: np.ndarray) -> float:
    from pyabc.weighted_statistics import effective_sample_size as ess

    return float(ess(np.asarray(weights, dtype=float)))


def predictive(
    spec: TargetsFile,
    posterior: Any,
    keys: list[str],
    pool: OrderedMap,
    store: RunStore | None,
    n: int,
) -> dict[str, dict[str, float]]:
    """Posterior predictive of every target: `n` draws by weight (a Generator of the seed)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([spec.seed, 7])))
    rows = rng.choice(len(posterior), size=n, p=posterior["weight"].to_numpy())
    draws = [{k: float(posterior[k].iloc[r]) for k in keys} for r in rows]
    results = cached_map(pool, store, "predictive", 0, Simulator.from_file(spec, keys), draws)
    out = {}
    for t in spec.targets:
        y = np.array([r[t.name] for r in results], dtype=float)
        y = y[~np.isnan(y)]
        stats = {"target": t.value, "uncertainty": t.uncertainty, "use": t.use, "source": t.source}
        if len(y):
            stats.update(
                mean=float(y.mean()),
                lo=float(np.percentile(y, 5)),
                hi=float(np.percentile(y, 95)),
                deviation=float(y.mean() - t.value),
            )
        out[t.name] = stats
    return out


# --- the command ----------------------------------------------------------------------


def calibrate(
    targets: str | Path,
    out: str | Path | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = True,
) -> dict[str, Any]:
    """Screen, infer, predict and write everything in `out`; returns the summary."""
    spec = load_targets(targets)
    _need_pyabc()
    out = Path(out or f"calibration_{spec.path.stem}")
    if out.exists() and any(out.iterdir()) and not resume:
        raise ConfigError(
            f"--out {out}: the folder exists and is not empty; use --resume to "
            "continue the calibration there, or another --out."
        )
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    store = RunStore(out / "runs.sqlite")
    try:
        with OrderedMap(engine, workers, scheduler) as pool:
            if spec.calibrate:
                screening = {
                    "method": "none (keys given by `calibrate:`)",
                    "runs": 0,
                    "chosen": list(spec.calibrate),
                }
            else:
                screening = screen(spec, pool, store, progress)
            (out / "screening.json").write_text(json.dumps(screening, indent=2) + "\n")
            keys = screening["chosen"]
            if not keys:
                raise ConfigError(
                    f"{spec.path}: screening found no assumed key that moves a "
                    f"fitted target by ≥ {spec.screening['threshold']} of its "
                    "uncertainty; lower screening.threshold or list keys under "
                    "`calibrate:`."
                )
            history = abc_smc(spec, keys, out, pool, store, resume, progress)
            posterior = posterior_frame(history)
            posterior.to_parquet(out / "posterior.parquet", index=False)
            pred = predictive(spec, posterior, keys, pool, store, int(spec.abc["predictive"]))
        runs, runs_now = store.count(), store.count(store.session)
    finally:
        store.close()
    populations = history.get_all_populations()
    ranges = prior_ranges(Simulator.from_file(spec, keys).scenario, spec.priors)
    summary = {
        "targets": str(spec.path.name),
        "scenario": spec.scenario,
        "seed": spec.seed,
        "engine": engine,
        "workers": workers,
        "others": spec.others,
        "calibrated": keys,
        "priors": {k: list(ranges[k]) for k in keys},
        "screening_runs": screening["runs"],
        "abc": {
            "population": int(spec.abc["population"]),
            "generations": int(history.max_t + 1),
            "epsilon": [float(e) for e in populations["epsilon"].tolist()[1:]],
            "simulations": [int(s) for s in populations["samples"].tolist()[1:]],
        },
        "runs": runs,
        "runs_this_call": runs_now,
        "wall_seconds": round(time.perf_counter() - t0, 1),
        "effective_sample_size": effective_sample_size(posterior["weight"].to_numpy()),
        "posterior": {
            k: {
                "mean": float(np.average(posterior[k], weights=posterior["weight"])),
                "q05": weighted_quantile(posterior[k], posterior["weight"], 0.05),
                "q95": weighted_quantile(posterior[k], posterior["weight"], 0.95),
            }
            for k in keys
        },
        "predictive": pred,
        "fit_mean_abs_z": _mean_abs_z(pred, "fit"),
        "held_out_mean_abs_z": _mean_abs_z(pred, "held_out"),
    }
    (out / "calibration.json").write_text(json.dumps(_safe(summary), indent=2) + "\n")
    (out / "calibration.md").write_text(to_markdown(summary))
    plots(spec, screening, posterior, keys, pred, out, ranges)
    return summary


def weighted_quantile(values: Any, weights: Any, q: float) -> float:
    v, w = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    order = np.argsort(v)
    cum = np.cumsum(w[order]) / w.sum()
    return float(v[order][min(np.searchsorted(cum, q), len(v) - 1)])


def _mean_abs_z(pred: dict, use: str) -> float | None:
    z = [
        abs(p["deviation"]) / p["uncertainty"]
        for p in pred.values()
        if p["use"] == use and "deviation" in p
    ]
    return float(np.mean(z)) if z else None


def _safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
