"""Participation, literacy and adoption dynamics (MODEL.md §3 steps 7-8): mechanism tests
over several seeds with a margin, on the small 900-resident population."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import mean_metric

from govsim.config import override
from govsim.model import GovernanceModel
from govsim.runner import make_rng, run

SEEDS = range(8)


def mean_of(scenario, metric):
    return mean_metric(scenario, metric, SEEDS)


def test_higher_time_bank_credit_raises_participation(small):
    none = mean_of(override(small, {"incentives.time_bank_credit": 0.0}), "participation_rate")
    credit = mean_of(override(small, {"incentives.time_bank_credit": 1.5}), "participation_rate")
    assert credit > none + 0.05


def test_without_incentives_participation_falls_from_its_day_60_level(small):
    scenario = override(small, {"days": 365, "incentives.time_bank_credit": 0.0,
                                "incentives.participation_points": 0.0})
    series = [run(scenario, seed).timeseries["participation_rate"] for seed in range(5)]
    day60 = np.mean([s.iloc[59] for s in series])
    day365 = np.mean([s.iloc[364] for s in series])
    assert day365 < day60 - 0.1


def test_time_bank_keeps_more_residents_engaged_after_the_campaign(small):
    scenario = override(small, {"days": 365})
    plain = [run(scenario, s).timeseries["participation_rate"].iloc[364] for s in range(5)]
    banked = [run(override(scenario, {"incentives.time_bank_credit": 1.0}), s)
              .timeseries["participation_rate"].iloc[364] for s in range(5)]
    assert np.mean(banked) > np.mean(plain) + 0.05


def test_training_aimed_at_the_elderly_narrows_the_digital_divide(small):
    seats = {"literacy.training_seats_per_month": 40}
    none = mean_of(small, "digital_divide")
    everyone = mean_of(override(small, seats), "digital_divide")
    elderly = mean_of(override(small, {**seats, "literacy.target_elderly": True}),
                      "digital_divide")
    assert elderly < none - 0.03
    assert elderly < everyone - 0.02


def test_an_integrated_platform_raises_adoption(small):
    year = override(small, {"days": 300})
    several = mean_of(override(year, {"platform.integrated": False}), "adoption_rate")
    one = mean_of(override(year, {"platform.integrated": True}), "adoption_rate")
    assert one > several + 0.02


def test_outages_make_adopters_drop_out(small):
    steady = mean_of(override(small, {"platform.reliability": 1.0}), "adoption_rate")
    flaky = mean_of(override(small, {"platform.reliability": 0.5}), "adoption_rate")
    assert flaky < steady - 0.03


def test_digital_only_lowers_participation_of_the_elderly(small):
    both = mean_of(small, "participation_rate_60plus")
    digital = mean_of(override(small, {"platform.offline_channel": False}),
                      "participation_rate_60plus")
    assert digital < both - 0.1


def test_co_participation_adds_ties(small):
    def ties_added(per_participant: float) -> float:
        scenario = override(small, {"participation.new_ties_per_participant": per_participant})
        return np.mean([run(scenario, s).model.state.network.n_ties for s in range(4)])

    assert ties_added(0.0) < ties_added(0.5) - 100


def test_co_participants_are_tied_after_an_activity_month(small):
    model = GovernanceModel(override(small, {"participation.new_ties_per_participant": 1.0}),
                            make_rng(3))
    before = model.state.network.n_ties
    for _ in range(30):
        model.step()
    assert model.state.ties_added > 0
    assert model.state.network.n_ties == before + model.state.ties_added


@pytest.mark.parametrize("seed", [0, 1])
def test_rewiring_keeps_every_degree(small, seed):
    plain = GovernanceModel(small, make_rng(seed)).state.network
    rewired = GovernanceModel(override(small, {"population.randomise_ties": True}),
                              make_rng(seed)).state.network
    assert np.array_equal(plain.degree, rewired.degree)
    assert not np.array_equal(plain.indices, rewired.indices)


def test_clustered_network_spreads_participation_further_than_random(small):
    """Centola's experiment in the model: a complex contagion (threshold 0.5 on the share
    of ties) seeded in two buildings; no launch campaign and a low base rate, so joining
    is driven by the social pull. The same network randomly rewired (same degrees) lets
    it die out."""
    contagion = override(small, {
        "days": 150, "participation.base_logit": -9.0, "participation.contagion_weight": 6.0,
        "participation.contagion_threshold": 0.5, "participation.launch_campaign_days": 0,
        "participation.activities_per_branch_month": 8})

    def reached(randomise: bool, seed: int) -> float:
        model = GovernanceModel(override(contagion, {"population.randomise_ties": randomise}),
                                make_rng(seed))
        res = model.state.residents
        res.last_participation_day[np.isin(res.building, [0, 5]) & res.is_adult] = 0
        for _ in range(contagion.days):
            model.step()
        return float((res.participation_count[res.is_adult] > 0).mean())

    clustered = np.mean([reached(False, s) for s in range(5)])
    random = np.mean([reached(True, s) for s in range(5)])
    assert clustered > random + 0.04


def test_time_bank_hours_are_earned_and_spent(small):
    result = run(override(small, {"incentives.time_bank_credit": 1.0}), 2)
    log = result.model.state.log
    assert result.summary["time_bank_hours"] == pytest.approx(log.time_bank_hours.sum())
    assert log.time_bank_hours_spent.sum() > 0
    balance = result.model.state.residents.time_bank_balance.sum()
    assert balance == pytest.approx(log.time_bank_hours.sum() - log.time_bank_hours_spent.sum())


def test_scenario_comparison_covers_every_shipped_scenario():
    from pathlib import Path

    text = Path("docs/scenarios.md").read_text()
    for path in Path("scenarios").glob("*.yaml"):
        if not path.stem.startswith("district_"):  # scale scenarios: docs/scale.md
            assert f"`{path.stem}`" in text, path.stem
    assert "Made by `experiments/compare_scenarios.py`" in text
