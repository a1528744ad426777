"""The second-round Beijing inference (issue 28 item 3): bank, fit, coverage, predictive.

    nice -n 10 .venv/bin/python scripts/infer_beijing.py bank --rows 600 --workers 2
    .venv/bin/python scripts/infer_beijing.py fit

The bank (govsim/evidence/bank.py) is resumable: rerun the same command after a kill.
"""

from __future__ import annotations

import argparse
from pathlib import Path

BANK = Path("results/beijing_bank2")
LAST_DAY = 30 + 30 * 35  # warm-up + months 0-34


def main() -> None:
    from govsim.evidence import bank
    from govsim.scenario.config import load_scenario, override

    p = argparse.ArgumentParser()
    p.add_argument("step", choices=["bank", "fit"])
    p.add_argument("--rows", type=int, default=600)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--engine", default="local")
    p.add_argument("--seed", type=int, default=2021)
    a = p.parse_args()
    scenario = override(load_scenario("beijing_reform"), {"days": LAST_DAY})
    if a.step == "bank":
        bank.build(scenario, BANK, a.rows, a.seed, a.workers, chunk=8, engine=a.engine)
    else:
        from govsim.evidence.infer_report import fit

        fit(scenario, BANK, workers=a.workers)


if __name__ == "__main__":
    main()
