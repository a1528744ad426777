"""`govsim run`, `list`, `validate`: outputs, determinism, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from govsim.cli import main
from govsim.scenario.config import load_scenario, shipped
from govsim.simulation.metrics import METRICS


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govsim.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_run_writes_the_three_files_and_they_rerun(tmp_path: Path, capsys):
    out = tmp_path / "a"
    args = [
        "run",
        "community_y",
        "--days",
        "25",
        "--seed",
        "7",
        "--no-progress",
        "--set",
        "population.residents=1200",
        "--set",
        "population.households=420",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "report_rate" in printed and "median_days_to_resolve" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert set(METRICS) <= set(summary) and summary["seed"] == 7
    series = pd.read_parquet(out / "timeseries.parquet")
    assert list(series.columns) == ["day", *METRICS] and len(series) == 25
    resolved = yaml.safe_load((out / "scenario.resolved.yaml").read_text())
    assert resolved["population"]["residents"] == 1200 and resolved["seed"] == 7

    # the resolved file alone reproduces the run, byte for byte
    again = tmp_path / "b"
    assert (
        main(["run", str(out / "scenario.resolved.yaml"), "--no-progress", "--out", str(again)])
        == 0
    )
    for name in ("summary.json", "timeseries.parquet"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_same_seed_gives_identical_files(tmp_path: Path):
    runs = []
    for name in ("x", "y"):
        result = run_cli(
            "run",
            "community_y",
            "--days",
            "15",
            "--seed",
            "3",
            "--set",
            "population.residents=800",
            "--set",
            "population.households=300",
            "--out",
            str(tmp_path / name),
        )
        assert result.returncode == 0, result.stderr
        runs.append(tmp_path / name)
    for f in ("summary.json", "timeseries.parquet", "scenario.resolved.yaml"):
        assert (runs[0] / f).read_bytes() == (runs[1] / f).read_bytes(), f


def test_bad_set_exits_2_without_traceback():
    result = run_cli("run", "community_y", "--set", "platform.reliability=high")
    assert result.returncode == 2
    assert "platform.reliability" in result.stderr and "Traceback" not in result.stderr


def test_list_shows_each_scenario_with_a_description(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for path in shipped("scenarios").glob("*.yaml"):
        line = next(line for line in out.splitlines() if line.strip().startswith(path.stem))
        assert len(line.split(None, 1)[1]) > 10


def test_validate_accepts_shipped_scenarios(capsys):
    files = [str(p) for p in sorted(shipped("scenarios").glob("*.yaml"))]
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.count("valid scenario") == len(files)
    for f in files:
        load_scenario(f)
