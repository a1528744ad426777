"""Participation, literacy and adoption dynamics (docs/ODD.md §3 steps 7-8): mechanism tests
over several seeds with a margin, on the small 900-resident population.

Every pattern test is paired with the same comparison with its mechanism switched off,
where the pattern must vanish (so each test can fail): the effect must then stay below
the margin the test demands with the mechanism on. Expected directions were written
before the runs; measured values print with `pytest -s`.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import mean_metric

from govsim.running.runner import make_rng, run
from govsim.scenario.config import override
from govsim.simulation.model import GovernanceModel

SEEDS = range(8)


def mean_of(scenario, metric):
    return mean_metric(scenario, metric, SEEDS)


def effect(scenario, a: dict, b: dict, metric: str, off: dict | None = None) -> float:
    """Mean of `metric` with `b` minus with `a` (both with `off` applied, if given)."""
    off = off or {}
    return mean_of(override(scenario, {**a, **off, **b}), metric) - mean_of(
        override(scenario, {**a, **off}), metric
    )


def on_off(scenario, a: dict, b: dict, metric: str, off: dict) -> tuple[float, float]:
    on, without = effect(scenario, a, b, metric), effect(scenario, a, b, metric, off)
    print(f"\nMEASURED {metric} {b}: effect on {on:+.4f}, off ({off}) {without:+.4f}")
    return on, without


# The credit acts twice: in the join log-odds (step 7) and, spent, through cases taken by
# volunteer teams (step 4); switching off the first alone left −0.024 (120 days) and
# −0.095 (day 365) from the second, so "off" also makes help unaffordable.
INERT_CREDIT = {"participation.time_bank_weight": 0.0, "participation.help_hours": 100.0}


def test_higher_time_bank_credit_raises_participation(small):
    # expected: +0.05 or more; no effect once credit leaves the join log-odds
    on, off = on_off(
        small,
        {"incentives.time_bank_credit": 0.0},
        {"incentives.time_bank_credit": 1.5},
        "participation_rate",
        INERT_CREDIT,
    )
    assert on > 0.05
    assert abs(off) < 0.05


def participation_fall(scenario, off: dict, seeds=range(5)) -> float:
    """Mean participation_rate on day 60 minus day 365, no incentives."""
    scenario = override(
        scenario,
        {
            "days": 365,
            "incentives.time_bank_credit": 0.0,
            "incentives.participation_points": 0.0,
            **off,
        },
    )
    series = [run(scenario, seed).timeseries["participation_rate"] for seed in seeds]
    return float(np.mean([s.iloc[59] - s.iloc[364] for s in series]))


def test_without_incentives_participation_falls_from_its_day_60_level(small):
    # expected: falls by more than 0.1; without propensity decay (S3 "persistence") and
    # without the launch campaign that lifts day 60, it does not fall by more than 0.02
    on = participation_fall(small, {})
    off = participation_fall(
        small,
        {"participation.propensity_decay_per_day": 0.0, "participation.launch_campaign_boost": 0.0},
    )
    print(f"\nMEASURED fall day 60 → 365: on {on:+.4f}, off {off:+.4f}")
    assert on > 0.1
    assert off < 0.02


def test_time_bank_keeps_more_residents_engaged_after_the_campaign(small):
    # expected: +0.05 or more at day 365; none without the credit's log-odds
    def day365(scenario):
        return np.mean(
            [run(scenario, s).timeseries["participation_rate"].iloc[364] for s in range(5)]
        )

    year = override(small, {"days": 365})
    gaps = []
    for off in ({}, INERT_CREDIT):
        plain = day365(override(year, off))
        banked = day365(override(year, {**off, "incentives.time_bank_credit": 1.0}))
        gaps.append(banked - plain)
    print(
        f"\nMEASURED day-365 participation, time bank − none: on {gaps[0]:+.4f}, off {gaps[1]:+.4f}"
    )
    assert gaps[0] > 0.05
    assert abs(gaps[1]) < 0.05


def test_training_aimed_at_the_elderly_narrows_the_digital_divide(small):
    # expected: −0.03 or more against no training, −0.02 against untargeted seats;
    # seats that teach nothing (training_gain 0) change nothing.
    # Power: the paired effect varies by 0.024 from seed to seed. On the merged model
    # (census age structure: 24 % aged 60+) 8 seeds gave −0.025 / −0.010, under the
    # margins; 24 seeds give −0.037 / −0.023. The seed count was raised for power after
    # that 8-seed run (the margins were not changed), so this test uses 24.
    seeds = range(24)
    seats = {"literacy.training_seats_per_month": 40}
    for gain, check in ((0.25, True), (0.0, False)):
        base = override(small, {"literacy.training_gain": gain})
        none = mean_metric(base, "digital_divide", seeds)
        everyone = mean_metric(override(base, seats), "digital_divide", seeds)
        elderly = mean_metric(
            override(base, {**seats, "literacy.target_elderly": True}), "digital_divide", seeds
        )
        print(
            f"\nMEASURED digital_divide gain {gain}: none {none:.4f}, everyone "
            f"{everyone:.4f}, elderly first {elderly:.4f}"
        )
        if check:
            assert elderly < none - 0.03
            assert elderly < everyone - 0.02
        else:
            assert abs(elderly - none) < 0.03


def test_an_integrated_platform_raises_adoption(small):
    # expected: +0.02 or more; none when several apps cost no adoption (factor 1)
    year = override(small, {"days": 300})
    on, off = on_off(
        year,
        {"platform.integrated": False},
        {"platform.integrated": True},
        "adoption_rate",
        {"adoption.several_apps_factor": 1.0},
    )
    assert on > 0.02
    assert abs(off) < 0.02


def test_outages_make_adopters_drop_out(small):
    # expected: −0.03 or less; without outage drop-out the fall stays under that margin
    on, off = on_off(
        small,
        {"platform.reliability": 1.0},
        {"platform.reliability": 0.5},
        "adoption_rate",
        {"adoption.outage_dropout": 0.0},
    )
    assert on < -0.03
    assert abs(off) < 0.03


def test_digital_only_lowers_participation_of_the_elderly(small):
    # expected: −0.1 or less; with online activities only (no offline sign-up for digital
    # only to take away) the gap vanishes
    on, off = on_off(
        small,
        {},
        {"platform.offline_channel": False},
        "participation_rate_60plus",
        {
            "participation.activity_mix.deliberation": 0.0,
            "participation.activity_mix.volunteer": 0.0,
            "participation.activity_mix.cultural": 0.0,
        },
    )
    assert on < -0.1
    assert abs(off) < 0.1


def test_co_participation_adds_ties(small):
    """Paired by construction: 0 new ties per participant is the mechanism switched off."""

    def ties_added(per_participant: float) -> float:
        scenario = override(small, {"participation.new_ties_per_participant": per_participant})
        return np.mean([run(scenario, s).model.state.network.n_ties for s in range(4)])

    assert ties_added(0.0) < ties_added(0.5) - 100


def test_co_participants_are_tied_after_an_activity_month(small):
    model = GovernanceModel(
        override(small, {"participation.new_ties_per_participant": 1.0}), make_rng(3)
    )
    before = model.state.network.n_ties
    for _ in range(30):
        model.step()
    assert model.state.ties_added > 0
    assert model.state.network.n_ties == before + model.state.ties_added


@pytest.mark.parametrize("seed", [0, 1])
def test_rewiring_keeps_every_degree(small, seed):
    plain = GovernanceModel(small, make_rng(seed)).state.network
    rewired = GovernanceModel(
        override(small, {"population.randomise_ties": True}), make_rng(seed)
    ).state.network
    assert np.array_equal(plain.degree, rewired.degree)
    assert not np.array_equal(plain.indices, rewired.indices)


def test_clustered_network_spreads_participation_further_than_random(small):
    """Centola's experiment in the model: a complex contagion (threshold 0.5 on the share
    of ties) seeded in two buildings; no launch campaign and a low base rate, so joining
    is driven by the social pull. The same network randomly rewired (same degrees) lets
    it die out."""
    contagion = override(
        small,
        {
            "days": 150,
            "participation.base_logit": -9.0,
            "participation.contagion_weight": 6.0,
            "participation.contagion_threshold": 0.5,
            "participation.launch_campaign_days": 0,
            "participation.activities_per_branch_month": 8,
        },
    )

    def reached(randomise: bool, seed: int) -> float:
        model = GovernanceModel(
            override(contagion, {"population.randomise_ties": randomise}), make_rng(seed)
        )
        res = model.state.residents
        res.last_participation_day[np.isin(res.building, [0, 5]) & res.is_adult] = 0
        for _ in range(contagion.days):
            model.step()
        return float((res.participation_count[res.is_adult] > 0).mean())

    clustered = np.mean([reached(False, s) for s in range(5)])
    random = np.mean([reached(True, s) for s in range(5)])
    assert clustered > random + 0.04
    # without the social pull (contagion_weight 0) the network's shape does not matter
    contagion = override(contagion, {"participation.contagion_weight": 0.0})
    flat = np.mean([reached(False, s) for s in range(5)]) - np.mean(
        [reached(True, s) for s in range(5)]
    )
    print(f"\nMEASURED clustered − random reach: on {clustered - random:+.4f}, off {flat:+.4f}")
    assert abs(flat) < 0.04


def test_time_bank_hours_are_earned_and_spent(small):
    result = run(override(small, {"incentives.time_bank_credit": 1.0}), 2)
    log = result.model.state.log
    start = result.scenario.summary_start()  # the summary leaves the warm-up out (issue 22)
    assert result.summary["time_bank_hours"] == pytest.approx(log.time_bank_hours[start:].sum())
    assert log.time_bank_hours_spent.sum() > 0
    balance = result.model.state.residents.time_bank_balance.sum()
    assert balance == pytest.approx(log.time_bank_hours.sum() - log.time_bank_hours_spent.sum())
