"""Evidence: targets, calibration (screening + ABC-SMC) and the blind forecast (issue 19)."""
