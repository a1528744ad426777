"""Peak memory of a build and a run against govsim.scenario.resources' estimate.

Each size runs in a fresh process: RSS after the imports (baseline), peak RSS
after building the model, peak RSS after the run (ru_maxrss). The table gives
the peaks above the baseline beside :func:`govsim.scenario.resources.estimate`, whose
coefficients these measurements calibrate (docs/validation.md).

    .venv/bin/python benchmarks/memory.py                 # 10k, 100k, 1M, 365 days
    .venv/bin/python benchmarks/memory.py --sizes 10000 --days 30
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys
from govsim.scenario import resources
from govsim.scenario.config import load_scenario
from govsim.simulation.model import GovernanceModel
from govsim.running.runner import make_rng
import pandas, pyarrow  # noqa: F401  (imported by a run too)

def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS"))

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

n, days, hh = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
base = "district_1m" if n > 100_000 else "district_100k"
households = int(round(n / hh))
grids = max(1, min(round(n / 750), households // 12))
s = load_scenario(base, [f"population.residents={n}", f"population.households={households}",
                         f"population.grids={grids}", f"organisation.grid_workers={grids}",
                         f"population.communities={max(1, grids // 10)}"], days=days)
est = resources.estimate(s)
baseline = rss()
model = GovernanceModel(s, make_rng(1))
built = peak()
for _ in range(days):
    model.step()
ran = peak()
print(json.dumps({"residents": n, "days": days, "per_household": hh, "baseline": baseline,
                  "build": built - baseline, "run": ran - baseline,
                  "ties": model.state.network.n_ties, "cases": model.state.cases.n,
                  "est_ties": est.ties, "est_cases": est.cases,
                  "est_build": est.build_bytes, "est_run": est.run_bytes,
                  "estimate": est.bytes - resources.COEFFICIENTS["imports"],
                  "process_peak": ran, "process_estimate": est.bytes}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-household", type=float, default=2.85)
    args = parser.parse_args()
    mb = 2**20
    print(
        "| residents | per household | days | ties (est.) | cases (est.) | build MB (est.) "
        "| peak above imports MB (est.) | process peak MB (est.) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(n), str(args.days), str(args.per_household)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"| {n:,} | {r['per_household']:.2f} | {r['days']} "
            f"| {r['ties']:,} ({r['est_ties']:,.0f}) "
            f"| {r['cases']:,} ({r['est_cases']:,.0f}) "
            f"| {r['build'] / mb:,.0f} ({r['est_build'] / mb:,.0f}) "
            f"| {max(r['build'], r['run']) / mb:,.0f} ({r['estimate'] / mb:,.0f}) "
            f"| {r['process_peak'] / mb:,.0f} ({r['process_estimate'] / mb:,.0f}) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
