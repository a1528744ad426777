"""`govsim robustness`: do the scenarios' predicted directions survive the assumptions?

Every assumed key with a plausible range (:func:`govsim.scenario.schema.plausible_ranges`)
that a run reads (:func:`run_parameters`: the survey-only keys are left out), and that the
rules of at least one of the scenarios compared read (:func:`uncertainties`; a group of
keys whose switch is off in all of them, e.g. ``kpi.*`` and ``ranking.*`` without the
hotline reform, is no uncertainty of theirs: govsim/scenario/reads.py), is a
factor of one Latin-hypercube design. The same design (same points, same run seeds)
is run on the base scenario (Community Y) and on every scenario with predictions
(govsim/data/predictions.yaml), as one ordinary sweep per scenario
(``OUT/runs/NAME``, resumable: a rerun with the same options runs only what is
missing). A scenario that itself sets an assumed key (b_public_space sets
``participation.new_ties_per_participant``) keeps its ratio to the base: its
factor range is the base range times that ratio, so each sample is still paired.

For each sample and directional prediction (higher / lower), the prediction
*holds* when the mean over seeds of (scenario − base) has the predicted sign.
Reported: the share of samples in which it holds, and the assumed parameters
most associated with it flipping (point-biserial correlation between "holds"
and the parameter's position in its plausible range; none when it never flips).
For a prediction that holds in under 90 % of the samples, the PRIM box of the
samples where it holds (:mod:`govsim.experiments.analysis.discover`), on the assumed
parameters and on two derived quantities of the base run: its
``capacity_utilisation`` and ``demand_per_staff_hour``.

Every sample is kept: ``OUT/samples/NAME.parquet`` (one row per sample: the
base's parameter values, the base run's derived quantities, and per outcome the
scenario's mean, the base's and the difference ``<metric>_diff``), which
``govsim discover`` reads with those inputs. ``--scenario NAME`` runs one
scenario (with the base) alone. ``--posterior FILE`` (a calibration's
``posterior.parquet``) adds a second design of the same size: the calibrated
parameters drawn from the posterior by weight, the rest from their plausible
ranges (:mod:`govsim.experiments.search.futures`); each prediction then reports both shares.

This module computes the report (a dict: :func:`run_all`); robustness_report.py renders it
(markdown, figure) and holds the command's function, ``robustness(opts)``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from govsim.evidence.predictions import Prediction, load_predictions
from govsim.evidence.robustness_holds import evaluate, sample_means
from govsim.evidence.robustness_samples import Design, write_samples
from govsim.experiments.analysis.discover import DERIVED
from govsim.experiments.search.futures import NOT_DYNAMICS, SURVEY_ONLY, run_parameters  # noqa: F401
from govsim.running.output import atomic_write_bytes
from govsim.scenario.config import (
    ConfigError,
    flatten,
    load_scenario,
    parse_override,
    scenario_to_dict,
)


@dataclass
class Options:
    samples: int = 32
    seeds: int = 1
    workers: int | None = None
    days: int | None = None
    out: Path = Path("robustness")
    root_seed: int = 20261123
    scenario: str | None = None
    posterior: Path | None = None
    prior: bool = True  # False (--posterior-only): run only the posterior design
    overrides: tuple[str, ...] = ()  # --set KEY=VALUE: applied to every scenario's runs


def uncertainties(names: Iterable[str]) -> dict[str, tuple]:
    """The assumed keys a robustness run samples: those the rules of at least one of its
    scenarios read (govsim/scenario/reads.py), one design for all, so that every
    scenario and the base run the same samples."""
    return run_parameters(load_scenario(n) for n in dict.fromkeys(names))


def factor_ranges(
    scenario: str, base: str, ranges: Mapping[str, tuple] | None = None
) -> dict[str, list]:
    """Plausible range of every sampled key (`ranges`: default, those `scenario` or `base`
    reads), scaled where `scenario` sets it as a lever."""
    ranges = uncertainties([base, scenario]) if ranges is None else ranges
    mine = flatten(scenario_to_dict(load_scenario(scenario)))
    theirs = flatten(scenario_to_dict(load_scenario(base)))
    out = {}
    for key, (lo, hi) in ranges.items():
        if mine[key] == theirs[key]:
            out[key] = [lo, hi]
            continue
        ratio = mine[key] / theirs[key]
        lo, hi = lo * ratio, hi * ratio
        out[key] = [round(lo), round(hi)] if isinstance(mine[key], int) else [lo, hi]
    return out


def posterior_points(
    name: str, base: str, opts: Options, ranges: Mapping[str, tuple]
) -> dict[str, list]:
    """`opts.samples` draws: the posterior's parameters by weight, the rest from their
    plausible ranges; a key the scenario sets keeps its ratio to the base (as the ranges do)."""
    from govsim.experiments.batch.seeds import design_rng
    from govsim.experiments.search.futures import draw, read_posterior

    draws = draw(
        ranges, opts.samples, design_rng(opts.root_seed), read_posterior(opts.posterior, ranges)
    )  # type: ignore[arg-type]
    mine = flatten(scenario_to_dict(load_scenario(name)))
    theirs = flatten(scenario_to_dict(load_scenario(base)))
    out = {}
    for key in ranges:
        values = draws[key].to_numpy()
        if mine[key] != theirs[key]:
            values = values * (mine[key] / theirs[key])
        out[key] = [int(round(v)) if isinstance(mine[key], int) else float(v) for v in values]
    return out


def carry_posterior(
    frame: pd.DataFrame, fitted_on: str, base: str, *, clock: str = "_hour"
) -> pd.DataFrame:
    """A posterior fitted on scenario `fitted_on`, brought to scenario `base`'s regime.

    A key `fitted_on` sets away from `base` (the Beijing street's department staff-hours
    1.8 a day against Community Y's 18, its reporting bases about a fifth) says where the
    parameter sits *relative to that scenario's setting*: it is carried as a ratio,
    value x base / fitted_on, as :func:`posterior_points` carries a scenario's own lever.
    A clock hour set apart (the hotline's 0-24 h office against 8.5-17.5 h) is an
    institution, not a scale: it leaves the rows, so a robustness design draws it from
    its plausible range around `base`'s value. Keys both scenarios share pass unchanged.
    """
    theirs = flatten(scenario_to_dict(load_scenario(fitted_on)))
    mine = flatten(scenario_to_dict(load_scenario(base)))
    out = frame.copy()
    for key in frame.columns:
        if key not in mine or mine[key] == theirs.get(key):
            continue
        if key.endswith(clock) or not theirs.get(key):
            out = out.drop(columns=key)
        else:
            out[key] = frame[key] * (mine[key] / theirs[key])
    return out


def write_experiment(
    name: str,
    base: str,
    opts: Options,
    outcomes: list[str],
    points: dict[str, list] | None = None,
    ranges: Mapping[str, tuple] | None = None,
) -> Path:
    """The sweep of scenario `name` as an experiment file in OUT/experiments (`points`:
    the posterior design, else the Latin hypercube over the plausible ranges)."""
    spec = {
        "name": f"robustness_{name}",
        "base": name,
        "design": "lhs",
        "samples": opts.samples,
        "replicates": opts.seeds,
        "root_seed": opts.root_seed,
        "outcomes": outcomes,
        "factors": {k: {"range": r} for k, r in factor_ranges(name, base, ranges).items()},
    }
    if points is not None:
        spec.update(
            name=f"robustness_posterior_{name}",
            design="points",
            factors={k: {"values": v} for k, v in points.items()},
        )
        del spec["samples"]
    if opts.days:
        spec["days"] = opts.days
    if opts.overrides:  # fixed in every run (a smaller population for a quick look ...)
        spec["set"] = dict(parse_override(text) for text in opts.overrides)
    path = opts.out / "experiments" / f"{name}{'_posterior' if points else ''}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, yaml.safe_dump(spec, sort_keys=False).encode())
    return path


def unit_positions(path: Path) -> pd.DataFrame:
    """Each sample's position 0–1 in each factor's range (the LHS unit matrix)."""
    from govsim.experiments.batch.designs.lhs import unit_matrix
    from govsim.experiments.batch.spec import load_experiment

    spec = load_experiment(path).spec
    return pd.DataFrame(unit_matrix(spec), columns=list(spec.factors))


def scenario_names(opts: Options, base: str, predictions: list[Prediction]) -> list[str]:
    names = list(dict.fromkeys(p.scenario for p in predictions))
    if opts.scenario is None:
        return [base, *names]
    if opts.scenario not in names:
        raise ConfigError(
            f"--scenario {opts.scenario}: no predictions for it in "
            f"govsim/data/predictions.yaml; allowed: {', '.join(names)}."
        )
    return [base, opts.scenario]


def run_design(
    opts: Options, names: list[str], base: str, outcomes: list[str], posterior: bool = False
) -> Design:
    """Run (or resume) one sweep per scenario over the same samples and seeds."""
    from govsim.experiments.batch.spec import load_experiment
    from govsim.experiments.batch.sweep import sweep
    from govsim.experiments.search.futures import positions

    t0, means, paths, values = time.perf_counter(), {}, {}, None
    folder = "runs-posterior" if posterior else "runs"
    ranges = uncertainties([base, *names])
    for i, name in enumerate(names):
        points = posterior_points(name, base, opts, ranges) if posterior else None
        paths[name] = write_experiment(name, base, opts, outcomes, points, ranges)
        result = sweep(
            load_experiment(paths[name]),
            opts.out / folder / name,
            workers=opts.workers,
            resume=True,
        )
        if result.failures:
            raise ConfigError(
                f"{opts.out / folder / name}: {len(result.failures)} run(s) "
                "failed; see failures.json there"
            )
        runs = pd.read_parquet(opts.out / folder / name / "runs.parquet")
        means[name] = sample_means(runs, list(dict.fromkeys([*outcomes, *DERIVED])))
        if name == base:
            values = runs.groupby("point")[list(ranges)].first()
        done = time.perf_counter() - t0
        left = done / (i + 1) * (len(names) - i - 1)
        print(
            f"robustness: {name}{' (posterior)' if posterior else ''} done; {done:.0f} s so "
            f"far, about {left:.0f} s left",
            flush=True,
        )
    unit = positions(values, ranges) if posterior else unit_positions(paths[base])
    return Design(means=means, values=values, unit=unit)


def run_all(opts: Options) -> dict[str, Any]:
    base, predictions = load_predictions()
    names = scenario_names(opts, base, predictions)
    for name in names:  # a bad --set is named before any run (ConfigError: exit 2)
        load_scenario(name, opts.overrides, days=opts.days)
    ranges = uncertainties(names)
    if opts.posterior:  # a bad file is reported before any run
        from govsim.experiments.search.futures import read_posterior

        read_posterior(opts.posterior, ranges)
    predictions = [p for p in predictions if p.scenario in names]
    outcomes = sorted({p.metric for p in predictions})
    if not opts.prior and not opts.posterior:
        raise ConfigError("--posterior-only needs --posterior FILE.")
    designs = int(opts.prior) + int(bool(opts.posterior))
    n_runs = designs * len(names) * opts.samples * opts.seeds
    print(
        f"robustness: {len(ranges)} assumed parameters, {opts.samples} samples × "
        f"{opts.seeds} seed(s) × {len(names)} scenarios × {designs} design(s) = {n_runs} "
        "runs",
        flush=True,
    )
    t0 = time.perf_counter()
    results = None
    if opts.prior:
        prior = run_design(opts, names, base, outcomes)
        write_samples(prior, base, names, outcomes, opts.out / "samples")
        results = evaluate(predictions, prior.means, base, prior.unit, prior.inputs(base))
    if opts.posterior:
        post = run_design(opts, names, base, outcomes, posterior=True)
        write_samples(post, base, names, outcomes, opts.out / "samples-posterior")
        p_results = evaluate(predictions, post.means, base, post.unit, post.inputs(base))
        if results is None:  # --posterior-only: the posterior design is the report
            results = p_results
        else:
            for row, p_row in zip(results, p_results, strict=True):
                if "share_holds" in p_row:
                    row["posterior"] = {
                        k: p_row[k]
                        for k in ("samples", "share_holds", "share_holds_95", "mean_difference")
                    }
                    if "box_where_it_holds" in p_row:
                        row["posterior"]["box_where_it_holds"] = p_row["box_where_it_holds"]
    return {
        "options": {
            "samples": opts.samples,
            "seeds": opts.seeds,
            "days": opts.days or load_scenario(base).days,
            "root_seed": opts.root_seed,
            "base": base,
            "scenario": opts.scenario,
            "posterior": str(opts.posterior) if opts.posterior else None,
            "prior_design": opts.prior,
            "set": list(opts.overrides),
        },
        "parameters": {k: list(v) for k, v in ranges.items()},
        "predictions": results,
        "seconds": round(time.perf_counter() - t0, 1),
        "runs": n_runs,
    }
