"""The end of a sweep, this checkout against an earlier commit (issue 32 item 2).

    .venv/bin/python benchmarks/million_runs.py --runs 1000000 --engines local --keep DIR
    .venv/bin/python benchmarks/sweep_end_phase.py DIR/out-local-1000000 --against fb3d30e

When a sweep's runs are done its coordinator writes timing.parquet, runs.parquet and
series.parquet from the committed batches (govsim/experiments/batch/store.py `finish`);
at 10^6 runs that was where its memory went (docs/scale.md). This script copies the
batches and manifest of a finished sweep directory and lets each commit finish it: `govsim
sweep --resume` in a fresh process finds no run left and goes straight to the end phase.
Each commit's coordinator reports its own peak RSS (``VmHWM``) and wall time; the
commits alternate for `--rounds` rounds (the earlier one checked out into a temporary
``git worktree``, as benchmarks/ab.py does). The three files each writes must be equal
(the script stops otherwise). Writes a JSON result file (`--json`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from ab import git_worktree, this_commit  # noqa: E402

# The peak is VmHWM, not ru_maxrss: Linux keeps the pre-exec high-water mark in ru_maxrss,
# so a child forked from this script (which reads the written files back) would report it.
COORDINATOR = r"""
import re, sys, time
sys.path.insert(0, sys.argv[1])
from govsim.cli import main
t = time.perf_counter()
code = main(["sweep", sys.argv[2], "--out", sys.argv[3], "--resume", "--workers", "1"])
seconds = time.perf_counter() - t
status = open("/proc/self/status").read()
peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
print(f"{code} {peak} {seconds}")
"""
WRITTEN = ("timing.parquet", "runs.parquet", "series.parquet")


def finish(root: Path, source: Path, experiment: Path, folder: Path) -> dict:
    """Copy `source`'s batches and manifest to `folder` and let `root`'s govsim finish it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(source / "batches", folder / "batches")
    shutil.copy(source / "manifest.json", folder / "manifest.json")
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", COORDINATOR, str(root), str(experiment), str(folder)],
        cwd=root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode or not done.stdout.strip():
        raise SystemExit(f"{root}: the sweep failed: {done.stderr[-2000:]}")
    code, peak, seconds = done.stdout.split()[-3:]
    if code != "0":
        raise SystemExit(f"{root}: govsim sweep exited {code}: {done.stderr[-2000:]}")
    return {"peak_mb": round(float(peak), 1), "seconds": round(float(seconds), 2)}


def same_files(a: Path, b: Path) -> None:
    """The same rows and columns (NaN equal to NaN: a metric undefined in a run)."""
    for name in WRITTEN:
        try:
            pd.testing.assert_frame_equal(
                pd.read_parquet(a / name), pd.read_parquet(b / name), check_exact=True
            )
        except AssertionError as err:
            raise SystemExit(f"{name} differs between the two commits: {err}") from None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sweep", type=Path, help="a finished sweep directory (batches/, manifest)")
    p.add_argument("--experiment", type=Path, help="its experiment file (default: beside it)")
    p.add_argument("--against", required=True, help="the earlier commit")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "sweep_end_phase.json")
    a = p.parse_args()
    size = a.sweep.name.rsplit("-", 1)[-1]  # million_runs.py: out-<engine>-<runs>
    beside = [*a.sweep.parent.glob(f"*_{size}.yaml"), *a.sweep.parent.glob("*.yaml")]
    experiment = a.experiment or next(iter(beside), None)
    if experiment is None or not (a.sweep / "batches").is_dir():
        raise SystemExit(f"{a.sweep}: no batches/ or no experiment file beside it (--experiment)")
    runs = sum(pq.read_metadata(f).num_rows for f in (a.sweep / "batches").glob("runs-*"))
    out: dict = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as tmp:
        old_root = Path(tmp) / "old"
        git_worktree(a.against, old_root)
        try:
            for r in range(a.rounds):
                order = ("old", "new") if r % 2 == 0 else ("new", "old")
                for name in order:
                    root = old_root if name == "old" else ROOT
                    out[name].append(finish(root, a.sweep, experiment, Path(tmp) / f"out-{name}"))
                    print(name, out[name][-1], flush=True)
                same_files(Path(tmp) / "out-old", Path(tmp) / "out-new")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_root)])
    result = {
        "command": " ".join([os.path.relpath(Path(sys.argv[0]).resolve(), ROOT), *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "new": this_commit(),
        "against": a.against,
        "runs": runs,
        "batch_files": len(list((a.sweep / "batches").iterdir())),
        "load_average": os.getloadavg(),
        "peak_mb": {k: statistics.median(r["peak_mb"] for r in v) for k, v in out.items()},
        "seconds": {k: statistics.median(r["seconds"] for r in v) for k, v in out.items()},
        "raw": out,
    }
    a.json.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: result[k] for k in ("runs", "peak_mb", "seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
