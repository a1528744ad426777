"""Scaling benchmark: 1,000 to 1,000,000 residents, each size in a fresh process.

    .venv/bin/python benchmarks/scaling.py [--sizes 1000,3000,...] [--days 365]
        [--repeat 3] [--reference-max 30000] [--reference-days 30] [--out benchmarks]
    .venv/bin/python benchmarks/scaling.py --against REV --sizes 1000000 --days 365
        --repeat 2 --json FILE     (this checkout and REV, alternating: ``against``)

Every size is Community Y's rules scaled the way scenarios/district_100k.yaml is
(S4 counts × residents / 7,500: households, grids = grid workers, Community-Y-sized
communities, social groups, department capacity); at 100,000 and 1,000,000 residents
the overrides equal district_100k and district_1m. Each run is a fresh subprocess, so
its peak RSS (``resource.getrusage``) is its own; the plain-Mesa reference
(benchmarks/mesa_reference.py: one Mesa agent per resident, reporting rule only) runs
after the peak is read, at sizes up to ``--reference-max`` for ``--reference-days``.
Writes ``results.md`` (table + machine) and ``scaling.png`` into ``--out``; the medians
over ``--repeat`` processes are reported. Not a test: run by hand (docs/scale.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)

# Community Y (S4 §4.1): 7,500 residents, 2,630 households, 10 grids (one grid worker
# each); community_y.yaml: 4 social groups.
COMMUNITY_Y = {"residents": 7_500, "households": 2_630, "grids": 10, "social_groups": 4}


def scaled_overrides(residents: int) -> dict[str, int]:
    """Community Y scaled to `residents` the way scenarios/district_*.yaml are."""
    f = residents / COMMUNITY_Y["residents"]
    grids = max(1, round(COMMUNITY_Y["grids"] * f))
    return {
        "population.residents": residents,
        "population.households": round(COMMUNITY_Y["households"] * f),
        "population.grids": grids,
        "population.communities": max(1, min(grids, round(f))),
        "organisation.grid_workers": grids,
        "organisation.social_groups": max(1, round(COMMUNITY_Y["social_groups"] * f)),
    }


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


def one_size(residents: int, days: int, reference_days: int) -> dict[str, float]:
    """Build and run one size in this process; print nothing, return the figures."""
    import numpy as np

    from govsim.running.runner import make_rng
    from govsim.scenario.config import load_scenario, override
    from govsim.simulation.model import GovernanceModel

    rss_imports = peak_rss_mb()
    scenario = override(load_scenario("community_y", days=days), scaled_overrides(residents))
    t0 = time.perf_counter()
    model = GovernanceModel(scenario, make_rng(1))
    t1 = time.perf_counter()
    cpu = time.process_time()
    for _ in range(days):
        model.step()
    cpu = time.process_time() - cpu
    t2 = time.perf_counter()
    summary = model.summary()
    figures = {
        "residents": residents,
        "days": days,
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "run_cpu_s": cpu,
        "ns_per_resident_day": (t2 - t1) / (residents * days) * 1e9,
        "cpu_ns_per_resident_day": cpu / (residents * days) * 1e9,
        "days_per_s": days / (t2 - t1),
        "peak_rss_mb": peak_rss_mb(),
        "rss_after_imports_mb": rss_imports,
        "cases": int(model.state.cases.n),
        "report_rate": summary["report_rate"],
        "backlog": summary["backlog"],
        "closure_rate": summary["closure_rate"],
        "adoption_rate": summary["adoption_rate"],
    }
    assert np.isfinite(figures["report_rate"])
    if reference_days:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from mesa_reference import time_reference

        ref = time_reference(scenario, residents, reference_days)
        figures["mesa_ns_per_resident_day"] = ref["ns_per_resident_day"]
        figures["mesa_over_govsim"] = ref["ns_per_resident_day"] / figures["ns_per_resident_day"]
    return figures


def in_fresh_process(
    residents: int, days: int, reference_days: int, root: Path = ROOT
) -> dict[str, float]:
    """One size in a fresh process importing govsim from `root` (this checkout, or an
    earlier commit's worktree for ``--against``)."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--one",
            str(residents),
            "--days",
            str(days),
            "--reference-days",
            str(reference_days),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
        env=dict(os.environ, PYTHONPATH=str(root)),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def against(args: argparse.Namespace) -> int:
    """``--against REV``: every size run by REV's code and this checkout's in fresh
    processes, alternating (old, new, new, old, ...), ``--repeat`` pairs; prints each
    pair's ratios and writes every figure to ``--json``. The same script (this one)
    drives both, so only the model's code differs."""
    import tempfile

    from ab import git_worktree, ratio_summary, this_commit

    figures: dict = {
        "against": args.against,
        "this": this_commit(),
        "days": args.days,
        "machine": machine(),
        "load_average_start": os.getloadavg(),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="govsim-scaling-") as tmp:
        old_root = Path(tmp) / "old"
        git_worktree(args.against, old_root)
        try:
            for residents in (int(x) for x in args.sizes.split(",")):
                runs: dict[str, list] = {"old": [], "new": []}
                for i in range(args.repeat):
                    for tag in ("old", "new") if i % 2 == 0 else ("new", "old"):
                        root = old_root if tag == "old" else ROOT
                        runs[tag].append(in_fresh_process(residents, args.days, 0, root))
                    old, new = runs["old"][-1], runs["new"][-1]
                    print(
                        f"{residents:>10,}: days/s old {old['days_per_s']:.2f}, new "
                        f"{new['days_per_s']:.2f}; CPU ns/resident-day old "
                        f"{old['cpu_ns_per_resident_day']:.0f}, new "
                        f"{new['cpu_ns_per_resident_day']:.0f}; peak MB old "
                        f"{old['peak_rss_mb']:.0f}, new {new['peak_rss_mb']:.0f}",
                        flush=True,
                    )
                cpu = [
                    n["run_cpu_s"] / o["run_cpu_s"]
                    for o, n in zip(runs["old"], runs["new"], strict=True)
                ]
                figures["sizes"][residents] = {
                    **runs,
                    "cpu_ratio_new_over_old": ratio_summary(cpu) if len(cpu) > 1 else cpu,
                }
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_root)],
                check=False,
                capture_output=True,
            )
    figures["load_average_end"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 0


def machine() -> dict[str, str]:
    import numpy as np

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024**2:.1f} GiB",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def n_metrics() -> int:
    from govsim.simulation.metrics import METRICS

    return len(METRICS)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def write_markdown(
    path: Path,
    rows: list[dict[str, float]],
    info: dict[str, str],
    args: argparse.Namespace,
    loads: tuple[str, str],
) -> None:
    lines = [
        "# Scaling: 1,000 to 1,000,000 residents",
        "",
        "Made by `benchmarks/scaling.py` (do not edit by hand). Community Y's rules scaled as "
        "`scenarios/district_100k.yaml` (S4 counts × residents / 7,500); "
        "every size in a "
        f"fresh process, median of {args.repeat}; {args.days} simulated days; seed 1; "
        "metrics recorded every day.",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, "
        f"Python {info['python']}, numpy {info['numpy']}; {info['date']}. "
        f"Load average (1/5/15 min) at start {loads[0]}, at end {loads[1]}: other processes "
        "shared the CPUs, so wall times are upper bounds; CPU time is the process's own.",
        "",
        "| residents | build s | run s | run CPU s | ns per resident-day | CPU ns per "
        "resident-day | days per s | peak RSS MB | plain Mesa ÷ govsim |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r['mesa_over_govsim']:.1f}×" if "mesa_over_govsim" in r else "–"
        lines.append(
            f"| {int(r['residents']):,} | {r['build_s']:.2f} | {r['run_s']:.2f} | "
            f"{r['run_cpu_s']:.2f} | {r['ns_per_resident_day']:.0f} | "
            f"{r['cpu_ns_per_resident_day']:.0f} | {r['days_per_s']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {ratio} |"
        )
    lines += [
        "",
        f"Plain Mesa: `benchmarks/mesa_reference.py`, one Mesa agent per resident doing only "
        f"the reporting rule, {args.reference_days} days, at sizes up to "
        f"{args.reference_max:,}; the ratio divides its ns per resident-day by govsim's "
        f"whole schedule (all eight rules and {n_metrics()} metrics a day).",
        "Peak RSS includes the interpreter and imports "
        f"(~{statistics.median(r['rss_after_imports_mb'] for r in rows):.0f} MB).",
        "",
        "![ns per resident-day and peak memory against residents](scaling.png)",
        "",
    ]
    path.write_text("\n".join(lines))


def plot(path: Path, rows: list[dict[str, float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["residents"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(n, [r["ns_per_resident_day"] for r in rows], "o-", label="wall")
    left.plot(n, [r["cpu_ns_per_resident_day"] for r in rows], "s--", label="CPU")
    left.set(
        xscale="log",
        xlabel="residents",
        ylabel="ns per resident-day",
        title="Cost per resident-day",
        ylim=(0, None),
    )
    left.legend()
    right.plot(n, [r["peak_rss_mb"] for r in rows], "o-")
    right.set(
        xscale="log",
        yscale="log",
        xlabel="residents",
        ylabel="peak RSS (MB)",
        title="Peak memory of the process",
    )
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reference-max", type=int, default=30_000)
    parser.add_argument("--reference-days", type=int, default=30)
    parser.add_argument("--out", default=str(ROOT / "benchmarks"))
    parser.add_argument(
        "--against", help="an earlier commit: run each size by both, alternating (see against)"
    )
    parser.add_argument("--json", help="with --against: write every figure to this file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.days, args.reference_days)))
        return 0
    if args.against:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        return against(args)
    start_load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    for residents in (int(s) for s in args.sizes.split(",")):
        ref_days = args.reference_days if residents <= args.reference_max else 0
        runs = [in_fresh_process(residents, args.days, ref_days) for _ in range(args.repeat)]
        row = median_of(runs)
        rows.append(row)
        ratio = f", plain Mesa {row['mesa_over_govsim']:.1f}x" if "mesa_over_govsim" in row else ""
        print(
            f"{residents:>9,} residents: build {row['build_s']:.2f} s, "
            f"{row['ns_per_resident_day']:.0f} ns/resident-day "
            f"(CPU {row['cpu_ns_per_resident_day']:.0f}), {row['days_per_s']:.1f} days/s, "
            f"peak {row['peak_rss_mb']:.0f} MB{ratio}",
            flush=True,
        )
    loads = (start_load, " / ".join(f"{x:.1f}" for x in os.getloadavg()))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_markdown(out / "results.md", rows, machine(), args, loads)
    plot(out / "scaling.png", rows)
    print(f"wrote {out / 'results.md'} and {out / 'scaling.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
