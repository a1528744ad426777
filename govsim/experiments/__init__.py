"""Experiments: batches of runs over a design of factor values (docs/experiments.md).

``spec`` reads experiment files, ``designs/`` turns factors into design points
(one module per design), ``plan`` numbers the runs and gives each its seed,
``engines/`` execute them (one module per engine), ``store`` keeps every
finished run on disk at once, ``sweep`` ties these together, and ``report``
and ``sensitivity`` read the results. ``catalogue`` lists what ships; ``ema``
adapts a scenario to EMA Workbench.

May import: govsim.running and everything below it (never govsim.evidence, govsim.api,
govsim.cli or govsim.dashboard).
"""
