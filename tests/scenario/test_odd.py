"""docs/ODD.md describes the model as built: every rule module and every scenario key."""

from __future__ import annotations

import re

from pydantic import BaseModel

from govsim.scenario.config import REPO_ROOT
from govsim.scenario.schema import Scenario, iter_fields

ODD = REPO_ROOT / "docs" / "ODD.md"
RULES = REPO_ROOT / "govsim" / "rules"


def leaf_keys(model: type[BaseModel]) -> list[str]:
    """Every dotted leaf key of a schema section, e.g. `population.age_shares.ge_60`."""
    return [key for key, _ in iter_fields(model)]


def odd_text() -> str:
    return ODD.read_text(encoding="utf-8")


def test_leaf_keys_walk_nested_sections():
    keys = leaf_keys(Scenario)
    assert "days" in keys and "population.age_shares.ge_60" in keys
    assert "population.age_shares" not in keys  # a section, not a leaf
    assert len(keys) == len(set(keys)) > 100


def test_every_rule_module_has_a_submodel_in_the_odd():
    text = odd_text()
    modules = sorted(p.name for p in RULES.glob("*.py") if p.name != "__init__.py")
    assert len(modules) >= 6
    missing = [m for m in modules if f"govsim/rules/{m}" not in text]
    assert not missing, f"docs/ODD.md does not describe {missing}"


def test_the_odd_names_no_rule_module_that_does_not_exist():
    named = set(re.findall(r"govsim/rules/(\w+\.py)", odd_text()))
    assert named, "the ODD names its rule modules"
    stale = sorted(m for m in named if not (RULES / m).is_file())
    assert not stale, f"docs/ODD.md names rule modules that are gone: {stale}"


def test_every_scenario_key_is_in_the_odd():
    text = odd_text()
    missing = [k for k in leaf_keys(Scenario) if f"`{k}`" not in text]
    assert not missing, f"docs/ODD.md lacks these scenario keys: {missing}"


def test_the_odd_follows_the_protocol_order():
    headings = [h.lower() for h in re.findall(r"^## \d+\. (.+)$", odd_text(), flags=re.M)]
    order = ["purpose", "entities", "process", "design", "initialisation", "input", "submodels"]
    positions = [next(i for i, h in enumerate(headings) if h.startswith(w)) for w in order]
    assert positions == sorted(positions)


def test_each_submodel_names_its_module_and_a_source():
    sections = re.split(r"^### ", odd_text(), flags=re.M)[1:]
    assert len(sections) >= 8
    for section in sections:
        title = section.splitlines()[0]
        assert re.search(r"govsim/[\w/]+(\.py|/)", title), title  # a module or a package
        assert re.search(r"\bS[0-4]\b|§", title), title


def test_the_odd_cites_the_five_papers_by_their_references():
    """Every short name S0–S4 is used in the ODD and has its bibliographic reference."""
    text = odd_text()
    references = (REPO_ROOT / "docs" / "references.md").read_text()
    for short in ("S0", "S1", "S2", "S3", "S4"):
        assert re.search(rf"\b{short}\b", text), short
        assert re.search(rf"^\| {short} \| \S.*\| \S.*\|$", references, flags=re.M), short


def stated_ranges(text: str) -> dict[str, str]:
    """{key: "[lo, hi]"} for every §8 row that states a plausible range."""
    return dict(re.findall(r"^\| `([\w.]+)` \|.*plausible (\[[^\]]*\]) \|$", text, flags=re.M))


def test_the_odd_states_every_plausible_range_as_the_schema_declares_it():
    """§8 shows what `govsim robustness` samples: each assumed key's row names its range
    as the schema declares it, so a range written by hand cannot drift."""
    from govsim.scenario.schema import plausible_ranges

    ranges = {k: f"[{lo}, {hi}]" for k, (lo, hi) in plausible_ranges().items()}
    stated = stated_ranges(odd_text())
    wrong = sorted(k for k in ranges if stated.get(k) != ranges[k])
    assert not wrong, f"docs/ODD.md §8 states no or another plausible range for {wrong}"


def missing_rows() -> list[str]:
    """Parameter-table rows (§8 of the ODD) for the keys the ODD lacks, to paste in."""
    from govsim.scenario.config import load_scenario

    defaults, community_y = Scenario(), load_scenario("community_y")
    rows = []
    for key, field in iter_fields(Scenario):
        if f"`{key}`" in odd_text():
            continue
        default, value = defaults, community_y
        for part in key.split("."):
            default, value = getattr(default, part), getattr(value, part)
        rows.append(f"| `{key}` | {default} | {value} | {field.description or ''} | |")
    return rows


if __name__ == "__main__":  # python tests/scenario/test_odd.py: rows to add to docs/ODD.md §8
    print("\n".join(missing_rows()) or "docs/ODD.md lists every scenario key")
