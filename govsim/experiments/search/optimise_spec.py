"""Optimisation files (`govsim optimise EXPERIMENT`): levers, objectives, constraints, futures.

A file looks like this (experiments/storm_policy.yaml)::

    name: storm_policy
    base: community_y_storm
    levers:                       # dotted scenario keys searched, on a grid of steps
      responders.department_staff_hours_per_day: {range: [12.0, 30.0], step: 1.0}
      organisation.grid_workers: {range: [6, 20]}          # integers: step 1
    objectives:                   # metric, direction, robustness measure, worst value
      - {metric: yearly_cost, direction: min, robustness: mean, reference: 5.0e6}
      - {metric: recovery_days, direction: min, robustness: p90, reference: 60}
    constraints:                  # must hold in at least `share` of the futures
      - {expr: "recovery_days <= 30", share: 0.9}
      - {expr: "response_within_24h >= 0.6", share: 0.9}
    futures: {count: 16}          # K futures drawn once (plausible ranges, or --posterior)
    search: {population: 16, generations: 12}
    seed: 2026

Robustness measures: ``mean`` over futures, ``pNN`` (the NN-th percentile over
futures; p90 of a cost is the bad tail, p10 of a share is), or ``regret`` (the
largest shortfall, over futures, from the best value any evaluated candidate
reached in that future: Savage's minimax regret). A constraint given as a plain
string must hold in every future (share 1). ``reference`` (optional, on every objective
or none): the worst value of interest, the fixed reference point of the hypervolume per
generation (`convergence.csv`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from govsim.scenario.config import (
    ConfigError,
    format_validation_error,
    load_scenario,
    override,
)
from govsim.scenario.schema import Scenario
from govsim.simulation.metrics import METRICS

CONSTRAINT = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*(-?[0-9.eE+-]+)\s*$")
MEASURE = re.compile(r"^(mean|regret|p([0-9]{1,2}))$")
DEFAULT_FLOAT_STEPS = 20


class Lever(BaseModel):
    """A lever searched on the grid lo, lo + step, …, hi."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    bounds: tuple[int | float, int | float] = Field(
        alias="range", description="[lo, hi] with lo < hi"
    )
    step: int | float | None = Field(
        None, gt=0, description="grid step (default: 1 for integer bounds, (hi − lo)/20 otherwise)"
    )

    @field_validator("bounds")
    @classmethod
    def _ordered(cls, bounds: tuple) -> tuple:
        if not bounds[0] < bounds[1]:
            raise ValueError("range must have lo < hi")
        return bounds

    @property
    def is_integer(self) -> bool:
        return all(type(v) is int for v in self.bounds) and type(self.step or 1) is int

    @property
    def step_size(self) -> float:
        lo, hi = self.bounds
        return (
            self.step
            if self.step is not None
            else (1 if self.is_integer else (hi - lo) / DEFAULT_FLOAT_STEPS)
        )

    @property
    def n_steps(self) -> int:
        lo, hi = self.bounds
        return int(math.floor((hi - lo) / self.step_size + 1e-9))

    def value(self, index: int) -> int | float:
        lo, hi = self.bounds
        v = min(lo + int(index) * self.step_size, hi)
        return int(round(v)) if self.is_integer else round(float(v), 10)


class Objective(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str = Field(description="a metric from the registry (govsim.simulation.metrics)")
    direction: Literal["min", "max"] = Field(description="min or max")
    robustness: str = Field("mean", description="mean, pNN (percentile over futures) or regret")
    reference: float | None = Field(
        None,
        description="the worst value of interest, in the metric's units (after the "
        "robustness measure): the fixed reference point of the hypervolume trace; give one "
        "for every objective, or none (the trace is then normalised by the final front)",
    )

    @field_validator("robustness")
    @classmethod
    def _measure(cls, text: str) -> str:
        if not MEASURE.match(text):
            raise ValueError("robustness must be mean, regret or pNN (e.g. p90)")
        return text

    @property
    def column(self) -> str:
        return f"{self.metric}_{self.robustness}"


class Constraint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    expr: str = Field(description="METRIC OP NUMBER, OP one of <=, >=, <, >")
    share: float = Field(1.0, gt=0, le=1, description="share of futures in which it must hold")

    @field_validator("expr")
    @classmethod
    def _form(cls, text: str) -> str:
        if not CONSTRAINT.match(text):
            raise ValueError(
                'a constraint reads METRIC OP NUMBER, e.g. "response_within_24h >= 0.6"'
            )
        return text

    @property
    def parts(self) -> tuple[str, str, float]:
        m = CONSTRAINT.match(self.expr)
        return m[1], m[2], float(m[3])  # type: ignore[index]

    @property
    def column(self) -> str:
        return f"share_holds: {self.expr}"


class Futures(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int = Field(
        16,
        ge=1,
        le=10_000,
        description="K, the futures every candidate is "
        "run in (the same K for all: common random numbers)",
    )
    posterior: str | None = Field(
        None,
        description="posterior.parquet of `govsim calibrate`; "
        "its parameters drawn by weight, the rest from their ranges",
    )
    parameters: dict[str, tuple[float, float]] | None = Field(
        None,
        description="uncertain keys and [lo, hi] (default: every assumed key a run "
        "reads, within its plausible range, except the levers and `set`)",
    )


class Search(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    population: int = Field(16, ge=4, le=10_000, description="NSGA-II population size")
    generations: int = Field(
        10, ge=1, le=10_000, description="generations (the first is the random initial population)"
    )


class OptimiseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    base: str | None = Field(None, description="base scenario name or path")
    model: str | None = Field(
        None,
        description="module:function of a stand-in model "
        "f(values, seed) -> {metric: value} instead of the simulation "
        "(tests)",
    )
    set: dict[str, Any] = Field(default_factory=dict, description="fixed overrides")
    days: int | None = Field(None, ge=1, le=36_500, description="horizon in days")
    levers: dict[str, Lever]
    objectives: list[Objective]
    constraints: list[Constraint] = Field(default_factory=list)
    futures: Futures = Field(default_factory=Futures)
    search: Search = Field(default_factory=Search)
    seed: int = Field(
        ge=0, lt=2**63, description="root of the futures, the runs' seeds and the search"
    )

    @field_validator("constraints", mode="before")
    @classmethod
    def _strings(cls, items: Any) -> Any:
        return [{"expr": c} if isinstance(c, str) else c for c in items or []]

    @model_validator(mode="after")
    def _checks(self) -> OptimiseSpec:
        if not self.levers:
            raise ValueError("give at least one lever")
        if not self.objectives:
            raise ValueError("give at least one objective")
        if len({o.reference is None for o in self.objectives}) > 1:
            raise ValueError(
                "objectives: give `reference:` for every objective or for none (the "
                "hypervolume's reference point needs a value on every axis)"
            )
        if (self.base is None) == (self.model is None):
            raise ValueError("give `base: SCENARIO` (or, for tests, `model: module:function`)")
        if self.model is None:
            names = [o.metric for o in self.objectives] + [c.parts[0] for c in self.constraints]
            unknown = [n for n in names if n not in METRICS]
            if unknown:
                raise ValueError(
                    f"objectives/constraints: unknown metric(s) "
                    f"{', '.join(unknown)}; allowed: "
                    f"{', '.join(METRICS)}"
                )
        return self

    @property
    def metrics(self) -> list[str]:
        names = [o.metric for o in self.objectives] + [c.parts[0] for c in self.constraints]
        return list(dict.fromkeys(names))


@dataclass(frozen=True)
class Optimisation:
    spec: OptimiseSpec
    path: Path
    file_sha256: str
    base: Scenario | None


def load_optimisation(path_or_name: str | Path | Mapping[str, Any]) -> Optimisation:
    """Read and check an optimisation file (experiments/NAME.yaml, a path, or a mapping)."""
    from govsim.experiments.batch.spec import read_experiment_file

    data, path, raw = read_experiment_file(path_or_name, "optimisation")
    try:
        spec = OptimiseSpec.model_validate(data)
    except ValidationError as err:
        raise ConfigError(
            format_validation_error(
                path, err, OptimiseSpec, kind="experiment", top_keys=(), renames={"bounds": "range"}
            )
        ) from None
    base = None
    if spec.base is not None:
        try:
            base = load_scenario(spec.base, days=spec.days)
            base = override(base, spec.set) if spec.set else base
        except ConfigError as err:
            raise ConfigError(f"{path}: key `base`/`set`: {err}") from None
        for key, lever in spec.levers.items():
            for index in (0, lever.n_steps):
                try:
                    override(base, {key: lever.value(index)})
                except ConfigError as err:
                    raise ConfigError(
                        f"{path}: lever `{key}` (value {lever.value(index)!r}): {err}"
                    ) from None
    return Optimisation(
        spec=spec, path=path.resolve(), file_sha256=hashlib.sha256(raw).hexdigest(), base=base
    )


def spec_hash(opt: Optimisation, seed: int, posterior: str | None) -> str:
    """Identity of a search: the spec, the seed, the posterior and the resolved base."""
    from govsim.scenario.config import scenario_to_dict

    blob = {
        "spec": opt.spec.model_dump(mode="json", by_alias=True),
        "seed": seed,
        "posterior": posterior,
        "base": scenario_to_dict(opt.base) if opt.base is not None else None,
    }
    text = json.dumps(blob, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
