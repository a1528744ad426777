"""Only what a scenario's rules read is sampled (issue 29 item 6; govsim/scenario/reads.py).

Every shipped scenario runs a few hundred residents for a few weeks with every read of
a schema field recorded (which key, and whether a metric or the dynamics read it). Each
assumed key the dynamics read must be one the scenario samples: a rule that starts
reading a key of a group `READ_ONLY_WHEN` declares switched off fails here. And a
switched-off group's keys are not sampled: Community Y's robustness design has no
``kpi.*`` or ``ranking.*`` factor, while the Beijing reform's keeps all of them.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any

import pytest
from pydantic import BaseModel

import govsim
from govsim.evidence.robustness import Options, uncertainties, write_experiment
from govsim.experiments.search.futures import NOT_DYNAMICS, SURVEY_ONLY, run_parameters
from govsim.scenario.config import load_scenario, override, shipped
from govsim.scenario.reads import CONDITIONAL, READ_ONLY_WHEN, is_read
from govsim.scenario.schema import Scenario, plausible_ranges

SMALL = {
    "population.residents": 400,
    "population.households": 150,
    "population.communities": 1,
    "population.grids": 2,
    "population.buildings_per_grid": 3,
}
SCENARIOS = sorted(p.stem for p in shipped("scenarios").glob("*.yaml"))
DAYS = {"beijing_reform": 75, "beijing_2019": 75}  # past the reform's first month end (59)
SHRUNK = {  # what the small population or the short run needs besides SMALL
    "community_y_storm": {"events.0.day": 10, "events.1.day": 11},  # the storm in the run
    "district_1m": {"organisation.grid_workers": 2, "organisation.social_groups": 4},
    "district_100k": {"organisation.grid_workers": 2, "organisation.social_groups": 4},
}
METRICS_PACKAGE = "govsim.simulation.metrics"  # its modules: one per area (issue 30 item 3)


def sections(obj: BaseModel, prefix: str = "") -> dict[int, str]:
    """id of every section object in a scenario → its dotted prefix."""
    out = {id(obj): prefix}
    for name in type(obj).model_fields:
        value = object.__getattribute__(obj, name)
        items = value if isinstance(value, list | tuple) else [value]
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                index = f"{i}." if isinstance(value, list | tuple) else ""
                out.update(sections(item, f"{prefix}{name}.{index}"))
    return out


def reads_of_a_run(scenario: Scenario) -> dict[str, set[str]]:
    """Dotted key → who read it during a run: "rule" (the dynamics) or "metric"."""
    where, reads = sections(scenario), defaultdict(set)
    plain = BaseModel.__getattribute__

    def recording(self: Any, name: str) -> Any:
        prefix = where.get(id(self))
        if prefix is not None and name in type(self).model_fields:
            frame, module = sys._getframe(1), ""
            while frame is not None:  # the nearest govsim module outside the schema
                module = frame.f_globals.get("__name__", "")
                if module.startswith("govsim.") and not module.startswith("govsim.scenario"):
                    break
                frame = frame.f_back
            metric = module == METRICS_PACKAGE or module.startswith(METRICS_PACKAGE + ".")
            reads[prefix + name].add("metric" if metric else "rule")
        return plain(self, name)

    BaseModel.__getattribute__ = recording  # type: ignore[method-assign]
    try:
        govsim.run(scenario, seed=1)
    finally:
        BaseModel.__getattribute__ = plain  # type: ignore[method-assign]
    return reads


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_scenario_samples_the_keys_its_rules_read_and_no_other(name):
    small = {**SMALL, **SHRUNK.get(name, {}), "days": DAYS.get(name, 45)}
    scenario = override(load_scenario(name), small)
    reads = reads_of_a_run(scenario)
    assumed = set(plausible_ranges())
    by_rules = {k for k, who in reads.items() if k in assumed and "rule" in who}
    assert len(by_rules) > 60, "the recorder saw almost no reads"  # it records at all
    # read, but change no simulated day (tests/evidence/test_robustness.py runs them both ways)
    by_rules = {k for k in by_rules if not k.startswith((*SURVEY_ONLY, *NOT_DYNAMICS))}
    sampled = set(run_parameters([scenario]))
    undeclared = sorted(by_rules - sampled)
    assert not undeclared, (
        f"{name}'s rules read {undeclared}, which its robustness and optimisation futures "
        "leave out: a switch in govsim/scenario/reads.py READ_ONLY_WHEN that is off here "
        "(or a survey-only / no-dynamics key in govsim/experiments/search/futures.py) is wrong"
    )
    unread = sorted(sampled - set(reads) - set(CONDITIONAL))
    assert not unread, (
        f"{name} samples {unread}, which nothing in its run read: a group a switch turns "
        "off here, to declare in govsim/scenario/reads.py READ_ONLY_WHEN (or, when a "
        "run reads it only on some days, in CONDITIONAL)"
    )


def test_every_declared_switch_is_a_bool_or_number_key_of_the_schema():
    scenario = load_scenario("community_y")
    for group in READ_ONLY_WHEN.values():
        for switch in group:
            value: Any = scenario
            for part in switch.removeprefix("not ").split("."):
                value = getattr(value, part)
            assert isinstance(value, bool | int | float), switch
    assumed = set(plausible_ranges())
    assert set(CONDITIONAL) <= assumed


def test_community_y_samples_no_kpi_or_ranking_key_and_beijing_reform_samples_them(tmp_path):
    opts = Options(out=tmp_path)
    groups = ("kpi.", "ranking.")
    reform = [k for k in plausible_ranges() if k.startswith(groups)]
    assert reform  # the groups have assumed keys to sample
    community = write_experiment("community_y", "community_y", opts, ["report_rate"])
    factors = load_scenario_factors(community)
    assert not [k for k in factors if k.startswith(groups)]
    assert "organisation.coordination" in factors or len(factors) > 80
    beijing = uncertainties(["beijing_reform"])
    assert set(reform) <= set(beijing)
    # a run comparing both samples the union, one design for the two
    assert set(reform) <= set(uncertainties(["community_y", "beijing_reform"]))


def load_scenario_factors(path) -> list[str]:
    import yaml

    return list(yaml.safe_load(path.read_text())["factors"])


def test_a_group_is_read_when_any_of_its_switches_is_on():
    community = load_scenario("community_y")
    assert not is_read("ranking.pressure", community)
    assert is_read("ranking.pressure", override(community, {"ranking.enabled": True}))
    assert is_read("kpi.satisfied_from", override(community, {"hotline.rating_management": True}))
    assert is_read("responders.department_staff_hours_per_day", community)  # no switch
    assert not is_read("reporting.several_apps_factor", community)  # integrated apps
    assert is_read(
        "reporting.several_apps_factor", override(community, {"platform.integrated": False})
    )
