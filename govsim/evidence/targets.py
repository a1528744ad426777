"""A calibration's targets file (YAML), read and checked (``govsim calibrate TARGETS``).

::

    scenario: community_y          # a scenario name or path
    seed: 19                       # the calibration's root seed
    window: [30, 364]              # days a metric target is evaluated over (default: whole run)
    others: prior                  # assumed keys not calibrated: drawn from their plausible
                                   # range per simulation (prior) or kept at the scenario (fixed)
    priors: {needs.issues_per_adult_year: [0.1, 0.5]}   # keys the schema does not mark
                                   # assumed, given a prior range for this setting
    candidates: [feedback.wait_penalty_per_30_days, ...]   # default: every assumed key
    calibrate: [...]               # skip screening: infer exactly these keys
    screening: {trajectories: 4, levels: 4, threshold: 1.0, max_parameters: 5}
    abc: {population: 40, generations: 4, min_epsilon: 0.0, batch: 8, predictive: 20}
    targets:
      - name: valid_percent        # a label (unique)
        survey: {table: response, answer: valid}   # or  metric: resolution_rate
        value: 93.8
        uncertainty: 2.0           # one standard deviation, in the value's unit
        source: "S4 §4.2: 469 valid of 500"
        use: fit                   # fit | held_out

A survey target is a cell of S4 Tables 2-5 (percent of valid respondents, from
:func:`govsim.evidence.survey.expected_shares`, without the sampling noise of 500
questionnaires) or the valid-return rate (``table: response, answer: valid``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govsim.scenario.config import ConfigError, read_yaml_mapping
from govsim.scenario.schema import value_at

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "calibration"
TOP_KEYS = {
    "scenario",
    "seed",
    "window",
    "others",
    "candidates",
    "calibrate",
    "screening",
    "abc",
    "targets",
    "description",
    "priors",
}
SCREENING = {"trajectories": 4, "levels": 4, "threshold": 1.0, "max_parameters": 5}
ABC = {"population": 40, "generations": 4, "min_epsilon": 0.0, "batch": 8, "predictive": 20}
USES = ("fit", "held_out")


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    uncertainty: float
    source: str
    use: str
    metric: str | None = None
    table: str | None = None  # survey: our table key (table_2 ...) or "response"
    answer: str | None = None


@dataclass(frozen=True)
class TargetsFile:
    path: Path
    scenario: str
    seed: int
    targets: list[Target]
    window: tuple[int, int] | None = None
    others: str = "prior"
    candidates: list[str] | None = None
    calibrate: list[str] | None = None
    priors: dict[str, tuple[float, float]] = field(default_factory=dict)
    screening: dict[str, float] = field(default_factory=lambda: dict(SCREENING))
    abc: dict[str, float] = field(default_factory=lambda: dict(ABC))
    description: str = ""

    @property
    def fit(self) -> list[Target]:
        return [t for t in self.targets if t.use == "fit"]

    @property
    def needs_survey(self) -> bool:
        return any(t.table for t in self.targets)


def find_targets(name_or_path: str | Path) -> Path:
    """A path, or the name of a shipped targets file (govsim/data/calibration/NAME.yaml)."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    shipped = DATA_DIR / f"{name_or_path}.yaml"
    if shipped.is_file():
        return shipped
    names = sorted(p.stem for p in DATA_DIR.glob("*.yaml"))
    raise ConfigError(
        f"{name_or_path}: no such targets file (give a path, or one of the "
        f"shipped targets: {', '.join(names)})."
    )


def _bad(path: Path, key: str, allowed: str) -> ConfigError:
    return ConfigError(f"{path}: key '{key}': {allowed}.")


def _number(path: Path, key: str, value: Any, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(path, key, f"must be a number, got {value!r}")
    if positive and not value > 0:
        raise _bad(path, key, f"must be > 0, got {value!r}")
    return float(value)


def _section(path: Path, data: dict, name: str, defaults: dict) -> dict:
    given = data.get(name) or {}
    if not isinstance(given, dict):
        raise _bad(path, name, f"must be a mapping with keys {', '.join(defaults)}")
    unknown = set(given) - set(defaults)
    if unknown:
        raise _bad(path, f"{name}.{sorted(unknown)[0]}", f"unknown; allowed: {', '.join(defaults)}")
    out = dict(defaults)
    for k, v in given.items():
        out[k] = _number(path, f"{name}.{k}", v)
        if isinstance(defaults[k], int) and not isinstance(defaults[k], bool):
            if out[k] != int(out[k]) or out[k] < 1:
                raise _bad(path, f"{name}.{k}", f"must be a whole number ≥ 1, got {v!r}")
            out[k] = int(out[k])
    return out


def _target(path: Path, i: int, raw: Any) -> Target:
    from govsim.evidence.survey import TABLES, paper_tables
    from govsim.simulation.metrics import METRICS

    where = f"targets.{i}"
    if not isinstance(raw, dict):
        raise _bad(
            path,
            where,
            "each target is a mapping with name, metric or survey, value, uncertainty, source, use",
        )
    allowed = {"name", "metric", "survey", "value", "uncertainty", "source", "use"}
    if unknown := set(raw) - allowed:
        raise _bad(
            path, f"{where}.{sorted(unknown)[0]}", f"unknown; allowed: {', '.join(sorted(allowed))}"
        )
    for k in ("name", "value", "uncertainty", "source", "use"):
        if k not in raw:
            raise _bad(path, f"{where}.{k}", "is required")
    if ("metric" in raw) == ("survey" in raw):
        raise _bad(path, where, "give exactly one of 'metric: NAME' or 'survey: {table, answer}'")
    use = raw["use"]
    if use not in USES:
        raise _bad(path, f"{where}.use", f"must be one of {', '.join(USES)}, got {use!r}")
    metric = table = answer = None
    if "metric" in raw:
        metric = raw["metric"]
        if metric not in METRICS:
            raise _bad(
                path,
                f"{where}.metric",
                f"unknown metric {metric!r}; allowed: the metrics of `govsim.metrics()`",
            )
    else:
        cell = raw["survey"]
        tables = paper_tables()
        ok = isinstance(cell, dict) and set(cell) == {"table", "answer"}
        table, answer = (cell.get("table"), cell.get("answer")) if ok else (None, None)
        valid = (table == "response" and answer == "valid") or (
            table in tables and answer in tables[table]
        )
        if not valid:
            names = ", ".join(f"{t} ({TABLES[t][0]})" for t in tables)
            raise _bad(
                path,
                f"{where}.survey",
                "must be {table, answer}: table one of "
                f"{names} with an answer of that table, or table: response, answer: "
                f"valid; got {cell!r}",
            )
    return Target(
        name=str(raw["name"]),
        value=_number(path, f"{where}.value", raw["value"]),
        uncertainty=_number(path, f"{where}.uncertainty", raw["uncertainty"], True),
        source=str(raw["source"]),
        use=use,
        metric=metric,
        table=table,
        answer=answer,
    )


def load_targets(name_or_path: str | Path) -> TargetsFile:
    """Read and check a targets file; a ConfigError names the file, key and what is allowed."""
    from govsim.scenario.config import load_scenario
    from govsim.scenario.schema import plausible_ranges

    path = find_targets(name_or_path)
    data = read_yaml_mapping(path)
    if unknown := set(data) - TOP_KEYS:
        raise _bad(path, sorted(unknown)[0], f"unknown; allowed: {', '.join(sorted(TOP_KEYS))}")
    if "scenario" not in data or "targets" not in data:
        raise _bad(path, "scenario" if "scenario" not in data else "targets", "is required")
    scenario = load_scenario(data["scenario"])
    raw_targets = data["targets"]
    if not isinstance(raw_targets, list) or not raw_targets:
        raise _bad(path, "targets", "must be a non-empty list")
    targets = [_target(path, i, t) for i, t in enumerate(raw_targets)]
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise _bad(path, "targets", "target names must be unique")
    if not any(t.use == "fit" for t in targets):
        raise _bad(path, "targets", "at least one target needs use: fit")
    priors = _priors(path, data.get("priors"), scenario)
    ranges = {**plausible_ranges(), **priors}
    lists = {}
    for key in ("candidates", "calibrate"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not value:
            raise _bad(path, key, "must be a non-empty list of assumed keys")
        for k in value:
            if k not in ranges:
                raise _bad(
                    path,
                    key,
                    f"{k!r} is not an assumed key with a plausible range "
                    "(see govsim.scenario.schema.plausible_ranges()) nor under `priors:`",
                )
        lists[key] = list(value)
    window = data.get("window")
    if window is not None:
        ok = (
            isinstance(window, list)
            and len(window) == 2
            and all(isinstance(d, int) and not isinstance(d, bool) for d in window)
            and 0 <= window[0] <= window[1] < scenario.days
        )
        if not ok:
            raise _bad(
                path,
                "window",
                f"must be [first_day, last_day] inside the scenario's "
                f"{scenario.days} days, got {window!r}",
            )
        window = (window[0], window[1])
    others = data.get("others", "prior")
    if others not in ("prior", "fixed"):
        raise _bad(path, "others", f"must be prior or fixed, got {others!r}")
    if any(t.table for t in targets) and scenario.survey.day > scenario.days:
        raise _bad(path, "scenario", "survey targets need survey.day ≤ days")
    seed = data.get("seed", 1)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise _bad(path, "seed", f"must be a whole number ≥ 0, got {seed!r}")
    return TargetsFile(
        path=path,
        scenario=str(data["scenario"]),
        seed=seed,
        targets=targets,
        window=window,
        others=others,
        candidates=lists.get("candidates"),
        calibrate=lists.get("calibrate"),
        priors=priors,
        screening=_section(path, data, "screening", SCREENING),
        abc=_section(path, data, "abc", ABC),
        description=str(data.get("description", "")),
    )


def _priors(path: Path, raw: Any, scenario: Any) -> dict[str, tuple[float, float]]:
    """`priors: {key: [lo, hi]}`: numeric scenario keys with a prior range for this setting."""
    from govsim.scenario.config import override

    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _bad(path, "priors", "must be a mapping {dotted.key: [lo, hi]}")
    out = {}
    for key, bounds in raw.items():
        ok = (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
            and bounds[0] < bounds[1]
        )
        if not ok:
            raise _bad(path, f"priors.{key}", f"must be [lo, hi] with lo < hi, got {bounds!r}")
        try:
            value = value_at(scenario, str(key))
        except KeyError:
            raise _bad(path, f"priors.{key}", "is not a scenario key") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad(path, f"priors.{key}", "must name a numeric scenario key")
        lo, hi = bounds
        if isinstance(value, int):
            lo, hi = int(lo), int(hi)
        for end in (lo, hi):
            override(scenario, {key: end})  # a ConfigError names key and allowed values
        out[str(key)] = (lo, hi)
    return out
