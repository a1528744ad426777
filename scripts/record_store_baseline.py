"""Record today's `runs.parquet` rows of the smoke sweep (issue 32 item 1).

The batch store that replaces `parts/` must give the same rows for the same
experiment and seeds on both engines; this script writes the reference, made
with the per-run-file store, to tests/data/smoke_runs_before_issue32.parquet.
Run it once on the commit before the store changes (its commit is in the
file's metadata); timing columns are dropped, they differ between runs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.store import TIMING_COLUMNS
from govsim.experiments.batch.sweep import sweep

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "smoke_runs_before_issue32.parquet"


def main() -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        sweep(load_experiment("smoke"), Path(tmp) / "out", workers=2, progress=False)
        table = pq.read_table(Path(tmp) / "out" / "runs.parquet")
    table = table.drop_columns([c for c in TIMING_COLUMNS if c in table.column_names])
    table = table.replace_schema_metadata({"commit": commit})
    pq.write_table(table, OUT)
    print(f"{OUT}: {table.num_rows} rows at {commit}", file=sys.stderr)


if __name__ == "__main__":
    main()
