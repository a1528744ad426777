"""Pattern 4 (MODEL.md §1, S2 002_f45f750ee9168511.txt): closed-loop case
handling and public evaluation make responders faster.

Small population, 120 days, eight seeds: the median days from report to
resolution is lower with platform.closed_loop and platform.public_ratings on
than with both off, and more resolved cases close with feedback.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.config import override
from govsim.runner import run

SEEDS = range(8)
ON = {"platform.closed_loop": True, "platform.public_ratings": True}
OFF = {"platform.closed_loop": False, "platform.public_ratings": False}


@pytest.fixture(scope="module")
def summaries(small):
    return {label: [run(override(small, kv), seed).summary for seed in SEEDS]
            for label, kv in (("on", ON), ("off", OFF))}


def mean(summaries, metric: str) -> float:
    return float(np.nanmean([s[metric] for s in summaries]))


def test_closed_loop_and_public_ratings_make_responders_faster(summaries):
    on = mean(summaries["on"], "median_days_to_resolve")
    off = mean(summaries["off"], "median_days_to_resolve")
    assert on < off - 0.5, (on, off)


def test_closed_loop_closes_resolved_cases_with_feedback(summaries):
    assert mean(summaries["on"], "closure_rate") > mean(summaries["off"], "closure_rate") + 0.4
