"""Experiments: files and their errors, designs, seeds, engines, failures, report, sensitivity.

Small populations and short horizons (the smoke experiment's 900 residents)
keep this file fast; the CLI end-to-end tests are in test_experiments_cli.py.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from govsim.cli import main
from govsim.experiments.analysis.report import summarise
from govsim.experiments.analysis.sensitivity import sensitivity
from govsim.experiments.batch.designs import design_points
from govsim.experiments.batch.plan import make_plan, parse_shard, shard_ids
from govsim.experiments.batch.progress import Progress
from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.sweep import sweep
from govsim.experiments.batch.worker import rerun
from govsim.running import runner
from govsim.scenario.config import ConfigError, shipped
from govsim.simulation.metrics import METRICS

SMOKE = shipped("experiments") / "smoke.yaml"


def write_experiment(tmp_path: Path, name: str = "exp", **changes: Any) -> Path:
    """The smoke experiment with some keys changed (None removes a key)."""
    data = yaml.safe_load(SMOKE.read_text())
    data.update(changes, name=name)
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def read_runs(directory: Path) -> pd.DataFrame:
    return pd.read_parquet(directory / "runs.parquet").sort_values("run_id", ignore_index=True)


# --- experiment files ------------------------------------------------------------------


def test_every_shipped_experiment_file_is_valid_and_names_known_metrics():
    paths = sorted(
        p
        for p in shipped("experiments").glob("*.yaml")
        if "levers" not in yaml.safe_load(p.read_text())
    )  # optimisations: own test
    names = {p.stem for p in paths}
    assert {"smoke", "grid_workers_platform", "incentives", "literacy_training"} <= names
    designs = {load_experiment(p).spec.design for p in paths}
    assert "sobol" in designs and "grid" in designs
    for path in paths:
        experiment = load_experiment(path)
        assert experiment.name == path.stem and experiment.spec.description
        assert set(experiment.outcomes) <= set(METRICS)


@pytest.mark.parametrize(
    ("factors", "words"),
    [
        (
            {"platform.relability": {"values": [0.9]}},
            ["factor `platform.relability`", "not a scenario key", "reliability"],
        ),
        (
            {"organisation.grid_workers": {"values": [2.5, 4.0]}},
            ["factor `organisation.grid_workers`", "integer"],
        ),
        (
            {"platform.reliability": {"values": [0.9, 1.5]}},
            ["factor `platform.reliability`", "1.5", "≤ 1"],
        ),
    ],
)
def test_a_bad_factor_is_reported_with_file_factor_and_what_is_allowed(tmp_path, factors, words):
    path = write_experiment(tmp_path, factors=factors)
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    message = str(err.value)
    assert str(path) in message
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"outcomes": ["report_rate", "happiness"]}, ["`outcomes`", "happiness", "report_rate"]),
        ({"design": "sobol", "samples": 10}, ["power of 2"]),
        ({"design": "lhs"}, ["needs `samples`"]),
        ({"samples": 4}, ["`samples` is for lhs"]),
        (
            {
                "factors": {"platform.reliability": {"range": [0.9, 0.5]}},
                "design": "lhs",
                "samples": 4,
            },
            ["lo < hi"],
        ),
        ({"replicats": 3}, ["`replicats` is not an experiment key", "replicates"]),
        ({"design": "factorial"}, ["`design`", "grid, lhs, sobol or morris"]),
        ({"base": "no_such_scenario"}, ["`base`", "no_such_scenario", "community_y"]),
    ],
)
def test_bad_experiment_keys_give_one_clear_message(tmp_path, changes, words):
    path = write_experiment(tmp_path, **changes)
    with pytest.raises(ConfigError) as err:
        load_experiment(path)
    for word in [str(path), *words]:
        assert word in str(err.value), (word, str(err.value))


def test_a_bad_experiment_exits_2_without_a_traceback(tmp_path, capsys):
    path = write_experiment(tmp_path, factors={"platform.relability": {"values": [0.9]}})
    for command in (["sweep", str(path), "--out", str(tmp_path / "o")], ["validate", str(path)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert "platform.relability" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


# --- designs and seeds -----------------------------------------------------------------


def test_a_grid_runs_every_combination_and_ints_stay_ints():
    spec = load_experiment(SMOKE).spec
    points = design_points(spec)
    assert [(p["organisation.grid_workers"], p["platform.integrated"]) for p in points] == [
        (2, True),
        (2, False),
        (6, True),
        (6, False),
    ]
    assert all(type(p["organisation.grid_workers"]) is int for p in points)


@pytest.mark.parametrize(
    ("design", "samples", "n_points"),
    [("lhs", 10, 10), ("sobol", 8, 8 * (3 + 2)), ("morris", 3, 3 * 4)],
)
def test_samplers_stay_in_range_keep_kinds_and_repeat_from_the_root_seed(
    tmp_path, design, samples, n_points
):
    factors = {
        "platform.reliability": {"range": [0.5, 0.9]},
        "organisation.grid_workers": {"range": [1, 8]},
        "platform.integrated": {"values": [True, False]},
    }
    path = write_experiment(tmp_path, design=design, samples=samples, factors=factors)
    points = design_points(load_experiment(path).spec)
    assert len(points) == n_points and points == design_points(load_experiment(path).spec)
    reliability = np.array([p["platform.reliability"] for p in points])
    workers = [p["organisation.grid_workers"] for p in points]
    assert reliability.min() >= 0.5 and reliability.max() <= 0.9
    assert all(type(w) is int and 1 <= w <= 8 for w in workers)
    assert {p["platform.integrated"] for p in points} == {True, False}
    if design == "lhs":  # one point in each tenth of the range
        slices = np.floor((reliability - 0.5) / 0.4 * samples).astype(int)
        assert sorted(slices) == list(range(samples))
    other = write_experiment(
        tmp_path, name="other", design=design, samples=samples, factors=factors, root_seed=7
    )
    assert design_points(load_experiment(other).spec) != points


def test_a_runs_seed_is_its_position_in_the_full_design_and_shards_partition_the_runs():
    experiment = load_experiment(SMOKE)
    plan = make_plan(experiment)
    spawned = np.random.SeedSequence(experiment.spec.root_seed).spawn(plan.n_runs)
    for task in plan.tasks([5, 2]):
        assert task.seed.spawn_key == spawned[task.run_id].spawn_key
        assert (
            task.seed.generate_state(4).tolist() == spawned[task.run_id].generate_state(4).tolist()
        )
        assert (task.point, task.replicate) == divmod(task.run_id, 2)
    shards = [shard_ids(plan.n_runs, parse_shard(f"{i}/3")) for i in (1, 2, 3)]
    assert sorted(i for shard in shards for i in shard) == list(range(plan.n_runs))
    for bad in ("0/2", "3/2", "a/b", "1-2"):
        with pytest.raises(ConfigError, match="--shard"):
            parse_shard(bad)


# --- engines, store, failures ----------------------------------------------------------


@pytest.fixture(scope="module")
def short_smoke(tmp_path_factory) -> Path:
    return write_experiment(tmp_path_factory.mktemp("exp"), name="short", days=20)


@pytest.fixture(scope="module")
def serial_runs(short_smoke, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("serial")
    result = sweep(load_experiment(short_smoke), out, workers=1, progress=False)
    assert result.done == 8 and not result.failures
    return read_runs(out)


def test_runs_parquet_has_ids_seeds_factors_and_every_metric(serial_runs):
    columns = set(serial_runs.columns)
    assert {
        "run_id",
        "point",
        "replicate",
        "root_seed",
        "seed_index",
        "organisation.grid_workers",
        "platform.integrated",
    } | set(METRICS) <= columns
    assert list(serial_runs["run_id"]) == list(range(8))
    assert list(serial_runs["seed_index"]) == list(range(8))
    assert serial_runs["organisation.grid_workers"].dtype == np.int64
    assert serial_runs["platform.integrated"].dtype == bool
    # replicates of a point differ (own seeds), and no timing leaks into the rows
    assert (
        serial_runs.loc[0, "issues_raised"] != serial_runs.loc[1, "issues_raised"]
        or serial_runs.loc[0, "adoption_rate"] != serial_runs.loc[1, "adoption_rate"]
    )
    assert not {"wall_seconds", "sim_seconds"} & columns


def test_rerun_reproduces_a_sweep_run_with_its_daily_series(short_smoke, serial_runs):
    result = rerun(load_experiment(short_smoke), 5)
    row = serial_runs.loc[5]
    assert result.scenario.organisation.grid_workers == row["organisation.grid_workers"]
    for name in METRICS:
        assert result.summary[name] == pytest.approx(row[name], nan_ok=True), name
    assert len(result.timeseries) == 20
    with pytest.raises(ConfigError, match="runs 0 to 7"):
        rerun(load_experiment(short_smoke), 8)


def test_serial_two_workers_and_dask_give_identical_rows(short_smoke, serial_runs, tmp_path):
    experiment = load_experiment(short_smoke)
    sweep(experiment, tmp_path / "pool", workers=2, progress=False)
    pd.testing.assert_frame_equal(read_runs(tmp_path / "pool"), serial_runs)
    sweep(experiment, tmp_path / "dask", workers=2, engine="dask", progress=False)
    pd.testing.assert_frame_equal(read_runs(tmp_path / "dask"), serial_runs)


def test_manifest_records_provenance_and_every_runs_wall_time(short_smoke, tmp_path):
    sweep(load_experiment(short_smoke), tmp_path, workers=1, progress=False)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert (
        manifest["experiment"]["file_sha256"]
        == hashlib.sha256(short_smoke.read_bytes()).hexdigest()
    )
    assert manifest["govsim_version"] and manifest["environment"]["python"]
    assert {"numpy", "mesa", "pyarrow", "SALib", "dask"} <= set(manifest["environment"]["packages"])
    assert "commit" in manifest["git"]
    assert manifest["started"] <= manifest["finished"]
    timing = pd.read_parquet(tmp_path / manifest["run_timing"]["file"])
    assert timing["run_id"].tolist() == list(range(8))
    assert (timing["wall_seconds"] > 0).all() and (timing["sim_cpu_seconds"] > 0).all()
    assert manifest["run_timing"]["runs"] == 8
    assert manifest["run_timing"]["wall_seconds_sum"] == pytest.approx(timing["wall_seconds"].sum())


def test_a_run_that_raises_is_recorded_the_others_finish_and_resume_retries_it(
    short_smoke, serial_runs, tmp_path, monkeypatch, capsys
):
    real_run = runner.run

    def flaky(config, seed=None, progress=None, window=None, **options):
        if config.organisation.grid_workers == 6 and not config.platform.integrated:
            raise RuntimeError("simulated failure in the model")
        return real_run(config, seed, progress, window, **options)

    monkeypatch.setattr(runner, "run", flaky)
    args = ["sweep", str(short_smoke), "--out", str(tmp_path), "--workers", "1"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "2 run(s) failed" in err and "simulated failure in the model" in err
    failures = json.loads((tmp_path / "failures.json").read_text())
    assert sorted(f["run_id"] for f in failures) == [6, 7]
    assert "RuntimeError" in failures[0]["error"] and "flaky" in failures[0]["traceback"]
    assert list(read_runs(tmp_path)["run_id"]) == [0, 1, 2, 3, 4, 5]

    monkeypatch.setattr(runner, "run", real_run)
    assert main(args) == 2  # results exist: refuses without --resume
    assert main([*args, "--resume"]) == 0
    assert "6 already done" in capsys.readouterr().out
    pd.testing.assert_frame_equal(read_runs(tmp_path), serial_runs)
    assert not (tmp_path / "failures.json").exists()


# --- progress, report, sensitivity -----------------------------------------------------


def test_progress_prints_plain_lines_every_tenth_when_not_a_terminal():
    stream = io.StringIO()
    bar = Progress(20, "sweep x", stream=stream)
    for i in range(20):
        bar.update(ok=i != 3)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[-1].startswith("sweep x: 20/20 runs (100 %), 1 failed")


def test_progress_on_a_terminal_is_a_bar_with_failures_and_eta():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = Progress(5, "sweep x", stream=stream)
    for i in range(5):
        bar.update(ok=i != 2)
    bar.close()
    assert "\r" in stream.getvalue() and "5/5 [" in stream.getvalue()
    assert "failed=1" in stream.getvalue() and "<00:00" in stream.getvalue()  # ETA field


def test_the_report_interval_is_t_based_over_replicates():
    runs = pd.DataFrame(
        {
            "point": [0, 0, 0, 1, 1, 1],
            "f": [1, 1, 1, 2, 2, 2],
            "y": [1.0, 2.0, 3.0, 5.0, np.nan, 5.0],
        }
    )
    table = summarise(runs, ["f"], ["y"])
    first, second = table.iloc[0], table.iloc[1]
    assert first["n"] == 3 and first["mean"] == pytest.approx(2.0)
    assert first["ci_high"] - first["mean"] == pytest.approx(4.302653 / np.sqrt(3), rel=1e-5)
    assert second["n"] == 2 and second["ci_low"] == second["ci_high"] == 5.0


@pytest.mark.parametrize(
    ("design", "samples", "column"), [("sobol", 8, "ST"), ("morris", 4, "mu_star")]
)
def test_sensitivity_ranks_initial_adoption_first_for_adoption(tmp_path, design, samples, column):
    factors = {
        "platform.initial_adoption": {"range": [0.05, 0.95]},
        "feedback.rating_memory": {"range": [0.5, 0.95]},
    }
    path = write_experiment(
        tmp_path,
        design=design,
        samples=samples,
        factors=factors,
        days=5,
        replicates=1,
        outcomes=["adoption_rate"],
    )
    result = sensitivity(load_experiment(path), tmp_path / "out", workers=1)
    table = result.table
    assert list(table["factor"]) == ["platform.initial_adoption", "feedback.rating_memory"]
    assert table[column].iloc[0] > 0.5 > table[column].iloc[1]
    if design == "sobol":
        assert {"S1", "S1_conf", "ST_conf"} <= set(table.columns)
    csv = pd.read_csv(tmp_path / "out" / "sensitivity.csv")
    assert list(csv["rank"]) == [1, 2]
    assert (tmp_path / "out" / "sensitivity.png").read_bytes()[:4] == b"\x89PNG"
    assert (
        "| adoption_rate | 1 | platform.initial_adoption |"
        in (tmp_path / "out" / "sensitivity.md").read_text()
    )


def test_sensitivity_needs_a_sobol_or_morris_design(capsys):
    assert main(["sensitivity", "smoke", "--out", "/nonexistent/x"]) == 2
    assert "design" in capsys.readouterr().err


def test_points_design_takes_the_ith_value_of_every_factor_and_checks_lengths():
    from govsim.experiments.batch.designs import design_points
    from govsim.experiments.batch.spec import load_experiment
    from govsim.scenario.config import ConfigError

    spec = {
        "base": "community_y",
        "design": "points",
        "outcomes": ["backlog"],
        "root_seed": 1,
        "factors": {
            "platform.reliability": {"values": [0.9, 0.95, 0.99]},
            "organisation.grid_workers": {"values": [5, 10, 3]},
        },
    }
    points = design_points(load_experiment(spec).spec)
    assert points == [
        {"platform.reliability": 0.9, "organisation.grid_workers": 5},
        {"platform.reliability": 0.95, "organisation.grid_workers": 10},
        {"platform.reliability": 0.99, "organisation.grid_workers": 3},
    ]
    spec["factors"]["organisation.grid_workers"] = {"values": [5, 10]}
    with pytest.raises(ConfigError, match="same length"):
        load_experiment(spec)
