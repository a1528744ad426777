"""Searching policies: levers judged across futures (docs/policy_search.md).

``optimise`` (NSGA-II over levers) with its helpers ``optimise_spec`` (files),
``optimise_runner`` (candidates × futures through the engines), ``optimise_results``
(reading a search back), ``optimise_plots`` and ``optimise_stress`` (the chosen policy
over new futures); ``futures`` draws the uncertain parameters; ``ema`` adapts a scenario
to EMA Workbench; ``analytic`` is a stand-in problem with a known front.

May import: govsim.experiments.analysis, govsim.experiments.batch and everything below.
"""
