"""Mechanism tests: two settings, several seeds, a direction with a margin (MODEL.md §3)."""

from __future__ import annotations

from conftest import mean_metric

from govsim.config import override

SEEDS = range(8)


def compare(small, key_values_a: dict, key_values_b: dict, metric: str) -> tuple[float, float]:
    a = mean_metric(override(small, key_values_a), metric, SEEDS)
    b = mean_metric(override(small, key_values_b), metric, SEEDS)
    return a, b


def test_more_grid_workers_find_more_issues_on_patrol(small):
    few, many = compare(small, {"organisation.grid_workers": 2},
                        {"organisation.grid_workers": 8}, "patrol_found_share")
    assert many > few + 0.15


def test_more_grid_workers_raise_the_report_rate(small):
    few, many = compare(small, {"organisation.grid_workers": 2},
                        {"organisation.grid_workers": 8}, "report_rate")
    assert many > few + 0.015


def test_lower_reliability_slows_resolution(small):
    up, flaky = compare(small, {"platform.reliability": 1.0}, {"platform.reliability": 0.3},
                        "median_days_to_resolve")
    assert flaky > up + 0.4  # medians are whole days: 2 days when up, mostly 3 at 0.3


def test_closed_loop_closes_more_cases_with_feedback(small):
    off, on = compare(small, {"platform.closed_loop": False}, {"platform.closed_loop": True},
                      "closure_rate")
    assert on > off + 0.4


def test_higher_organisational_barrier_lengthens_the_slowest_cases(small):
    low, high = compare(small, {"organisation.organisational_barrier": 0.1},
                        {"organisation.organisational_barrier": 0.95}, "p90_days_to_resolve")
    assert high > low + 0.75


def test_party_coordination_lowers_the_barrier(small):
    barrier = {"organisation.organisational_barrier": 0.95}
    none, full = compare(small, {**barrier, "organisation.party_coordination": 0.0},
                         {**barrier, "organisation.party_coordination": 1.0},
                         "p90_days_to_resolve")
    assert full < none - 2.0


def test_public_ratings_speed_up_handling(small):
    hidden, public = compare(small, {"platform.public_ratings": False},
                             {"platform.public_ratings": True}, "median_days_to_resolve")
    assert public < hidden - 0.4


def test_public_ratings_raise_satisfaction(small):
    hidden, public = compare(small, {"platform.public_ratings": False},
                             {"platform.public_ratings": True}, "satisfaction")
    assert public > hidden + 0.03


def test_subsidy_makes_social_groups_take_more_cases(small):
    none, paid = compare(small, {"incentives.social_group_subsidy": 0.0},
                         {"incentives.social_group_subsidy": 0.8}, "non_government_share")
    assert paid > none + 0.1


def test_digital_only_without_adoption_leaves_issues_unreported(small):
    both, digital = compare(small, {"organisation.grid_workers": 0},
                            {"organisation.grid_workers": 0, "platform.offline_channel": False},
                            "report_rate")
    assert digital < both - 0.05
