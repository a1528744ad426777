"""Run tables (govsim/world/tables.py): everything fixed for a run, built once when the
model is built, read by the rules.

Each table is recomputed here from the scenario and the institutions with plain numpy
and Python; the rules are shown to read the tables (change a table, the run changes)
and never to tell responders apart by their class.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from govsim.running.runner import make_rng
from govsim.scenario.config import override
from govsim.scenario.schema import CATEGORIES
from govsim.simulation.model import GovernanceModel
from govsim.world.agents import Department, SocialGroup

RULES = Path(__file__).resolve().parents[2] / "govsim" / "rules"


@pytest.fixture(scope="module")
def model(small):
    scenario = override(
        small,
        {"organisation.social_groups": 7, "days": 30, "organisation.organisational_barrier": 0.5},
    )
    return GovernanceModel(scenario, make_rng(4))


def test_responder_tables_match_the_institutions(model):
    t, responders, sc = model.state.tables, model.state.responders, model.config
    groups = [i for i, r in enumerate(responders) if isinstance(r, SocialGroup)]
    assert t.government.tolist() == [isinstance(r, Department) for r in responders]
    assert list(t.social_groups) == groups and len(groups) == 7
    for k, category in enumerate(CATEGORIES):
        serving = [i for i in groups if category in responders[i].categories]
        assert t.candidate_count[k] == len(serving)
        assert t.candidates[k, : len(serving)].tolist() == serving
        assert np.all(t.candidates[k, len(serving) :] == -1)
        teams = [i for i in serving if responders[i].kind == "volunteer team"]
        assert t.volunteer_for[k] == (teams[0] if teams else -1)
    assert t.effort.tolist() == [r.effort(sc) for r in responders]


def test_rate_and_hour_tables_recomputed_by_hand(model):
    t, res, sc = model.state.tables, model.state.residents, model.config
    rate = np.where(res.is_adult, np.where(res.is_elderly, sc.needs.elderly_multiplier, 1.0), 0)
    assert t.issue_cdf[-1] == pytest.approx(rate.sum() * sc.needs.issues_per_adult_year / 365)
    care = (rate[res.is_elderly].sum() / rate.sum()) * sc.needs.elderly_care_share_60plus
    mix = np.array(sc.needs.category_shares.as_tuple()) * (1 - care)
    mix[CATEGORIES.index("elderly_care")] += care
    assert np.allclose(t.category_mix, mix) and t.category_mix.sum() == pytest.approx(1.0)
    r, dept = sc.responders, len(CATEGORIES)
    work = mix * np.array(r.work_hours.as_tuple())
    assert np.allclose(
        t.working_day_hours[:dept], dept * r.department_staff_hours_per_day * work / work.sum()
    )
    assert np.all(t.working_day_hours[dept:] == r.social_group_staff_hours_per_day)
    org = sc.organisation
    stay = org.organisational_barrier * (1 - org.coordination_strength * org.party_coordination)
    assert np.allclose(t.sign_off_hours, 24 * stay / (1 - stay))
    assert len(t.sign_off_hours) == sc.population.grids
    p = sc.participation
    assert np.allclose(
        t.activity_rates,
        [p.activities_per_branch_month / 30] * sc.population.grids
        + [p.activities_per_group_month / 30] * 7,
    )
    assert t.activity_total == pytest.approx(sum(p.activity_mix.as_tuple()))


def test_tables_are_read_only(model):
    for field in dataclasses.fields(model.state.tables):
        value = getattr(model.state.tables, field.name)
        if isinstance(value, np.ndarray):
            with pytest.raises(ValueError, match="read-only"):
                value[...] = 0


def test_the_rules_read_the_tables(small):
    """No activities when the table of activity rates says none; ten times the staff-hours
    worked when every effort is a tenth: the rules read the tables, not their own copy."""
    scenario = override(small, {"days": 30})

    def run(change: dict) -> GovernanceModel:
        model = GovernanceModel(scenario, make_rng(2))
        model.state.tables = dataclasses.replace(model.state.tables, **change(model.state.tables))
        for _ in range(scenario.days):
            model.step()
        return model

    base = run(lambda t: {})
    assert base.state.residents.participation_count.sum() > 0
    quiet = run(lambda t: {"activity_rates": np.zeros_like(t.activity_rates)})
    assert quiet.state.residents.participation_count.sum() == 0
    slow = run(lambda t: {"effort": t.effort / 10})
    worked = [m.state.log.gov_hours_worked.sum() for m in (base, slow)]
    assert worked[1] > 3 * worked[0]


def test_rules_tell_responders_apart_by_the_government_table():
    """No `isinstance` on institutions and no lazily built tables in the rules."""
    for path in RULES.glob("*.py"):
        text = path.read_text()
        assert not re.search(r"isinstance\(\w+, *(SocialGroup|Department|Responder)", text), (
            path.name
        )
        assert "state.fixed(" not in text and "state.masks" not in text, path.name
