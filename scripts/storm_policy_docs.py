"""docs/policy_search.md, worked example: copy the result files of `govsim optimise
storm_policy --stress 100` into docs/ and print the numbers the doc quotes.

Run from the repository root after the search:
`PYTHONPATH=$PWD .venv/bin/python scripts/storm_policy_docs.py [results/storm_policy-optimise]`.
Writes docs/storm_policy_convergence.csv, docs/storm_policy_pareto.csv,
docs/storm_policy_stress.json, docs/storm_policy_summary.txt, the figures
docs/img/storm_policy_{tradeoff,parallel,convergence}.png and
docs/storm_policy_details.json: what the doc reads from the files that are not copied
(candidates by grid workers, the stress futures' outcomes, the hypervolume's steps).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from govsim.simulation.metrics import format_number


def main(folder: str = "results/storm_policy-optimise") -> None:
    out, docs = Path(folder), Path("docs")
    conv = pd.read_csv(out / "convergence.csv")
    conv.to_csv(docs / "storm_policy_convergence.csv", index=False)
    pareto = pd.read_parquet(out / "pareto.parquet")
    pareto.to_csv(docs / "storm_policy_pareto.csv", index=False)
    shutil.copy(out / "stress" / "stress.json", docs / "storm_policy_stress.json")
    shutil.copy(out / "summary.txt", docs / "storm_policy_summary.txt")
    for name in ("tradeoff", "parallel", "convergence"):
        shutil.copy(out / f"{name}.png", docs / "img" / f"storm_policy_{name}.png")
    manifest = json.loads((out / "optimise.json").read_text())
    stress = json.loads((out / "stress" / "stress.json").read_text())
    cands = pd.read_parquet(out / "candidates.parquet")
    best = pd.read_parquet(out / "best_futures.parquet")
    print("sessions", manifest["sessions"], "model_runs", manifest["model_runs"])
    print("candidates", len(cands), "feasible", int(cands["feasible"].sum()))
    print(conv.to_string(index=False))
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(pareto.drop(columns="key").to_string(index=False, float_format=format_number))
    print(
        "best (search futures): meets all in",
        int(best["meets_constraints"].sum()),
        "of",
        len(best),
        "; levers",
        best.iloc[0][[c for c in pareto.columns if "." in c]].to_dict(),
    )
    details = worked_details(out, conv, pareto, cands, best)
    (docs / "storm_policy_details.json").write_text(json.dumps(details, indent=1) + "\n")
    print("details", json.dumps(details, indent=1))
    print(
        "stress",
        {
            k: stress[k]
            for k in (
                "candidate",
                "share_meeting_each_constraint",
                "share_meeting_all",
                "runs_made",
                "wall_seconds",
            )
        },
    )


GRID = "organisation.grid_workers"


def worked_details(out: Path, conv, pareto, cands, best) -> dict:
    """The numbers docs/policy_search.md derives from the search's candidates and stress
    futures (not copied into docs/), so that they too are tied to a result file."""
    stress = pd.read_parquet(out / "stress" / "stress_futures.parquet")
    levers = [c for c in pareto.columns if "." in c and c != GRID]
    hv = conv["hypervolume"].to_numpy()
    shares = pareto[[c for c in pareto.columns if c.startswith("share_holds")]]
    worked = stress["meets_constraints"].mean()
    return {
        "candidates_by_grid_workers": {
            str(k): {"evaluated": int(len(g)), "feasible": int(g["feasible"].sum())}
            for k, g in cands.groupby(GRID)
        },
        "pareto_by_grid_workers": {
            str(k): int(n) for k, n in pareto[GRID].value_counts().sort_index().items()
        },
        "pareto_yearly_cost_per_grid_worker": cost_per_grid_worker(pareto, levers),
        "pareto_meeting_all_in_every_search_future": int((shares == 1).all(axis=1).sum()),
        "hypervolume_step_percent": np.round(100 * (hv[1:] / hv[:-1] - 1), 1).tolist(),
        "hypervolume_rise_first_five": round(float(hv[4] - hv[0]), 3) if len(hv) > 4 else None,
        "hypervolume_rise_last_two_steps": round(float(hv[-1] - hv[-3]), 3),
        "hypervolume_percent_last_two_steps": round(100 * float(hv[-1] / hv[-3] - 1), 1),
        "hypervolume_percent_last_three_steps": round(100 * float(hv[-1] / hv[-4] - 1), 1),
        "stress_futures_failing": int((~stress["meets_constraints"]).sum()),
        "chance_all_search_futures_at_stress_share": round(float(worked ** len(best)), 3),
        "stress_recovery_days": describe(stress["recovery_days"]),
        "stress_mean_days_raised_to_resolved": describe(stress["mean_days_raised_to_resolved"]),
    }


def cost_per_grid_worker(pareto: pd.DataFrame, levers: list[str]) -> list[int]:
    """Yearly cost per grid worker between Pareto mixes equal in every other lever."""
    out: set[int] = set()
    for _, group in pareto.groupby(levers):
        group = group.sort_values(GRID)
        step = np.diff(group["yearly_cost_mean"].to_numpy()) / np.diff(group[GRID].to_numpy())
        out |= {round(float(x)) for x in step}
    return sorted(out)


def describe(values: pd.Series) -> dict:
    """Min, median, mean and max of a stress outcome (NaN, not recovered, counted apart)."""
    v = values.dropna()
    stats = {"min": v.min(), "median": v.median(), "mean": v.mean(), "max": v.max()}
    return {
        **{k: round(float(x), 2) for k, x in stats.items()},
        "missing": int(values.isna().sum()),
    }


if __name__ == "__main__":
    main(*sys.argv[1:])
