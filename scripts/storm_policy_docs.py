"""docs/policy_search.md, worked example: copy the result files of `govsim optimise
storm_policy --stress 100` into docs/ and print the numbers the doc quotes.

Run from the repository root after the search:
`PYTHONPATH=$PWD .venv/bin/python scripts/storm_policy_docs.py [results/storm_policy-optimise]`.
Writes docs/storm_policy_convergence.csv, docs/storm_policy_pareto.csv,
docs/storm_policy_stress.json, docs/storm_policy_summary.txt and the figures
docs/img/storm_policy_{tradeoff,parallel,convergence}.png.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

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


if __name__ == "__main__":
    main(*sys.argv[1:])
