"""Benchmark: the Community Y 365-day run, whole process and model only, against a
plain-Mesa reference (one Mesa agent per resident doing the reporting rule).

    .venv/bin/python benchmarks/community_y.py [--repeat 3] [--reference-days 365]

Prints seconds, ns per resident-day and the ratios; targets (issue 3): whole process
≤ 2 s; ≤ 150 ns per resident-day with handling as a workload queue (issue 11);
(issue 13) the whole `govsim run community_y`
process ≤ 0.2 × the plain-Mesa reference's run of the same residents and days,
median of --pairs pairs measured back to back (so a busy machine slows both).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def whole_process(repeat: int) -> list[float]:
    """Wall time of `govsim run community_y` as a fresh process (imports included)."""
    exe = Path(sys.executable).with_name("govsim")
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(
            [str(exe), "run", "community_y", "--no-progress"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        times.append(time.perf_counter() - t)
    return times


def paired_ratio(pairs: int, n: int, days: int) -> tuple[float, list[float]]:
    """Median over pairs of (govsim whole process) / (plain-Mesa reference, n residents × days),
    each pair measured back to back."""
    from mesa_reference import time_reference

    from govsim.scenario.config import load_scenario

    config = load_scenario("community_y")
    ratios = []
    for _ in range(pairs):
        process = whole_process(1)[0]
        ratios.append(process / time_reference(config, n, days)["run_s"])
    return statistics.median(ratios), ratios


def model_only(repeat: int) -> tuple[list[float], list[float], int, int]:
    from govsim.running.runner import run
    from govsim.scenario.config import load_scenario

    scenario = load_scenario("community_y")
    builds, runs = [], []
    result = None
    for seed in range(repeat):
        result = run(scenario, seed + 1)
        builds.append(result.seconds_build)
        runs.append(result.seconds_run)
    return builds, runs, result.model.state.residents.n, scenario.days


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference-days", type=int, default=365)
    parser.add_argument(
        "--pairs",
        type=int,
        default=5,
        help="pairs (govsim process, plain-Mesa reference) for the ratio",
    )
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from mesa_reference import time_reference

    from govsim.scenario.config import load_scenario

    process = whole_process(args.repeat)
    builds, runs, n, days = model_only(args.repeat)
    ns = statistics.median(runs) / (n * days) * 1e9
    ref = time_reference(load_scenario("community_y"), n, args.reference_days)
    figures = {
        "machine": f"{os.cpu_count()} cores, {sys.version.split()[0]}",
        "residents": n,
        "days": days,
        "whole_process_s": statistics.median(process),
        "build_s": statistics.median(builds),
        "model_run_s": statistics.median(runs),
        "govsim_ns_per_resident_day": ns,
        "mesa_reference_run_s": ref["run_s"] * days / args.reference_days,
        "mesa_reference_ns_per_resident_day": ref["ns_per_resident_day"],
        "reference_over_govsim": ref["ns_per_resident_day"] / ns,
    }
    print(f"Community Y: {n:,} residents x {days} days")
    print(
        f"  whole process (govsim run, median of {args.repeat}): "
        f"{figures['whole_process_s']:.2f} s   (target <= 2 s)"
    )
    print(
        f"  model: build {figures['build_s'] * 1000:.0f} ms, run {figures['model_run_s']:.2f} s"
        f" = {ns:.0f} ns per resident-day (target <= 150)"
    )
    print(
        f"  plain Mesa, one agent per resident, reporting rule only: "
        f"{figures['mesa_reference_ns_per_resident_day']:.0f} ns per resident-day "
        f"({figures['mesa_reference_run_s']:.1f} s for {days} days)"
    )
    print(f"  ratio plain Mesa / govsim whole schedule: {figures['reference_over_govsim']:.1f}x")
    median, ratios = paired_ratio(args.pairs, n, days)
    figures["process_over_reference_pairs"] = ratios
    figures["process_over_reference"] = median
    print(
        f"  whole govsim process / plain-Mesa reference ({n:,} residents x {days} days), "
        f"median of {args.pairs} pairs: {median:.3f}   (target <= 0.2; pairs: "
        + ", ".join(f"{r:.3f}" for r in ratios)
        + ")"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
