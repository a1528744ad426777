"""Experiments: batches of runs over a design of factor values (docs/experiments.md).

Split by job, as EMA Workbench splits ``em_framework/`` from ``analysis/`` and SALib
``sample/`` from ``analyze/``; the dependencies point one way, search → analysis →
batch (import-linter contract in pyproject.toml):

- ``batch/``: running batches (spec, designs, plan, engines, store, sweep, merge);
- ``analysis/``: analysing them (report, sensitivity, survival, discover, figures);
- ``search/``: searching policies (optimise and its helpers, futures, ema).

``catalogue`` (what ships, for `govsim list` and `govsim validate`) sits above the
three: it validates experiment files (batch) and optimisation files (search) alike.

May import: govsim.running and everything below it (never govsim.evidence, govsim.api,
govsim.cli or govsim.dashboard).
"""
