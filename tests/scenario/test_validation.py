"""Cross-field rules and the memory check: refused before work, exit 2, one message.

Each rule is tested both ways: the combination the model cannot represent is
refused naming both keys, and the same keys at a representable value pass (the
rule switched off by the input, so the refusal is the rule's doing).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from govsim.cli import main
from govsim.scenario import resources
from govsim.scenario.config import ConfigError, load_scenario, override
from govsim.scenario.validation import problems

# (overrides the model cannot represent, the two keys named, the same keys made representable)
RULES = [
    (
        {"population.residents": 5_000_000},
        ("population.residents", "population.households"),
        {"population.residents": 5_000_000, "population.households": 1_750_000},
    ),
    (
        {"population.residents": 7500, "population.households": 1000},
        ("population.residents", "population.households"),
        {"population.households": 1250},
    ),
    (
        {"population.households": 8000},
        ("population.households", "population.residents"),
        {"population.households": 7500},
    ),
    (
        {"population.grids": 300},
        ("population.grids", "population.households"),
        {"population.grids": 200},
    ),
    (
        {"population.communities": 11},
        ("population.communities", "population.grids"),
        {"population.communities": 10},
    ),
    (
        {"organisation.grid_workers": 3000},
        ("organisation.grid_workers", "population.households"),
        {"organisation.grid_workers": 2630},
    ),
    (
        {"organisation.social_groups": 3000},
        ("organisation.social_groups", "population.households"),
        {"organisation.social_groups": 2000},
    ),
]


def _write(tmp_path: Path, values: dict) -> Path:
    data: dict = {"extends": "community_y", "name": "t"}
    for key, value in values.items():
        node = data
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(("bad", "keys", "good"), RULES)
def test_unrepresentable_combination_is_refused_naming_both_keys(tmp_path, capsys, bad, keys, good):
    path = _write(tmp_path, bad)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert all(f"{k} " in err or f"{k}:" in err or f"{k})" in err for k in keys), err
    assert "Traceback" not in err and err.count("\n") == 1  # one paragraph
    assert main(["validate", str(_write(tmp_path, {**bad, **good}))]) == 0  # rule off: passes


def test_category_shares_must_sum_to_one(capsys):
    assert (
        main(
            [
                "run",
                "community_y",
                "--days",
                "3",
                "--no-progress",
                "--set",
                "needs.category_shares.repairs=0.5",
            ]
        )
        == 2
    )
    assert "needs.category_shares" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["run"], ["survey"]])
def test_every_command_refuses_with_exit_2(capsys, command):
    assert main([*command, "community_y", "--set", "population.grids=300"]) == 2
    assert "population.grids × population.buildings_per_grid" in capsys.readouterr().err


def test_sweep_refuses_an_unrepresentable_design_point_before_running(tmp_path, capsys):
    exp = tmp_path / "e.yaml"
    exp.write_text(
        yaml.safe_dump(
            {
                "name": "e",
                "base": "community_y",
                "days": 5,
                "design": "grid",
                "replicates": 1,
                "factors": {
                    "population.grids": {"values": [10, 200]},  # each value valid alone,
                    "population.households": {"values": [2630, 2000]},
                },  # not together
                "outcomes": ["report_rate"],
                "root_seed": 1,
            }
        )
    )
    assert main(["sweep", str(exp), "--out", str(tmp_path / "out"), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "design point 3" in err and "population.grids × population.buildings_per_grid" in err
    assert not list((tmp_path / "out").glob("part-*"))  # nothing ran


def test_event_days_and_the_survey_day_must_lie_inside_the_horizon(community_y):
    """An event after the horizon is rejected on load; a survey day after it when the survey
    is taken (a plain run with a short horizon keeps the file's survey.day)."""
    from govsim.evidence.survey import survey_scenario

    late_survey = override(community_y, {"survey.day": community_y.days + 1})
    with pytest.raises(ConfigError, match=r"survey\.day .*days"):
        survey_scenario(late_survey, seed=1)
    with pytest.raises(ConfigError, match=r"events\[0\]\.day"):
        override(
            community_y, {"events": [{"kind": "outage", "day": community_y.days + 5, "days": 3}]}
        )
    # rule off: the last day of the horizon is inside (the event may run past it)
    override(community_y, {"events": [{"kind": "outage", "day": community_y.days - 1, "days": 3}]})


def test_shipped_scenarios_break_no_rule():
    for name in ("community_y", "district_100k", "district_1m", "digital_only"):
        assert problems(load_scenario(name)) == []


def test_five_million_residents_exits_2_within_2_seconds():
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "govsim.cli",
            "run",
            "community_y",
            "--set",
            "population.residents=5000000",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    seconds = time.perf_counter() - t0
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "residents per household" in proc.stderr
    assert seconds < 2 * 3  # 2 s on a quiet machine; CI's shared cores get a margin


# --- memory -------------------------------------------------------------------------------


def test_memory_refusal_names_estimate_available_and_keys(monkeypatch, capsys):
    monkeypatch.setenv(resources.FORCE_ENV, "0")  # --force below sets it; undone afterwards
    monkeypatch.setattr(resources, "available_bytes", lambda: 100 * 2**20)
    assert main(["run", "community_y", "--days", "3", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "needs about" in err and "100 MiB is available" in err
    assert "population.residents" in err and "--force" in err
    # switched off: with --force the same run goes ahead
    assert main(["run", "community_y", "--days", "3", "--no-progress", "--force"]) == 0


def test_memory_estimate_grows_with_residents_ties_cases_and_days(community_y):
    base = resources.estimate(community_y).bytes
    assert resources.estimate(override(community_y, {"days": 3650})).bytes > base
    assert (
        resources.estimate(
            override(community_y, {"population.residents": 75_000, "population.households": 26_300})
        ).bytes
        > base
    )
    assert (
        resources.estimate(override(community_y, {"population.households": 1300})).bytes > base
    )  # bigger cliques


def test_sweep_checks_memory_per_worker_times_workers(monkeypatch, community_y):
    from govsim.experiments.batch.plan import RunTask

    one = resources.estimate(community_y).bytes
    monkeypatch.setattr(resources, "available_bytes", lambda: int(one * 1.5))
    task = RunTask(
        run_id=0, point=0, replicate=0, values={}, base=community_y, seed=None, root_seed=1
    )
    resources.check_tasks([task], workers=1)  # one fits
    with pytest.raises(ConfigError, match="2 workers"):
        resources.check_tasks([task], workers=2)
    resources.check_tasks([task], workers=2, memory=False)  # an external cluster's memory


def test_dashboard_shows_the_memory_message_instead_of_building(monkeypatch):
    from govsim.dashboard.controller import build

    monkeypatch.setattr(resources, "available_bytes", lambda: 50 * 2**20)
    shown = build("community_y", {}, 1)
    assert isinstance(shown, str) and "50 MiB is available" in shown
    monkeypatch.setattr(resources, "available_bytes", lambda: 64 * 2**30)
    assert not isinstance(build("community_y", {}, 1), str)  # enough memory: a run
