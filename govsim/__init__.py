"""govsim: agent-based simulation of polycentric community governance.

The public Python API (see docs/python.md)::

    govsim.load(name_or_path, **overrides)   a validated Scenario
    govsim.run(scenario, seed=None, days=None) -> RunResult (.summary, .daily, .scenario)
    govsim.sweep(experiment, workers=1, engine="local", out=None) -> DataFrame
    govsim.survey(scenario, seed=None, days=None)
    govsim.discover(results, outcome, inputs=None) -> dict of DataFrames (PRIM boxes)
    govsim.optimise(spec, out=None, workers=1) -> dict of DataFrames (Pareto set, …)
    govsim.scenarios(), govsim.metrics()
    govsim.calibrate(targets, out=DIR)       posterior.parquet + diagnostics (issue 19)
    govsim.forecast(scenario, posterior=FILE, months=72) -> the forecast.json content
    govsim.GovernanceModel                   the Mesa model

Names are imported on first use (module ``__getattr__``), so ``import govsim``
stays cheap: no Mesa, pandas or numpy until a name needs them.

The packages are the layers, each importing only those below it (docs/DEVELOPING.md):
``core`` ← ``scenario`` ← ``world`` ← ``rules`` ← ``simulation`` ← ``running`` ←
``experiments`` ← ``evidence`` ← ``api`` ← ``cli``, ``dashboard``.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "load": "govsim.api",
    "run": "govsim.api",
    "sweep": "govsim.api",
    "scenarios": "govsim.api",
    "metrics": "govsim.api",
    "survey": "govsim.api",
    "calibrate": "govsim.api",
    "forecast": "govsim.api",
    "discover": "govsim.api",
    "optimise": "govsim.api",
    "GovernanceModel": "govsim.simulation.model",
    "RunResult": "govsim.running.runner",
    "Scenario": "govsim.scenario.schema",
    "ConfigError": "govsim.scenario.config",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'govsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
