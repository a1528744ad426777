"""`govsim robustness`: the analysis finds the parameter that flips a prediction, and a
scenario that sets an assumed key keeps its ratio to the base in every sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govsim.evidence.robustness import SURVEY_ONLY, factor_ranges, run_parameters, uncertainties
from govsim.evidence.robustness_holds import flips
from govsim.running.runner import run
from govsim.scenario.config import load_scenario, override
from govsim.scenario.schema import plausible_ranges


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
    # the keys the two scenarios' rules read (tests/scenario/test_scenario_reads.py): no ranking
    assert set(plain) == set(uncertainties(["community_y", "digital_only"]))
    assert not [k for k in plain if k.startswith(("ranking.", "kpi."))]


def test_keys_left_out_of_robustness_do_not_change_a_run_and_the_rest_do():
    """Every survey-only key at both ends of its range leaves a run's summary unchanged;
    the same done to the keys robustness samples changes it (so the test can fail)."""
    base = override(
        load_scenario("community_y"),
        {"days": 30, "population.residents": 1500, "population.households": 530},
    )
    survey_only = {k: r for k, r in plausible_ranges().items() if k.startswith(SURVEY_ONLY)}
    assert survey_only and not set(survey_only) & set(run_parameters())

    def summaries(keys: dict) -> list[dict]:
        out = []
        for end in (0, 1):
            values = {k: r[end] for k, r in keys.items()}
            if "survey.day" in values:  # must stay inside the horizon
                values["survey.day"] = min(values["survey.day"], base.days)
            out.append(run(override(base, values), seed=4).summary)
        return out

    low, high = summaries(survey_only)
    assert pd.Series(low).equals(pd.Series(high))  # NaN (recovery_days) equals NaN
    swept = {k: r for k, r in run_parameters().items() if k.startswith("responders.")}
    low, high = summaries(swept)
    assert not pd.Series(low).equals(pd.Series(high))


def test_a_posterior_fitted_on_beijing_is_carried_to_community_y_as_ratios():
    """Beijing's staff-hours and reporting bases sit at a tenth and a fifth of Community
    Y's: a row at Beijing's setting lands at Community Y's; the hotline's clock hours leave
    the rows (drawn from Community Y's range); a key both set alike passes unchanged."""
    from govsim.evidence.robustness import carry_posterior
    from govsim.scenario.config import flatten, scenario_to_dict

    bj = flatten(scenario_to_dict(load_scenario("beijing_reform")))
    cy = flatten(scenario_to_dict(load_scenario("community_y")))
    staff, base, clock = (
        "responders.department_staff_hours_per_day",
        "reporting.online_base",
        "responders.office_close_hour",
    )
    shared = "feedback.trust_learning_rate"
    assert bj[shared] == cy[shared] and bj[staff] != cy[staff]
    frame = pd.DataFrame(
        {
            staff: [bj[staff], 1.1 * bj[staff]],
            base: [bj[base], 0.5 * bj[base]],
            clock: [23.5, 24.0],
            shared: [0.1, 0.2],
            "weight": [0.4, 0.6],
        }
    )
    out = carry_posterior(frame, "beijing_reform", "community_y")
    assert out[staff].tolist() == pytest.approx([cy[staff], 1.1 * cy[staff]])
    assert out[base].tolist() == pytest.approx([cy[base], 0.5 * cy[base]])
    assert clock not in out
    assert out[shared].tolist() == [0.1, 0.2] and out["weight"].tolist() == [0.4, 0.6]
