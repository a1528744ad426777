"""Running batches: an experiment file in, every run of its design on disk out.

``spec`` reads experiment files, ``designs/`` turns factors into design points (one
module per design, as SALib's ``sample/``), ``seeds`` and ``plan`` number the runs and
seed each, ``engines/`` execute them (one module per engine) through ``worker``,
``store`` keeps every finished run, ``sweep`` ties these together, ``paired`` writes
the common-random-numbers differences with the runs, ``merge`` joins shards and
``progress`` reports on long commands.

May import: govsim.running and everything below it; never govsim.experiments.analysis
or govsim.experiments.search (import-linter contract in pyproject.toml).
"""
