"""`govsim robustness`, `govsim calibrate`, `govsim forecast`: parse, call the evidence
layer, print."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_robustness(args: argparse.Namespace) -> int:
    from govsim.evidence.robustness import Options
    from govsim.evidence.robustness_report import robustness, to_markdown
    from govsim.scenario.config import ConfigError

    if args.samples < 2 or args.seeds < 1:
        raise ConfigError(
            f"--samples must be ≥ 2 and --seeds ≥ 1 (got {args.samples}, {args.seeds})."
        )
    opts = Options(
        samples=args.samples,
        seeds=args.seeds,
        workers=args.workers,
        days=args.days,
        out=Path(args.out),
        scenario=args.scenario,
        posterior=Path(args.posterior) if args.posterior else None,
        prior=not args.posterior_only,
        overrides=tuple(args.set or ()),
    )
    report = robustness(opts)
    print(to_markdown(report))
    print(
        f"wrote {opts.out / 'robustness.json'}, robustness.md, robustness.png "
        f"({report['runs']} runs in {report['seconds']:.0f} s)"
    )
    return 0


def robustness_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim robustness`: its arguments and help."""
    p = sub.add_parser(
        "robustness",
        help="share of assumption samples in which each "
        "scenario prediction holds (docs/robustness.md)",
    )
    p.add_argument("--samples", type=int, default=32, help="LHS samples (default 32)")
    p.add_argument("--seeds", type=int, default=1, help="seeds per sample (default 1)")
    p.add_argument("--workers", type=int, help="processes (default: one per CPU core)")
    p.add_argument("--days", type=int, help="horizon (default: the scenarios' own)")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="fix a dotted scenario key in every run of every scenario, e.g. a smaller "
        "population for a quick look: --set population.residents=900 (a key the "
        "robustness check samples keeps its sampled values)",
    )
    p.add_argument(
        "--out", metavar="DIR", default="robustness", help="output directory (default robustness)"
    )
    p.add_argument(
        "--scenario",
        metavar="NAME",
        help="only this scenario (paired with the base); default: every scenario with predictions",
    )
    p.add_argument(
        "--posterior",
        metavar="FILE",
        help="posterior.parquet of `govsim calibrate`: its parameters are drawn "
        "from it (weighted), the rest from their plausible ranges",
    )
    p.add_argument(
        "--posterior-only",
        action="store_true",
        help="run only the posterior design (not the Latin hypercube over the ranges)",
    )
    p.set_defaults(func=cmd_robustness)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from govsim.api import calibrate
    from govsim.evidence.calibrate_report import to_markdown

    summary = calibrate(
        args.targets,
        args.out,
        args.workers,
        args.engine,
        args.scheduler,
        args.resume,
        progress=not args.no_progress,
    )
    print(to_markdown(summary))
    print(
        f"wrote {args.out or 'calibration_' + Path(args.targets).stem}/posterior.parquet, "
        "calibration.json, calibration.md and plots"
    )
    return 0


def calibrate_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim calibrate`: its arguments and help."""
    p = sub.add_parser(
        "calibrate",
        help="likelihood-free inference (Morris screening, then "
        "pyabc ABC-SMC) of the identifiable assumed parameters against a "
        "targets file; posterior.parquet and diagnostics (docs/calibration.md)",
    )
    p.add_argument(
        "targets", help="targets YAML: a path, or a shipped name (community_y, beijing_2019)"
    )
    p.add_argument("--out", metavar="DIR", help="output folder (default calibration_TARGETS)")
    p.add_argument("--workers", type=int, default=1, help="simulations at once (default 1)")
    p.add_argument("--engine", default="local", help="local (process pool) or dask")
    p.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="a running Dask scheduler for --engine "
        "dask, e.g. tcp://127.0.0.1:8786 (default: a local cluster)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue the calibration in --out: "
        "stored runs and finished generations are not run again",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_calibrate)


def cmd_forecast(args: argparse.Namespace) -> int:
    from govsim.api import forecast
    from govsim.evidence.forecast import KPIS

    report = forecast(
        args.scenario,
        args.posterior,
        args.months,
        args.out,
        args.seeds,
        args.draws,
        args.seed,
        args.workers,
        progress=not args.no_progress,
    )
    last = report["months"][-1]
    print(
        f"forecast {report['scenario']}: {report['draws']} draws × {report['seeds']} seeds, "
        f"{report['wall_seconds']} s"
    )
    for k in KPIS:
        first = report["months"][0][k]
        print(
            f"  {k:28s} month 0 {first['median']:.3f} [{first['lo']:.3f}, {first['hi']:.3f}]"
            f"   month {last['month']} {last[k]['median']:.3f} [{last[k]['lo']:.3f}, "
            f"{last[k]['hi']:.3f}]"
        )
    print(f"wrote {Path(args.out) / 'forecast.json'}, forecast.png, forecast.svg")
    return 0


def forecast_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim forecast`: its arguments and help."""
    p = sub.add_parser(
        "forecast",
        help="monthly median and 90 %% band of the 12345 hotline "
        "KPIs over posterior draws x seeds; forecast.json and a plot "
        "(docs/forecast.md)",
    )
    p.add_argument("scenario", help="scenario name or path (e.g. beijing_reform)")
    p.add_argument(
        "--posterior",
        metavar="FILE",
        help="posterior.parquet (default: the scenario's own shipped posterior, e.g. "
        "beijing_reform_posterior.parquet, else the Beijing 2019 posterior)",
    )
    p.add_argument("--months", type=int, default=72, help="months after the start (default 72)")
    p.add_argument(
        "--out", metavar="DIR", default="forecast", help="output folder (default forecast)"
    )
    p.add_argument("--seeds", type=int, default=2, help="seeds per posterior draw (default 2)")
    p.add_argument("--draws", type=int, default=12, help="posterior draws (default 12)")
    p.add_argument("--seed", type=int, default=2019, help="root seed (default 2019)")
    p.add_argument("--workers", type=int, default=1, help="simulations at once (default 1)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_forecast)


PARSERS = {
    "robustness": robustness_parser,
    "calibrate": calibrate_parser,
    "forecast": forecast_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
