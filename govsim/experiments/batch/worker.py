"""One run inside a worker: apply the design point, simulate, return a plain record.

A run that raises is returned as a failure record with its error, so one bad
design point never stops the others. Records hold no timing in the columns
that go to ``runs.parquet``; wall time travels separately to the manifest, and the
batches keep every timing column (wall, model wall, model CPU) for benchmarks.
"""

from __future__ import annotations

import os
import time
import traceback
from typing import Any

import numpy as np

from govsim.experiments.batch.plan import RunTask
from govsim.experiments.batch.spec import SCENARIO, Experiment
from govsim.running import runner
from govsim.scenario.config import ConfigError, override
from govsim.scenario.schema import Scenario
from govsim.simulation.metrics import METRICS


def execute(task: RunTask, made: dict[str, Any] | None = None) -> dict[str, Any]:
    """Simulate one run; never raises for an error inside the model. `made`: the scenario
    of the previous task of a chunk (``execute_chunk``), reused when this one's point is the
    same (replicates of a point run one after another; a scenario is frozen)."""
    t0 = time.perf_counter()
    head = {
        "run_id": task.run_id,
        "point": task.point,
        "replicate": task.replicate,
        "root_seed": task.root_seed,
        "seed_index": int(task.seed.spawn_key[-1]),
    }
    if task.model is not None:
        return _execute_stand_in(task, head, t0)
    try:
        scenario = chunk_scenario(task, {} if made is None else made)
        cpu0 = time.thread_time()
        # the daily series of the outcomes only: the other metrics' would be dropped
        result = runner.run(scenario, task.seed, window=task.window, series=task.outcomes)
        cpu = time.thread_time() - cpu0
    except Exception as err:  # noqa: BLE001 - recorded as a failed run, the sweep goes on
        return _failed(head, task, err, t0)
    metrics = {name: float(result.summary.get(name, float("nan"))) for name in METRICS}
    daily, column = result.model.series, {name: j for j, name in enumerate(METRICS)}
    # the outcomes' columns of the daily series, as `result.timeseries[name]` holds them,
    # without building the DataFrame of every metric (a tenth of a tiny run's time)
    series = {name: np.array(daily[:, column[name]], dtype=float) for name in task.outcomes}
    return {
        **head,
        "status": "ok",
        "values": task.values,
        "metrics": metrics,
        "series": series,
        "sim_seconds": result.seconds_build + result.seconds_run,
        "sim_cpu_seconds": cpu,  # this thread's CPU in the model (wall time lies on a busy machine)
        "wall_seconds": time.perf_counter() - t0,
        "pid": os.getpid(),
    }


def execute_chunk(tasks: list[RunTask]) -> list[dict[str, Any]]:
    """Simulate a chunk of runs one after another (govsim/experiments/batch/engines/chunks.py)."""
    made: dict[str, Any] = {}
    return [execute(task, made) for task in tasks]


def chunk_scenario(task: RunTask, made: dict[str, Any]) -> Scenario:
    """``task_scenario(task)``, or the previous task's scenario when `task` has the same
    base and design point values (held in `made`): validating a scenario is ~0.3 ms."""
    if made.get("base") is not task.base or made.get("values") != task.values:
        made.update(base=task.base, values=task.values, scenario=task_scenario(task))
    return made["scenario"]


def _execute_stand_in(task: RunTask, head: dict[str, Any], t0: float) -> dict[str, Any]:
    """A task whose `model` names a function f(values, seed) -> {metric: value}."""
    import importlib

    module, _, name = task.model.partition(":")  # type: ignore[union-attr]
    try:
        metrics = getattr(importlib.import_module(module), name)(task.values, task.seed)
    except Exception as err:  # noqa: BLE001 - recorded as a failed run, like the model's
        return _failed(head, task, err, t0)
    return {
        **head,
        "status": "ok",
        "values": task.values,
        "metrics": {k: float(v) for k, v in metrics.items()},
        "series": {},
        "sim_seconds": time.perf_counter() - t0,
        "wall_seconds": time.perf_counter() - t0,
        "pid": os.getpid(),
    }


def rerun(experiment: Experiment, run_id: int) -> runner.RunResult:
    """Run `run_id` of a sweep again, with its own seed: its daily series and model state.

    Sweeps store summaries only; this gives the full RunResult (``.timeseries``,
    ``.model``) of any run, identical to the one the sweep summarised.
    """
    from govsim.experiments.batch.plan import make_plan

    plan = make_plan(experiment)
    if not 0 <= run_id < plan.n_runs:
        raise ConfigError(
            f"run {run_id}: experiment {experiment.name!r} has runs 0 to {plan.n_runs - 1}."
        )
    task = next(plan.tasks([run_id]))
    return runner.run(task_scenario(task), task.seed, window=task.window)


def task_scenario(task: RunTask) -> Scenario:
    """The task's base scenario with its design point applied (a `scenario` factor chose the
    base already)."""
    values = {k: v for k, v in task.values.items() if k != SCENARIO}
    return override(task.base, values) if values else task.base


def _failed(head: dict[str, Any], task: RunTask, err: Exception, t0: float) -> dict[str, Any]:
    """The record of a run that raised: the sweep goes on, the error and traceback kept."""
    return {
        **head,
        "status": "failed",
        "values": task.values,
        "error": f"{type(err).__name__}: {err}",
        "traceback": traceback.format_exc(),
        "wall_seconds": time.perf_counter() - t0,
        "pid": os.getpid(),
    }
