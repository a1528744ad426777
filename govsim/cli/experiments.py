"""`govsim sweep`, `merge`, `report`, `sensitivity`: parse, call, print.

Exit codes: 0 all runs succeeded; 1 some runs failed (listed on stderr, the
others are kept); 2 bad input (a ConfigError, turned into one paragraph by
govsim.cli.main).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from govsim.scenario.config import ConfigError

EXIT_RUNS_FAILED = 1
SHOWN_FAILURES = 20


def default_out(name: str, shard: str | None = None, kind: str = "") -> Path:
    suffix = f"-shard-{shard.replace('/', '-of-')}" if shard else ""
    return Path("results") / f"{name}{kind}{suffix}"


def print_failures(failures: list[dict[str, Any]], where: Path) -> None:
    print(f"{len(failures)} run(s) failed (details in {where / 'failures.json'}):", file=sys.stderr)
    for f in failures[:SHOWN_FAILURES]:
        print(
            f"  run {f['run_id']} (point {f['point']}, replicate {f['replicate']}, "
            f"{f['values']}): {f['error']}",
            file=sys.stderr,
        )
    if len(failures) > SHOWN_FAILURES:
        print(f"  … and {len(failures) - SHOWN_FAILURES} more", file=sys.stderr)


def _workers(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise ConfigError(f"--workers {value}: must be 1 or more.")
    return value


def cmd_sweep(args: argparse.Namespace) -> int:
    from govsim.experiments.spec import load_experiment
    from govsim.experiments.sweep import sweep

    experiment = load_experiment(args.experiment)
    out = Path(args.out) if args.out else default_out(experiment.name, args.shard)
    result = sweep(
        experiment,
        out,
        workers=_workers(args.workers),
        engine=args.engine,
        scheduler=args.scheduler,
        shard=args.shard,
        resume=args.resume,
        batch_runs=args.batch_runs,
    )
    print(
        f"sweep {experiment.name}: {result.done} of {result.expected} runs in {out} "
        f"({result.skipped} already done, {len(result.failures)} failed) "
        f"in {result.seconds:.1f} s"
    )
    if result.failures:
        print_failures(result.failures, out)
        return EXIT_RUNS_FAILED
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from govsim.experiments.merge import merge

    n, expected = merge(args.dirs, args.out)
    print(f"merged {len(args.dirs)} directories into {args.out}: {n} of {expected} runs")
    if n < expected:
        print(
            f"govsim merge: {expected - n} run(s) missing (a shard not merged, or failed "
            "runs); `govsim report` works on what is there.",
            file=sys.stderr,
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from govsim.experiments.report import report

    paths = report(Path(args.dir), lang=args.lang)
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from govsim.experiments.sensitivity import sensitivity
    from govsim.experiments.spec import load_experiment

    experiment = load_experiment(args.experiment)
    out = Path(args.out) if args.out else default_out(experiment.name, kind="-sensitivity")
    outcomes = args.outcomes.split(",") if getattr(args, "outcomes", None) else None
    result = sensitivity(
        experiment,
        out,
        workers=_workers(args.workers),
        outcomes=outcomes,
        method=getattr(args, "method", None),
        engine=getattr(args, "engine", "local"),
        scheduler=getattr(args, "scheduler", None),
    )
    print(result.table_markdown)
    print("\nwrote " + ", ".join(str(p) for p in result.paths))
    if result.warnings:
        print(
            f"govsim sensitivity: {len(result.warnings)} index(es) too thin to rank on (an "
            "interval wider than the index, or beyond 0-1): see 'Too thin' in "
            f"{out / 'sensitivity.md'}; more samples (N) or replicates are needed.",
            file=sys.stderr,
        )
    if result.failures:
        print_failures(result.failures, out)
        return EXIT_RUNS_FAILED
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    from govsim.experiments.discover import discover, read_result, to_text, write

    listed = [c.strip() for c in args.inputs.split(",") if c.strip()] if args.inputs else None
    df, default_inputs = read_result(Path(args.results), args.outcome, listed)
    inputs = listed or default_inputs
    if not inputs:
        raise ConfigError(
            f"{args.results}: no manifest or input list to say which columns are "
            "inputs; give --inputs COL1,COL2,…"
        )
    if not 0 < args.threshold <= 1:
        raise ConfigError(f"--threshold {args.threshold}: a density between 0 and 1.")
    result = discover(
        df,
        args.outcome,
        inputs,
        threshold=args.threshold,
        max_boxes=args.boxes,
        drop_insignificant=not args.keep_insignificant,
    )
    results = Path(args.results)
    out = (
        Path(args.out)
        if args.out
        else (
            results / "discover"
            if results.is_dir()
            else results.parent / f"{results.stem}_discover"
        )
    )
    paths = write(result, out)
    print(to_text(result))
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def cmd_optimise(args: argparse.Namespace) -> int:
    from govsim.experiments.optimise import load_optimisation, optimise
    from govsim.experiments.optimise_plots import summary_text

    if args.workers is not None and args.workers < 1:
        raise ConfigError(f"--workers {args.workers}: must be 1 or more.")
    opt = load_optimisation(args.experiment)
    out = Path(args.out) if args.out else Path("results") / f"{opt.spec.name}-optimise"
    result = optimise(
        opt,
        out,
        workers=args.workers or os.cpu_count() or 1,
        engine=args.engine,
        scheduler=args.scheduler,
        resume=args.resume,
        seed=args.seed,
        posterior=getattr(args, "posterior", None),
        progress=True,
        stress=args.stress,
    )
    print(summary_text(result, opt))
    print(
        f"wrote {out}/pareto.parquet, candidates.parquet, evaluations.parquet, "
        "best_futures.parquet, convergence.csv, tradeoff/parallel/convergence .png/.svg"
    )
    if "stress" in result:
        frame = result["stress"]
        print(
            f"stress test: the most robust Pareto policy meets every constraint in "
            f"{int(frame['meets_constraints'].sum())} of {len(frame)} new futures "
            f"({100 * frame['meets_constraints'].mean():.0f} %); where it fails: govsim "
            f"discover {out}/stress/stress_futures.parquet --outcome "
            '"meets_constraints == False"'
        )
    return 0
