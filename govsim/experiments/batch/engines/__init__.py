"""Engines run tasks and hand each finished record to ``on_record`` (one module per engine).

Every engine has the same shape::

    execute(tasks, on_record, workers, scheduler=None) -> None

``on_record`` runs in the calling process (it writes the part to disk), in
completion order; results never depend on that order because every task
carries its own seed.
"""

from __future__ import annotations

from govsim.experiments.batch.engines.record import OnRecord
from govsim.experiments.batch.plan import RunTask
from govsim.scenario.config import ConfigError

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
    tasks: list[RunTask],
    on_record: OnRecord,
    workers: int,
    scheduler: str | None = None,
) -> None:
    check(engine, scheduler)
    from govsim.scenario.resources import check_tasks

    # every point valid; memory checked when the runs happen on this machine
    check_tasks(
        [t for t in tasks if t.model is None], min(workers, len(tasks)) or 1, memory=not scheduler
    )  # a stand-in model (RunTask.model) has no scenario
    if engine == "local":
        from govsim.experiments.batch.engines import local

        local.execute(tasks, on_record, workers)
    elif engine == "dask":
        from govsim.experiments.batch.engines import dask

        dask.execute(tasks, on_record, workers, scheduler)
