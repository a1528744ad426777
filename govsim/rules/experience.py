"""Step 8b, experience: what a resident lives through moves their channel preference.

docs/ODD.md §4 "Adaptation: channel choice … respond[s] to experience"; §5 (the
survey measures residents as the rules have changed them). At the end of each
day every resident's counts are updated:

- own cases resolved today, online or offline/patrol (S2 closed loop: an
  answered case is the platform's, or the grid's, proof of use);
- own online cases that have just waited ``adoption.unanswered_days`` unresolved;
- an outage day lived through as an adopter (S3 "instability of smart
  community technology");
- a grid worker's coaching visit (S4: grid members "guide residents to use
  online applications"), when ``literacy.coaching`` is on.

(Training seats are counted where they are given, in :mod:`govsim.rules.adoption`.)
Channel preference (S4 Table 4) follows from current literacy, adoption, age
and these counts (:func:`govsim.world.attitudes.channel_preference`); reporting
computes it for the next day's reporters and the survey for its respondents,
so the whole column ``Residents.channel_preference`` is refreshed only on the
run's last day (a day of Community Y spent 0.46 ms recomputing 7,500 answers
that a few dozen reporters read). Weights: the ``experience:`` section.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.attitudes import channel_preference
from govsim.world.state import Channel, SimState, Status, add_count


def count_cases(state: SimState, scenario: Scenario) -> None:
    """Own cases answered today (by channel) and online cases unanswered as of today."""
    res, cases = state.residents, state.cases
    # the rows handling resolved today (feedback may have closed and passed them since)
    resolved = state.resolved_today
    online = cases.channel[resolved] == Channel.ONLINE
    reporter = cases.reporter[resolved]
    add_count(res.cases_answered_online, reporter[online])
    add_count(res.cases_answered_offline, reporter[~online])
    # a case still waiting was never passed by first_open (only finished cases are)
    view = cases.open_view()
    status = cases.status[view]
    waiting = (status == Status.REPORTED) | (status == Status.DISPATCHED)
    crossed = (
        waiting
        & (cases.channel[view] == Channel.ONLINE)
        & (state.day - cases.day_reported[view] == scenario.adoption.unanswered_days)
    )
    add_count(res.cases_unanswered, cases.reporter[view][crossed])


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 8b, experience (docs/ODD.md §7.11; S2, S3, S4): count today's experiences; on
    the last day, refresh every channel preference. Draws nothing from `rng`."""
    res = state.residents
    count_cases(state, scenario)
    if not state.platform_up:
        res.outage_days_seen[res.has_adopted] += 1
    if scenario.literacy.coaching and len(state.coached_today):
        add_count(res.coaching_received, state.coached_today)
    if state.day >= scenario.days - 1:
        res.channel_preference = channel_preference(scenario, res)
