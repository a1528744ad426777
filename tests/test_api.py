"""The public API (`import govsim`): load, run, sweep (out=None or DIR), scenario factors, metrics.

Small populations (tests/conftest.py SMALL) and short horizons keep it fast.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import SMALL

import govsim
from govsim.experiments.batch.spec import load_experiment
from govsim.scenario.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def tiny_experiment(**changes):
    data = {
        "name": "tiny",
        "base": "community_y",
        "days": 15,
        "set": dict(SMALL),
        "factors": {"organisation.grid_workers": {"values": [2, 6]}},
        "replicates": 2,
        "outcomes": ["adoption_rate", "report_rate"],
        "root_seed": 7,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_import_govsim_loads_no_heavy_module():
    code = (
        "import sys, govsim; heavy = [m for m in ('mesa', 'pandas', 'numpy', 'pydantic') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
    # the names appear on first use
    code = "import sys, govsim; govsim.load; print('govsim.scenario.config' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "True"


def test_load_dotted_and_nested_overrides_agree():
    dotted = govsim.load("community_y", **{"platform.integrated": False, "days": 9})
    nested = govsim.load("community_y", {"platform": {"integrated": False}}, days=9)
    plain = govsim.load("community_y")
    assert dotted == nested
    assert dotted.platform.integrated is False and plain.platform.integrated is True
    assert dotted.days == 9 != plain.days
    with pytest.raises(ConfigError, match="platform.no_such_key"):
        govsim.load("community_y", **{"platform.no_such_key": 1})


def test_run_returns_summary_daily_and_scenario():
    s = govsim.load("community_y", SMALL)
    r = govsim.run(s, seed=3, days=12)
    assert r.scenario.days == 12 and len(r.daily) == 12
    assert set(govsim.metrics().index) <= set(r.daily.columns)
    same, other = govsim.run(s, seed=3, days=12), govsim.run(s, seed=4, days=12)
    assert pd.Series(r.summary).equals(pd.Series(same.summary))  # NaN equals NaN here
    assert not pd.Series(r.summary).equals(pd.Series(other.summary))


def test_sweep_in_memory_equals_the_file_sweep(tmp_path):
    exp = tiny_experiment()
    memory = govsim.sweep(exp)
    files = govsim.sweep(exp, out=tmp_path / "out")
    assert (tmp_path / "out" / "runs.parquet").is_file()
    assert len(memory) == 4 and memory.attrs["failures"] == []
    pd.testing.assert_frame_equal(memory, files)
    # a different root seed gives different rows: the comparison can fail
    other = govsim.sweep(tiny_experiment(root_seed=8))
    assert not memory["adoption_rate"].equals(other["adoption_rate"])
    # rows=False (what `govsim sweep` passes): the counts, no rows; only with a directory
    counts = govsim.sweep(exp, out=tmp_path / "out", resume=True, rows=False)
    assert counts.empty and counts.attrs["sweep"]["done"] == 4
    assert counts.attrs["sweep"]["skipped"] == 4
    with pytest.raises(ConfigError, match="rows=False need"):
        govsim.sweep(exp, rows=False)


def test_scenario_as_a_factor_runs_each_scenario(tmp_path):
    exp = tiny_experiment(
        base=None,
        factors={
            "scenario": {"values": ["community_y", "g_time_bank"]},
            "organisation.grid_workers": {"values": [4]},
        },
        replicates=1,
        outcomes=["time_bank_hours", "adoption_rate"],
    )
    frame = govsim.sweep(exp)
    assert list(frame["scenario"]) == ["community_y", "g_time_bank"]
    loaded = load_experiment(exp)
    assert set(loaded.bases) == {"community_y", "g_time_bank"}
    # each row is the run of its own scenario: equal to a plain run of it with the same seed
    from govsim.experiments.batch.plan import make_plan
    from govsim.experiments.batch.worker import execute

    tasks = list(make_plan(loaded).tasks([0, 1]))
    assert [t.base.name for t in tasks] == ["community_y", "g_time_bank"]
    for task, (_, row) in zip(tasks, frame.iterrows(), strict=True):
        assert execute(task)["metrics"]["adoption_rate"] == row["adoption_rate"]
    # without the factor, both rows run the base: the scenario column would vanish
    same = govsim.sweep(
        tiny_experiment(
            factors={"organisation.grid_workers": {"values": [4]}},
            replicates=2,
            outcomes=["adoption_rate"],
        )
    )
    assert "scenario" not in same.columns


def test_scenario_factor_errors_name_the_key():
    with pytest.raises(ConfigError, match="factors.scenario"):
        govsim.sweep(tiny_experiment(base=None, factors={"scenario": {"values": ["nope"]}}))
    with pytest.raises(ConfigError, match="scenario"):
        govsim.sweep(tiny_experiment(base=None))


def test_scenarios_and_metrics_tables():
    assert {"community_y", "g_time_bank"} <= set(govsim.scenarios())
    table = govsim.metrics()
    assert {"unit", "section", "en", "zh", "better", "description"} <= set(table.columns)
    from govsim.simulation import metrics as module

    assert list(table.index) == list(module.METRICS)
    assert govsim.GovernanceModel.__name__ == "GovernanceModel"


def test_one_lister_names_what_load_finds_for_the_api_the_cli_and_errors(tmp_path, monkeypatch):
    """issue 21 item 6: govsim.scenarios(), `govsim list` (catalogue) and an unknown name's
    error list the same names, each the file `load` reads: a .yml file counts, and a
    local file shadows a shipped one of the same name."""
    from govsim.experiments.catalogue import catalogue
    from govsim.scenario.config import find_file, scenario_dirs

    monkeypatch.delenv("GOVSIM_SCENARIOS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.yml").write_text("extends: community_y\n")
    (tmp_path / "scenarios" / "community_y.yaml").write_text(
        "extends: xiaowu_life\ndescription: local copy\n"
    )
    names = govsim.scenarios()
    assert "mine" in names and names.count("community_y") == 1 and names == sorted(names)
    listed = dict(catalogue()["scenarios"])
    assert list(listed) == names and listed["community_y"] == "local copy"
    assert find_file("community_y", scenario_dirs()) == tmp_path / "scenarios" / "community_y.yaml"
    with pytest.raises(ConfigError, match=r"Known scenarios: (\w+, )*mine, "):
        find_file("nope", scenario_dirs())


HEAVY = (
    "scipy",
    "networkx",
    "pyarrow.parquet",
    "govsim.experiments",
    "govsim.dashboard",
    "mesa.discrete_space",
    "mesa.batchrunner",
    "tqdm",
    "pandas.core",
)


def _loaded_after(code: str) -> set[str]:
    probe = (
        f"import sys; {code}; print('LOADED', ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(
        filter(None, out.rstrip().splitlines()[-1].removeprefix("LOADED").strip().split(","))
    )


def test_run_command_imports_only_what_it_uses():
    """A one-run command loads no sweep, dashboard or Parquet layer of govsim, and nothing
    heavy beyond what Mesa itself imports (issue 30 item 5: Mesa and pandas are imported
    as their authors ship them, so what `import mesa` loads is Mesa's business)."""
    run = _loaded_after(
        "from govsim.cli import main; main(['run', 'community_y', '--days', '2', "
        "'--no-progress', '--set', 'population.residents=900', "
        "'--set', 'population.households=320'])"
    )
    by_mesa = _loaded_after("import mesa")
    assert run <= by_mesa, sorted(run - by_mesa)
    assert not run & {"govsim.experiments", "govsim.dashboard", "pyarrow.parquet"}
