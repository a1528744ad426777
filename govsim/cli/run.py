"""`govsim run`: one run; prints the summary by section, `--out` writes the files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from govsim.cli.options import add_force

PROGRESS_DELAY_SECONDS = 2.0
"""`govsim run` shows a progress bar (on a terminal) once a run has taken this long."""


def format_summary(summary: dict[str, float], title: str) -> str:
    """The run summary by section, as registered in :data:`govsim.simulation.metrics.INFO`."""
    from govsim.simulation.metrics import by_section, format_value

    lines = [title, "=" * len(title)]
    for section, names in by_section(list(summary)).items():
        lines.append(f"\n{section}")
        lines += [f"  {n:<28} {format_value(n, summary[n]):>12}" for n in names]
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from govsim.scenario.config import load_scenario

    overrides = list(args.set or [])
    if args.seed is not None:
        overrides.append(f"seed={args.seed}")
    scenario = load_scenario(args.scenario, overrides, days=args.days)
    from govsim.api import run  # govsim.run: the command and the API are one function
    from govsim.scenario.window import parse_window

    window = None if args.window is None else parse_window(args.window)
    progress = _progress_bar(scenario.days, f"{scenario.name}") if args.progress else None
    profiler = _start_profiler() if args.profile else None
    # govsim.run checks the window and the memory, once, before the model's imports
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
            r"govsim[/\\](rules|simulation|world)[/\\]", 25
        )
    return 0


def run_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim run`: its arguments and help."""
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
    add_force(p)
    p.set_defaults(func=cmd_run)


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


PARSERS = {
    "run": run_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
