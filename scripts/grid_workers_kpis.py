"""docs/kpis.md: grid workers 5, 10, 20, 40 at Community Y, seeds 1-10 shared across levels.

Prints a Markdown table: per level the mean of each KPI and its paired difference to 10
grid workers (same seed) with a 95 % t interval over the 10 seeds, and writes the runs and
the table's numbers to docs/grid_workers_kpis.json. Run from the repository root:
`PYTHONPATH=$PWD python scripts/grid_workers_kpis.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy import stats
from tqdm import tqdm

import govsim

LEVELS = (5, 10, 20, 40)
REFERENCE = 10
OUT = Path("docs/grid_workers_kpis.json")
SEEDS = range(1, 11)
KPIS = (
    "mean_days_raised_to_resolved",
    "p90_days_raised_to_resolved",
    "share_found_before_reported",
    "mean_days_to_resolve",
    "response_within_24h",
    "yearly_cost",
)


def main() -> None:
    values = {k: np.zeros((len(LEVELS), len(SEEDS))) for k in KPIS}
    with tqdm(total=len(LEVELS) * len(SEEDS), desc="grid workers × seeds") as bar:
        for i, level in enumerate(LEVELS):
            scenario = govsim.load("community_y", {"organisation.grid_workers": level})
            for j, seed in enumerate(SEEDS):
                summary = govsim.run(scenario, seed).summary
                for k in KPIS:
                    values[k][i, j] = summary[k]
                bar.update()
    ref = LEVELS.index(REFERENCE)
    write(values, ref)
    print(
        f"| grid workers | KPI | mean over {len(SEEDS)} seeds | paired diff. vs {REFERENCE} "
        "(95 % interval) |"
    )
    print("|---|---|---|---|")
    for k in KPIS:
        for i, level in enumerate(LEVELS):
            d = values[k][i] - values[k][ref]
            half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
            diff = (
                "reference"
                if i == ref
                else f"{d.mean():+.3f} ({d.mean() - half:+.3f} to {d.mean() + half:+.3f})"
            )
            if k == "yearly_cost":
                diff = (
                    "reference"
                    if i == ref
                    else f"{d.mean():+,.0f} ({d.mean() - half:+,.0f} to {d.mean() + half:+,.0f})"
                )
                print(f"| {level} | {k} | {values[k][i].mean():,.0f} | {diff} |")
            else:
                print(f"| {level} | {k} | {values[k][i].mean():.3f} | {diff} |")


def write(values: dict[str, np.ndarray], ref: int) -> None:
    """The runs, and per KPI and level the mean and the paired difference to REFERENCE."""
    table: dict[str, dict[str, dict[str, float]]] = {}
    for k, v in values.items():
        table[k] = {}
        for i, level in enumerate(LEVELS):
            d = v[i] - v[ref]
            half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
            table[k][str(level)] = {
                "mean": float(v[i].mean()),
                "diff": float(d.mean()),
                "diff_low": float(d.mean() - half),
                "diff_high": float(d.mean() + half),
            }
    runs = {k: v.tolist() for k, v in values.items()}
    OUT.write_text(
        json.dumps({"levels": LEVELS, "seeds": list(SEEDS), "runs": runs, "table": table}) + "\n"
    )


if __name__ == "__main__":
    main()
