"""Can this tree's bank redraw the rows of the stored Beijing reform posterior? (issue 29 item 7)

`beijing_inference` is stale, and remaking it means a new bank and a new fit, which
would overwrite govsim/data/calibration/beijing_reform_posterior.parquet: forecast 2 was
drawn from that file, so it is never refitted. The bank (results/beijing_bank2) was not
kept. What can be checked without a run: the parameter side of each bank row. A row is
a scrambled Sobol point of the inferred keys (bank.REFORM_KEYS, BASELINE_KEYS), plus
every other assumed key drawn from its plausible range by the row's seed
(Simulator.configure). A rebuilt bank can reproduce the posterior only if each posterior
row's non-inferred keys come out exactly as stored; the inferred keys are stored as
drawn (rejection ABC, no adjustment) and must match a design point to rounding.

Prints, for the first ROWS rows of the bank's design (the posterior's bank was stopped
at 280; the design's prefix does not depend on the rows asked for), how many posterior
rows find their bank row. Runs no simulation (about 30 s). From the repository root:
``PYTHONPATH=$PWD .venv/bin/python scripts/beijing_bank_draws.py``. Run in a worktree of
an older commit (that tree on PYTHONPATH, this script) to see where the draws changed:
docs/calibration.md "Why this result is not remade" says what it found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govsim.evidence import bank
from govsim.evidence.infer_report import POSTERIOR
from govsim.evidence.simulate import Simulator, prior_ranges
from govsim.scenario.config import load_scenario, override

try:
    from govsim.scenario.schema import value_at
except ImportError:  # before 3de7b20 the walk lived in simulate.py
    from govsim.evidence.simulate import scenario_value as value_at  # type: ignore

ROWS = 280
LAST_DAY = 30 + 30 * 35  # as scripts/infer_beijing.py


def bank_draws(rows: int = ROWS) -> tuple[pd.DataFrame, list[str]]:
    """Every assumed key of the bank's first `rows` rows, as this tree configures them."""
    scenario = override(load_scenario("beijing_reform"), {"days": LAST_DAY})
    keys = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    design = bank.jobs(keys, bank.design_ranges(scenario), rows, 2021)
    made = []
    for values, words in design:
        sim = Simulator(scenario, [], words[0], keys, "prior", priors=bank.PRIORS)
        config = sim.configure(values, np.random.SeedSequence(words))
        made.append({k: float(value_at(config, k)) for k in prior_ranges(scenario, bank.PRIORS)})
    return pd.DataFrame(made), keys


def main() -> None:
    made, keys = bank_draws()
    post = pd.read_parquet(POSTERIOR)
    other = [c for c in post.columns if c not in (*keys, "weight")]
    new = sorted(c for c in made.columns if c not in post.columns and ":" not in c)
    print(f"assumed keys the bank draws now and the posterior lacks: {new or 'none'}")
    inferred = made[keys].to_numpy()
    scale = inferred.max(axis=0) - inferred.min(axis=0)
    worst, same_other = 0.0, 0
    for _, row in post.iterrows():  # each posterior row's bank row: nearest in inferred keys
        gap = (np.abs(inferred - row[keys].to_numpy(dtype=float)) / scale).max(axis=1)
        worst = max(worst, float(gap.min()))
        same_other += bool((made.loc[int(gap.argmin()), other] == row[other]).all())
    print(
        f"posterior rows: {len(post)}; largest gap of an inferred key ({len(keys)}) to its bank "
        f"row's, share of its range: {worst:.1e}; rows whose non-inferred keys "
        f"({len(other)}) equal that bank row's: {same_other}"
    )


if __name__ == "__main__":
    main()
