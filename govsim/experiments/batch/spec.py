"""Experiment files: schema (pydantic, frozen), loading and errors that name file and key.

An experiment is a base scenario, fixed overrides (``set``), factors (dotted
scenario keys with ``values`` or a ``range``), a design, replicates, the
outcomes to report and a root seed. Everything is checked at load time: an
unknown factor key or a value the scenario schema refuses is reported with
the experiment file and the factor, before any run starts.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from govsim.scenario.config import (
    ConfigError,
    experiment_dirs,
    find_file,
    format_validation_error,
    load_scenario,
    override,
    read_yaml_mapping,
)
from govsim.scenario.schema import Scenario
from govsim.scenario.window import check_window
from govsim.simulation.metrics import METRICS

Design = Literal["grid", "lhs", "sobol", "morris", "points"]
SAMPLED = ("lhs", "sobol", "morris")
SCENARIO = "scenario"
"""The factor whose values are whole scenarios (names or paths) rather than one key."""
PAIRABLE = ("grid", "points")
"""Designs whose points are listed in the file, so that `paired.reference` can name one."""


class Factor(BaseModel):
    """One factor: a list of `values`, or a `range: [lo, hi]` for samplers."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    values: tuple[Any, ...] | None = Field(
        None, description="list of values (bool, int, float or text); grid designs need it"
    )
    bounds: tuple[int | float, int | float] | None = Field(
        None,
        alias="range",
        description="[lo, hi] with lo < hi, for lhs/sobol/morris; "
        "integer bounds give integer values",
    )

    @property
    def is_integer(self) -> bool:
        return self.bounds is not None and all(type(v) is int for v in self.bounds)

    @field_validator("values")
    @classmethod
    def _same_kind(cls, values: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if values is None:
            return None
        if not values:
            raise ValueError("give at least one value")
        kinds = {type(v) for v in values}
        if not kinds <= {bool, int, float, str}:
            raise ValueError("values must be numbers, true/false or text")
        if kinds == {int, float}:  # mixed numbers: all float, so a float field accepts them
            return tuple(float(v) for v in values)
        if len(kinds) > 1:
            names = sorted(k.__name__ for k in kinds)
            raise ValueError(f"values must all be of one kind, got {', '.join(names)}")
        return values

    @field_validator("bounds", mode="before")
    @classmethod
    def _numbers(cls, bounds: Any) -> Any:
        if bounds is not None:
            if (
                not isinstance(bounds, list | tuple)
                or len(bounds) != 2
                or any(isinstance(v, bool) or not isinstance(v, int | float) for v in bounds)
            ):
                raise ValueError("range must be two numbers [lo, hi]")
            if not bounds[0] < bounds[1]:
                raise ValueError("range must have lo < hi")
        return bounds

    @model_validator(mode="after")
    def _one_of(self) -> Factor:
        if (self.values is None) == (self.bounds is None):
            raise ValueError("give either `values: [...]` or `range: [lo, hi]`")
        return self

    def from_unit(self, u: float) -> Any:
        """The factor value at position u in [0, 1] of its range or list of values."""
        u = min(max(float(u), 0.0), 1.0)
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        lo, hi = self.bounds  # type: ignore[misc]
        if self.is_integer:
            return int(min(int(lo) + math.floor(u * (hi - lo + 1)), int(hi)))
        return float(lo + u * (hi - lo))

    def extremes(self) -> list[Any]:
        """Values checked against the scenario schema at load time."""
        if self.values is not None:
            return list(dict.fromkeys(self.values))
        return [self.from_unit(0.0), self.from_unit(1.0)]


def same_value(given: Any, value: Any) -> bool:
    """`given` (from `paired.reference`) is the factor value `value`: same kind, or a
    number given for a float factor (YAML reads 10 for 10.0); true is never 1."""
    if isinstance(value, float) and not isinstance(given, bool):
        return given == value
    return type(given) is type(value) and given == value


class Paired(BaseModel):
    """Common random numbers: every design point runs the replicate's seeds; differences are
    taken against the `reference` point."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: dict[str, Any] = Field(
        description="the reference design point: a value for "
        "every factor, one of that factor's `values`"
    )


class ExperimentSpec(BaseModel):
    """What an experiment file may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="experiment name")
    description: str = Field("", description="one line shown by `govsim list`")
    base: str | None = Field(
        None,
        description="base scenario name (scenarios/NAME.yaml) or "
        "path; may be left out when `scenario` is a factor",
    )
    set: dict[str, Any] = Field(
        default_factory=dict, description="fixed overrides, dotted scenario keys"
    )
    factors: dict[str, Factor] = Field(
        description="dotted scenario keys, each with `values` or "
        "`range`; the factor `scenario` takes `values` that are "
        "scenario names or paths"
    )
    design: Design = Field(
        "grid",
        description="grid, lhs, sobol or morris; or points (point "
        "i takes the i-th value of every factor)",
    )
    samples: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="lhs: design points; sobol: N (a power of 2); morris: trajectories",
    )
    levels: int = Field(4, ge=2, le=100, description="morris grid levels")
    replicates: int = Field(1, ge=1, le=100_000, description="runs per design point")
    outcomes: tuple[str, ...] = Field(description="metric names (govsim.simulation.metrics)")
    root_seed: int = Field(ge=0, lt=2**63, description="root of every run's SeedSequence")
    days: int | None = Field(
        None, ge=1, le=36_500, description="horizon in days (overrides the base scenario's)"
    )
    window: tuple[int, int] | None = Field(
        None,
        description="summarise only days [START, END] "
        "of each run (both included), e.g. [60, 89] for a "
        "storm's weeks; default: every day after the "
        "scenario's warmup_days",
    )

    @field_validator("window", mode="before")
    @classmethod
    def _window_text(cls, value: Any) -> Any:
        """``"60:89"`` (as ``govsim run --window``) or ``[60, 89]``."""
        if isinstance(value, str) and ":" in value:
            return tuple(part.strip() for part in value.split(":", 1))
        if isinstance(value, int):
            raise ValueError(
                "give the window as a list [START, END] (YAML reads 60:30 as a "
                'number of base 60) or a quoted "START:END"'
            )
        return value

    paired: Paired | None = Field(
        None,
        description="common random numbers: `paired: "
        "{reference: {FACTOR: VALUE, ...}}` (grid and points designs; in a "
        "points design the first point with these values); runs.parquet "
        "gains `<metric>_diff` columns, run minus reference run of the "
        "same replicate",
    )

    @field_validator("factors")
    @classmethod
    def _some_factors(cls, factors: dict[str, Factor]) -> dict[str, Factor]:
        if not factors:
            raise ValueError("give at least one factor")
        return factors

    @field_validator("outcomes")
    @classmethod
    def _known_metrics(cls, outcomes: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [o for o in outcomes if o not in METRICS]
        if unknown:
            raise ValueError(
                f"unknown metric(s) {', '.join(unknown)}; allowed: {', '.join(METRICS)}"
            )
        if not outcomes:
            raise ValueError("name at least one metric")
        return tuple(dict.fromkeys(outcomes))

    @model_validator(mode="after")
    def _scenario_factor(self) -> ExperimentSpec:
        factor = self.factors.get(SCENARIO)
        if factor is None:
            if self.base is None:
                raise ValueError("give `base: SCENARIO`, or a factor `scenario: {values: [...]}`")
            return self
        if factor.values is None or not all(isinstance(v, str) for v in factor.values):
            raise ValueError(
                "factor `scenario` takes `values: [name, ...]` (scenario names or "
                "paths), not a range"
            )
        return self

    @model_validator(mode="after")
    def _paired_reference(self) -> ExperimentSpec:
        if self.paired is None:
            return self
        if self.design not in PAIRABLE:
            raise ValueError(
                "`paired` needs `design: grid` or `design: points` (the reference must be "
                "a design point)"
            )
        reference = self.paired.reference
        if set(reference) != set(self.factors):
            raise ValueError(
                f"`paired.reference` must give a value for every factor "
                f"({', '.join(self.factors)}), got {', '.join(reference) or 'none'}"
            )
        for key, value in reference.items():
            values = self.factors[key].values or ()
            if not any(same_value(value, v) for v in values):
                raise ValueError(
                    f"`paired.reference.{key}`: {value!r} is not one of the "
                    f"factor's values {list(values)}"
                )
        columns = [self.factors[k].values or () for k in reference]
        if self.design == "points" and len({len(c) for c in columns}) == 1:
            rows = zip(*columns, strict=True)
            if not any(all(map(same_value, reference.values(), row)) for row in rows):
                raise ValueError(
                    f"`paired.reference` {reference} is not one of the points "
                    "(point i takes the i-th value of every factor)"
                )
        return self

    @model_validator(mode="after")
    def _design_needs(self) -> ExperimentSpec:
        if self.design == "points":
            lengths = {len(f.values or ()) for f in self.factors.values()}
            if any(f.values is None for f in self.factors.values()) or len(lengths) != 1:
                raise ValueError(
                    "a points design needs `values` of the same length for every "
                    "factor (point i takes the i-th value of each)"
                )
            if self.samples is not None:
                raise ValueError("`samples` is for lhs, sobol and morris designs")
        elif self.design == "grid":
            if self.samples is not None:
                raise ValueError(
                    "`samples` is for lhs, sobol and morris designs; a grid runs "
                    "every combination of the factors' values"
                )
            ranged = [k for k, f in self.factors.items() if f.values is None]
            if ranged:
                raise ValueError(
                    f"a grid design needs `values` for every factor; "
                    f"{', '.join(ranged)} give(s) a range"
                )
        elif self.samples is None:
            raise ValueError(f"design {self.design} needs `samples`")
        if self.design == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(
                f"sobol needs samples = a power of 2 (e.g. 64, 128), got {self.samples}"
            )
        return self


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: its spec, its file and the base scenario it varies."""

    spec: ExperimentSpec
    path: Path
    file_sha256: str
    base: Scenario  # the base scenario with `set` and `days` applied (the first of `bases`)
    bases: dict[str, Scenario] = field(default_factory=dict)  # by `scenario` factor value

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def factors(self) -> dict[str, Factor]:
        return self.spec.factors

    @property
    def outcomes(self) -> tuple[str, ...]:
        return self.spec.outcomes


def _base_path(base: str, experiment_path: Path) -> str | Path:
    """A base given as a path is read relative to the experiment file; a name is looked up."""
    looks_like_path = "/" in base or base.endswith((".yaml", ".yml"))
    if looks_like_path and not Path(base).is_absolute():
        return (experiment_path.parent / base).resolve()
    return base


def _check_factors(spec: ExperimentSpec, bases: Mapping[str, Scenario], path: Path) -> None:
    for key, factor in spec.factors.items():
        if key == SCENARIO:
            continue
        for name, base in bases.items():
            for value in factor.extremes():
                try:
                    override(base, {key: value})
                except ConfigError as err:
                    where = f" with scenario {name!r}" if SCENARIO in spec.factors else ""
                    raise ConfigError(
                        f"{path}: factor `{key}` (value {value!r}){where}: {err}"
                    ) from None


def _load_base(spec: ExperimentSpec, name: str, path: Path, key: str) -> Scenario:
    """One base scenario with the experiment's `days` and `set` applied."""
    try:
        base = load_scenario(_base_path(name, path), days=spec.days)
    except ConfigError as err:
        raise ConfigError(f"{path}: key `{key}`: {err}") from None
    if spec.set:
        try:
            base = override(base, spec.set)
        except ConfigError as err:
            raise ConfigError(f"{path}: key `set`: {err}") from None
    return base


def read_experiment_file(
    path_or_name: str | Path | Mapping[str, Any], default_name: str
) -> tuple[dict[str, Any], Path, bytes]:
    """(data, path, raw bytes) of an experiment or optimisation file (experiments/NAME.yaml, a
    path) or of a mapping holding what a file would (`name` defaults to `default_name`)."""
    if isinstance(path_or_name, Mapping):
        data = dict(path_or_name)
        data.setdefault("name", default_name)
        path = Path.cwd() / f"<{data['name']}>"
        return data, path, json.dumps(data, sort_keys=True, default=str).encode()
    path = find_file(path_or_name, experiment_dirs(), kind="experiment")
    data = read_yaml_mapping(path)
    data.setdefault("name", path.stem)
    return data, path, path.read_bytes()


def load_experiment(path_or_name: str | Path | Mapping[str, Any]) -> Experiment:
    """Read and check an experiment by name (experiments/NAME.yaml), path, or a mapping.

    A mapping holds what a file would (``name`` defaults to "experiment"); a base
    given as a relative path is then read relative to the working directory.
    """
    data, path, raw = read_experiment_file(path_or_name, "experiment")
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as err:
        message = format_validation_error(
            path, err, ExperimentSpec, kind="experiment", top_keys=(), renames={"bounds": "range"}
        )
        raise ConfigError(message) from None
    names = spec.factors[SCENARIO].values if SCENARIO in spec.factors else (spec.base,)
    key = f"factors.{SCENARIO}" if SCENARIO in spec.factors else "base"
    bases = {name: _load_base(spec, name, path, key) for name in names}  # type: ignore[union-attr]
    _check_factors(spec, bases, path)
    for base in bases.values():
        check_window(spec.window, base.days, f"{path}: key `window`")
    return Experiment(
        spec=spec,
        path=path.resolve(),
        file_sha256=hashlib.sha256(raw).hexdigest(),
        base=next(iter(bases.values())),
        bases=bases,
    )


def experiment_to_dict(experiment: Experiment) -> Mapping[str, Any]:
    """The spec as plain data (aliases as in the files)."""
    return experiment.spec.model_dump(mode="json", by_alias=True)
