"""`govsim sweep`, `govsim merge`: running batches (govsim.experiments.batch); parse, call, print.

Exit codes: 0 all runs succeeded; 1 some runs failed (listed on stderr, the
others are kept); 2 bad input (a ConfigError, turned into one paragraph by
govsim.cli.main).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govsim.cli.options import add_force

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
    from govsim.scenario.config import ConfigError

    if value is not None and value < 1:
        raise ConfigError(f"--workers {value}: must be 1 or more.")
    return value


def cmd_sweep(args: argparse.Namespace) -> int:
    """`govsim sweep`: :func:`govsim.sweep` (the same function), then the counts."""
    from govsim.api import sweep
    from govsim.experiments.batch.spec import load_experiment

    experiment = load_experiment(args.experiment)
    out = Path(args.out) if args.out else default_out(experiment.name, args.shard)
    frame = sweep(
        experiment,
        workers=_workers(args.workers),
        engine=args.engine,
        out=out,
        scheduler=args.scheduler,
        shard=args.shard,
        resume=args.resume,
        batch_runs=args.batch_runs,
        progress=True,
        rows=False,  # the counts only: 10^6 rows read back were 1.3 GB (docs/scale.md)
    )
    result, failures = frame.attrs["sweep"], frame.attrs["failures"]
    print(
        f"sweep {experiment.name}: {result['done']} of {result['expected']} runs in {out} "
        f"({result['skipped']} already done, {len(failures)} failed) "
        f"in {result['seconds']:.1f} s"
    )
    if failures:
        print_failures(failures, out)
        return EXIT_RUNS_FAILED
    return 0


def sweep_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim sweep`: its arguments and help."""
    p = sub.add_parser("sweep", help="a batch of runs from an experiment file")
    p.add_argument("experiment", help="experiment name (experiments/NAME.yaml) or path")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="results directory (default: results/EXPERIMENT[-shard-i-of-n])",
    )
    p.add_argument("--workers", type=int, help="processes (default: one per CPU core)")
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local processes or a Dask cluster (default local)",
    )
    p.add_argument(
        "--scheduler", metavar="ADDR", help="Dask scheduler address (default: a local cluster)"
    )
    p.add_argument(
        "--shard",
        metavar="I/N",
        help="run only shard i of n (1-based); join the shards with `govsim merge`",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep the finished runs in --out and run only the missing ones",
    )
    p.add_argument(
        "--batch-runs",
        type=int,
        default=2000,
        metavar="N",
        help="finished runs committed together as one file of --out/batches (default 2000; "
        "a run killed before its batch is committed is run again by --resume)",
    )
    add_force(p)
    p.set_defaults(func=cmd_sweep)


def cmd_merge(args: argparse.Namespace) -> int:
    from govsim.experiments.batch.merge import merge

    n, expected = merge(args.dirs, args.out)
    print(f"merged {len(args.dirs)} directories into {args.out}: {n} of {expected} runs")
    if n < expected:
        print(
            f"govsim merge: {expected - n} run(s) missing (a shard not merged, or failed "
            "runs); `govsim report` works on what is there.",
            file=sys.stderr,
        )
    return 0


def merge_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim merge`: its arguments and help."""
    p = sub.add_parser("merge", help="join shard directories")
    p.add_argument(
        "dirs",
        nargs="+",
        metavar="DIR",
        help="shard directories of one experiment (from `govsim sweep --shard`)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        required=True,
        help="directory for the merged runs.parquet and manifest.json",
    )
    p.set_defaults(func=cmd_merge)


PARSERS = {
    "sweep": sweep_parser,
    "merge": merge_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
