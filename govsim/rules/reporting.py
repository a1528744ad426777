"""Step 2, reporting: online, offline, or wait (docs/ODD.md §7.2).

Online needs the platform adopted and up (S4:
"online application"), and is likelier with literacy, trust in the platform
and one integrated app (22.6 % of S4 respondents worry about "many
applications", Table 5). Offline goes to a grid worker or the community
office and is likelier for the elderly and those who prefer offline (S4
Table 4). Waiting erodes trust in government; an issue never reported lapses.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.attitudes import channel_preference
from govsim.world.state import Channel, SimState, Status, add_count


def by_preference(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Run tables ``online_by_preference``, ``offline_by_preference``: the reporting
    multipliers by channel preference (S4 Table 4), as arrays."""
    rep = scenario.reporting
    return (
        np.array(rep.online_by_preference.as_array()),
        np.array(rep.offline_by_preference.as_array()),
    )


def report_probabilities(
    state: SimState, scenario: Scenario, who: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Daily chance that each resident in `who` reports a pending issue online / offline."""
    res, plat, rep = state.residents, scenario.platform, scenario.reporting
    pref = channel_preference(scenario, res, who)  # from today's state, for these only
    points = 1.0 + rep.points_effect * scenario.incentives.report_points
    online_by, offline_by = state.tables.online_by_preference, state.tables.offline_by_preference
    online = (
        rep.online_base
        * online_by[pref]
        * (rep.literacy_offset + res.literacy[who])
        * (rep.platform_trust_offset + res.trust_platform[who])
        * points
    )
    if not plat.integrated:
        online *= rep.several_apps_factor
    online *= res.has_adopted[who] & state.platform_up
    offline = (
        rep.offline_base
        * offline_by[pref]
        * (rep.government_trust_offset + res.trust_government[who])
        * np.where(res.is_elderly[who], rep.elderly_offline_bonus, 1.0)
        * points
    )
    offline *= plat.offline_channel
    return np.minimum(online, 1.0), np.minimum(offline, 1.0)


def step(state: SimState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Step 2, reporting (docs/ODD.md §7.2; S4 Tables 4–5, S3): each raised issue is
    reported online or offline today, or waits (trust erodes; too old, it lapses)."""
    cases, res = state.cases, state.residents
    idx = state.cases.first_open + np.flatnonzero(cases.status[cases.open_view()] == Status.RAISED)
    if not len(idx):
        return
    who = cases.reporter[idx]
    p_online, p_offline = report_probabilities(state, scenario, who)
    u = rng.random(len(idx))
    online = u < p_online
    offline = ~online & (u < p_online + (1 - p_online) * p_offline)
    reported = idx[online | offline]
    cols = cases.columns
    cols["status"][reported] = Status.REPORTED
    cols["day_reported"][reported] = state.day
    cols["channel"][idx[online]] = Channel.ONLINE
    cols["channel"][idx[offline]] = Channel.OFFLINE

    waiting = ~(online | offline)
    waiters = who[waiting]
    res.trust_government[waiters] = np.maximum(
        res.trust_government[waiters] - scenario.reporting.trust_erosion_per_waiting_day, 0.0
    )
    if not state.platform_up:  # an outage with an issue pending (S3 "instability")
        hit = waiters[res.has_adopted[waiters]]
        res.trust_platform[hit] = np.maximum(
            res.trust_platform[hit] - scenario.reporting.outage_trust_loss, 0.0
        )
    too_old = idx[waiting][
        state.day - cases.day_raised[idx[waiting]] >= scenario.needs.days_until_lapse
    ]
    cols["status"][too_old] = Status.LAPSED
    add_count(res.open_issues, cases.reporter[too_old], -1)
