"""govsim as a Mesa citizen: keyword construction, batch_run, run_model, DataCollector,
agents_by_type, one clock, and the plain SolaraViz page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest
from conftest import SMALL

from govsim.running.runner import run
from govsim.simulation.metrics import METRICS
from govsim.simulation.model import GovernanceModel, make_rng
from govsim.world.agents import Department, GridWorker, PartyOrganisation, SocialGroup


def test_keyword_model_equals_positional_model(small):
    config = small.model_copy(update={"days": 8})
    by_position = GovernanceModel(config, make_rng(3))
    by_keyword = GovernanceModel("community_y", rng=3, days=8, **SMALL)
    for model in (by_position, by_keyword):
        for _ in range(8):
            model.step()
    assert by_keyword.config == config
    assert pd.Series(by_keyword.summary()).equals(pd.Series(by_position.summary()))
    other = GovernanceModel("community_y", rng=4, days=8, **SMALL)
    other.run_model()
    assert not pd.Series(other.summary()).equals(pd.Series(by_keyword.summary()))  # seed matters


def test_run_model_stops_after_days_and_one_clock():
    model = GovernanceModel(rng=1, days=5, **SMALL)
    model.run_model()  # raised IndexError before `running` turned False
    assert not model.running
    assert model.steps == model.day == model.state.day == 5
    assert model.time == 5.0
    assert not np.isnan(model.series[-1]).all()


def test_batch_run_returns_every_metric():
    rows = mesa.batch_run(
        GovernanceModel,
        parameters={
            "scenario": "community_y",
            "days": 6,
            "organisation.grid_workers": [2, 8],
            **{k: v for k, v in SMALL.items() if k != "organisation.grid_workers"},
        },
        rng=[1, 2],
        max_steps=20,
        display_progress=False,
    )
    assert len(rows) == 4
    for row in rows:
        assert set(METRICS) <= set(row)
        assert row["Step"] == 6  # stopped by `running`, not by max_steps
    assert {r["organisation.grid_workers"] for r in rows} == {2, 8}
    # the parameters reach the model: more grid workers find more issues on patrol
    found = {
        (r["organisation.grid_workers"], r["iteration"]): r["patrol_found_share"] for r in rows
    }
    assert found[(8, 0)] != found[(2, 0)]


def test_datacollector_frame_matches_the_daily_series(small):
    config = small.model_copy(update={"days": 7})
    result = run(config, seed=5)
    model = GovernanceModel(config, make_rng(5))
    for day in range(7):
        model.step()
        if day == 2:
            collector = model.datacollector  # made mid-run: backfilled, then collected
    frame = collector.get_model_vars_dataframe()
    assert list(frame.columns) == list(METRICS) and len(frame) == 7
    expected = result.daily[list(METRICS)].reset_index(drop=True)
    assert frame.astype(float).equals(expected.astype(float)) or (
        (frame - expected).abs().max().max() == 0
    )
    # a model that is never asked pays nothing: no collector is made
    untouched = GovernanceModel(config, make_rng(5))
    untouched.run_model()
    assert untouched._datacollector is None


def test_datacollector_works_in_a_fresh_session_before_mesa_is_loaded():
    """In a new interpreter, after govsim's model is imported, Mesa and pandas are the
    packages their authors ship (no ``__init__`` deferred: issue 30 item 5); the collector
    works."""
    code = (
        "import govsim.simulation.model, mesa, pandas; "
        "print('__getattr__' in vars(mesa), '__getattr__' in vars(pandas), "
        "'DataFrame' in vars(pandas)); "
        f"m = govsim.GovernanceModel('community_y', rng=1, days=3, **{SMALL!r}); "
        "m.run_model(); print(m.datacollector.get_model_vars_dataframe().shape)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-600:]
    assert out.stdout.split() == ["False", "False", "True", "(3,", f"{len(METRICS)})"]


def test_no_package_is_registered_by_hand_in_sys_modules():
    """govsim imports other packages as they ship: no ``sys.modules[...] =`` in govsim/."""
    root = Path(__file__).resolve().parents[2] / "govsim"
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"sys\.modules\[[^\]]*\]\s*=(?!=)", line)
    ]
    assert not found, found


def test_institutions_are_mesa_agents(small):
    model = GovernanceModel(small, make_rng(1))
    by_type = model.agents_by_type
    assert list(by_type[GridWorker]) == model.state.grid_workers
    assert len(by_type[GridWorker]) == small.organisation.grid_workers
    assert len(by_type[PartyOrganisation]) == small.population.grids + 1
    assert len(by_type[Department]) + len(by_type[SocialGroup]) == len(model.state.responders)
    none = GovernanceModel("community_y", rng=1, **{**SMALL, "organisation.grid_workers": 0})
    assert GridWorker not in none.agents_by_type


def test_solaraviz_page_constructs_and_resets():
    solara = pytest.importorskip("solara")
    import importlib.util

    from govsim.scenario.config import shipped

    spec = importlib.util.spec_from_file_location("mesa_app", shipped("dashboards") / "mesa_app.py")
    mesa_app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mesa_app)

    params = mesa_app.model_params()
    model = GovernanceModel(
        **{k: v["value"] for k, v in params.items()},
        **{k: v for k, v in SMALL.items() if k != "organisation.grid_workers"},
    )
    page = mesa_app.make_page(model)
    _, rc = solara.render(page, handle_error=False)
    assert rc.find().widgets  # rendered without an error (handle_error=False raises)
    # Mesa's reset builds the model again from the page's parameters: it must accept them
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    kwargs = _build_model_init_kwargs(
        model,
        {k: v["value"] for k, v in params.items()},
        add_scenario_when_empty=True,
        require_model_accepts_scenario=True,
    )
    again = type(model)(**kwargs)
    assert again.config.organisation.grid_workers == params["organisation.grid_workers"]["value"]
    # with Mesa's own Scenario left on the model, the reset would replace our `scenario`
    from mesa.experimental.scenarios import Scenario as MesaScenario

    model._scenario = MesaScenario(rng=None)
    clobbered = _build_model_init_kwargs(
        model,
        {k: v["value"] for k, v in params.items()},
        add_scenario_when_empty=True,
        require_model_accepts_scenario=True,
    )
    assert isinstance(clobbered["scenario"], MesaScenario)
    rc.close()
