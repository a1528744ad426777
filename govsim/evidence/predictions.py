"""The scenarios' predictions, written before any run (govsim/data/predictions.yaml).

Read by ``scripts/compare_scenarios.py`` (docs/scenarios.md) and by
``govsim robustness``; see the file's header for what each field means.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govsim.scenario.config import PACKAGE_DATA, ConfigError, read_yaml_mapping
from govsim.simulation.metrics import METRICS

PREDICTIONS = PACKAGE_DATA / "predictions.yaml"
SIGN = {"higher": 1, "lower": -1, "none": 0}


@dataclass(frozen=True)
class Prediction:
    scenario: str
    metric: str
    direction: str  # higher | lower | none
    kind: str  # direct | indirect
    mechanism: str
    quote: str | None
    source: str | None

    @property
    def sign(self) -> int:
        return SIGN[self.direction]

    @property
    def label(self) -> str:
        return f"{self.scenario}: {self.metric} {self.direction}"


def _one(path: Path, scenario: str, item: dict) -> Prediction:
    where = f"{path}: scenarios.{scenario}.predictions"
    if item.get("direction") not in SIGN or item.get("kind") not in ("direct", "indirect"):
        raise ConfigError(
            f"{where}: `direction` must be higher, lower or none and `kind` "
            f"direct or indirect (got {item!r})."
        )
    if item.get("metric") not in METRICS:
        raise ConfigError(
            f"{where}: key `metric`: {item.get('metric')!r} is not a metric of "
            f"this model; allowed: {', '.join(METRICS)}."
        )
    hyp = item.get("hypothesis") or {}
    return Prediction(
        scenario=scenario,
        metric=str(item["metric"]),
        direction=item["direction"],
        kind=item["kind"],
        mechanism=str(item.get("mechanism", "")),
        quote=hyp.get("quote"),
        source=hyp.get("source"),
    )


def load_predictions(path: str | Path = PREDICTIONS) -> tuple[str, list[Prediction]]:
    """The base scenario's name and every prediction, in file order."""
    path = Path(path)
    data = read_yaml_mapping(path)
    out = []
    for scenario, block in (data.get("scenarios") or {}).items():
        out += [_one(path, scenario, item) for item in block.get("predictions", [])]
    return str(data.get("base", "community_y")), out
