"""The rules' entry points: one convention, `step(state, scenario, rng) -> None`, each
with a docstring naming its ODD section and seed papers, called by the model in the
order of docs/ODD.md §3."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

from govsim.simulation.model import GovernanceModel

ROOT = Path(__file__).resolve().parents[2]
SCHEDULE = [
    "needs",
    "reporting",
    "calls",
    "patrol",
    "dispatch",
    "contact",
    "handling",
    "feedback",
    "participation",
    "adoption",
    "experience",
]


def test_every_rule_module_has_one_documented_step():
    modules = sorted(
        p.stem for p in (ROOT / "govsim" / "rules").glob("*.py") if p.stem != "__init__"
    )
    assert modules == sorted(SCHEDULE)
    for name in SCHEDULE:
        step = importlib.import_module(f"govsim.rules.{name}").step
        assert list(inspect.signature(step).parameters) == ["state", "scenario", "rng"], name
        doc = inspect.getdoc(step) or ""
        assert re.search(r"docs/ODD\.md §7\.\d+", doc), f"{name}.step names no ODD section"
        assert re.search(r"\bS[0-4]\b", doc), f"{name}.step names no seed paper"


def test_the_model_runs_the_steps_in_the_odd_order():
    called = re.findall(
        r"^\s+(\w+)\.step\(s, c, rng\)", inspect.getsource(GovernanceModel.step), re.MULTILINE
    )
    assert called == SCHEDULE
    odd = (ROOT / "docs" / "ODD.md").read_text()
    schedule = odd[odd.index("## 3. Process overview") : odd.index("## 4. Design concepts")]
    assert re.findall(r"`govsim/rules/(\w+)\.py`", schedule) == SCHEDULE
