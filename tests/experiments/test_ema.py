"""EMA Workbench adapter: scenario keys as uncertainties and levers, metrics as outcomes."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SMALL

import govsim
from govsim.experiments.search.ema import ema_model, schema_range
from govsim.scenario.config import ConfigError


@pytest.fixture(scope="module")
def ema_workbench():
    """EMA Workbench, imported when a test here first needs it, not while pytest collects:
    its import costs 5-8 s of CPU (its method_logger walks the stack with
    inspect.getouterframes), which each pytest-xdist worker would otherwise pay at
    collection, whichever worker runs this file."""
    return pytest.importorskip("ema_workbench", exc_type=ImportError)


def small_model(**kwargs):
    return ema_model(
        govsim.load("community_y", SMALL),
        days=5,
        seed=1,
        outcomes=["adoption_rate", "report_rate"],
        **kwargs,
    )


def test_perform_experiments_runs_the_sampled_scenarios(ema_workbench):
    model = small_model(
        uncertainties={"platform.initial_adoption": (0.1, 0.9)},
        levers={"organisation.grid_workers": (2, 8), "platform.integrated": [True, False]},
    )
    experiments, outcomes = ema_workbench.perform_experiments(
        model, scenarios=4, policies=2, log_progress=False
    )
    assert len(experiments) == 8 and set(outcomes) == {"adoption_rate", "report_rate"}
    x = experiments["platform__initial_adoption"].to_numpy(dtype=float)
    y = outcomes["adoption_rate"]
    assert np.corrcoef(x, y)[0, 1] > 0.9  # the sampled key reaches the model
    row = experiments.iloc[0]
    again = govsim.run(
        govsim.load(
            "community_y",
            SMALL,
            **{
                "platform.initial_adoption": float(row["platform__initial_adoption"]),
                "organisation.grid_workers": int(row["organisation__grid_workers"]),
                "platform.integrated": bool(row["platform.integrated".replace(".", "__")]),
            },
        ),
        seed=1,
        days=5,
    )
    assert again.summary["adoption_rate"] == pytest.approx(y[0])


def test_without_the_uncertainty_the_outcome_does_not_move(ema_workbench):
    model = small_model(uncertainties={"platform.initial_adoption": (0.5, 0.5001)})
    _, outcomes = ema_workbench.perform_experiments(model, scenarios=3, log_progress=False)
    assert np.ptp(outcomes["adoption_rate"]) < 0.02


def test_keys_default_to_the_schema_range_and_bad_keys_are_named():
    assert schema_range("platform.reliability") == (0, 1)
    model = small_model(uncertainties=["platform.reliability"])
    assert model.uncertainties["platform__reliability"].upper_bound == 1
    with pytest.raises(ConfigError, match="platform.nope"):
        small_model(uncertainties=["platform.nope"])
    with pytest.raises(ConfigError, match="no_such_metric"):
        ema_model("community_y", outcomes=["no_such_metric"])


def test_a_key_listed_by_name_takes_its_plausible_range_not_the_validation_range():
    from govsim.scenario.schema import plausible_ranges

    key = "feedback.trust_learning_rate"
    lo, hi = plausible_ranges()[key]
    assert (lo, hi) != schema_range(key)
    parameter = small_model(uncertainties=[key]).uncertainties[key.replace(".", "__")]
    assert (parameter.lower_bound, parameter.upper_bound) == (lo, hi)


def test_a_scenario_is_a_categorical_lever_and_named_policies_choose_it(ema_workbench):
    from govsim.experiments.search.ema import policy

    model = ema_model(
        "community_y",
        levers={"scenario": ["community_y", "digital_only"]},
        uncertainties={"platform.initial_adoption": (0.5, 0.5001)},
        outcomes=["report_rate", "online_participation_share"],
        days=5,
        seed=1,
        overrides=SMALL,
    )
    policies = [policy(name, model, scenario=name) for name in ("community_y", "digital_only")]
    experiments, outcomes = ema_workbench.perform_experiments(
        model, scenarios=1, policies=policies, log_progress=False
    )
    assert list(experiments["base_scenario"]) == ["community_y", "digital_only"]
    for i, name in enumerate(experiments["base_scenario"]):
        adoption = float(experiments["platform__initial_adoption"].iloc[i])
        want = govsim.run(
            govsim.load(name, SMALL, days=5, **{"platform.initial_adoption": adoption}), seed=1
        )
        assert outcomes["report_rate"][i] == pytest.approx(want.summary["report_rate"])
    assert outcomes["report_rate"][0] != outcomes["report_rate"][1]  # the base reached the run
    with pytest.raises(ConfigError, match="no_such_scenario"):
        ema_model("community_y", levers={"scenario": ["no_such_scenario"]})
