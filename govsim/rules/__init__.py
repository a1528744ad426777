"""One module per step of the daily schedule (docs/ODD.md §3).

Each module's daily step is ``step(state, scenario, rng) -> None``: it changes
:class:`govsim.world.state.SimState` in place, reads what is fixed for the run from
``state.tables`` (:mod:`govsim.world.tables`; the module's builders make it), and its
docstring names its ODD section (docs/ODD.md §7) and seed papers (S0–S4,
docs/references.md). ``GovernanceModel.step()`` calls them in the order of docs/ODD.md §3.

May import: govsim.world, govsim.scenario, govsim.core (never the model or its metrics).
"""
