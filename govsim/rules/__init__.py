"""One module per step of the daily schedule (MODEL.md §3).

Each rule is a function ``rule(state, scenario, rng)`` that changes
:class:`govsim.state.SimState` in place; the model calls them in order.
"""
