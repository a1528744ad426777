"""Paired A/B benchmark: this checkout against an earlier commit, on the same machine, now.

    .venv/bin/python benchmarks/ab.py [--against a6146cd] [--scenario community_y]
        [--rounds 8] [--pairs 4] [--process-pairs 10] [--reference] [--json FILE]
        [--markdown benchmarks/ab_results.md]

Why: this project's machines differ by more than the targets' margins. The same
commit (a6146cd, the code the speed targets were set on) ran Community Y at 133 ns per
resident-day on one machine and at 280–540 ns on another the same day, and numpy code and
the pure-Python plain-Mesa reference do not slow down by the same factor (one machine
lacked AVX-512: ``np.exp`` on 7,500 doubles took 38 µs). A target set as an absolute
number on one machine is checked on another by running both commits back to back and
carrying the ratio over: "≤ 150 ns where the old code measured 133" is "new ÷ old ≤
150 / 133 = 1.128", measured on any machine.

How:

- The earlier commit is checked out into a temporary ``git worktree`` (removed at the
  end) and imported through ``PYTHONPATH``, with this checkout's ``.venv`` (the same
  numpy, Mesa and pydantic for both).
- **Model**: ``--rounds`` rounds; in each, two fresh worker processes, one per commit,
  run the scenario on seeds 1, 2, 3, … in turn, old and new alternating (ABBA order, so
  a drift in the machine's speed falls on both alike), ``--pairs`` pairs. Each figure is
  the CPU time of the daily steps (``time.process_time`` around ``model.step()`` × days:
  the full schedule, what "ns per resident-day" means; the build is timed apart). The
  first run of each worker is a warm-up and not counted. A worker keeps its memory
  layout and hash seed for all its runs, which moves its speed by several per cent
  (seen: three single-worker comparisons of the same two commits gave 1.13, 1.15 and
  1.22 with intervals of ±0.02 each), so the interval is computed over rounds.
- **Whole process**: ``python -m govsim.cli run SCENARIO --no-progress`` as a fresh
  process, alternating, wall time (imports included), ``--process-pairs`` pairs.
- ``--reference`` also runs the plain-Mesa reference (benchmarks/mesa_reference.py,
  the scenario's residents × days) after each process pair, and prints each commit's
  ``process ÷ reference``: what ``benchmarks/community_y.py`` prints, for both commits.

Printed: the median of the ratios new ÷ old (per round for the model, per pair for the
process) and a 95 % interval for the ratio (Student t on the log ratios,
``govsim.core.stats.t_interval``), and what the new code comes to where the old commit
measured the targets' figures (``YARDSTICKS`` for a6146cd; ``--old-ns``,
``--old-process-ratio``, ``--old-process-s`` for others). ``--markdown`` appends the same
lines, the machine and both commits to a file (benchmarks/ab_results.md is the record).
Not a test: run by hand (docs/DEVELOPING.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import importlib, os
# the layer packages (issue 21), or the flat modules of a commit before them; decided by the
# folder, not by trying: the editable install's finder would serve a missing package of an
# old checkout from this one
if os.path.isdir(os.path.join(sys.argv[1], "govsim", "scenario")):
    names = ("scenario.config", "simulation.model", "running.runner")
else:
    names = ("config", "model", "runner")
config, model_module, runner = (importlib.import_module("govsim." + n) for n in names)
load_scenario, GovernanceModel = config.load_scenario, model_module.GovernanceModel
make_rng = runner.make_rng
scenario = load_scenario(sys.argv[2])
for line in sys.stdin:
    t = time.process_time()
    model = GovernanceModel(scenario, make_rng(int(line)))
    build = time.process_time() - t
    t = time.process_time()
    for _ in range(scenario.days):
        model.step()
    steps = time.process_time() - t
    print(f"{steps!r} {build!r} {model.state.residents.n} {scenario.days}", flush=True)
"""


class Worker:
    """A long-lived process that runs the scenario on the seeds it is sent."""

    def __init__(self, root: Path, scenario: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(root))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(root), scenario],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
            env=env,
        )

    def run(self, seed: int) -> tuple[float, float, int, int]:
        self.proc.stdin.write(f"{seed}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker in {self.proc.args[3]} stopped (see its error above)")
        steps, build, n, days = line.split()
        return float(steps), float(build), int(n), int(days)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def whole_process(root: Path, scenario: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(root), PYDANTIC_DISABLE_PLUGINS="__all__")
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "govsim.cli", "run", scenario, "--no-progress"],
        check=True,
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t


def ratio_summary(ratios: list[float]) -> dict[str, float]:
    """Median, geometric mean and a 95 % t-interval (on log ratios) of paired ratios."""
    from govsim.core.stats import t_interval

    logs = [math.log(r) for r in ratios]
    mean, sd = statistics.fmean(logs), statistics.stdev(logs) if len(logs) > 1 else 0.0
    low, high = t_interval(mean, sd, len(logs))
    return {
        "median": statistics.median(ratios),
        "geometric_mean": math.exp(mean),
        "ci95_low": math.exp(float(low)),
        "ci95_high": math.exp(float(high)),
        "min": min(ratios),
        "max": max(ratios),
        "pairs": len(ratios),
    }


def describe(name: str, s: dict[str, float], unit: str = "pairs") -> str:
    return (
        f"{name} new ÷ old: median {s['median']:.3f}, geometric mean {s['geometric_mean']:.3f}"
        f" (95 % interval {s['ci95_low']:.3f}–{s['ci95_high']:.3f}; {unit} {s['min']:.2f}–"
        f"{s['max']:.2f}, n = {s['pairs']})"
    )


def git_worktree(rev: str, where: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force", str(where), rev],
        check=True,
        capture_output=True,
        text=True,
    )


def model_rounds(old_root: Path, scenario: str, rounds: int, pairs: int) -> dict[str, list[float]]:
    """`rounds` times: a fresh worker per commit, a warm-up run each, then `pairs` runs
    each in ABBA order. A worker's memory layout and hash seed stay with it for all its
    runs and move its speed by several per cent, so the round (not the pair) is the unit
    the interval is computed over."""
    out: dict[str, list[float]] = {
        "old": [],
        "new": [],
        "ns_old": [],
        "ns_new": [],
        "build_old": [],
        "build_new": [],
        "round_ratio": [],
    }
    for r in range(rounds):
        workers = {"old": Worker(old_root, scenario), "new": Worker(ROOT, scenario)}
        ratios = []
        try:
            for tag in ("old", "new"):
                workers[tag].run(pairs + 1)  # warm-up (imports, caches), not counted
            for i in range(pairs):
                for tag in ("old", "new") if (r + i) % 2 == 0 else ("new", "old"):
                    cpu, build, n, days = workers[tag].run(i % 3 + 1)
                    out[tag].append(cpu)
                    out[f"build_{tag}"].append(build)
                    out[f"ns_{tag}"].append(cpu / (n * days) * 1e9)
                ratios.append(out["new"][-1] / out["old"][-1])
        finally:
            for w in workers.values():
                w.close()
        out["round_ratio"].append(math.exp(statistics.fmean(math.log(x) for x in ratios)))
        print(
            f"  round {r + 1}/{rounds}: new ÷ old {out['round_ratio'][-1]:.3f} "
            f"(pairs {min(ratios):.3f}–{max(ratios):.3f})",
            file=sys.stderr,
        )
    return out


def process_pairs(
    old_root: Path, scenario: str, pairs: int, reference: bool
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"old": [], "new": [], "reference": [], "reference_cpu": []}
    config = n = None
    if reference:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from govsim.scenario.config import load_scenario

        config = load_scenario(scenario)
        n = config.population.residents
    for i in range(pairs):
        for tag in ("old", "new") if i % 2 == 0 else ("new", "old"):
            out[tag].append(whole_process(old_root if tag == "old" else ROOT, scenario))
        if reference:
            from mesa_reference import time_reference

            ref = time_reference(config, n, config.days)
            out["reference"].append(ref["run_s"])
            out["reference_cpu"].append(ref["run_cpu_s"])
        print(
            f"  process pair {i + 1}/{pairs}: old {out['old'][-1]:.2f} s, new "
            f"{out['new'][-1]:.2f} s"
            + (f", plain Mesa {out['reference'][-1]:.2f} s" if reference else ""),
            file=sys.stderr,
        )
    return out


YARDSTICKS = {
    # what a6146cd measured where the targets were set (issue 3 and 13 closing notes, commit
    # eac52d9 at 04:06 UTC on 2026-11-23): Community Y steps 133 ns per resident-day, the
    # whole `govsim run community_y` 0.245 × the plain-Mesa reference; district_100k 3.8 s
    ("a6146cd", "community_y"): {"old_ns": 133.0, "old_process_ratio": 0.245},
    ("a6146cd", "district_100k"): {"old_process_s": 3.8},
}


def this_commit() -> str:
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head + (" with uncommitted changes" if dirty else "")


def append_markdown(path: Path, args: argparse.Namespace, figures: dict, lines: list[str]) -> None:
    """One section per run: what was compared, where, when, and the printed figures."""
    from scaling import machine

    m = machine()
    text = [
        f"## {args.scenario}: {this_commit()} against {args.against} ({figures['started']})",
        "",
        f"`benchmarks/ab.py --scenario {args.scenario} --against {args.against} --rounds "
        f"{args.rounds} --pairs {args.pairs} --process-pairs {args.process_pairs}"
        + (" --reference" if args.reference else "")
        + "`; "
        f"{m['nproc']} CPUs ({m['cpu']}), {m['ram']}, Python {m['python']}, numpy "
        f"{m['numpy']}; load average at start "
        + " / ".join(f"{x:.1f}" for x in figures["load_average_start"])
        + ", at end "
        + " / ".join(f"{x:.1f}" for x in figures["load_average_end"])
        + ".",
        "",
    ]
    text += [f"- {line}" for line in lines[1:]] + [""]
    header = (
        ""
        if path.exists()
        else (
            "# Paired A/B runs against the code the speed targets were set on\n\n"
            "Appended by `benchmarks/ab.py --markdown` (do not edit by hand); newest last. Why "
            "and how: the docstring of benchmarks/ab.py.\n\n"
        )
    )
    with path.open("a") as f:
        f.write(header + "\n".join(text) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--against",
        default="a6146cd",
        help="the earlier commit (default a6146cd: the code the targets were set on)",
    )
    parser.add_argument("--scenario", default="community_y")
    parser.add_argument(
        "--rounds",
        type=int,
        default=8,
        help="model-only rounds, each with a fresh worker per commit",
    )
    parser.add_argument("--pairs", type=int, default=4, help="model-only pairs per round")
    parser.add_argument(
        "--process-pairs", type=int, default=10, help="whole-process pairs (0: none)"
    )
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also time the plain-Mesa reference after each process pair",
    )
    parser.add_argument(
        "--old-ns",
        type=float,
        help="ns per resident-day the old commit measured where the target was "
        "set (default: YARDSTICKS)",
    )
    parser.add_argument(
        "--old-process-ratio",
        type=float,
        help="whole process ÷ plain-Mesa reference the old commit measured there",
    )
    parser.add_argument(
        "--old-process-s", type=float, help="whole-process seconds the old commit measured there"
    )
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument(
        "--markdown",
        help="also append the printed figures, with the machine "
        "and both commits, to this Markdown file (benchmarks/ab_results.md)",
    )
    args = parser.parse_args()
    for key, value in YARDSTICKS.get((args.against, args.scenario), {}).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    lines: list[str] = []

    def say(text: str) -> None:
        print(text)
        lines.append(text.strip())

    sys.stdout.reconfigure(line_buffering=True)  # results and progress (stderr) in order
    if args.rounds < 2 or args.pairs < 1 or args.process_pairs < 0:
        parser.error(
            "--rounds must be at least 2, --pairs at least 1 and --process-pairs at least 0"
        )

    figures: dict[str, object] = {
        "against": args.against,
        "scenario": args.scenario,
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_start": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="govsim-ab-") as tmp:
        old_root = Path(tmp) / "old"
        git_worktree(args.against, old_root)
        try:
            say(
                f"{args.scenario}: this checkout against {args.against}, same machine, back to back"
            )
            model = model_rounds(old_root, args.scenario, args.rounds, args.pairs)
            s = ratio_summary(model["round_ratio"])
            figures["model"] = {**model, "ratio": s}
            say(
                f"model (CPU of the daily steps): old median "
                f"{statistics.median(model['ns_old']):.0f}, new "
                f"{statistics.median(model['ns_new']):.0f} ns per resident-day here; build "
                f"{statistics.median(model['build_old']) * 1e3:.0f} and "
                f"{statistics.median(model['build_new']) * 1e3:.0f} ms"
            )
            say("  " + describe("model", s, "rounds"))
            if args.old_ns:
                say(
                    f"  where the old code measured {args.old_ns:g} ns: new ≈ "
                    f"{args.old_ns * s['geometric_mean']:.0f} ns (95 % interval "
                    f"{args.old_ns * s['ci95_low']:.0f}–{args.old_ns * s['ci95_high']:.0f})"
                )
            if args.process_pairs:
                proc = process_pairs(old_root, args.scenario, args.process_pairs, args.reference)
                p = ratio_summary([b / a for a, b in zip(proc["old"], proc["new"], strict=True)])
                figures["process"] = {**proc, "ratio": p}
                say(
                    f"whole process (`python -m govsim.cli run {args.scenario}`): old median "
                    f"{statistics.median(proc['old']):.2f} s, new "
                    f"{statistics.median(proc['new']):.2f} s"
                )
                say("  " + describe("process", p))
                for old, unit, form in (
                    (args.old_process_ratio, " × the plain-Mesa reference", ".3f"),
                    (args.old_process_s, " s", ".1f"),
                ):
                    if old:
                        say(
                            f"  where the old code measured {old:g}{unit}: new ≈ "
                            f"{old * p['geometric_mean']:{form}}{unit} (95 % interval "
                            f"{old * p['ci95_low']:{form}}–{old * p['ci95_high']:{form}})"
                        )
                if args.reference:
                    reference_cpu = statistics.median(proc["reference_cpu"])
                    for tag in ("old", "new"):  # the model's CPU (build + days) ÷ the reference's
                        cpu = statistics.median(model[tag]) + statistics.median(
                            model[f"build_{tag}"]
                        )
                        figures["process"][f"{tag}_model_cpu_over_reference_cpu"] = (
                            cpu / reference_cpu
                        )
                        say(
                            f"  {tag} model CPU (build + days, median) ÷ plain-Mesa reference CPU "
                            f"(median): {cpu / reference_cpu:.3f}"
                        )
                    for tag in ("old", "new"):
                        r = [a / b for a, b in zip(proc[tag], proc["reference"], strict=True)]
                        figures["process"][f"{tag}_over_reference"] = r
                        say(
                            f"  {tag} process ÷ plain-Mesa reference here: median "
                            f"{statistics.median(r):.3f} (pairs {min(r):.3f}–{max(r):.3f})"
                        )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_root)],
                check=False,
                capture_output=True,
            )
    figures["load_average_end"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    if args.markdown:
        append_markdown(Path(args.markdown), args, figures, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
