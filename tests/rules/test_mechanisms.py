"""Mechanism tests: two settings, several seeds, a direction with a margin (docs/ODD.md §3).

Each test I own here (grid workers, subsidy, digital only) also runs the same pair
with its mechanism switched off, and the effect must then vanish: the test can fail.
Expected directions were written before the runs; measured values print with -s.

Responsiveness mechanisms (platform reliability, organisational barrier, party
coordination, closed loop, public ratings, demand, staffing) are tested at Community Y
scale, each with its switched-off control, in tests/rules/test_responsiveness.py.
"""

from __future__ import annotations

from conftest import mean_metric

from govsim.scenario.config import override

SEEDS = range(8)


def compare(
    small, key_values_a: dict, key_values_b: dict, metric: str, seeds=SEEDS
) -> tuple[float, float]:
    a = mean_metric(override(small, key_values_a), metric, seeds)
    b = mean_metric(override(small, key_values_b), metric, seeds)
    return a, b


def on_and_off(small, a: dict, b: dict, off: dict, metric: str, seeds=SEEDS) -> tuple[float, float]:
    """Effect b − a with the mechanism on, and with `off` applied to both settings (runs of
    a setting that another test here also compares are made once: conftest.summary)."""
    on = compare(small, a, b, metric, seeds)
    without = compare(small, {**a, **off}, {**b, **off}, metric, seeds)
    print(
        f"\nMEASURED {metric}: on {on[0]:.4f} -> {on[1]:.4f}; "
        f"off {without[0]:.4f} -> {without[1]:.4f}"
    )
    return on[1] - on[0], without[1] - without[0]


FEW, MANY = {"organisation.grid_workers": 2}, {"organisation.grid_workers": 8}
NO_PATROL = {"organisation.patrol_detection": 0.0, "literacy.coaching": False}


def test_more_grid_workers_find_more_issues_on_patrol(small):
    # expected: +0.15 or more with patrol; nothing found at all without detection.
    # 2 seeds (8 until issue 30): per seed 0-7 the effect was +0.29 to +0.43 and exactly 0
    # without detection; the few/many runs are the report-rate test's (conftest.summary).
    effect, without = on_and_off(
        small,
        FEW,
        MANY,
        {"organisation.patrol_detection": 0.0},
        "patrol_found_share",
        seeds=range(2),
    )
    assert effect > 0.15
    assert abs(without) < 0.01


def test_more_grid_workers_raise_the_report_rate(small):
    # expected: +0.015 or more; without detection and coaching grid workers add no
    # channel, so the effect stays below that margin
    effect, without = on_and_off(small, FEW, MANY, NO_PATROL, "report_rate")
    assert effect > 0.015
    assert abs(without) < 0.015


def test_closed_loop_closes_more_cases_with_feedback(small):
    # 2 seeds (8 until issue 30 item 7): per seed 0-7 the closure rate was 0.21-0.27 without
    # the closed loop and 0.975-0.987 with it, an effect of 0.72-0.78 against the margin 0.4
    off, on = compare(
        small,
        {"platform.closed_loop": False},
        {"platform.closed_loop": True},
        "closure_rate",
        seeds=range(2),
    )
    assert on > off + 0.4


def test_subsidy_makes_social_groups_take_more_cases(small):
    # expected: +0.1 or more; with a flat take-a-case decision (slope 0: willingness 1/2
    # whatever the subsidy) the subsidy can no longer act. 2 seeds (8 until issue 30,
    # ~18 s): per seed 0-7 the effect was +0.58 to +0.68 and exactly 0 with slope 0.
    effect, without = on_and_off(
        small,
        {"incentives.social_group_subsidy": 0.0},
        {"incentives.social_group_subsidy": 0.8},
        {"responders.willingness_slope": 0.0},
        "non_government_share",
        seeds=range(2),
    )
    assert effect > 0.1
    assert abs(without) < 0.1


def test_digital_only_without_adoption_leaves_issues_unreported(small):
    # expected: −0.05 or less; with no offline reporting in either setting (offline_base 0)
    # removing the offline channel takes nothing away. 3 seeds (8 until issue 30, ~14 s):
    # per seed 0-7 the effect was −0.36 to −0.44 and, without offline reporting, −0.044 to
    # +0.064 (the mean of any 3 within ±0.047; seeds 0 and 1 alone average +0.058), so 3.
    effect, without = on_and_off(
        small,
        {"organisation.grid_workers": 0},
        {"organisation.grid_workers": 0, "platform.offline_channel": False},
        {"reporting.offline_base": 0.0},
        "report_rate",
        seeds=range(3),
    )
    assert effect < -0.05
    assert abs(without) < 0.05
