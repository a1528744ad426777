"""`govsim sweep`, `merge`, `report`, `sensitivity`: parse, call, print.

Exit codes: 0 all runs succeeded; 1 some runs failed (listed on stderr, the
others are kept); 2 bad input (a ConfigError, turned into one paragraph by
govsim.cli.main).
"""

from __future__ import annotations

import argparse
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
    print(f"{len(failures)} run(s) failed (details in {where / 'failures.json'}):",
          file=sys.stderr)
    for f in failures[:SHOWN_FAILURES]:
        print(f"  run {f['run_id']} (point {f['point']}, replicate {f['replicate']}, "
              f"{f['values']}): {f['error']}", file=sys.stderr)
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
    result = sweep(experiment, out, workers=_workers(args.workers), engine=args.engine,
                   scheduler=args.scheduler, shard=args.shard, resume=args.resume)
    print(f"sweep {experiment.name}: {result.done} of {result.expected} runs in {out} "
          f"({result.skipped} already done, {len(result.failures)} failed) "
          f"in {result.seconds:.1f} s")
    if result.failures:
        print_failures(result.failures, out)
        return EXIT_RUNS_FAILED
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from govsim.experiments.merge import merge

    n, expected = merge(args.dirs, args.out)
    print(f"merged {len(args.dirs)} directories into {args.out}: {n} of {expected} runs")
    if n < expected:
        print(f"govsim merge: {expected - n} run(s) missing (a shard not merged, or failed "
              "runs); `govsim report` works on what is there.", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from govsim.experiments.report import report

    paths = report(Path(args.dir))
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from govsim.experiments.sensitivity import sensitivity
    from govsim.experiments.spec import load_experiment

    experiment = load_experiment(args.experiment)
    out = Path(args.out) if args.out else default_out(experiment.name, kind="-sensitivity")
    outcomes = args.outcomes.split(",") if getattr(args, "outcomes", None) else None
    result = sensitivity(experiment, out, workers=_workers(args.workers), outcomes=outcomes,
                         method=getattr(args, "method", None),
                         engine=getattr(args, "engine", "local"),
                         scheduler=getattr(args, "scheduler", None))
    print(result.table_markdown)
    print("\nwrote " + ", ".join(str(p) for p in result.paths))
    if result.warnings:
        print(f"govsim sensitivity: {len(result.warnings)} index(es) too thin to rank on (an "
              "interval wider than the index, or beyond 0-1): see 'Too thin' in "
              f"{out / 'sensitivity.md'}; more samples (N) or replicates are needed.",
              file=sys.stderr)
    if result.failures:
        print_failures(result.failures, out)
        return EXIT_RUNS_FAILED
    return 0
