"""Evidence: what the data say about the assumed numbers (calibration, targets, futures)."""
