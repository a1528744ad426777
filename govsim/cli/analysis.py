"""`govsim report`, `sensitivity`, `discover`: analysing batches
(govsim.experiments.analysis); parse, call, print. Exit codes as in govsim.cli.batch."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govsim.cli.batch import EXIT_RUNS_FAILED, _workers, default_out, print_failures
from govsim.cli.options import add_force


def cmd_report(args: argparse.Namespace) -> int:
    from govsim.experiments.analysis.report import report

    paths = report(Path(args.dir), lang=args.lang)
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def report_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim report`: its arguments and help."""
    p = sub.add_parser(
        "report",
        help="means with 95 %% intervals per design point, paired "
        "differences, censored recovery; plots as PNG and SVG",
    )
    p.add_argument(
        "dir", metavar="DIR", help="a sweep or merge directory (runs.parquet, manifest.json)"
    )
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the figures: en into plots/, zh (中文) into plots-zh/ (default en)",
    )
    p.set_defaults(func=cmd_report)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from govsim.experiments.analysis.sensitivity import sensitivity
    from govsim.experiments.batch.spec import load_experiment

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


def sensitivity_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim sensitivity`: its arguments and help."""
    p = sub.add_parser("sensitivity", help="Sobol or Morris indices for chosen metrics")
    p.add_argument("experiment", help="experiment name or path (design: sobol or morris)")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="results directory (default: "
        "results/EXPERIMENT-sensitivity; an existing one is resumed)",
    )
    p.add_argument("--workers", type=int, help="processes (default: one per CPU core)")
    p.add_argument(
        "--outcomes",
        metavar="M1,M2",
        help="comma-separated metrics (default: the experiment's outcomes)",
    )
    p.add_argument("--method", choices=["sobol", "morris"], help="default: the experiment's design")
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local processes or a Dask cluster (default local)",
    )
    p.add_argument(
        "--scheduler", metavar="ADDR", help="Dask scheduler address (default: a local cluster)"
    )
    add_force(p)
    p.set_defaults(func=cmd_sensitivity)


def cmd_discover(args: argparse.Namespace) -> int:
    """`govsim discover`: :func:`govsim.discover` (the same function), then the files."""
    from govsim.api import discover
    from govsim.experiments.analysis.discover import to_text, write
    from govsim.scenario.config import ConfigError

    inputs = [c.strip() for c in args.inputs.split(",") if c.strip()] if args.inputs else None
    if not 0 < args.threshold <= 1:
        raise ConfigError(f"--threshold {args.threshold}: a density between 0 and 1.")
    result = discover(
        args.results,
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


def discover_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim discover`: its arguments and help."""
    p = sub.add_parser(
        "discover",
        help="PRIM scenario discovery on a sweep or robustness "
        "result: boxes.json, peeling trade-off plot",
    )
    p.add_argument(
        "results",
        metavar="RESULTS",
        help="a sweep directory (runs.parquet) or a Parquet file of robustness "
        "samples (OUT/samples/NAME.parquet)",
    )
    p.add_argument(
        "--outcome",
        required=True,
        metavar="EXPR",
        help="pandas expression marking the cases of interest, e.g. "
        '"mean_days_to_resolve_diff < 0"',
    )
    p.add_argument(
        "--inputs",
        metavar="COL1,COL2",
        help="input columns (default: the sweep's factors, or the inputs the "
        "robustness file lists)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        help="minimum density of the reported box (default 0.8)",
    )
    p.add_argument("--boxes", type=int, default=3, help="at most this many boxes (default 3)")
    p.add_argument(
        "--keep-insignificant",
        action="store_true",
        help="keep box limits whose quasi-p-value is 0.05 or more (default: drop)",
    )
    p.add_argument("--out", metavar="DIR", help="default: RESULTS/discover")
    p.set_defaults(func=cmd_discover)


PARSERS = {
    "report": report_parser,
    "sensitivity": sensitivity_parser,
    "discover": discover_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
