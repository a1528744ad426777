"""The scenarios' stated predictions (govsim/data/predictions.yaml) name metrics of the model."""

from __future__ import annotations

import pytest

from govsim.evidence.predictions import PREDICTIONS, load_predictions
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import METRICS


def test_every_shipped_prediction_names_a_metric_and_a_bad_one_is_refused(tmp_path):
    """A prediction's metric is checked when the file is read (issue 21 item 6: the
    `Prediction.measured` escape for metrics not yet built is gone)."""
    base, predictions = load_predictions()
    assert base == "community_y" and len(predictions) >= 30
    assert all(p.metric in METRICS for p in predictions)
    text = PREDICTIONS.read_text(encoding="utf-8")
    name = predictions[0].metric
    bad = tmp_path / "predictions.yaml"
    bad.write_text(text.replace(f"metric: {name}", "metric: happiness", 1))
    with pytest.raises(
        ConfigError,
        match=rf"{bad}: scenarios\.\w+\.predictions: key `metric`: "
        rf"'happiness' is not a metric .*allowed: .*{name}",
    ):
        load_predictions(bad)
