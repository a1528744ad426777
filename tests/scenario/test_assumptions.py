"""Every assumed number lives in the schema (BRIEF "Standards"; issue 12 item 5).

A rule module may hold no numeric literal except 0 and 1 and unit conversions
(days, hours, months); a number that is neither must be a schema key with a
range, a description saying "assumed" (or its source) and a plausible range,
or, if it is an algorithm constant that does not change any distribution, sit on
a line marked ``# algorithm:`` (``# enumeration:`` for named indices).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import govsim.rules
import govsim.world
from govsim.scenario.schema import Scenario, iter_fields, plausible_ranges

RULES = Path(govsim.rules.__file__).parent
WORLD = Path(govsim.world.__file__).parent
BUILDERS = ("population.py", "agents.py", "attitudes.py")
"""World modules that draw residents, institutions and attitudes from the scenario (issue 21
item 7: their assumed numbers moved to the schema, so robustness varies them)."""
UNITS = {0, 1, 7, 24, 30, 60, 365}  # 0, 1; days a week, hours a day, days a month/year, minutes
MARKERS = ("# algorithm:", "# enumeration:")


def unmarked_literals(path: Path) -> list[str]:
    """`file:line value` for every numeric literal outside UNITS on an unmarked line."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Constant)
            and type(node.value) in (int, float)
            and node.value not in UNITS
            and not any(m in lines[node.lineno - 1] for m in MARKERS)
        ):
            found.append(f"{path.name}:{node.lineno} {node.value!r}")
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in RULES.glob("*.py")))
def test_rule_modules_hold_no_unmarked_numbers(module):
    assert unmarked_literals(RULES / module) == []


@pytest.mark.parametrize("module", BUILDERS)
def test_world_builders_hold_no_unmarked_numbers(module):
    assert unmarked_literals(WORLD / module) == []


def test_the_check_finds_an_unmarked_number(tmp_path):
    """The check above can fail: a planted constant is found, a marked one is not."""
    planted = tmp_path / "rule.py"
    planted.write_text("X = 0.5 + y\nN = 4  # algorithm: batch size\nZ = 1.0 * 24\n")
    assert unmarked_literals(planted) == ["rule.py:1 0.5"]


def test_every_plausible_range_holds_its_default_and_is_valid():
    ranges = plausible_ranges()
    assert len(ranges) >= 40
    default = Scenario()
    for key, (lo, hi) in ranges.items():
        value = default
        for part in key.split("."):
            value = getattr(value, part)
        assert lo < hi and lo <= value <= hi, key
        assert type(lo) is type(hi) is type(value), key


def test_every_plausible_range_lies_inside_what_the_schema_accepts():
    from govsim.scenario.config import override

    default = Scenario()
    for key, (lo, hi) in plausible_ranges().items():
        override(default, {key: lo})  # raises ConfigError if outside the validation range
        override(default, {key: hi})


def numeric_leaves():
    """(dotted key, field) of every numeric leaf of the schema (bool is not numeric)."""
    return (
        (key, field) for key, field in iter_fields(Scenario) if field.annotation in (int, float)
    )


def test_every_number_described_as_assumed_has_a_plausible_range_holding_its_default():
    """A key that says "assumed" is sampled by `govsim robustness`: it must carry a
    plausible range (schema.assumed), and the range must hold the default."""
    assumed = {k: f for k, f in numeric_leaves() if "assumed" in (f.description or "").lower()}
    assert len(assumed) >= 100
    unranged = sorted(
        k for k, f in assumed.items() if "plausible" not in (f.json_schema_extra or {})
    )
    assert unranged == [], f"assumed but no plausible range: {unranged}"
    for key, field in assumed.items():
        lo, hi = field.json_schema_extra["plausible"]
        assert lo <= field.default <= hi, f"{key}: default {field.default} outside [{lo}, {hi}]"


def test_the_world_builders_read_their_assumed_keys():
    """Each number moved from population.py and agents.py into the schema (issue 21 item 7)
    changes the world it builds when set away from its default."""
    from govsim.simulation.model import GovernanceModel

    size = {"population.residents": 3000, "population.households": 1050, "days": 1}
    keys = {
        "population.female_share": 0.3,
        "population.elderly_age_tail_mean": 4.0,
        "platform.initial_adoption_noise": 0.0,
        "feedback.initial_rating": 0.4,
        "participation.initial_propensity_a_elderly": 8.0,
        "participation.initial_propensity_b_elderly": 2.0,
        "participation.initial_propensity_a_under_60": 1.0,
        "participation.initial_propensity_b_under_60": 9.0,
    }
    built = {
        name: GovernanceModel("community_y", 5, **size, **changes).state
        for name, changes in (
            ("default", {}),
            ("changed", keys),
            ("capped", {"population.oldest_age": 70}),
        )
    }
    default, changed = built["default"], built["changed"]
    for state, female in ((default, 0.52), (changed, 0.3)):
        assert abs(state.residents.is_female.mean() - female) < 0.03
    tail = {k: s.residents.age[s.residents.is_elderly].mean() - 60 for k, s in built.items()}
    assert tail["default"] > 8 and tail["changed"] < 4
    assert default.residents.age.max() > 80 and built["capped"].residents.age.max() == 70

    def adoption_overlap(state) -> bool:
        res = state.residents
        adults = res.literacy[res.is_adult]
        adopted = res.has_adopted[res.is_adult]
        return adults[~adopted].max() > adults[adopted].min()

    assert adoption_overlap(default) and not adoption_overlap(changed)
    assert {r.rating for r in default.responders} == {0.7}
    assert {r.rating for r in changed.responders} == {0.4}
    for state, old, young in ((default, 2.5 / 6.5, 2 / 7), (changed, 0.8, 0.1)):
        res = state.residents
        assert abs(res.civic_propensity[res.is_elderly].mean() - old) < 0.03
        assert abs(res.civic_propensity[~res.is_elderly].mean() - young) < 0.03
