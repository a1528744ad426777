"""What an engine hands back: one plain record per task, to ``on_record`` in the caller.

Shared by every engine (local, dask); in a module of its own so that an engine need not
import its package's ``__init__`` (which imports the engines: no module cycle, issue 30).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from govsim.experiments.batch.plan import RunTask

OnRecord = Callable[[dict[str, Any]], None]


def lost_record(task: RunTask, error: str) -> dict[str, Any]:
    """A failure record for a task whose worker died (no error from the run itself)."""
    return {
        "run_id": task.run_id,
        "point": task.point,
        "replicate": task.replicate,
        "status": "failed",
        "values": task.values,
        "error": error,
        "traceback": "",
        "wall_seconds": float("nan"),
    }
