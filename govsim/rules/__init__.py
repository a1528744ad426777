"""One module per step of the daily schedule (docs/ODD.md §3).

Each rule is a function ``rule(state, scenario, rng)`` that changes
:class:`govsim.world.state.SimState` in place; the model calls them in order.

May import: govsim.world, govsim.scenario, govsim.core (never the model or its metrics).
"""
