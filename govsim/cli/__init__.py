"""`govsim` command line, every command: thin; parses, calls, prints.

This package is the only command-line code: ``__init__`` builds the parser and runs
``list``, ``validate`` and ``run``; ``experiments`` (sweep, merge, report, sensitivity,
discover, optimise), ``evidence`` (robustness, calibrate, forecast), ``survey`` and
``dashboard`` hold the others, each imported only when its command runs. May import every
layer below it; nothing imports it.

Bad input exits with code 2 and one paragraph naming the file, key and what
is allowed; never a traceback (docs/contract.md). Every command imports what it
uses when it runs (``govsim --help`` imports nothing but argparse; ``run``
no experiments, dashboard or pyarrow unless ``--out``), so start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_BAD_INPUT = 2
PROGRESS_DELAY_SECONDS = 2.0
"""`govsim run` shows a progress bar (on a terminal) once a run has taken this long."""
FORCE_HELP = "build even when the memory estimate exceeds the memory available (docs/validation.md)"


def format_summary(summary: dict[str, float], title: str) -> str:
    """The run summary by section, as registered in :data:`govsim.simulation.metrics.INFO`."""
    from govsim.simulation.metrics import by_section, format_value

    lines = [title, "=" * len(title)]
    for section, names in by_section(list(summary)).items():
        lines.append(f"\n{section}")
        lines += [f"  {n:<28} {format_value(n, summary[n]):>12}" for n in names]
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from govsim.scenario import resources
    from govsim.scenario.config import load_scenario

    overrides = list(args.set or [])
    if args.seed is not None:
        overrides.append(f"seed={args.seed}")
    scenario = load_scenario(args.scenario, overrides, days=args.days)
    resources.check(scenario)  # before the model's imports: a refusal comes in a second
    from govsim.running.runner import run

    progress = _progress_bar(scenario.days, f"{scenario.name}") if args.progress else None
    profiler = _start_profiler() if args.profile else None
    window = None
    if args.window is not None:
        from govsim.simulation.metrics import check_window, parse_window

        window = parse_window(args.window)
        check_window(window, scenario.days)
    result = run(scenario, progress=progress, window=window)
    if profiler is not None:
        profiler.disable()
    title = (
        f"govsim run {scenario.name}: {scenario.days} days, seed {scenario.seed}, "
        f"{result.model.state.residents.n:,} residents "
        f"(built in {result.seconds_build:.2f} s, ran in {result.seconds_run:.2f} s); "
        + (
            f"summary over days {window[0]}-{window[1]}"
            if window is not None
            else f"summary from day {scenario.summary_start()} (warmup_days {scenario.warmup_days})"
        )
    )
    print(format_summary(result.summary, title))
    if args.out:
        from govsim.running.interrupt import deferred
        from govsim.running.output import write_run

        with deferred():  # Ctrl-C now would mix this run's files with an older run's
            paths = write_run(result, args.out)
        print("\nwrote " + ", ".join(str(p) for p in paths))
    if profiler is not None:
        import pstats

        print("\nProfile (build + run, govsim functions by cumulative time):", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(
            r"govsim[/\\](rules|metrics|model|network|population)", 25
        )
    return 0


def _start_profiler():  # noqa: ANN202 - cProfile imported only when asked for
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _progress_bar(total: int, label: str) -> Callable[[int, int], None]:
    from tqdm import tqdm

    # disable=None: only on a terminal; delay: only runs longer than a few seconds
    bar = tqdm(
        total=total, desc=label, unit="day", disable=None, leave=False, delay=PROGRESS_DELAY_SECONDS
    )

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)
        if done == _total:
            bar.close()

    return update


def cmd_list(args: argparse.Namespace) -> int:
    from govsim.experiments.catalogue import catalogue

    for kind, rows in catalogue().items():
        print(f"{kind}:")
        width = max((len(name) for name, _ in rows), default=0)
        for name, description in rows:
            print(f"  {name:<{width}}  {description}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from govsim.experiments.catalogue import validate_file

    for path in args.files:
        print(validate_file(Path(path)))
    return 0


def _delegate(target: str) -> Callable[[argparse.Namespace], int]:
    """A command implemented in another module, imported only when used."""
    module_name, func_name = target.split(":")

    def call(args: argparse.Namespace) -> int:
        return getattr(importlib.import_module(module_name), func_name)(args)

    return call


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govsim", description="Agent-based simulation of polycentric community governance."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="shipped scenarios and experiments, one line each")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("validate", help="check scenario or experiment files")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="scenario or experiment YAML files (each checked on its own)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("run", help="one run; prints the summary, --out writes the files")
    p.add_argument("scenario", help="scenario name (scenarios/NAME.yaml) or path")
    p.add_argument("--days", type=int, help="horizon in days (overrides `days`)")
    p.add_argument("--seed", type=int, help="seed of the run's random generator")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a dotted scenario key, e.g. --set platform.reliability=0.9",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="write summary.json, timeseries.parquet, scenario.resolved.yaml here",
    )
    p.add_argument(
        "--window",
        metavar="START:END",
        help="summarise days START to END only (both included; e.g. a storm's "
        "weeks): cases raised, reported or resolved in them, levels at END; "
        "default: every day after warmup_days",
    )
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.add_argument(
        "--profile",
        action="store_true",
        help="also print where the time went (cProfile, to stderr; docs/scale.md)",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("survey", help="the simulated questionnaire beside S4 Tables 2-5")
    p.add_argument("scenario", help="scenario name (scenarios/NAME.yaml) or path")
    p.add_argument(
        "--seed",
        type=int,
        help="seed of the run's random generator (default: the scenario's `seed`)",
    )
    p.add_argument("--days", type=int, help="survey day (default: survey.day)")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a dotted scenario key, e.g. --set platform.reliability=0.9",
    )
    p.add_argument("--out", metavar="DIR", help="write survey.json here")
    p.set_defaults(func=_delegate("govsim.cli.survey:survey_command"))

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
    p.set_defaults(func=_delegate("govsim.cli.experiments:cmd_sweep"))

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
    p.set_defaults(func=_delegate("govsim.cli.experiments:cmd_merge"))

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
    p.set_defaults(func=_delegate("govsim.cli.experiments:cmd_report"))

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
    p.set_defaults(func=_delegate("govsim.cli.experiments:cmd_sensitivity"))

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
    p.set_defaults(func=_delegate("govsim.cli.evidence:cmd_robustness"))

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
    p.set_defaults(func=_delegate("govsim.cli.evidence:cmd_calibrate"))

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
    p.set_defaults(func=_delegate("govsim.cli.evidence:cmd_forecast"))

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
    p.set_defaults(func=_delegate("govsim.cli.experiments:cmd_discover"))

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
    p.set_defaults(func=_delegate("govsim.cli.experiments:cmd_optimise"))

    p = sub.add_parser("dashboard", help="the browser dashboard on localhost")
    p.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument(
        "--pareto",
        metavar="PATH",
        help="also show a saved policy search: the results folder of `govsim optimise` "
        "(or its pareto.parquet); its trade-off plot and policies, each loadable into "
        "the simulation",
    )
    p.set_defaults(func=_delegate("govsim.cli.dashboard:cmd_dashboard"))
    for name in ("run", "survey", "sweep", "sensitivity", "dashboard"):
        sub.choices[name].add_argument("--force", action="store_true", help=FORCE_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "force", False):
        from govsim.scenario.resources import FORCE_ENV

        os.environ[FORCE_ENV] = "1"  # inherited by sweep workers
    # pydantic looks up plugins in every installed package's entry points when the first
    # model class is made (30 ms a start); govsim uses none. PYDANTIC_DISABLE_PLUGINS=
    # (set, empty) turns the lookup back on.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # after parsing: `govsim --help` loads no pydantic
    from govsim.running.interrupt import terminate_as_interrupt
    from govsim.scenario.config import ConfigError

    terminate_as_interrupt()  # `kill`, a CI runner or a scheduler stops govsim as Ctrl-C does

    try:
        return int(args.func(args) or 0)
    except ConfigError as err:
        print(f"govsim {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as stop:
        how = "terminated (SIGTERM)" if str(stop) == "SIGTERM" else "interrupted"
        print(f"govsim {args.command}: {how}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `govsim list | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
