"""Dask engine: dask.distributed, on a LocalCluster (127.0.0.1) or an existing scheduler.

``--scheduler tcp://host:8786`` connects to a running cluster (its workers need
govsim installed); without it a LocalCluster of ``workers`` single-threaded
processes listens on 127.0.0.1 only and is closed at the end.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator

from distributed.diagnostics.plugin import WorkerPlugin

from govsim.experiments.batch import worker
from govsim.experiments.batch.engines.chunks import Chunks
from govsim.experiments.batch.engines.record import OnRecord, lost_record
from govsim.experiments.batch.plan import RunTask
from govsim.scenario.config import ConfigError


@contextlib.contextmanager
def client_for(workers: int, scheduler: str | None) -> Iterator[object]:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as err:
            raise ConfigError(f"--scheduler {scheduler}: cannot connect ({err}).") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # a free port: two clusters at once (two workers,
            # two sweeps) must not compete for 8787 (a UserWarning, an error under -W error)
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(QuietClose())
        yield client


class HeartbeatAtClose(logging.Filter):
    """Drops the one ERROR a LocalCluster's workers print while it closes.

    Closing stops the scheduler while some of many workers still send a heartbeat;
    each logs "Failed to communicate with scheduler during heartbeat" with a
    traceback (a known dask race, dask/distributed#9032, #7192) after every run has
    finished and been written. Only that message is dropped; a run that fails is a
    failure record whatever the logs say.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to communicate with scheduler during heartbeat" not in record.getMessage()


class QuietClose(WorkerPlugin):
    """Installs HeartbeatAtClose in each worker process of a LocalCluster."""

    name = "govsim-quiet-close"
    idempotent = True

    def setup(self, worker: object) -> None:
        logging.getLogger("distributed.worker").addFilter(HeartbeatAtClose())


IN_FLIGHT_PER_THREAD = 2
"""Chunks in flight per worker thread: enough that no worker waits for the scheduler (one
runs while the next waits), few enough that a million-run sweep holds a bounded number."""
CHUNK_SECONDS = 2.0
MOST_RUNS = 256
"""A Dask chunk: ~2 s of runs, up to 256 (the local engine's: 0.5 s, 64). Each future costs
the client, the scheduler and the worker's event loop a round trip of messages (issue 32:
7.2 ms a run of CPU outside the model on Dask, 3.0 locally, at chunks of 0.5 s); a worker
lost takes at most one chunk with it, which `--resume` runs again."""


def execute(
    tasks: Iterable[RunTask], on_record: OnRecord, workers: int, scheduler: str | None
) -> None:
    """One future per chunk of runs (engines/chunks.py): a future costs the scheduler and
    the worker's event loop tens of milliseconds, more than a tiny run."""
    from dask.distributed import as_completed

    chunks = Chunks(iter(tasks), seconds=CHUNK_SECONDS, most=MOST_RUNS)
    with client_for(workers, scheduler) as client:
        threads = sum(client.nthreads().values()) or workers
        futures = {}
        for _ in range(IN_FLIGHT_PER_THREAD * max(threads, workers)):
            chunk = chunks.next()
            if not chunk:
                break
            futures[client.submit(worker.execute_chunk, chunk, pure=False)] = chunk
        done = as_completed(list(futures))
        for future in done:
            chunk = futures.pop(future)
            try:
                records = future.result()
            except Exception as err:  # noqa: BLE001 - e.g. KilledWorker: recorded, sweep goes on
                records = [lost_record(task, f"{type(err).__name__}: {err}") for task in chunk]
            chunks.observe(records)
            for record in records:
                on_record(record)
            future.release()
            following = chunks.next()
            if following:
                new = client.submit(worker.execute_chunk, following, pure=False)
                futures[new] = following
                done.add(new)
