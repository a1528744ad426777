"""What recording the daily series costs: one run with every metric's series, with a sweep's
outcomes' only, and with none (``govsim.run(..., series=...)``, issue 32 item 3).

    nice -n 10 .venv/bin/python benchmarks/series_options.py [--pairs 6]
        [--json benchmarks/series_options.json]

Community Y at the test suite's size (900 residents, tests/conftest.py ``SMALL``) and at its
own (7,500), 365 days, seed 1, 2, 3 … in one process, the three options alternating in
rotated order; each figure is the CPU time of build + days (``time.process_time``). The
three give the same summary (checked here on every run; tests/simulation/test_recorder.py
checks the series and the state). Printed: the median CPU seconds of each option and the
median of the per-round ratios to ``True``. Not a test: run by hand (docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import SMALL  # noqa: E402 - the suite's own size, so the two cannot drift

OPTIONS = {"every metric": True, "two outcomes": ("satisfaction", "report_rate"), "none": False}


def measure(scenario, pairs: int) -> dict:
    from govsim.running.runner import run

    cpu: dict[str, list[float]] = {k: [] for k in OPTIONS}
    run(scenario, 99, series=True)  # warm-up
    for i in range(pairs):
        names = list(OPTIONS)
        names = names[i % 3 :] + names[: i % 3]
        summaries = []
        for name in names:
            t = time.process_time()
            result = run(scenario, i + 1, series=OPTIONS[name])
            cpu[name].append(time.process_time() - t)
            summaries.append(json.dumps(result.summary, sort_keys=True))
        if len(set(summaries)) != 1:
            raise SystemExit("the options' summaries differ")
    out = {k: statistics.median(v) for k, v in cpu.items()}
    ratios = {
        k: statistics.median(a / b for a, b in zip(v, cpu["every metric"], strict=True))
        for k, v in cpu.items()
    }
    return {"cpu_s_median": out, "ratio_to_every_metric_median": ratios, "cpu_s": cpu}


def main() -> int:
    from govsim.scenario.config import load_scenario, override

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pairs", type=int, default=6)
    p.add_argument("--json", type=Path)
    a = p.parse_args()
    base = load_scenario("community_y", days=365)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    result = {
        "command": "benchmarks/series_options.py " + " ".join(sys.argv[1:]),
        "commit": commit,
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "sizes": {},
    }
    for label, scenario in (("900 (tests)", override(base, SMALL)), ("7,500", base)):
        result["sizes"][label] = measure(scenario, a.pairs)
        print(label, json.dumps(result["sizes"][label]["ratio_to_every_metric_median"]))
    result["load_average_after"] = os.getloadavg()
    if a.json:
        a.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
