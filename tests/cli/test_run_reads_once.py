"""On the way into a run the scenario is read, validated and checked once (issue 30 item
6): `govsim run` reads each scenario file once (its `extends:` parents once each), checks
the memory the run needs once and the summary window once, all before the model is built;
`govsim.run` does the same for a Python caller. Each check is counted where it lives and
where it used to be repeated (the command, govsim.run, runner.run, GovernanceModel)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from govsim.cli import main
from govsim.running import runner
from govsim.scenario import config, resources, window

SMALL = ["--set", "population.residents=600", "--set", "population.households=210"]


@pytest.fixture
def counted(monkeypatch) -> Counter:
    """Counts of each file read, memory checks and window checks."""
    calls: Counter = Counter()
    read, check, check_window = config.read_yaml_mapping, resources.check, window.check_window

    def counted_read(path: Path):
        calls[Path(path).resolve().name] += 1
        return read(path)

    def counted_check(*args, **kwargs):
        calls["memory"] += 1
        return check(*args, **kwargs)

    def counted_window(*args, **kwargs):
        calls["window"] += 1
        return check_window(*args, **kwargs)

    monkeypatch.setattr(config, "read_yaml_mapping", counted_read)
    monkeypatch.setattr(resources, "check", counted_check)
    monkeypatch.setattr(window, "check_window", counted_window)
    monkeypatch.setattr(runner, "check_window", counted_window)
    return calls


def test_govsim_run_reads_its_file_and_checks_memory_and_window_once(tmp_path, counted):
    child = tmp_path / "child.yaml"
    child.write_text("extends: community_y\nplatform:\n  reliability: 0.5  # assumed\n")
    argv = ["run", str(child), "--days", "6", "--window", "2:5", "--no-progress", *SMALL]
    assert main(argv) == 0
    assert counted == Counter({"child.yaml": 1, "community_y.yaml": 1, "memory": 1, "window": 1})


def test_govsim_run_in_python_checks_memory_and_window_once(counted):
    import govsim

    small = {"population.residents": 600, "population.households": 210}
    scenario = govsim.load("community_y", small, days=6)
    counted.clear()
    govsim.run(scenario, seed=1, window=(2, 5))
    assert counted == Counter({"memory": 1, "window": 1})


def test_runner_and_model_alone_still_check(counted):
    """A caller of runner.run or of GovernanceModel directly is checked there."""
    scenario = config.load_scenario("community_y", SMALL[1::2], days=3)
    counted.clear()
    runner.run(scenario, 1, window=(0, 2))
    assert counted == Counter({"memory": 1, "window": 1})
