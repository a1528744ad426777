"""Mechanism tests: two settings, several seeds, a direction with a margin (MODEL.md §3).

Responsiveness mechanisms (platform reliability, organisational barrier, party
coordination, closed loop, public ratings, demand, staffing) are tested at Community Y
scale, each with its switched-off control, in tests/test_responsiveness.py.
"""

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


def test_closed_loop_closes_more_cases_with_feedback(small):
    off, on = compare(small, {"platform.closed_loop": False}, {"platform.closed_loop": True},
                      "closure_rate")
    assert on > off + 0.4


def test_subsidy_makes_social_groups_take_more_cases(small):
    none, paid = compare(small, {"incentives.social_group_subsidy": 0.0},
                         {"incentives.social_group_subsidy": 0.8}, "non_government_share")
    assert paid > none + 0.1


def test_digital_only_without_adoption_leaves_issues_unreported(small):
    both, digital = compare(small, {"organisation.grid_workers": 0},
                            {"organisation.grid_workers": 0, "platform.offline_channel": False},
                            "report_rate")
    assert digital < both - 0.05
