"""Run a calibration's simulations on govsim's engines, in a fixed order.

``OrderedMap`` evaluates a picklable function over a list of arguments on the local
process pool (``forkserver``, as :mod:`govsim.experiments.batch.engines.local`) or on Dask (a
LocalCluster, or ``--scheduler ADDR``), and returns the results in argument order.

``GovsimSampler`` is a pyabc sampler on top of it. pyabc proposes parameters with
numpy's *global* generator (``scipy.stats`` ``rvs`` and its transitions); to make a
calibration a function of its seed alone, each evaluation ``i`` of generation ``t``
seeds that global generator from ``SeedSequence([seed, t, i])`` inside the worker
before calling pyabc's ``simulate_one`` (the only use of numpy's global generator in
govsim, forced by pyabc). Evaluations go out in fixed batches and the first ``n``
accepted *by index* are kept, so the posterior does not depend on the engine, the
number of workers or which run finishes first. Every evaluation is stored in
``runs.sqlite`` (pickled pyabc particle, by generation and index) as it arrives: a
calibration killed mid-generation and resumed takes those from the store instead of
running them again.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np

from govsim.experiments.batch.engines import check
from govsim.experiments.batch.engines.local import end_workers


def _call(fn_bytes: bytes, arg: Any) -> bytes:
    return pickle.dumps(_loads(fn_bytes)(arg))


_CACHE: dict[int, Callable] = {}


def _loads(fn_bytes: bytes) -> Callable:
    key = hash(fn_bytes)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = cloudpickle.loads(fn_bytes)
    return _CACHE[key]


class OrderedMap:
    """``map(fn, args)`` on an engine; open once, used for many batches."""

    def __init__(
        self, engine: str = "local", workers: int = 1, scheduler: str | None = None
    ) -> None:
        check(engine, scheduler)
        self.engine, self.workers, self.scheduler = engine, max(1, workers), scheduler
        self._pool: Any = None
        self._client: Any = None
        self._context: Any = None

    def __enter__(self) -> OrderedMap:
        if self.engine == "local" and self.workers > 1:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["govsim.evidence.simulate"])
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        elif self.engine == "dask":
            from govsim.experiments.batch.engines.dask import client_for

            self._context = client_for(self.workers, self.scheduler)
            self._client = self._context.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._pool is not None:
            if exc[0] is None:
                self._pool.shutdown(cancel_futures=True)
            else:  # Ctrl-C or SIGTERM: no worker left running (as a sweep's)
                end_workers(self._pool)
        if self._context is not None:
            self._context.__exit__(*exc)

    def map(
        self, fn: Callable, args: Sequence[Any], on_result: Callable[[int, Any], None] | None = None
    ) -> list[Any]:
        """Results in the order of `args`; `on_result(i, result)` as each arrives."""
        fn_bytes = cloudpickle.dumps(fn)
        out: list[Any] = [None] * len(args)
        if self._pool is None and self._client is None:
            for i, a in enumerate(args):
                out[i] = pickle.loads(_call(fn_bytes, a))
                if on_result:
                    on_result(i, out[i])
            return out
        if self._pool is not None:
            from concurrent.futures import as_completed

            futures = {self._pool.submit(_call, fn_bytes, a): i for i, a in enumerate(args)}
            done = as_completed(futures)
        else:
            from dask.distributed import as_completed

            futures = {
                self._client.submit(_call, fn_bytes, a, pure=False): i for i, a in enumerate(args)
            }
            done = as_completed(list(futures))
        for future in done:
            i = futures[future]
            out[i] = pickle.loads(future.result())
            if on_result:
                on_result(i, out[i])
        return out


class RunStore:
    """Every evaluation of a calibration, kept as it arrives (``DIR/runs.sqlite``)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS runs (stage TEXT, t INTEGER, i INTEGER, "
            "result BLOB, session INTEGER, PRIMARY KEY (stage, t, i))"
        )
        self.db.commit()
        last = self.db.execute("SELECT MAX(session) FROM runs").fetchone()[0]
        self.session = 0 if last is None else int(last) + 1  # one per calibrate call

    def get(self, stage: str, t: int, indices: Sequence[int]) -> dict[int, Any]:
        rows = self.db.execute(
            "SELECT i, result FROM runs WHERE stage = ? AND t = ?", (stage, t)
        ).fetchall()
        wanted = set(indices)
        return {i: pickle.loads(blob) for i, blob in rows if i in wanted}

    def put(self, stage: str, t: int, i: int, result: Any) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)",
            (stage, t, i, pickle.dumps(result), self.session),
        )
        self.db.commit()

    def count(self, session: int | None = None) -> int:
        """Runs stored (by the calibrate call `session` only, when given)."""
        if session is None:
            return int(self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
        return int(
            self.db.execute("SELECT COUNT(*) FROM runs WHERE session = ?", (session,)).fetchone()[0]
        )

    def close(self) -> None:
        self.db.close()


def cached_map(
    pool: OrderedMap,
    store: RunStore | None,
    stage: str,
    t: int,
    fn: Callable,
    args: Sequence[Any],
    first_index: int = 0,
    progress: Callable[[int], None] | None = None,
) -> list[Any]:
    """`pool.map` over `args` (indices first_index…), taking stored results first."""
    indices = list(range(first_index, first_index + len(args)))
    have = store.get(stage, t, indices) if store else {}
    todo = [k for k, i in enumerate(indices) if i not in have]
    if progress and have:
        progress(len(have))

    def keep(k: int, result: Any) -> None:
        if store:
            store.put(stage, t, indices[todo[k]], result)
        if progress:
            progress(1)

    fresh = pool.map(fn, [args[k] for k in todo], keep) if todo else []
    results = {indices[k]: r for k, r in zip(todo, fresh, strict=True)}
    results.update(have)
    return [results[i] for i in indices]


class SeededSimulateOne:
    """pyabc's ``simulate_one`` with numpy's global generator seeded per evaluation."""

    def __init__(self, simulate_one: Callable, seed: int, t: int) -> None:
        self.simulate_one, self.seed, self.t = simulate_one, seed, t

    def __call__(self, index: int) -> Any:
        words = np.random.SeedSequence([self.seed, self.t + 1, index]).generate_state(1)
        np.random.seed(int(words[0]))  # noqa: NPY002 - pyabc draws from the global generator
        return self.simulate_one()


def make_sampler(
    pool: OrderedMap,
    store: RunStore | None,
    seed: int,
    batch: int,
    progress: Callable[[int], None] | None = None,
) -> Any:
    """A pyabc Sampler evaluating through `pool` (imported lazily: pyabc is an extra)."""
    from pyabc.sampler import Sampler

    class GovsimSampler(Sampler):
        def sample_until_n_accepted(
            self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None
        ):
            sample = self._create_empty_sample()
            fn = SeededSimulateOne(simulate_one, seed, t)
            start, used = 0, 0
            while sample.n_accepted < n and used < max_eval:
                results = cached_map(
                    pool,
                    store,
                    "abc",
                    t,
                    fn,
                    list(range(start, start + batch)),
                    first_index=start,
                    progress=progress,
                )
                for particle in results:
                    if sample.n_accepted >= n or used >= max_eval:
                        break
                    sample.append(particle)
                    used += 1
                start += batch
            self.nr_evaluations_ = used
            if sample.n_accepted < n:
                sample.ok = False
            return sample

    return GovsimSampler()
