"""EMA Workbench adapter: a govsim scenario as an EMA ``Model`` (optional extra ``ema``,
EMA Workbench 3).

    from ema_workbench import perform_experiments
    from govsim.experiments.search.ema import ema_model, policy

    model = ema_model("community_y",
                      uncertainties=["feedback.trust_learning_rate", "needs.issues_per_adult_year"],
                      levers={"organisation.grid_workers": (4, 20),
                              "platform.integrated": [True, False],
                              "scenario": ["community_y", "digital_only"]},
                      outcomes=["adoption_rate", "report_rate"], days=180)
    experiments, outcomes = perform_experiments(model, scenarios=50, policies=4)
    # or named policies (EMA 3's ``Sample``, formerly ``Policy``):
    perform_experiments(model, scenarios=50, policies=[policy("ten", model, **{
        "organisation.grid_workers": 10, "platform.integrated": True,
        "scenario": "community_y"})])

Uncertainties and levers are dotted scenario keys. Given as a list, a key's
range is its plausible range when the schema marks it assumed
(``govsim.scenario.schema.plausible_ranges()``, what `govsim robustness` samples), else the
schema's validation range (``Field(ge=, le=)``); given as a mapping, a key takes
``(lo, hi)`` (ints → IntegerParameter, floats → RealParameter) or a list of values
(booleans → BooleanParameter, else CategoricalParameter). The key ``scenario`` with
a list of scenario names is a categorical parameter (named ``base_scenario`` in
EMA's results, whose column ``scenario`` is EMA's own) choosing the base scenario;
the other keys are applied on top of it. Outcomes are metric names (default: all),
each a ScalarOutcome with the metric's registered direction (``better``) as its kind.
Every experiment runs with the same seed (common random numbers) unless ``seed`` is
an uncertainty.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from govsim.running.runner import run
from govsim.scenario.config import ConfigError, scenario_from
from govsim.scenario.schema import Scenario, field_bounds, lookup, plausible_ranges
from govsim.simulation.metrics import INFO, METRICS

Spec = Iterable[str] | Mapping[str, Any]
SCENARIO = "scenario"
"""The parameter whose values are whole base scenarios (names or paths)."""
SCENARIO_PARAMETER = "base_scenario"  # EMA's results already have a column `scenario`


def _workbench() -> Any:
    try:
        with warnings.catch_warnings():  # it warns on import about optional parallel backends
            warnings.simplefilter("ignore")
            import ema_workbench
    except ImportError:
        raise ConfigError(
            "the EMA adapter needs EMA Workbench: pip install 'govsim[ema]'."
        ) from None
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


def default_range(key: str) -> tuple[float, float]:
    """A key listed by name: its plausible range if assumed, else its schema range."""
    plausible = plausible_ranges().get(key)
    return plausible if plausible is not None else schema_range(key)


def _parameter(wb: Any, key: str, spec: Any) -> Any:
    name = key.replace(".", "__")  # EMA names are identifiers; the key is the variable name
    if key == SCENARIO:
        if (
            not isinstance(spec, list | tuple)
            or not spec
            or not all(isinstance(v, str) for v in spec)
        ):
            raise ConfigError(
                "key `scenario`: give a list of scenario names or paths, e.g. "
                "{'scenario': ['community_y', 'digital_only']}."
            )
        for value in spec:
            scenario_from(value)  # a bad name fails here, naming it, not inside a worker
        return wb.CategoricalParameter(SCENARIO_PARAMETER, list(spec), variable_name=key)
    if spec is None:
        spec = default_range(key)
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


def ema_model(
    scenario: str | Scenario = "community_y",
    uncertainties: Spec = (),
    levers: Spec = (),
    outcomes: Iterable[str] | None = None,
    days: int | None = None,
    seed: int | None = None,
    name: str = "govsim",
    overrides: Mapping[str, Any] | None = None,
) -> Any:
    """An ``ema_workbench.Model`` that runs `scenario` (or the sampled ``scenario``) with the
    sampled keys set. `overrides` (dotted keys) are fixed in every base scenario."""
    wb = _workbench()
    fixed = {**(overrides or {}), **({"days": days} if days is not None else {})}
    base = scenario_from(scenario, fixed)
    bases: dict[str, Scenario] = {}

    def base_for(name: str | None) -> Scenario:
        if name is None:
            return base
        if name not in bases:
            bases[name] = scenario_from(name, fixed)
        return bases[name]

    names = list(outcomes) if outcomes is not None else list(METRICS)
    unknown = [o for o in names if o not in METRICS]
    if unknown:
        raise ConfigError(f"unknown metric(s) {', '.join(unknown)}; allowed: {', '.join(METRICS)}")

    def simulate(**values: Any) -> dict[str, float]:
        values = {k: v.item() if hasattr(v, "item") else v for k, v in values.items()}  # numpy
        run_seed = values.pop("seed", seed)
        chosen = base_for(values.pop(SCENARIO, None))
        result = run(scenario_from(chosen, values) if values else chosen, run_seed)
        return {o: float(result.summary[o]) for o in names}

    model = wb.Model(name, function=simulate)
    model.uncertainties = _parameters(wb, uncertainties)
    model.levers = _parameters(wb, levers)
    kinds = {
        "higher": wb.ScalarOutcome.MAXIMIZE,
        "lower": wb.ScalarOutcome.MINIMIZE,
        "neither": wb.ScalarOutcome.INFO,
    }
    model.outcomes = [wb.ScalarOutcome(o, kind=kinds[INFO[o].better]) for o in names]
    return model


def policy(name: str, model: Any, **levers: Any) -> Any:
    """A named policy for ``perform_experiments(policies=[...])``: EMA 3's ``Sample`` (the
    ``Policy`` of EMA 2), keyed by the model's parameter names; give the dotted keys."""
    wb = _workbench()
    names = {
        p.variable_name[0] if isinstance(p.variable_name, list) else p.variable_name: p.name
        for p in model.levers
    }
    unknown = [k for k in levers if k not in names]
    if unknown:
        raise ConfigError(
            f"policy {name!r}: {', '.join(unknown)} is not a lever of the model; "
            f"levers: {', '.join(names)}."
        )
    return wb.Sample(name, **{names[k]: v for k, v in levers.items()})
