"""docs/policy_search.md, worked example: the cheapest storm_policy mix that holds in new
futures (issue 29 item 4).

`govsim optimise storm_policy --stress 100` stress-tests one Pareto mix: of those meeting
every constraint in all the search's futures (a tie on the share), the one with the
widest margin in its worst future. At this model's numbers that is the dearest mix. This
script walks the tied mixes of `docs/storm_policy_pareto.csv` from the cheapest (the first
objective, running cost) and stress-tests each over the same 100 new futures the
command draws (the stress stream of the search's seed), until one meets every constraint
in at least the share the constraint asks for (90 %) of them, at most `--most` mixes.
Each mix's runs go to `results/storm_policy-tied/NN/` (resumable, as the command's); the
mixes tried, their shares and the first that holds go to `docs/storm_policy_tied.json`.
A mix's stress runs depend on its levers, the search's seed and the number of futures
only, so the cheapest tied mix's result equals the second run's stress test
(`docs/storm_policy_stress_run2.json`). With a search's own folder, `govsim optimise
storm_policy --stress 100 --stress-cheapest 8` walks the same tie from the search's
evaluations (govsim.experiments.search.optimise_stress.walk, which this script calls).

    PYTHONPATH=$PWD .venv/bin/python scripts/storm_policy_tied.py [--most 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from govsim.experiments.search.optimise_runner import Runner, make_setup
from govsim.experiments.search.optimise_spec import load_optimisation
from govsim.experiments.search.optimise_stress import walk

ROOT = Path(__file__).resolve().parent.parent
FUTURES = 100
OUT = ROOT / "results" / "storm_policy-tied"


def tied_by_cost(pareto: pd.DataFrame, first_objective: str) -> pd.DataFrame:
    """The Pareto mixes meeting every constraint in all the search's futures, cheapest first
    (ties on cost in the file's order): the file holds each mix's shares, not the search's
    evaluations that `govsim optimise --stress-cheapest` reads for the same tie."""
    shares = [c for c in pareto.columns if c.startswith("share_holds: ")]
    tied = pareto[(pareto[shares] == 1.0).all(axis=1)]
    return tied.sort_values(first_objective, kind="stable")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--most", type=int, default=8, help="stress-test at most this many mixes")
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args(argv)
    opt = load_optimisation("storm_policy")
    first = opt.spec.objectives[0]
    tied = tied_by_cost(
        pd.read_csv(ROOT / "docs" / "storm_policy_pareto.csv"), f"{first.metric}_{first.robustness}"
    )
    runner = Runner(make_setup(opt), None, "local", a.workers)
    walked = walk(runner, tied, FUTURES, OUT, a.most, progress=True)
    result = json.loads((OUT / "walk.json").read_text())
    result["search_seed"] = runner.setup.seed
    (ROOT / "docs" / "storm_policy_tied.json").write_text(json.dumps(result, indent=1) + "\n")
    print(walked["tried"].drop(columns="key").to_string(index=False))
    print("first that holds:", walked["first_that_holds"], "of", walked["tied"], "tied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
