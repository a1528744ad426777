"""The run plan: every run of the full design, numbered, seeded and sliceable into shards.

Run id ``i = point × replicates + replicate`` (point-major). Its seed is
``run_seeds(root_seed, n_runs)[i]``, made when its task is (``seeds.run_seed``); in a
paired experiment (common random numbers) it is ``run_seeds(root_seed,
replicates)[replicate]``, the same at every design point.
A shard ``k/n`` (1-based) takes the runs whose id ≡ k − 1 (mod n): a fixed
slice that spreads cheap and costly design points evenly over the shards.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from govsim.experiments.batch.designs import design_points
from govsim.experiments.batch.designs.sequence import DesignPoints
from govsim.experiments.batch.seeds import run_seed
from govsim.experiments.batch.spec import SCENARIO, Experiment, experiment_to_dict
from govsim.scenario.config import ConfigError, scenario_to_dict
from govsim.scenario.schema import Scenario


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run; picklable, no open files."""

    run_id: int
    point: int
    replicate: int
    values: dict[str, Any]
    base: Scenario
    seed: np.random.SeedSequence
    root_seed: int
    outcomes: tuple[str, ...] = ()  # metrics whose daily series the sweep keeps
    window: tuple[int, int] | None = None  # days the summary covers (the experiment's `window`)
    model: str | None = None
    """``"module:function"`` of a stand-in model f(values, seed) -> {metric: value}, run by
    the same engines instead of the simulation (tests of the search machinery: an analytic
    problem with a known answer goes the path the model's runs go)."""


@dataclass(frozen=True)
class Plan:
    experiment: Experiment
    points: DesignPoints
    """Made point by point when a task asks (designs/sequence.py), never all held."""

    @property
    def replicates(self) -> int:
        return self.experiment.spec.replicates

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.replicates

    @property
    def is_paired(self) -> bool:
        return self.experiment.spec.paired is not None

    def tasks(self, run_ids: Iterable[int]) -> Iterator[RunTask]:
        """The tasks of `run_ids`, each made when asked for (a million-run sweep never holds
        a million tasks, issue 32)."""
        paired = self.is_paired  # common random numbers: one seed per replicate
        spec = self.experiment.spec
        outcomes = tuple(spec.outcomes)
        made, values = -1, {}  # a point's replicates share its dict (pickled once a chunk)
        for run_id in run_ids:
            point, replicate = divmod(run_id, self.replicates)
            if point != made:
                made, values = point, self.points[point]
            yield RunTask(
                run_id=run_id,
                point=point,
                replicate=replicate,
                values=values,
                base=self.experiment.bases.get(values.get(SCENARIO), self.experiment.base),
                seed=run_seed(spec.root_seed, replicate if paired else run_id),
                root_seed=spec.root_seed,
                outcomes=outcomes,
                window=spec.window,
            )

    def point_tasks(self) -> Iterator[RunTask]:
        """One task per design point (replicate 0): what `check_tasks` validates."""
        return self.tasks(range(0, self.n_runs, self.replicates))


def make_plan(experiment: Experiment) -> Plan:
    return Plan(experiment=experiment, points=design_points(experiment.spec))


def plan_hash(experiment: Experiment) -> str:
    """Identity of the results: the experiment as read plus the resolved base scenario.

    Two shard directories may be merged only if this matches; it ignores the
    file's comments and layout but not a changed base scenario.
    """
    blob = {"experiment": experiment_to_dict(experiment), "base": scenario_to_dict(experiment.base)}
    if len(experiment.bases) > 1:  # a `scenario` factor: every scenario it names
        blob["bases"] = {k: scenario_to_dict(v) for k, v in experiment.bases.items()}
    text = json.dumps(blob, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """`"2/4"` → (2, 4); shards are numbered 1..n."""
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ConfigError(f"--shard {text}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 1/4.")
    return int(match[1]), int(match[2])


def shard_ids(n_runs: int, shard: tuple[int, int] | None) -> range:
    if shard is None:
        return range(n_runs)
    index, count = shard
    return range(index - 1, n_runs, count)
