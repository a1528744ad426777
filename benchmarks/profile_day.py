"""Where a day's time goes, by rule and by metric (issue 32 item 3).

    nice -n 10 .venv/bin/python benchmarks/profile_day.py [--sizes 7500,1000000]
        [--days 60] [--out benchmarks/profile_day.json] [--scenario district_1m]

Each size is Community Y's rules scaled as in benchmarks/scaling.py (7,500 is Community Y
itself: the scaling of 1.0), run in a fresh process on seed 1; or, with ``--scenario``, a
shipped scenario as it is (``--sizes`` ignored). The scaling leaves the departments'
staff-hours at Community Y's, so at a million their queue overflows (a backlog of ~180,000
cases by day 60) where ``district_1m``, whose departments scale, keeps up. The model is built and
stepped as ``GovernanceModel.step`` does; each rule module's ``step`` and each registered
metric is wrapped in a ``time.process_time`` pair for the run (nothing else changes: the
same calls in the same order, so the same numbers), and so is the recorder's note of the
first open case. Reported per size: build CPU seconds, step CPU seconds per day, and each
rule's and metric's CPU ms per day and share of the step; the timer's own cost (a few µs
per wrapped call, ~60 calls a day) is inside the shares of the small items. The first
``--warmup`` days are run but not counted (the case book is still filling). The scenario
is one day longer than the days run, so no counted day is a run's last: that day folds in
the new ties and refreshes every resident's channel preference, a once-a-run cost that,
counted among 10 days, added a tenth of itself to each (it was counted until issue 32's
second round; ties are still folded in every `tie_rebuild_days`). Writes the
JSON file with the commit it was made at. Not a test: run by hand (docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rule_names() -> list[str]:
    """Every rule module (govsim/rules/: one ODD step each, a `step` the model calls by
    module), so a rule added later is timed without editing this list."""
    import pkgutil

    import govsim.rules

    return [m.name for m in pkgutil.iter_modules(govsim.rules.__path__)]


def timed(fn, totals: dict[str, float], name: str):
    def wrapper(*args, **kwargs):
        t = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.process_time() - t

    return wrapper


def one_size(residents: int, days: int, warmup: int, scenario_name: str = "community_y") -> dict:
    """Build and run one size (of Community Y; another scenario `scenario_name` as it is) in this
    process with every rule and metric timed."""
    import importlib

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scaling import scaled_overrides

    from govsim.running.runner import make_rng
    from govsim.scenario.config import load_scenario, override
    from govsim.simulation import metrics, recorder

    rules: dict[str, float] = {}
    by_metric: dict[str, float] = {}
    for name in rule_names():
        module = importlib.import_module(f"govsim.rules.{name}")
        module.step = timed(module.step, rules, name)
    for name, fn in list(metrics.METRICS.items()):
        metrics.METRICS[name] = timed(fn, by_metric, name)
    recorder.first_open_case = timed(recorder.first_open_case, rules, "first_open_case")
    from govsim.simulation.model import GovernanceModel

    scenario = load_scenario(scenario_name, days=days + warmup + 1)  # + the last day
    if scenario_name == "community_y" and residents != 7_500:
        scenario = override(scenario, scaled_overrides(residents))
    t = time.process_time()
    model = GovernanceModel(scenario, make_rng(1))
    build = time.process_time() - t
    record = model.recorder.record
    model.recorder.record = timed(record, rules, "metrics (record)")
    for _ in range(warmup):
        model.step()
    rules.clear()
    by_metric.clear()
    t = time.process_time()
    for _ in range(days):
        model.step()
    step = time.process_time() - t
    per_day = step / days
    rules["other (model.step itself)"] = step - sum(rules.values())

    def table(totals: dict[str, float]) -> list[dict]:
        rows = [
            {"name": k, "ms_per_day": v / days * 1e3, "share_of_step": v / step}
            for k, v in totals.items()
        ]
        return sorted(rows, key=lambda r: -r["ms_per_day"])

    import resource

    return {
        "scenario": scenario_name,
        "residents": int(model.state.residents.n),
        "days_counted": days,
        "warmup_days": warmup,
        "build_cpu_s": build,
        "step_cpu_ms_per_day": per_day * 1e3,
        "days_per_cpu_s": 1 / per_day,
        "ns_per_resident_day": per_day / model.state.residents.n * 1e9,
        "cases": int(model.state.cases.n),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rules": table(rules),
        "metrics": table(by_metric),
    }


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if dirty else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="7500,1000000")
    parser.add_argument("--days", type=int, default=60, help="days counted")
    parser.add_argument("--warmup", type=int, default=30, help="days run first, not counted")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "profile_day.json"))
    parser.add_argument("--scenario", default="community_y", help="a shipped scenario as it is")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_size(args.one, args.days, args.warmup, args.scenario)))
        return 0
    results = []
    sizes = args.sizes if args.scenario == "community_y" else "0"  # 0: the scenario's own
    for size in (int(s) for s in sizes.split(",")):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--days",
                str(args.days),
                "--warmup",
                str(args.warmup),
                "--scenario",
                args.scenario,
            ],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        day, build = r["step_cpu_ms_per_day"], r["build_cpu_s"]
        print(f"{r['scenario']} {r['residents']:,}: {day:.1f} ms a day, build {build:.1f} s")
        for row in r["rules"]:
            print(f"  {row['name']:28s} {row['ms_per_day']:8.2f} ms {row['share_of_step']:6.1%}")
        for row in r["metrics"][:12]:
            print(f"    {row['name']:26s} {row['ms_per_day']:8.2f} ms {row['share_of_step']:6.1%}")
    Path(args.out).write_text(
        json.dumps(
            {
                "commit": commit(),
                "made": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "load_average": os.getloadavg(),
                "command": " ".join(["benchmarks/profile_day.py", *sys.argv[1:]]),
                "sizes": results,
            },
            indent=1,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
