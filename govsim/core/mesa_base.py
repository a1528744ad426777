"""Mesa's core classes without Mesa's package ``__init__`` (start-up time; docs/DEVELOPING.md).

``import mesa`` runs ``mesa/__init__.py``, which imports every part of Mesa:
``discrete_space`` and ``experimental.continuous_space`` (scipy.spatial,
networkx), ``batchrunner`` (tqdm.auto, asyncio), ``space`` … ``python -X
importtime`` shows these are most of Mesa's import time, and a govsim run uses
none of them. Here ``mesa`` and ``mesa.experimental`` are registered as
packages whose ``__init__`` runs on the first attribute that is not yet there
(``mesa.batch_run``, ``mesa.DataCollector``, ``mesa.experimental.devs``): then
they are the full packages, so ``import mesa`` elsewhere behaves as usual.
``mesa.model`` and ``mesa.agent`` are imported directly. If anything about
this fails (another Mesa layout), plain ``import mesa`` is used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

_DEFERRED = ("mesa", "mesa.experimental", "pandas")
"""Packages registered with their ``__init__`` deferred. pandas: ``mesa.agent`` and Mesa's
data recorders import it at the top but use it only inside methods (``AgentSet.to_df``,
``DataCollector.get_*_vars_dataframe``), so a `govsim run` without ``--out`` never needs
it; deferred, it is loaded on the first ``pd.<anything>`` (about 0.3 s of start-up less).
A session that imported pandas before govsim keeps it as it is."""


def _defer_init(name: str) -> None:
    """Register package `name` without running its ``__init__`` until an attribute is missing."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)

    def __getattr__(attr: str) -> object:  # noqa: N807 - module-level __getattr__
        del module.__dict__["__getattr__"]
        spec.loader.exec_module(module)  # the real __init__, in this module's namespace
        return getattr(module, attr)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _core() -> tuple[type, type]:
    if "mesa" not in sys.modules:
        try:
            for name in _DEFERRED:
                _defer_init(name)
            model = importlib.import_module("mesa.model")
            agent = importlib.import_module("mesa.agent")
            return model.Model, agent.Agent
        except Exception:  # noqa: BLE001 - any surprise: the ordinary, slower import
            for name in [n for n in sys.modules if n == "mesa" or n.startswith("mesa.")]:
                del sys.modules[name]
    import mesa

    return mesa.Model, mesa.Agent


Model, Agent = _core()


def data_collector() -> type:
    """Mesa's DataCollector class (loads the rest of Mesa on first use).

    Through the package: ``mesa.datacollection`` imports ``from mesa import Agent``, so
    importing it first, while ``mesa``'s ``__init__`` is deferred, is a circular import.
    """
    import mesa

    return mesa.DataCollector


__all__ = ["Agent", "Model", "data_collector"]
