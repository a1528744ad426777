"""EMA Workbench adapter: a govsim scenario as an EMA ``Model`` (optional extra ``ema``).

    from ema_workbench import perform_experiments
    from govsim.experiments.ema import ema_model

    model = ema_model("community_y",
                      uncertainties=["platform.reliability", "needs.issues_per_adult_year"],
                      levers={"organisation.grid_workers": (4, 20),
                              "platform.integrated": [True, False]},
                      outcomes=["adoption_rate", "report_rate"], days=180)
    experiments, outcomes = perform_experiments(model, scenarios=50, policies=4)

Uncertainties and levers are dotted scenario keys. Given as a list, a key's
range is the schema's own (``Field(ge=, le=)``); given as a mapping, a key
takes ``(lo, hi)`` (ints → IntegerParameter, floats → RealParameter) or a list
of values (booleans → BooleanParameter, else CategoricalParameter). Outcomes
are metric names (default: all), each a ScalarOutcome with the metric's
registered direction (``better``) as its kind. Every experiment runs with the
same seed (common random numbers) unless ``seed`` is an uncertainty.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from govsim.running.runner import run
from govsim.scenario.config import ConfigError, scenario_from
from govsim.scenario.schema import Scenario, field_bounds, lookup
from govsim.simulation.metrics import INFO, METRICS

Spec = Iterable[str] | Mapping[str, Any]


def _workbench() -> Any:
    try:
        with warnings.catch_warnings():  # it warns on import about optional parallel backends
            warnings.simplefilter("ignore")
            import ema_workbench
    except ImportError:
        raise ConfigError("the EMA adapter needs EMA Workbench: pip install 'govsim[ema]'.") \
            from None
    return ema_workbench


def schema_range(key: str) -> tuple[float, float]:
    """The (ge, le) bounds the schema gives a dotted key."""
    field, _ = lookup(key)
    if field is None:
        raise ConfigError(f"key `{key}`: not a scenario key.")
    bounds = field_bounds(field)
    lo, hi = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
    if lo is None or hi is None:
        raise ConfigError(f"key `{key}`: the schema gives it no range; give (lo, hi).")
    return lo, hi


def _parameter(wb: Any, key: str, spec: Any) -> Any:
    name = key.replace(".", "__")  # EMA names are identifiers; the key is the variable name
    if spec is None:
        spec = schema_range(key)
    if isinstance(spec, list):
        if all(isinstance(v, bool) for v in spec):
            return wb.BooleanParameter(name, variable_name=key)
        return wb.CategoricalParameter(name, spec, variable_name=key)
    lo, hi = spec
    if isinstance(lo, int) and isinstance(hi, int) and not isinstance(lo, bool):
        return wb.IntegerParameter(name, lo, hi, variable_name=key)
    return wb.RealParameter(name, float(lo), float(hi), variable_name=key)


def _parameters(wb: Any, spec: Spec) -> list[Any]:
    items = spec.items() if isinstance(spec, Mapping) else ((k, None) for k in spec)
    return [_parameter(wb, key, value) for key, value in items]


def ema_model(scenario: str | Scenario = "community_y", uncertainties: Spec = (),
              levers: Spec = (), outcomes: Iterable[str] | None = None,
              days: int | None = None, seed: int | None = None, name: str = "govsim") -> Any:
    """An ``ema_workbench.Model`` that runs `scenario` with the sampled keys set."""
    wb = _workbench()
    base = scenario_from(scenario, {"days": days} if days is not None else None)
    names = list(outcomes) if outcomes is not None else list(METRICS)
    unknown = [o for o in names if o not in METRICS]
    if unknown:
        raise ConfigError(f"unknown metric(s) {', '.join(unknown)}; allowed: {', '.join(METRICS)}")

    def simulate(**values: Any) -> dict[str, float]:
        values = {k: v.item() if hasattr(v, "item") else v for k, v in values.items()}  # numpy
        run_seed = values.pop("seed", seed)
        result = run(scenario_from(base, values), run_seed)
        return {o: float(result.summary[o]) for o in names}

    model = wb.Model(name, function=simulate)
    model.uncertainties = _parameters(wb, uncertainties)
    model.levers = _parameters(wb, levers)
    kinds = {"higher": wb.ScalarOutcome.MAXIMIZE, "lower": wb.ScalarOutcome.MINIMIZE,
             "neither": wb.ScalarOutcome.INFO}
    model.outcomes = [wb.ScalarOutcome(o, kind=kinds[INFO[o].better]) for o in names]
    return model
