"""One simulation of a calibration: parameter values in, target values out.

The run's seed comes from the calibration's root seed and the parameter values
themselves (their float64 bytes), never from a global generator: the same particle
gives the same numbers on any engine, worker or order. With ``others: prior`` the
assumed keys not being calibrated are drawn from their plausible ranges by a
Generator of that same seed (so every simulation carries their uncertainty).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from govsim.evidence.targets import Target, TargetsFile
from govsim.scenario.schema import Scenario, lookup, plausible_ranges, value_at


def is_integer_range(lo: float, hi: float) -> bool:
    return isinstance(lo, int) and isinstance(hi, int)


def typed(key: str, value: float, ranges: dict[str, tuple]) -> float | int:
    """A sampled value as the schema wants it (integer keys rounded)."""
    lo, hi = ranges[key]
    return int(round(value)) if is_integer_range(lo, hi) else float(value)


def prior_ranges(scenario: Scenario, extra: dict[str, tuple] | None = None) -> dict[str, tuple]:
    """Every assumed key's plausible range, as the scenario sees it.

    A scenario that sets a key away from the schema's default (a Beijing street's
    departments work far more staff-hours than Community Y's) keeps the key's relative
    uncertainty: its range is the schema's range × (scenario value ÷ default), as
    ``govsim robustness`` does for scenarios that set an assumed key. Shares stay ≤ 1.
    `extra`: the targets file's `priors:` (used as given).
    """
    defaults = Scenario()
    out = {}
    for key, (lo, hi) in plausible_ranges().items():
        mine, base = value_at(scenario, key), value_at(defaults, key)
        if mine == base or not base or isinstance(mine, bool):
            out[key] = (lo, hi)
            continue
        ratio = mine / base
        a, b = sorted((lo * ratio, hi * ratio))
        floor, ceiling = schema_bounds(key)
        a, b = max(a, floor), min(b, ceiling)
        out[key] = (int(round(a)), int(round(b))) if is_integer_range(lo, hi) else (a, b)
    out.update(extra or {})
    return out


def schema_bounds(key: str) -> tuple[float, float]:
    """What the schema accepts for a numeric key: (lowest, highest), ±inf when open."""
    import annotated_types as at

    field, _ = lookup(key)
    if field is None:
        raise KeyError(key)
    lo, hi = -np.inf, np.inf
    metadata = list(field.metadata)
    for arg in getattr(field.annotation, "__metadata__", ()):  # Share = Annotated[float, ...]
        metadata += list(getattr(arg, "metadata", [arg]))
    for m in metadata:
        if isinstance(m, at.Ge | at.Gt):
            lo = max(lo, float(getattr(m, "ge", getattr(m, "gt", lo))))
        if isinstance(m, at.Le | at.Lt):
            hi = min(hi, float(getattr(m, "le", getattr(m, "lt", hi))))
    return lo, hi


def particle_seed(root: int, values: dict[str, float]) -> np.random.SeedSequence:
    """A SeedSequence from the root seed and the parameter values (sorted by key)."""
    digest = hashlib.sha256()
    for key in sorted(values):
        digest.update(key.encode())
        digest.update(np.float64(values[key]).tobytes())
    words = np.frombuffer(digest.digest()[:16], dtype=np.uint32).tolist()
    return np.random.SeedSequence([int(root), *words])


@dataclass
class Simulator:
    """Picklable: the workers of the local pool and of Dask each rebuild nothing else."""

    scenario: Scenario
    targets: list[Target]
    root_seed: int
    calibrated: list[str]
    others: str = "prior"
    window: tuple[int, int] | None = None
    priors: dict[str, tuple] | None = None
    common_seed: bool = False  # screening: every point the same seed (common random numbers)

    @classmethod
    def from_file(
        cls, spec: TargetsFile, calibrated: list[str], scenario: Scenario | None = None
    ) -> Simulator:
        from govsim.scenario.config import load_scenario

        return cls(
            scenario=scenario or load_scenario(spec.scenario),
            targets=spec.targets,
            root_seed=spec.seed,
            calibrated=list(calibrated),
            others=spec.others,
            window=spec.window,
            priors=spec.priors,
        )

    def configure(self, values: dict[str, float], seed: np.random.SeedSequence) -> Scenario:
        """The scenario with the calibrated values, and the others drawn (``prior``)."""
        from govsim.scenario.config import override

        ranges = prior_ranges(self.scenario, self.priors)
        updates = {k: typed(k, v, ranges) for k, v in values.items()}
        if self.others == "prior":
            rng = np.random.Generator(np.random.PCG64(seed.spawn(1)[0]))
            for key in sorted(ranges):
                if key in updates:
                    continue
                lo, hi = ranges[key]
                updates[key] = typed(key, rng.uniform(lo, hi), ranges)
        return override(self.scenario, updates)

    def __call__(self, values: dict[str, float]) -> dict[str, float]:
        values = {k: float(values[k]) for k in self.calibrated}
        seed = (
            np.random.SeedSequence([int(self.root_seed)])
            if self.common_seed
            else particle_seed(self.root_seed, values)
        )
        return self.run(self.configure(values, seed), seed)

    def run(self, scenario: Scenario, seed: np.random.SeedSequence) -> dict[str, float]:
        """Target values of one run (NaN where a metric has no case)."""
        from govsim.evidence.survey import expected_shares, paper_tables
        from govsim.simulation import metrics
        from govsim.simulation.model import GovernanceModel, make_rng

        model = GovernanceModel(scenario, make_rng(seed), series=False)
        survey: dict[str, Any] = {}
        needs_survey = any(t.table for t in self.targets)
        for _ in range(scenario.days):
            model.step()
            if needs_survey and model.day == scenario.survey.day:
                survey = survey_values(model, scenario, expected_shares, paper_tables)
        lo, hi = self.window or (0, scenario.days - 1)
        wanted = {t.metric for t in self.targets if t.metric}  # those alone: the same values
        values = metrics.evaluate(model.state, scenario, lo, hi, names=sorted(wanted))
        out = {}
        for t in self.targets:
            out[t.name] = (
                float(values[t.metric])
                if t.metric
                else float(survey.get((t.table, t.answer), np.nan))
            )
        return out


def survey_values(
    model: Any, scenario: Scenario, expected_shares: Any, paper_tables: Any
) -> dict[tuple[str, str], float]:
    """Expected survey shares (percent of valid respondents) and the valid-return rate."""
    from govsim.evidence.survey import expected_weights

    residents = model.state.residents
    shares = expected_shares(residents, scenario)
    out = {
        (table, answer): float(shares[table][i])
        for table, cells in paper_tables().items()
        for i, answer in enumerate(cells)
    }
    valid = expected_weights(residents, scenario).sum()
    out[("response", "valid")] = float(100.0 * valid / scenario.survey.distributed)
    return out
