"""A shipped paired experiment's result file (issue 29 items 2 and 9): runs the sweep into
results/NAME (`govsim sweep NAME --workers W`, resumable), then writes docs/NAME.csv: per
design point and outcome, the mean over replicates and the paired difference to
`paired.reference` (mean and 95 % t-interval over the pairs, govsim.core.stats), with the
commit and the run count. The docs quote this file.

    PYTHONPATH=$PWD nice -n 10 python scripts/paired_sweep_table.py out_of_hours_paired
    PYTHONPATH=$PWD nice -n 10 python scripts/paired_sweep_table.py coordination_paired
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

import govsim
from govsim.core.stats import mean_interval
from govsim.experiments.batch.spec import load_experiment

ROOT = Path(__file__).resolve().parents[1]


def table(name: str, runs: pd.DataFrame, commit: str) -> pd.DataFrame:
    """One row per design point and outcome: level mean and paired difference; `commit`:
    the one the sweep's runs were made at (its manifest), not the one at writing."""
    spec = load_experiment(name)
    factors = list(spec.factors)
    rows = []
    for _, group in runs.groupby("point", sort=True):
        for outcome in spec.outcomes:
            n, mean, _, _, _ = mean_interval(group[outcome].to_numpy())
            pairs, diff, sd, low, high = mean_interval(group[f"{outcome}_diff"].to_numpy())
            rows.append(
                {
                    **{f: group[f].iloc[0] for f in factors},
                    "outcome": outcome,
                    "runs": n,
                    "mean": mean,
                    "pairs": pairs,
                    "diff_mean": diff,
                    "diff_sd": sd,
                    "diff_low": low,
                    "diff_high": high,
                }
            )
    out = pd.DataFrame(rows)
    out["commit"] = "git:" + commit[:7]  # a bare 55e5951 reads back as a float
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    out = ROOT / "results" / args.experiment
    runs = govsim.sweep(args.experiment, workers=args.workers, out=out, resume=out.exists())
    made = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["git"]["commit"]
    table(args.experiment, pd.read_parquet(out / "runs.parquet"), made).to_csv(
        ROOT / "docs" / f"{args.experiment}.csv", index=False, float_format="%.6g"
    )
    print(f"{len(runs)} runs; docs/{args.experiment}.csv written")


if __name__ == "__main__":
    main()
