"""One row of the Beijing simulation bank, this checkout against an earlier commit (issue 28).

    nice -n 10 .venv/bin/python benchmarks/bank_run.py [--against main] [--rounds 3]
        [--rows 2] [--json benchmarks/bank_run.json]

A bank row is what ``scripts/infer_beijing.py bank`` runs: ``beijing_reform`` (a quarter
street, 16,175 residents) to the end of month 35 (day 1,079) with every assumed key drawn
from its range (``govsim.evidence.bank.BankRun``), then the published statistics. Issue 28
asks for >= 100 such runs a minute on 2 cores. Each round starts a fresh worker per commit
(the earlier one checked out into a temporary ``git worktree``, as ``benchmarks/ab.py``
does), runs a warm-up row, then rows 0 .. rows-1 in ABBA order; each figure is the worker's
CPU time for the row. Printed: CPU seconds a row for each commit (median), the ratio new ÷
old (per round, with ab.py's 95 % interval over rounds) and the runs a minute two cores
would give at that CPU time (2 × 60 ÷ seconds, no overhead: the bound, not a measurement of
a bank). The rows of both commits must be equal (the script stops otherwise).
Not a test: run by hand (docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from ab import git_worktree, ratio_summary, this_commit  # noqa: E402

WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from govsim.evidence import bank
from govsim.scenario.config import load_scenario, override
scenario = override(load_scenario("beijing_reform"), {"days": 30 + 30 * 35})
keys = list((*bank.REFORM_KEYS, *bank.BASELINE_KEYS))
rows = bank.jobs(keys, bank.design_ranges(scenario), 64, 2021)
run = bank.BankRun(scenario, keys)
for line in sys.stdin:
    t = time.process_time()
    out = run(rows[int(line)])
    print(json.dumps({"cpu": time.process_time() - t, "row": out}), flush=True)
"""


class Worker:
    def __init__(self, root: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(root))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(root)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root, env=env,
        )  # fmt: skip

    def run(self, row: int) -> dict:
        self.proc.stdin.write(f"{row}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("bank worker stopped (see its error above)")
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def rounds(old_root: Path, n_rounds: int, rows: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"old": [], "new": [], "round_ratio": []}
    for r in range(n_rounds):
        workers = {"old": Worker(old_root), "new": Worker(ROOT)}
        try:
            for w in workers.values():
                w.run(rows)  # warm-up: imports, the design, caches
            got: dict[str, list[dict]] = {"old": [], "new": []}
            for i in range(rows):
                for tag in ("old", "new") if (r + i) % 2 == 0 else ("new", "old"):
                    got[tag].append(workers[tag].run(i))
                    out[tag].append(got[tag][-1]["cpu"])
            if [g["row"] for g in got["old"]] != [g["row"] for g in got["new"]]:
                raise SystemExit("the two commits' bank rows differ")
        finally:
            for w in workers.values():
                w.close()
        ratio = statistics.fmean(out["new"][-rows:]) / statistics.fmean(out["old"][-rows:])
        out["round_ratio"].append(ratio)
        print(f"  round {r + 1}/{n_rounds}: new ÷ old {ratio:.3f}", file=sys.stderr)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--against", default="main")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--rows", type=int, default=2)
    p.add_argument("--json", type=Path)
    a = p.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory() as tmp:
        old_root = Path(tmp) / "old"
        git_worktree(a.against, old_root)
        try:
            out = rounds(old_root, a.rounds, a.rows)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(old_root)], check=False)  # fmt: skip
    s = ratio_summary(out["round_ratio"])
    cpu = {tag: statistics.median(out[tag]) for tag in ("old", "new")}
    result = {
        "command": "benchmarks/bank_run.py " + " ".join(sys.argv[1:]),
        "started": started,
        "load_average": os.getloadavg(),
        "new": this_commit(),
        "against": a.against,
        "cpu_s_per_row": cpu,
        "runs_per_minute_on_2_cores_bound": {t: 120 / c for t, c in cpu.items()},
        "ratio": s,
        "raw": out,
    }
    print(json.dumps({k: v for k, v in result.items() if k != "raw"}, indent=1))
    if a.json:
        a.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
