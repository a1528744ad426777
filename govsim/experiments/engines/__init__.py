"""Engines run tasks and hand each finished record to ``on_record`` (one module per engine).

Every engine has the same shape::

    execute(tasks, on_record, workers, scheduler=None) -> None

``on_record`` runs in the calling process (it writes the part to disk), in
completion order; results never depend on that order because every task
carries its own seed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from govsim.experiments.plan import RunTask
from govsim.scenario.config import ConfigError

OnRecord = Callable[[dict[str, Any]], None]
ENGINES = ("local", "dask")


def check(engine: str, scheduler: str | None) -> None:
    """Bad engine options, before anything is written."""
    if engine not in ENGINES:
        raise ConfigError(f"--engine {engine}: allowed engines are {', '.join(ENGINES)}.")
    if engine == "local" and scheduler:
        raise ConfigError(
            "--scheduler is for --engine dask; the local engine uses a "
            "process pool on this machine."
        )


def execute(
    engine: str,
    tasks: Iterable[RunTask],
    on_record: OnRecord,
    workers: int,
    scheduler: str | None = None,
    points: Iterable[RunTask] | None = None,
) -> None:
    """Run `tasks` (a list, or an iterator taken lazily: then `points`, one task per design
    point, are what is validated before the first run; ``Plan.point_tasks``)."""
    check(engine, scheduler)
    from govsim.scenario.resources import check_tasks

    if points is None:
        tasks = list(tasks)
        points, workers_used = tasks, min(workers, len(tasks)) or 1
    else:
        workers_used = workers
    # every point valid; memory checked when the runs happen on this machine
    check_tasks(
        (t for t in points if t.model is None), workers_used, memory=not scheduler
    )  # a stand-in model (RunTask.model) has no scenario
    if engine == "local":
        from govsim.experiments.engines import local

        local.execute(tasks, on_record, workers)
    elif engine == "dask":
        from govsim.experiments.engines import dask

        dask.execute(tasks, on_record, workers, scheduler)


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
