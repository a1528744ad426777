"""Local engine: a process pool on this machine (workers = 1 runs in this process).

Workers start with ``forkserver`` (not ``fork``: the parent may hold threads, such
as tqdm's monitor) and preload govsim once. Tasks go in chunks sized by the runs' wall time
(engines/chunks.py: one message per ~0.5 s of tiny runs, one per long run). At most
``2 × workers`` chunks are in flight, so memory stays flat for any number of runs.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from govsim.experiments.batch import worker
from govsim.experiments.batch.engines.chunks import Chunks
from govsim.experiments.batch.engines.record import OnRecord, lost_record
from govsim.experiments.batch.plan import RunTask

IN_FLIGHT_PER_WORKER = 2


def execute(tasks: Iterable[RunTask], on_record: OnRecord, workers: int) -> None:
    """Run `tasks` (any iterable: taken a chunk at a time, never all held) on `workers`."""
    if workers <= 1:
        for task in tasks:
            on_record(worker.execute(task))
        return
    chunks = Chunks(iter(tasks))
    while chunks is not None:  # a pool that breaks (a worker killed) is replaced
        chunks = _run_pool(chunks, on_record, workers)


def _run_pool(chunks: Chunks, on_record: OnRecord, workers: int) -> Chunks | None:
    """Run chunks until the tasks are done (None) or the pool breaks (the chunks, to go on
    with the tasks not yet started); the runs in flight when it breaks count as failed."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["govsim.experiments.batch.worker"])
    running: dict[Future, list[RunTask]] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            while True:
                while len(running) < IN_FLIGHT_PER_WORKER * workers:
                    chunk = chunks.next()
                    if not chunk:
                        break
                    try:
                        running[pool.submit(worker.execute_chunk, chunk)] = chunk
                    except BrokenProcessPool:
                        chunks.tasks = itertools.chain(chunk, chunks.tasks)
                        raise
                if not running:
                    return None
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk = running.pop(future)
                    try:
                        records = future.result()
                    except BrokenProcessPool:
                        records = [
                            lost_record(
                                task,
                                "worker process died during this run "
                                "(killed or out of memory); --resume retries it",
                            )
                            for task in chunk
                        ]
                    chunks.observe(records)
                    for record in records:
                        on_record(record)
        except BrokenProcessPool:
            for chunk in running.values():
                for task in chunk:
                    on_record(lost_record(task, "worker process died; --resume retries it"))
            return chunks
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
