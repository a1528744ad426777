"""One run inside a worker: apply the design point, simulate, return a plain record.

A run that raises is returned as a failure record with its error, so one bad
design point never stops the others. Records hold no timing in the columns
that go to ``runs.parquet``; wall time travels separately to the manifest.
"""

from __future__ import annotations

import os
import time
import traceback
from typing import Any

from govsim import runner
from govsim.config import override
from govsim.experiments.plan import RunTask
from govsim.metrics import METRICS


def execute(task: RunTask) -> dict[str, Any]:
    """Simulate one run; never raises for an error inside the model."""
    t0 = time.perf_counter()
    head = {"run_id": task.run_id, "point": task.point, "replicate": task.replicate,
            "root_seed": task.root_seed, "seed_index": int(task.seed.spawn_key[-1])}
    try:
        config = override(task.base, task.values) if task.values else task.base
        result = runner.run(config, task.seed)
    except Exception as err:  # noqa: BLE001 - recorded as a failed run, the sweep goes on
        return {**head, "status": "failed", "values": task.values,
                "error": f"{type(err).__name__}: {err}", "traceback": traceback.format_exc(),
                "wall_seconds": time.perf_counter() - t0, "pid": os.getpid()}
    metrics = {name: float(result.summary.get(name, float("nan"))) for name in METRICS}
    return {**head, "status": "ok", "values": task.values, "metrics": metrics,
            "sim_seconds": result.seconds_build + result.seconds_run,
            "wall_seconds": time.perf_counter() - t0, "pid": os.getpid()}
