"""Evidence: the simulated S4 survey, stated predictions, robustness over the plausible
ranges, calibration against data and forecasts.

May import: govsim.experiments, govsim.running and everything below them.
"""
