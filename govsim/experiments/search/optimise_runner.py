"""Candidates × futures through the engines: the evaluation under `govsim optimise`.

A ``Setup`` holds the K futures (assumed parameters drawn once,
:mod:`govsim.experiments.search.futures`) and one seed per future (common random
numbers); a ``Runner`` runs each (candidate, future) pair once through
:func:`govsim.experiments.batch.engines.execute`, like a sweep's runs, and appends each
finished run to ``OUT/runs.jsonl`` so that ``--resume`` never runs it again. Used by the
search (:mod:`~govsim.experiments.search.optimise`) and by the stress test of its chosen
policy (:mod:`~govsim.experiments.search.optimise_stress`); in a module of its own so
that neither imports the other (no module cycle, issue 30).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.search.optimise_spec import Optimisation
from govsim.scenario.config import ConfigError

SEARCH_TAG = 0x0971_5EA4  # the search's stream, distinct from the futures' and the runs'
RUNS = "runs.jsonl"
OPS = {"<=": np.less_equal, ">=": np.greater_equal, "<": np.less, ">": np.greater}


@dataclass
class Setup:
    opt: Optimisation
    seed: int
    futures: pd.DataFrame
    future_seeds: list[np.random.SeedSequence]
    ranges: dict[str, tuple]
    posterior: str | None = None


def uncertain_ranges(opt: Optimisation) -> dict[str, tuple]:
    """The futures' parameters: as the file lists them, else every assumed key the base
    scenario's rules read (govsim/scenario/reads.py), except the levers and the keys the
    file fixes in `set`."""
    spec = opt.spec
    if spec.futures.parameters is not None:
        return {k: tuple(v) for k, v in spec.futures.parameters.items()}
    from govsim.experiments.search.futures import run_parameters

    ranges = run_parameters([opt.base] if opt.base is not None else [])
    return {k: r for k, r in ranges.items() if k not in spec.levers and k not in spec.set}


def make_setup(opt: Optimisation, seed: int | None = None, posterior: str | None = None) -> Setup:
    from govsim.experiments.batch.seeds import design_rng, run_seeds
    from govsim.experiments.search.futures import draw, read_posterior

    seed = opt.spec.seed if seed is None else seed
    posterior = posterior or opt.spec.futures.posterior
    ranges = uncertain_ranges(opt)
    post = read_posterior(posterior, ranges) if posterior else None
    k = opt.spec.futures.count
    return Setup(
        opt=opt,
        seed=seed,
        futures=draw(ranges, k, design_rng(seed), post),
        future_seeds=run_seeds(seed, k),
        ranges=ranges,
        posterior=posterior,
    )


def constraint_slack(opt: Optimisation, ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per evaluation (row of `ev`): whether it meets every constraint, and its smallest
    slack over the constraints in units of each threshold (−inf where a metric is NaN)."""
    ok = np.ones(len(ev), dtype=bool)
    slack = np.full(len(ev), np.inf)
    for c in opt.spec.constraints:
        metric, op, value = c.parts
        x = ev[metric].to_numpy(dtype=float)
        ok &= OPS[op](x, value)
        margin = (value - x) if op in ("<=", "<") else (x - value)
        slack = np.fmin(slack, np.where(np.isnan(x), -np.inf, margin / (abs(value) or 1.0)))
    return ok, slack


def search_seed(seed: int) -> int:
    return int(np.random.SeedSequence([seed, SEARCH_TAG]).generate_state(1)[0])


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


@dataclass
class Runner:
    """Runs candidates × futures through the engines, keeping every run on disk."""

    setup: Setup
    out: Path | None
    engine: str = "local"
    workers: int = 1
    scheduler: str | None = None
    runs: dict[tuple[tuple[int, ...], int], dict[str, float]] = field(default_factory=dict)
    seen: dict[tuple[int, ...], None] = field(default_factory=dict)  # asked for, in order
    n_run: int = 0
    progress: Any = None  # a govsim.experiments.batch.progress.Progress, told of every run

    def load(self) -> None:
        path = self.out / RUNS if self.out else None
        if not path or not path.is_file():
            return
        for line in path.read_text().splitlines():
            try:
                row = json.loads(line)
            except ValueError:  # a line cut by a kill
                continue
            self.runs[(tuple(row["key"]), row["future"])] = row["metrics"]

    def levers(self, key: tuple[int, ...]) -> dict[str, Any]:
        spec = self.setup.opt.spec
        return {
            name: lever.value(i) for (name, lever), i in zip(spec.levers.items(), key, strict=True)
        }

    def evaluate(self, keys: list[tuple[int, ...]]) -> None:
        """Make sure every (candidate, future) run exists."""
        from govsim.experiments.batch.engines import execute
        from govsim.experiments.batch.plan import RunTask

        k = self.setup.opt.spec.futures.count
        self.seen.update(dict.fromkeys(keys))
        todo = [
            (key, f) for key in dict.fromkeys(keys) for f in range(k) if (key, f) not in self.runs
        ]
        if not todo:
            return
        futures = [
            {c: _plain(v) for c, v in row.items()}
            for row in self.setup.futures.to_dict(orient="records")
        ]
        tasks = [
            RunTask(
                run_id=i,
                point=i,
                replicate=f,
                values={**futures[f], **self.levers(key)},
                base=self.setup.opt.base,
                seed=self.setup.future_seeds[f],
                root_seed=self.setup.seed,
                model=self.setup.opt.spec.model,
            )
            for i, (key, f) in enumerate(todo)
        ]
        failures = []
        handle = (self.out / RUNS).open("a") if self.out else None

        def on_record(record: dict[str, Any]) -> None:
            key, f = todo[record["run_id"]]
            if self.progress is not None:
                self.progress.update(record["status"] == "ok")
            if record["status"] != "ok":
                failures.append(record)
                return
            self.runs[(key, f)] = record["metrics"]
            self.n_run += 1
            if handle is not None:
                handle.write(
                    json.dumps({"key": list(key), "future": f, "metrics": record["metrics"]}) + "\n"
                )
                handle.flush()

        try:
            execute(
                self.engine, tasks, on_record, max(1, min(self.workers, len(tasks))), self.scheduler
            )
        finally:
            if handle is not None:
                handle.close()
        if failures:
            first = failures[0]
            raise ConfigError(
                f"optimise: {len(failures)} run(s) failed (first: levers and "
                f"future {first['values']}: {first['error']}); the others are "
                "kept, --resume retries the failed ones."
            )

    def matrix(self, keys: list[tuple[int, ...]], metric: str) -> np.ndarray:
        k = self.setup.opt.spec.futures.count
        return np.array(
            [[self.runs[(key, f)].get(metric, np.nan) for f in range(k)] for key in keys],
            dtype=float,
        ).reshape(len(keys), k)

    def complete_keys(self) -> list[tuple[int, ...]]:
        """Candidates this search has asked for so far (not runs on disk from further on:
        regret, measured against them, must be the same in a resumed search)."""
        return list(self.seen)
