"""`govsim optimise`: searching policies (govsim.experiments.search); parse, call, print."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def cmd_optimise(args: argparse.Namespace) -> int:
    from govsim.api import optimise
    from govsim.experiments.search.optimise_plots import summary_text
    from govsim.experiments.search.optimise_spec import load_optimisation
    from govsim.scenario.config import ConfigError

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
        stress_cheapest=args.stress_cheapest,
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
    if "stress_cheapest" in result:
        tried = result["stress_cheapest"]
        held = tried[tried["holds"]]
        verdict = (
            f"the cheapest that holds is number {int(held['rank'].iloc[0])}"
            if len(held)
            else "none of them holds"
        )
        print(
            f"stress test of the tied policies, cheapest first: {len(tried)} tried, "
            f"{verdict} (table: {out}/stress-cheapest/walk.json)"
        )
    return 0


def optimise_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim optimise`: its arguments and help."""
    p = sub.add_parser(
        "optimise",
        help="multi-objective lever search (NSGA-II) with each "
        "candidate judged across K futures: Pareto set, convergence, plots",
    )
    p.add_argument(
        "experiment",
        metavar="EXPERIMENT",
        help="optimisation file (experiments/NAME.yaml with `levers:`) or path",
    )
    p.add_argument("--out", metavar="DIR", help="default: results/NAME-optimise")
    p.add_argument("--workers", type=int, help="processes (default: all cores)")
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local process pool or Dask (default local)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask)",
    )
    p.add_argument(
        "--resume", action="store_true", help="continue a search in --out from its checkpoint"
    )
    p.add_argument("--seed", type=int, help="seed of the search (default: the file's seed)")
    p.add_argument(
        "--posterior",
        metavar="FILE",
        help="draw the futures' calibrated parameters from this posterior.parquet "
        "(default: the file's futures.posterior, else the plausible ranges)",
    )
    p.add_argument(
        "--stress",
        type=int,
        metavar="K",
        help="then run the most robust Pareto policy over K new futures into "
        "OUT/stress/stress_futures.parquet, for `govsim discover` (where it fails)",
    )
    p.add_argument(
        "--stress-cheapest",
        type=int,
        metavar="N",
        help="with --stress K: also run the Pareto policies tied on their share of futures "
        "meeting the constraints, cheapest first, over the same K new futures until one "
        "meets each constraint's share, at most N (OUT/stress-cheapest/walk.json)",
    )
    p.set_defaults(func=cmd_optimise)


PARSERS = {
    "optimise": optimise_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
