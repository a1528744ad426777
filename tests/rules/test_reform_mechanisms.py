"""The mechanisms the revealed Beijing data ask for (issue 28 item 2), each recomputed
from a finished run's monthly record and shown to move what it should against the
same seed with it switched off: latent demand (uptake.latent_*), folded hotlines
(uptake.folding_*), the relative ranking (ranking.relative), rating management
(feedback.manage_rating) and staffing that answers load and ranking (staffing.*).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import govsim
from govsim.simulation import metrics, reform

TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
MONTH = 5
BASE = {
    "days": 80,
    "ranking.start_day": 5,
    "ranking.month_days": MONTH,
    "responders.quality_mean": 0.55,
    "hotline.consultations_per_resident_year": 3.0,
}
LATENT = {
    "uptake.latent_enabled": True,
    "uptake.latent_demand": 1.5,
    "uptake.publicity_months": 3,
    "uptake.awareness_learning": 0.4,
}
LATE = (50, 79)  # months 9-14


def run(seed: int = 2, **keys):
    return govsim.run(govsim.load(TINY, **{**BASE, **keys}), seed=seed)


def month_values(result, month: int) -> dict:
    lo = BASE["ranking.start_day"] + MONTH * month
    return metrics.evaluate(result.model.state, result.scenario, lo, lo + MONTH - 1)


def late(result, name: str) -> float:
    return metrics.evaluate(result.model.state, result.scenario, *LATE)[name]


@pytest.fixture(scope="module")
def latent():
    return run(**LATENT)


def test_latent_demand_follows_awareness_of_calls_that_work(latent):
    u = latent.scenario.uptake
    awareness = 0.0
    for row in latent.model.state.reform_history:
        m = row["month"]
        seen = month_values(latent, m)["satisfaction_rate"]
        awareness += u.awareness_learning * (
            min((m + 1) / u.publicity_months, 1) * seen - awareness
        )
        assert row["awareness"] == pytest.approx(awareness)
        assert row["demand_growth"] == pytest.approx(1 + u.latent_demand * awareness)
    off = run()
    ratio = late(latent, "issues_raised") / late(off, "issues_raised")
    assert ratio > 1 + 0.6 * u.latent_demand * awareness, ratio


def test_folded_hotlines_bring_their_calls():
    keys = {
        "uptake.folding_enabled": True,
        "uptake.folded_calls": 0.8,
        "uptake.folding_start_month": 2,
        "uptake.folding_months": 3,
    }
    on, off = run(**keys), run()
    for row in on.model.state.reform_history:
        share = min(max((row["month"] + 1 - 2) / 3, 0), 1)
        assert row["demand_growth"] == pytest.approx(1 + 0.8 * share)
    ratio = late(on, "calls_per_resident_year") / late(off, "calls_per_resident_year")
    assert 1.5 < ratio < 2.1, ratio


def test_the_relative_ranking_keeps_pressure_while_peers_improve():
    keys = {"ranking.enabled": True, "ranking.relative": True, "ranking.peer_months": 4.0}
    on = run(**keys)
    r = on.scenario.ranking
    history = on.model.state.ranking_history
    first = 1 - history[0]["shortfall"]
    for row in history:
        mean = r.peer_ceiling - (r.peer_ceiling - first) * math.exp(-row["month"] / r.peer_months)
        score = 1 - row["shortfall"]
        above = 0.5 * math.erfc((score - mean) / (r.peer_sd * math.sqrt(2)))
        assert row["pressure"] == pytest.approx(r.pressure * 2 * above)
    absolute = run(**{**keys, "ranking.relative": False}).model.state.ranking_history
    late_on = np.mean([row["pressure"] for row in history[-4:]])
    late_abs = np.mean([row["pressure"] for row in absolute[-4:]])
    assert late_on > 1.3 * late_abs, (late_on, late_abs)


def test_rating_management_lifts_satisfaction_above_resolution():
    keys = {
        "hotline.rating_management": True,
        "hotline.recontact_share": 0.6,
        "hotline.recontact_lift": 0.4,
        "hotline.unreasonable_share": 0.3,
        "hotline.management_months": 2,
    }
    on, off = run(**keys), run()
    cases = on.model.state.cases
    excluded = cases.excluded[: cases.n]
    assert excluded.sum() > 20
    assert np.all(cases.satisfaction[: cases.n][excluded] < on.scenario.kpi.satisfied_from)
    gap_on = late(on, "satisfaction_rate") - late(on, "resolution_rate")
    gap_off = late(off, "satisfaction_rate") - late(off, "resolution_rate")
    assert gap_on > gap_off + 0.1, (gap_on, gap_off)


def test_staffing_answers_load_and_is_paid():
    keys = {
        **LATENT,
        "staffing.enabled": True,
        "staffing.load_following": 1.0,
        "staffing.adjust": 0.5,
    }
    on, off = run(**keys), run(**LATENT)
    st, factor = on.scenario.staffing, 1.0
    history = on.model.state.reform_history
    for row in history:
        load = row["requests_per_resident_year"] / history[0]["requests_per_resident_year"]
        target = min(max(1 + st.load_following * (load - 1), 1), st.max_factor)
        factor += st.adjust * (target - factor)
        assert row["staff_factor"] == pytest.approx(factor)
    assert factor > 1.2
    assert late(on, "cost_staff_hours") > 1.2 * late(off, "cost_staff_hours")
    assert late(on, "mean_days_to_resolve") < late(off, "mean_days_to_resolve")


def test_every_part_off_leaves_the_month_alone():
    config = govsim.load(TINY, **BASE)
    assert not reform.active(config)
    state = govsim.run(config, seed=2).model.state
    assert state.reform_history == [] and state.demand_growth == 1.0
    assert state.staff_factor == 1.0
