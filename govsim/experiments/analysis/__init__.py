"""Analysing batches: finished runs in, tables, intervals, indices and figures out.

``report`` (means and intervals per design point), ``sensitivity`` (Sobol, Morris),
``survival`` (censored time-to-event outcomes), ``discover`` (PRIM scenario
discovery, as EMA Workbench's ``analysis/prim``) and ``figures`` (what every plot
shares). As SALib's ``analyze/`` and EMA Workbench's ``analysis/``.

May import: govsim.experiments.batch and everything below it; never
govsim.experiments.search.
"""
