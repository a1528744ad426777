"""`govsim robustness`: do the scenarios' predicted directions survive the assumptions?

Every assumed key with a plausible range (:func:`govsim.schema.plausible_ranges`)
that a run reads (:func:`run_parameters`: the survey-only keys are left out) is a
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
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from govsim.config import ConfigError, flatten, load_scenario, scenario_to_dict
from govsim.output import atomic_write_bytes
from govsim.predictions import Prediction, load_predictions
from govsim.schema import plausible_ranges

TOP = 3  # parameters listed per prediction

SURVEY_ONLY = ("survey.", "attitudes.complicated_", "attitudes.security_",
               "attitudes.many_apps_", "attitudes.no_worries_", "attitudes.other_")
"""Assumed keys that only `govsim survey` reads (who answers, how answers are cut, the
main-concern logit): a run's metrics do not depend on them, so sampling them would only
add chance correlations to "flipped by" (tests/test_robustness.py checks they leave a run
unchanged)."""


def run_parameters() -> dict[str, tuple]:
    """The assumed keys a simulation run reads, with their plausible ranges."""
    return {k: r for k, r in plausible_ranges().items() if not k.startswith(SURVEY_ONLY)}


@dataclass
class Options:
    samples: int = 32
    seeds: int = 1
    workers: int | None = None
    days: int | None = None
    out: Path = Path("robustness")
    root_seed: int = 20261123


def factor_ranges(scenario: str, base: str) -> dict[str, list]:
    """Plausible range of every assumed key, scaled where `scenario` sets it as a lever."""
    ranges = run_parameters()
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


def write_experiment(name: str, base: str, opts: Options, outcomes: list[str]) -> Path:
    """The sweep of scenario `name` as an experiment file in OUT/experiments."""
    spec = {"name": f"robustness_{name}", "base": name, "design": "lhs",
            "samples": opts.samples, "replicates": opts.seeds, "root_seed": opts.root_seed,
            "outcomes": outcomes,
            "factors": {k: {"range": r} for k, r in factor_ranges(name, base).items()}}
    if opts.days:
        spec["days"] = opts.days
    path = opts.out / "experiments" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, yaml.safe_dump(spec, sort_keys=False).encode())
    return path


def sample_means(runs: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Mean over seeds per design point (the sample), one column per metric."""
    return runs[runs["status"] == "ok"].groupby("point")[metrics].mean() \
        if "status" in runs else runs.groupby("point")[metrics].mean()


def flips(holds: np.ndarray, unit: pd.DataFrame) -> list[dict[str, float]]:
    """Parameters most associated with the prediction failing (point-biserial r)."""
    from scipy.stats import pointbiserialr

    if holds.all() or not holds.any():
        return []
    rows = []
    for key in unit.columns:
        x = unit[key].to_numpy(dtype=float)
        if np.ptp(x) == 0:
            continue
        r = float(pointbiserialr(holds.astype(int), x).statistic)
        rows.append({"parameter": key, "r": r})
    rows.sort(key=lambda row: -abs(row["r"]))
    return rows[:TOP]


def evaluate(predictions: list[Prediction], means: dict[str, pd.DataFrame], base: str,
             unit: pd.DataFrame) -> list[dict[str, Any]]:
    results = []
    for p in predictions:
        row: dict[str, Any] = {"scenario": p.scenario, "metric": p.metric,
                               "direction": p.direction, "kind": p.kind}
        if p.sign == 0 or not p.measured:
            row["note"] = ("no direction predicted" if p.sign == 0 else
                           "metric not in this model version")
            results.append(row)
            continue
        diff = (means[p.scenario][p.metric] - means[base][p.metric]).to_numpy(dtype=float)
        holds = np.sign(diff) == p.sign
        row.update(samples=int(len(diff)), share_holds=float(holds.mean()),
                   mean_difference=float(np.nanmean(diff)),
                   flipped_by=flips(holds, unit.loc[means[base].index]))
        results.append(row)
    return results


def unit_positions(path: Path) -> pd.DataFrame:
    """Each sample's position 0–1 in each factor's range (the LHS unit matrix)."""
    from govsim.experiments.designs.lhs import unit_matrix
    from govsim.experiments.spec import load_experiment

    spec = load_experiment(path).spec
    return pd.DataFrame(unit_matrix(spec), columns=list(spec.factors))


def run_all(opts: Options) -> dict[str, Any]:
    from govsim.experiments.spec import load_experiment
    from govsim.experiments.sweep import sweep

    base, predictions = load_predictions()
    names = [base, *dict.fromkeys(p.scenario for p in predictions)]
    outcomes = sorted({p.metric for p in predictions if p.measured})
    n_runs = len(names) * opts.samples * opts.seeds
    print(f"robustness: {len(run_parameters())} assumed parameters, {opts.samples} samples × "
          f"{opts.seeds} seed(s) × {len(names)} scenarios = {n_runs} runs", flush=True)
    t0, means, paths = time.perf_counter(), {}, {}
    for i, name in enumerate(names):
        paths[name] = write_experiment(name, base, opts, outcomes)
        result = sweep(load_experiment(paths[name]), opts.out / "runs" / name,
                       workers=opts.workers, resume=True)
        if result.failures:
            raise ConfigError(f"{opts.out / 'runs' / name}: {len(result.failures)} run(s) "
                              "failed; see failures.json there")
        runs = pd.read_parquet(opts.out / "runs" / name / "runs.parquet")
        means[name] = sample_means(runs, outcomes)
        done = time.perf_counter() - t0
        left = done / (i + 1) * (len(names) - i - 1)
        print(f"robustness: {name} done; {done:.0f} s so far, about {left:.0f} s left",
              flush=True)
    unit = unit_positions(paths[base])
    return {"options": {"samples": opts.samples, "seeds": opts.seeds,
                        "days": opts.days or load_scenario(base).days,
                        "root_seed": opts.root_seed, "base": base},
            "parameters": {k: list(v) for k, v in run_parameters().items()},
            "predictions": evaluate(predictions, means, base, unit),
            "seconds": round(time.perf_counter() - t0, 1), "runs": n_runs}


def to_markdown(report: dict[str, Any]) -> str:
    o = report["options"]
    lines = ["# Robustness of the scenarios' predicted directions", "",
             f"{o['samples']} Latin-hypercube samples of all {len(report['parameters'])} "
             f"assumed parameters within their plausible ranges, {o['seeds']} seed(s) each, "
             f"{o['days']} days, every scenario paired with {o['base']} (same sample, same "
             f"seeds); {report['runs']} runs in {report['seconds']:.0f} s.", "",
             "A prediction *holds* in a sample when the mean over seeds of (scenario − "
             "base) has the predicted sign (a tie counts as not holding). *Most often flipped "
             "by*: the three parameters whose position in their plausible range is most "
             "correlated (point-biserial r) with holding; r > 0 means the prediction holds "
             "more often at the high end. Predictions of no change and metrics this model "
             "version lacks are listed, not scored. Written by `govsim robustness`; "
             "predictions from govsim/data/predictions.yaml.", "",
             "| scenario | metric | predicted | kind | holds in | mean difference | "
             "most often flipped by (point-biserial r) |", "|---|---|---|---|---|---|---|"]
    for r in report["predictions"]:
        if "note" in r:
            lines.append(f"| {r['scenario']} | `{r['metric']}` | {r['direction']} | {r['kind']} "
                         f"| n/a ({r['note']}) | | |")
            continue
        flip = {1.0: "never fails", 0.0: "never holds"}.get(r["share_holds"]) or ", ".join(
            f"`{f['parameter']}` ({f['r']:+.2f})" for f in r["flipped_by"])
        lines.append(f"| {r['scenario']} | `{r['metric']}` | {r['direction']} | {r['kind']} | "
                     f"{100 * r['share_holds']:.0f} % of {r['samples']} | "
                     f"{r['mean_difference']:+.4f} | {flip} |")
    lines += ["", "## Assumed parameters and their plausible ranges", "",
              "Declared in govsim/schema.py with `assumed(default, (lo, hi), …)`: the "
              "modeller's statement of uncertainty, narrower than the validation range.", "",
              "| parameter | plausible range |", "|---|---|"]
    lines += [f"| `{k}` | {lo} – {hi} |" for k, (lo, hi) in report["parameters"].items()]
    return "\n".join(lines) + "\n"


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from govsim.experiments.figures import save_figure
    from govsim.metrics import label

    rows = [r for r in report["predictions"] if "share_holds" in r]
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(rows) + 1.4), layout="constrained")
    y = np.arange(len(rows))
    colours = ["tab:blue" if r["kind"] == "indirect" else "tab:grey" for r in rows]
    ax.barh(y, [100 * r["share_holds"] for r in rows], color=colours)
    ax.set_yticks(y, [f"{r['scenario']}: {label(r['metric'], unit=False)} {r['direction']}"
                      for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.axvline(50, color="black", lw=0.5, ls=":")
    ax.set_xlabel("Samples in which the prediction holds (%)")
    ax.legend(handles=[Patch(color="tab:grey", label="direct (the lever's own outcome)"),
                       Patch(color="tab:blue", label="indirect")],
              fontsize=7, loc="lower right", framealpha=0.9)
    o = report["options"]
    ax.set_title(f"Share of {o['samples']} Latin-hypercube samples of the assumed parameters "
                 f"({o['seeds']} seed(s) each) in which\neach prediction holds; "
                 f"{report['runs']:,} runs", fontsize=8)
    save_figure(fig, path)


def robustness(opts: Options) -> dict[str, Any]:
    """Run (or resume) every sweep, then write robustness.json, .md and .png in OUT."""
    opts.out.mkdir(parents=True, exist_ok=True)
    report = run_all(opts)
    atomic_write_bytes(opts.out / "robustness.json",
                       (json.dumps(report, indent=2) + "\n").encode())
    atomic_write_bytes(opts.out / "robustness.md", to_markdown(report).encode())
    plot(report, opts.out / "robustness.png")
    return report


def cmd_robustness(args: Any) -> int:
    if args.samples < 2 or args.seeds < 1:
        raise ConfigError(f"--samples must be ≥ 2 and --seeds ≥ 1 (got {args.samples}, "
                          f"{args.seeds}).")
    opts = Options(samples=args.samples, seeds=args.seeds, workers=args.workers,
                   days=args.days, out=Path(args.out))
    report = robustness(opts)
    print(to_markdown(report))
    print(f"wrote {opts.out / 'robustness.json'}, robustness.md, robustness.png "
          f"({report['runs']} runs in {report['seconds']:.0f} s)")
    return 0
