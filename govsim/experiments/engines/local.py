"""Local engine: a process pool on this machine (workers = 1 runs in this process).

Workers start with ``forkserver`` (not ``fork``: the parent may hold threads, such
as tqdm's monitor) and preload govsim once. At most ``2 × workers`` tasks are in
flight, so memory stays flat for any number of runs.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from govsim.experiments import worker
from govsim.experiments.engines import OnRecord, lost_record
from govsim.experiments.plan import RunTask

IN_FLIGHT_PER_WORKER = 2


def execute(tasks: Iterable[RunTask], on_record: OnRecord, workers: int) -> None:
    """Run `tasks` (any iterable: taken one at a time, never all held) on `workers`."""
    remaining: Iterator[RunTask] | None = iter(tasks)
    if workers <= 1:
        for task in remaining:
            on_record(worker.execute(task))
        return
    while remaining is not None:  # a pool that breaks (a worker killed) is replaced
        remaining = _run_pool(remaining, on_record, workers)


def _run_pool(
    tasks: Iterator[RunTask], on_record: OnRecord, workers: int
) -> Iterator[RunTask] | None:
    """Run tasks until they are done (None) or the pool breaks (the tasks not yet started);
    the runs in flight when it breaks count as failed."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["govsim.experiments.worker"])
    running: dict[Future, RunTask] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            while True:
                while len(running) < IN_FLIGHT_PER_WORKER * workers:
                    task = next(tasks, None)
                    if task is None:
                        break
                    try:
                        running[pool.submit(worker.execute, task)] = task
                    except BrokenProcessPool:
                        tasks = itertools.chain([task], tasks)
                        raise
                if not running:
                    return None
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        record = future.result()
                    except BrokenProcessPool:
                        record = lost_record(
                            task,
                            "worker process died during this run "
                            "(killed or out of memory); --resume retries it",
                        )
                    on_record(record)
        except BrokenProcessPool:
            for task in running.values():
                on_record(lost_record(task, "worker process died; --resume retries it"))
            return tasks
        except BaseException:  # Ctrl-C or SIGTERM (govsim.running.interrupt): end every worker
            end_workers(pool)
            raise


def end_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers, so none is left blocked on a
    pipe after the sweep has gone (a SIGTERM reaches only the sweep, not its workers).

    ``ProcessPoolExecutor`` has no public way to stop running workers before Python 3.14
    (``terminate_workers``); its ``_processes`` table is the documented-in-source way.
    """
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
