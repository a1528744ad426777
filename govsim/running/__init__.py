"""Running: `run(config, seed) -> RunResult` (the one function everything above calls to
simulate), writing a run's files, and deferring Ctrl-C/SIGTERM while files are written.

May import: govsim.simulation and everything below it.
"""
