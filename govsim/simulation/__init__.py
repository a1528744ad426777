"""The model and what it records: `GovernanceModel` (the Mesa model whose `step()`
is the ODD schedule) and the metric registry.

May import: govsim.rules, govsim.world, govsim.scenario, govsim.core.
"""
