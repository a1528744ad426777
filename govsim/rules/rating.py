"""Step 6b, the rating worked: re-contact and exclusion before the call-back rating
(docs/ODD.md §7.13; issue 28 item 2d).

Beijing's satisfaction rate exceeded its resolution rate by 11 points in October 2019
(85.39 against 74.36 %, ../shared/data/beijing_12345_2019_2021.json): a requester whose
problem is not solved can still say "satisfied". Under a monthly public ranking a street
manages the rating itself: before the call-back it re-contacts requesters it expects to
be dissatisfied (an apology, an explanation, a second visit), and requests judged
unreasonable are left out of assessment. S2's closed loop makes the rating what
the platform's authority acts on; S3's incentives make it what the street works on.

With ``hotline.rating_management`` on, management grows linearly to full over
``hotline.management_months`` from the reform's start (``ranking.start_day``). Of the
requests rated today whose satisfaction is below ``kpi.satisfied_from``, a share
``recontact_share`` × level is re-contacted and gains ``recontact_lift`` satisfaction
(whether the problem was solved, the case's quality, does not change); of those still
below, a share ``unreasonable_share`` × level is marked ``excluded`` and left out of
both assessed rates. Off, nothing is drawn.
"""

from __future__ import annotations

import numpy as np

from govsim.core.stats import unit_clip
from govsim.scenario.schema import Scenario
from govsim.world.state import Channel, SimState


def level(state: SimState, scenario: Scenario) -> float:
    """How far rating management is in place today, 0-1 (a linear ramp from the reform)."""
    r = scenario.ranking
    months = (state.day - r.start_day) / r.month_days
    return min(max(months / scenario.hotline.management_months, 0.0), 1.0)


def manage(state: SimState, scenario: Scenario, rng: np.random.Generator, idx: np.ndarray) -> None:
    """Re-contact and exclusion of the requests `idx` about to be rated (closed) today."""
    hot = scenario.hotline
    if not hot.rating_management or not len(idx):
        return
    cases = state.cases
    idx = idx[cases.channel[idx] != Channel.PATROL]
    now = level(state, scenario)
    threshold = scenario.kpi.satisfied_from
    unhappy = cases.satisfaction[idx] < threshold
    recontact = unhappy & (rng.random(len(idx)) < hot.recontact_share * now)
    cols = cases.columns
    cols["satisfaction"][idx[recontact]] = unit_clip(
        cases.satisfaction[idx[recontact]] + hot.recontact_lift
    )
    still = cases.satisfaction[idx] < threshold
    excluded = still & (rng.random(len(idx)) < hot.unreasonable_share * now)
    cols["excluded"][idx[excluded]] = True
