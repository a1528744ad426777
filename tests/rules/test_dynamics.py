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
from govsim.world.tallies import Tallies

SEEDS = range(8)


def effect(scenario, a: dict, b: dict, metric: str, off: dict | None = None, seeds=SEEDS) -> float:
    """Mean of `metric` with `b` minus with `a` (both with `off` applied, if given)."""
    off = off or {}
    return mean_metric(override(scenario, {**a, **off, **b}), metric, seeds) - mean_metric(
        override(scenario, {**a, **off}), metric, seeds
    )


def on_off(scenario, a: dict, b: dict, metric: str, off: dict, seeds=SEEDS) -> tuple[float, float]:
    on = effect(scenario, a, b, metric, seeds=seeds)
    without = effect(scenario, a, b, metric, off, seeds=seeds)
    print(f"\nMEASURED {metric} {b}: effect on {on:+.4f}, off ({off}) {without:+.4f}")
    return on, without


# The credit acts twice: in the join log-odds (step 7) and, spent, through cases taken by
# volunteer teams (step 4); switching off the first alone left −0.024 (120 days) and
# −0.095 (day 365) from the second, so "off" also makes help unaffordable.
INERT_CREDIT = {"participation.time_bank_weight": 0.0, "participation.help_hours": 100.0}


def test_higher_time_bank_credit_raises_participation(small):
    # expected: +0.05 or more; no effect once credit leaves the join log-odds.
    # 2 seeds (8 until issue 30, ~23 s): per seed 0-7 the effect was +0.27, +0.43, +0.34,
    # +0.20, +0.48, +0.47, +0.33, +0.45 and exactly 0 with the credit inert, so the margin
    # holds on any one seed.
    on, off = on_off(
        small,
        {"incentives.time_bank_credit": 0.0},
        {"incentives.time_bank_credit": 1.5},
        "participation_rate",
        INERT_CREDIT,
        seeds=range(2),
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
    series = [
        run(scenario, seed, series=["participation_rate"]).timeseries["participation_rate"]
        for seed in seeds
    ]
    return float(np.mean([s.iloc[59] - s.iloc[364] for s in series]))


# 10 runs of a year (~23 s): nightly. The same two scenarios and margins (fall > 0.1; < 0.02
# without decay and campaign) are asserted in the default suite on 3 of these 5 seeds by
# tests/patterns/test_pattern_3_participation_decay.py::test_participation_decays_without_
# incentives and ::test_without_decay_or_campaign_participation_does_not_fall.
@pytest.mark.slow
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


def time_bank_gaps(scenario, days: int, seeds) -> list[float]:
    """Participation on the last day, time-bank credit 1 minus none: as built, and inert."""

    def last_day(scenario):
        return np.mean(
            [
                run(scenario, s, series=["participation_rate"])
                .timeseries["participation_rate"]
                .iloc[days - 1]
                for s in seeds
            ]
        )

    horizon = override(scenario, {"days": days})
    gaps = []
    for off in ({}, INERT_CREDIT):
        plain = last_day(override(horizon, off))
        banked = last_day(override(horizon, {**off, "incentives.time_bank_credit": 1.0}))
        gaps.append(banked - plain)
    print(
        f"\nMEASURED day-{days} participation, time bank − none: "
        f"on {gaps[0]:+.4f}, off {gaps[1]:+.4f}"
    )
    return gaps


@pytest.mark.slow  # 20 runs of a year (~35 s); the sibling below runs in the default suite
def test_time_bank_keeps_more_residents_engaged_after_the_campaign(small):
    # expected: +0.05 or more at day 365; none without the credit's log-odds
    on, off = time_bank_gaps(small, 365, range(5))
    assert on > 0.05
    assert abs(off) < 0.05


def test_time_bank_keeps_more_residents_engaged_140_days_after_the_campaign(small):
    # Default-suite sibling of the year-long test above: day 200 (the 60-day launch campaign
    # long over), 2 seeds, the same margins. Per seed 0-2 (issue 30): on +0.33, +0.29,
    # +0.32, and exactly 0 with the credit inert, so 2 seeds (3 until then).
    on, off = time_bank_gaps(small, 200, range(2))
    assert on > 0.05
    assert abs(off) < 0.05


@pytest.mark.slow  # 144 runs (~75 s); the sibling below runs in the default suite
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


def literacy_60plus(scenario, seed: int = 0) -> tuple[float, float]:
    """(share of the trained who are 60+, mean literacy of residents 60+) after one run."""
    res = run(scenario, seed, series=False).model.state.residents
    trained = res.training_received > 0
    return float(res.is_elderly[trained].mean()), float(res.literacy[res.is_elderly].mean())


def test_seats_aimed_at_the_elderly_go_to_them_and_raise_their_literacy(small):
    # Default-suite sibling of the 24-seed digital-divide test above (slow): the step it
    # rests on, on one seed and 60 days. Aimed seats go to residents 60+ while any 60+
    # resident is trainable (untargeted: about their share of trainable adults), and lift
    # their mean literacy above untargeted seats'; seats that teach nothing (gain 0) leave
    # the two equal.
    seats = {"days": 60, "literacy.training_seats_per_month": 40}
    for gain in (0.25, 0.0):
        base = override(small, {**seats, "literacy.training_gain": gain})
        aimed_share, aimed = literacy_60plus(override(base, {"literacy.target_elderly": True}))
        plain_share, plain = literacy_60plus(base)
        print(
            f"\nMEASURED gain {gain}: 60+ share of trainees {aimed_share:.2f} aimed, "
            f"{plain_share:.2f} not; 60+ literacy {aimed:.4f} vs {plain:.4f}"
        )
        assert aimed_share == 1.0 and plain_share < 0.6
        if gain:
            assert aimed > plain + 0.02
        else:
            assert aimed == pytest.approx(plain, abs=1e-6)


def integrated_effect(scenario, days: int, seeds) -> tuple[float, float]:
    """Adoption with an integrated platform minus several apps: as built, and factor 1."""
    return on_off(
        override(scenario, {"days": days}),
        {"platform.integrated": False},
        {"platform.integrated": True},
        "adoption_rate",
        {"adoption.several_apps_factor": 1.0},
        seeds,
    )


@pytest.mark.slow  # 32 runs of 300 days (~40 s); the sibling below runs in the default suite
def test_an_integrated_platform_raises_adoption(small):
    # expected: +0.02 or more; none when several apps cost no adoption (factor 1)
    on, off = integrated_effect(small, 300, SEEDS)
    assert on > 0.02
    assert abs(off) < 0.02


def test_an_integrated_platform_raises_adoption_within_150_days(small):
    # Default-suite sibling of the 300-day, 8-seed test above: 150 days, 4 seeds, the same
    # margins. Measured when written: on +0.031 (every seed +0.024 or more), off +0.005.
    on, off = integrated_effect(small, 150, range(4))
    assert on > 0.02
    assert abs(off) < 0.02


def test_outages_make_adopters_drop_out(small):
    # expected: −0.03 or less; without outage drop-out the fall stays under that margin.
    # 3 seeds (8 until issue 30, ~20 s): per seed 0-7 the effect was −0.10, −0.13, −0.08,
    # −0.09, −0.10, −0.06, −0.07, −0.11, and without drop-out −0.011 to +0.023 (the mean of
    # any 3 of them within ±0.019), so both margins hold on 3.
    on, off = on_off(
        small,
        {"platform.reliability": 1.0},
        {"platform.reliability": 0.5},
        "adoption_rate",
        {"adoption.outage_dropout": 0.0},
        seeds=range(3),
    )
    assert on < -0.03
    assert abs(off) < 0.03


def test_digital_only_lowers_participation_of_the_elderly(small):
    # expected: −0.1 or less; with online activities only (no offline sign-up for digital
    # only to take away) the gap vanishes. 2 seeds (8 until issue 30, ~22 s): per seed 0-7
    # the effect was −0.16 to −0.39 and, online only, −0.061 to +0.047, so both margins
    # hold on any 2.
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
        seeds=range(2),
    )
    assert on < -0.1
    assert abs(off) < 0.1


def test_co_participation_adds_ties(small):
    """Paired by construction: 0 new ties per participant is the mechanism switched off."""

    def ties_added(per_participant: float) -> float:
        scenario = override(small, {"participation.new_ties_per_participant": per_participant})
        # 2 seeds (4 until issue 30): per seed 0-3 the ties were 2,370-2,387 at 0 and
        # 3,079-3,764 at 0.5, each far past the margin of 100
        return np.mean(
            [run(scenario, s, series=False).model.state.network.n_ties for s in range(2)]
        )

    assert ties_added(0.0) < ties_added(0.5) - 100


def test_co_participants_are_tied_after_an_activity_month(small):
    model = GovernanceModel(
        override(small, {"participation.new_ties_per_participant": 1.0}),
        make_rng(3),
        series=False,
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
            "days": 90,
            "participation.base_logit": -9.0,
            "participation.contagion_weight": 6.0,
            "participation.contagion_threshold": 0.5,
            "participation.launch_campaign_days": 0,
            "participation.activities_per_branch_month": 8,
        },
    )

    def reached(randomise: bool, seed: int) -> float:
        model = GovernanceModel(
            override(contagion, {"population.randomise_ties": randomise}),
            make_rng(seed),
            series=False,  # reads the residents only
        )
        res = model.state.residents
        res.last_participation_day[np.isin(res.building, [0, 5]) & res.is_adult] = 0
        # set by hand: the counts the metrics read are counted again (docs/DEVELOPING.md)
        model.state.tallies = Tallies.count(res, model.state.households, contagion.days)
        for _ in range(contagion.days):
            model.step()
        return float((res.participation_count[res.is_adult] > 0).mean())

    # 3 seeds of 90 days (5 of 150 until issue 30, ~20 s): per seed, clustered − random reach
    # was +0.067, +0.094, +0.089, +0.072, +0.055 on 90 days (seeds 0-4), and within ±0.011
    # without the social pull, so the margin 0.04 holds on 3 seeds.
    seeds = range(3)
    clustered = np.mean([reached(False, s) for s in seeds])
    random = np.mean([reached(True, s) for s in seeds])
    assert clustered > random + 0.04
    # without the social pull (contagion_weight 0) the network's shape does not matter
    contagion = override(contagion, {"participation.contagion_weight": 0.0})
    flat = np.mean([reached(False, s) for s in seeds]) - np.mean([reached(True, s) for s in seeds])
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
