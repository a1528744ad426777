"""Runs a minute of the Beijing simulation bank on this machine (issue 28 item 3's budget).

    .venv/bin/python benchmarks/bank_rate.py --rows 128 --workers 2 [--streets 11] [--no-later]

The bank `scripts/infer_beijing.py bank` builds (govsim/evidence/bank.py `build`: a
quarter street of `beijing_reform`, 16,175 residents, to the end of month 34, every
assumed key drawn per row), run into a temporary directory from a cold start: the
process pool's start-up and every chunk's Parquet file are counted, the design of the
rows is not. Issue 28 asks for >= 100 runs a minute on 2 cores. benchmarks/bank_run.py
measures one row's CPU time against an earlier commit; this measures the bank itself.
By default the bank is made as `scripts/infer_beijing.py bank` makes it: month 0 over
`bank.STREETS` streets and the later rates over `bank.LATER_STREETS` (`--streets 1
--no-later`: the rows alone, as this script measured before the extra streets). Writes a
JSON result file (`--json`): rows, workers, wall seconds, runs a minute (rows, with their
streets), each task's seconds (the bank's timing.json), the wall time `--extrapolate`
rows would take at the measured rate, the machine and its load.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
from ab import this_commit  # noqa: E402
from infer_beijing import LAST_DAY  # noqa: E402
from scaling import machine  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=128)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--streets", type=int, help="month 0's streets (default bank.STREETS)")
    p.add_argument("--later", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--extrapolate", type=int, default=2048, help="rows of the full bank")
    p.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "bank_rate.json")
    a = p.parse_args()
    from govsim.evidence import bank
    from govsim.scenario.config import load_scenario, override

    scenario = override(load_scenario("beijing_reform"), {"days": LAST_DAY})
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bank_rate-") as tmp:
        printed = io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(printed):
            bank.build(
                scenario, Path(tmp) / "bank", a.rows, workers=a.workers, chunk=8,
                streets=a.streets or bank.STREETS, later=a.later,
            )  # fmt: skip
        wall = time.perf_counter() - t0
        timing = json.loads((Path(tmp) / "bank" / "timing.json").read_text())
    result = {
        "command": " ".join([os.path.relpath(Path(sys.argv[0]).resolve(), ROOT), *sys.argv[1:]]),
        "commit": this_commit(),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "rows": a.rows,
        "workers": a.workers,
        "wall_seconds": round(wall, 2),
        "streets": a.streets or bank.STREETS,
        "later_streets": {str(k): v for k, v in bank.LATER_STREETS.items()} if a.later else 1,
        "runs_per_minute": round(a.rows / wall * 60, 1),
        "timing": timing,
        f"minutes_for_{a.extrapolate}_rows": round(a.extrapolate * wall / a.rows / 60, 1),
        "goal_runs_per_minute": 100,
        "progress": printed.getvalue().splitlines()[-3:],
    }
    a.json.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: result[k] for k in ("rows", "wall_seconds", "runs_per_minute")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
