"""`govsim robustness`, `govsim calibrate`, `govsim forecast`: parse, call the evidence
layer, print."""

from __future__ import annotations

import argparse
from pathlib import Path

from govsim.scenario.config import ConfigError


def cmd_robustness(args: argparse.Namespace) -> int:
    from govsim.evidence.robustness import Options, robustness, to_markdown

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
    )
    report = robustness(opts)
    print(to_markdown(report))
    print(
        f"wrote {opts.out / 'robustness.json'}, robustness.md, robustness.png "
        f"({report['runs']} runs in {report['seconds']:.0f} s)"
    )
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from govsim.evidence.calibrate import calibrate, to_markdown

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


def cmd_forecast(args: argparse.Namespace) -> int:
    from govsim.evidence.forecast import KPIS, forecast

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
