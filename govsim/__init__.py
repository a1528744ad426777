"""govsim: agent-based simulation of polycentric community governance.

The public Python API (see docs/python.md)::

    govsim.load(name_or_path, **overrides)   a validated Scenario
    govsim.run(scenario, seed=None, days=None) -> RunResult (.summary, .daily, .scenario)
    govsim.sweep(experiment, workers=1, engine="local", out=None) -> DataFrame
    govsim.survey(scenario, seed=None, days=None)
    govsim.discover(results, outcome, inputs=None) -> dict of DataFrames (PRIM boxes)
    govsim.optimise(spec, out=None, workers=1) -> dict of DataFrames (Pareto set, …)
    govsim.scenarios(), govsim.metrics()
    govsim.GovernanceModel                   the Mesa model

Names are imported on first use (module ``__getattr__``), so ``import govsim``
stays cheap: no Mesa, pandas or numpy until a name needs them.

``govsim.metrics`` and ``govsim.survey`` are also submodules; the submodule
objects are made callable, so ``govsim.metrics()`` is the API function and
``govsim.metrics.INFO`` / ``from govsim import metrics`` still the module.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_API = {"load": "govsim.api", "run": "govsim.api", "sweep": "govsim.api",
        "discover": "govsim.api", "optimise": "govsim.api",
        "scenarios": "govsim.api", "GovernanceModel": "govsim.model",
        "RunResult": "govsim.runner", "Scenario": "govsim.schema",
        "ConfigError": "govsim.config"}
_CALLABLE_MODULES = ("metrics", "survey")  # submodule and API function of the same name
__all__ = sorted([*_API, *_CALLABLE_MODULES])


class _CallableModule(types.ModuleType):
    """A submodule that, called, runs the API function of its name in :mod:`govsim.api`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        api = importlib.import_module("govsim.api")
        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CALLABLE_MODULES and isinstance(value, types.ModuleType):
            value.__class__ = _CallableModule  # the import system binds submodules here
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _CALLABLE_MODULES:
        return importlib.import_module(f"govsim.{name}")
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'govsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
