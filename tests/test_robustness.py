"""`govsim robustness`: the analysis finds the parameter that flips a prediction, and a
scenario that sets an assumed key keeps its ratio to the base in every sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govsim.robustness import factor_ranges, flips
from govsim.schema import plausible_ranges


def test_flips_names_the_parameter_that_decides_whether_a_prediction_holds():
    rng = np.random.default_rng(3)
    unit = pd.DataFrame(rng.random((64, 5)), columns=[f"p{i}" for i in range(5)])
    holds = unit["p3"].to_numpy() > 0.3  # holds when p3 is high
    top = flips(holds, unit)
    assert top[0]["parameter"] == "p3" and top[0]["r"] > 0.5
    # a prediction that never flips has no flipping parameter
    assert flips(np.ones(64, dtype=bool), unit) == []


def test_a_scenario_lever_on_an_assumed_key_keeps_its_ratio_to_the_base():
    key = "participation.new_ties_per_participant"
    lo, hi = plausible_ranges()[key]
    scaled = factor_ranges("b_public_space", "community_y")[key]
    assert scaled == pytest.approx([lo * 0.8 / 0.3, hi * 0.8 / 0.3])
    plain = factor_ranges("digital_only", "community_y")
    assert plain[key] == [lo, hi]
    assert set(plain) == set(plausible_ranges())
