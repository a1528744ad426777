"""The batch store (issue 32 item 1): committed batches survive a kill, resume runs exactly
the rest, runs.parquet is written window by window, tasks are taken lazily.

Records are made here from the plan (no simulation), so these tests take well under a
second; the end-to-end kill tests with the model are in tests/experiments/test_experiments_cli.py.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from govsim.cli import main
from govsim.experiments.batch import compact
from govsim.experiments.batch import sweep as sweep_module
from govsim.experiments.batch.engines import local
from govsim.experiments.batch.engines.chunks import MOST_RUNS
from govsim.experiments.batch.paired import add_diffs
from govsim.experiments.batch.plan import RunTask, make_plan
from govsim.experiments.batch.spec import load_experiment
from govsim.experiments.batch.store import Store
from govsim.scenario.config import ConfigError

DAYS = 4


def record(task: RunTask) -> dict:
    """A finished run's record, its numbers made from its id (no simulation)."""
    rng = np.random.default_rng(task.run_id)
    return {
        "run_id": task.run_id,
        "point": task.point,
        "replicate": task.replicate,
        "root_seed": task.root_seed,
        "seed_index": int(task.seed.spawn_key[-1]),
        "status": "ok",
        "values": task.values,
        "metrics": {"report_rate": float(rng.random()), "adoption_rate": float(task.run_id)},
        "series": {"report_rate": rng.random(DAYS)},
        "wall_seconds": 0.01,
        "sim_seconds": 0.005,
    }


@pytest.fixture(scope="module")
def smoke():
    return load_experiment("smoke")  # 8 runs


def test_a_killed_store_keeps_committed_batches_and_resume_runs_exactly_the_rest(
    tmp_path: Path, smoke
):
    plan = make_plan(smoke)
    store = Store(tmp_path, smoke, batch_runs=3)
    store.start_session(0)
    for task in plan.tasks([4, 0, 7, 2, 1, 5, 6]):  # completion order is not run order
        store.add(record(task))
    # killed here: two batches (6 runs) committed, run 6 in the open buffer; a batch was
    # being written (its temporary) and a series batch lost its runs batch
    batches = tmp_path / "batches"
    assert len(list(batches.glob("runs-*.parquet"))) == 2
    (batches / ".runs-000-000002.parquet.x1.tmp").write_bytes(b"PAR1 half a file")
    shutil.copy(batches / "series-000-000000.parquet", batches / "series-000-000009.parquet")
    del store

    resumed = Store(tmp_path, smoke, batch_runs=3)
    resumed.start_session(1)
    done = sorted(resumed.done_ids().tolist())
    assert done == [0, 1, 2, 4, 5, 7]
    assert sorted(p.name for p in batches.iterdir()) == [
        f"{kind}-000-00000{i}.parquet" for kind in ("runs", "series") for i in (0, 1)
    ]
    todo = [i for i in range(plan.n_runs) if i not in done]
    assert todo == [3, 6]
    for task in plan.tasks(todo):
        resumed.add(record(task))
    n, wall = resumed.finish()
    runs = pq.read_table(tmp_path / "runs.parquet").to_pandas()
    assert n == 8 and runs["run_id"].tolist() == list(range(8))  # 0 lost, 0 duplicated
    timing = pq.read_table(tmp_path / wall["file"]).to_pandas()
    assert wall["runs"] == 8 and timing["run_id"].tolist() == list(range(8))
    expected = [record(t)["metrics"]["report_rate"] for t in plan.tasks(range(8))]
    assert runs["report_rate"].tolist() == expected
    series = pq.read_table(tmp_path / "series.parquet").to_pandas()
    assert series[["run_id", "day"]].values.tolist() == [[i, d] for i in range(8) for d in range(4)]


def test_runs_parquet_is_written_by_window_sorted_and_with_paired_diffs(
    tmp_path: Path, smoke, monkeypatch
):
    """Windows of 3 rows over batches committed out of order give the table one read would."""
    plan = make_plan(smoke)
    store = Store(tmp_path, smoke, batch_runs=2)
    store.start_session(0)
    for task in plan.tasks([7, 3, 6, 0, 5, 1, 4, 2]):
        store.add(record(task))
    store.commit()
    whole = pd.concat(pd.read_parquet(p) for p in store.batch_files())
    whole = whole.sort_values("run_id", ignore_index=True)
    monkeypatch.setattr(compact, "WINDOW_ROWS", 3)
    outcomes = ["report_rate", "adoption_rate"]
    out = tmp_path / "paired.parquet"
    assert compact.compact(store.batch_files(), out, None, outcomes, reference=1) == 8
    assert pq.read_metadata(out).num_row_groups == 3  # one row group a window
    expected = add_diffs(whole, outcomes, 1)  # the reference point's runs are in other windows
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected, check_exact=True)


def test_a_window_reads_only_the_row_groups_that_reach_into_it(tmp_path: Path, monkeypatch):
    """Row groups of 4 run ids (one without statistics), windows of 6: the output is the
    sorted whole, and no row group is read for more windows than its ids span (the
    dataset scan this replaced read every file's ids first: ~110 MB kept at 10^6 runs)."""
    frame = pd.DataFrame({"run_id": np.arange(40)[::-1], "x": np.arange(40.0)})
    pq.write_table(pa.Table.from_pandas(frame[:20]), tmp_path / "a.parquet", row_group_size=4)
    plain = pa.Table.from_pandas(frame[20:])
    pq.write_table(plain, tmp_path / "b.parquet", row_group_size=4, write_statistics=False)
    reads: list[tuple[str, int]] = []
    opened = compact.parquet_file

    def counted(path: Path):
        file = opened(path)
        read = file.read_row_group
        file.read_row_group = lambda i, **kw: reads.append((path.name, i)) or read(i, **kw)
        return file

    monkeypatch.setattr(compact, "parquet_file", counted)
    monkeypatch.setattr(compact, "WINDOW_ROWS", 6)
    out = tmp_path / "out.parquet"
    assert compact.compact([tmp_path / "a.parquet", tmp_path / "b.parquet"], out, None) == 40
    assert pq.read_table(out)["run_id"].to_pylist() == list(range(40))
    assert pq.read_metadata(out).num_row_groups == 7  # windows of 6 ids
    per_group = pd.Series(reads).value_counts()
    # each row group: its ids (no statistics: b's 5), one row group's ids for the rows per
    # run, then once per window it reaches (4 ids reach into at most 2 windows of 6)
    assert per_group.max() <= 4 and len(reads) <= 5 + 1 + 2 * 10, per_group


def test_a_per_run_layout_directory_is_refused_for_resume_with_what_to_do(tmp_path, capsys):
    parts = tmp_path / "old" / "parts"
    parts.mkdir(parents=True)
    (parts / "run-00000000.parquet").write_bytes(b"")
    assert main(["sweep", "smoke", "--out", str(tmp_path / "old"), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "before issue 32" in err and "new\n--out" in err.replace("new --out", "new\n--out")
    assert "Traceback" not in err


def stand_in(run_id: int, task: RunTask) -> RunTask:
    """Run `run_id` of a plan as the analytic stand-in model (no simulation)."""
    model = "govsim.experiments.search.analytic:front_problem"
    return replace(task, run_id=run_id, model=model, values={"x": 0.5, "y": 0.1})


@pytest.mark.slow  # a process pool of 2 workers starts in ~3 s, 25 s under load
def test_the_local_engine_takes_tasks_lazily_with_a_bounded_number_in_flight(smoke):
    """A million tasks: the engine never asks for more than 2 × workers chunks (of at most
    MOST_RUNS tasks) and the one it is filling ahead of the records. (Written as 2 × workers
    tasks before chunks: that bound failed since, 129 tasks ahead, in the nightly run.)"""
    first = next(make_plan(smoke).tasks([0]))
    taken, recorded = [], []
    ahead = (local.IN_FLIGHT_PER_WORKER * 2 + 1) * MOST_RUNS

    def tasks():
        for run_id in range(10**6):
            taken.append(run_id)
            yield stand_in(run_id, first)

    def on_record(rec: dict) -> None:
        recorded.append(rec["run_id"])
        assert len(taken) - len(recorded) <= ahead
        if len(recorded) == 200:
            raise KeyboardInterrupt  # stop a million-run sweep early

    with pytest.raises(KeyboardInterrupt):
        local.execute(tasks(), on_record, workers=2)
    assert len(taken) <= 200 + ahead


def test_a_million_run_sweep_hands_its_engine_an_iterator_not_a_list(
    tmp_path: Path, smoke, monkeypatch
):
    """The cheap sibling of the test above: `sweep` of a 10^6-run plan builds no task list
    (the engine pulls 5 tasks and stops), and commits the 5 runs it got."""
    million = replace(smoke, spec=smoke.spec.model_copy(update={"replicates": 250_000}))
    pulled = []

    def engine(name, tasks, on_record, workers, scheduler, points):
        assert not isinstance(tasks, list)
        for task in itertools.islice(tasks, 5):
            pulled.append(task.run_id)
            on_record(record(task))

    monkeypatch.setattr(sweep_module, "execute", engine)
    result = sweep_module.sweep(million, tmp_path, workers=1, progress=False, batch_runs=2)
    assert pulled == [0, 1, 2, 3, 4] and result.done == 5 and result.expected == 10**6
    assert len(list((tmp_path / "batches").glob("runs-*.parquet"))) == 3


def test_batch_runs_must_be_positive(tmp_path: Path, smoke):
    with pytest.raises(ConfigError, match="--batch-runs"):
        sweep_module.sweep(smoke, tmp_path, batch_runs=0, progress=False)
