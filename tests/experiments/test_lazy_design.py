"""Design points made when asked for (issue 32 item 1): a sweep of a million design points
starts its first chunk without holding a million points, and point i is the point the
materialised list held (so run ids, seeds and rows do not change).

No simulation: the engine is a stand-in that takes the first chunk and records memory.
"""

from __future__ import annotations

import itertools
import tracemalloc
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from govsim.experiments.batch import sweep as sweep_module
from govsim.experiments.batch.designs import design_points, lhs, morris, sobol
from govsim.experiments.batch.spec import Factor, load_experiment
from govsim.scenario import config, resources

MB = 2**20


@pytest.fixture(scope="module")
def smoke():
    return load_experiment("smoke")


def with_factors(experiment, design: str = "grid", samples: int | None = None, **factors):
    spec = experiment.spec.model_copy(
        update={"factors": factors, "design": design, "samples": samples, "replicates": 1}
    )
    return replace(experiment, spec=spec)


def test_grid_point_i_is_the_product_s_item_i(smoke):
    factors = {
        "organisation.grid_workers": Factor(values=(2, 4, 6)),
        "platform.integrated": Factor(values=(True, False)),
        "platform.reliability": Factor(values=(0.8, 0.9, 0.95, 0.99)),
    }
    points = design_points(with_factors(smoke, **factors).spec)
    product = [
        dict(zip(factors, combo, strict=True))
        for combo in itertools.product(*(f.values for f in factors.values()))
    ]
    assert len(points) == 24 and list(points) == product
    assert [points[i] for i in (23, 0, 7, -1)] == [product[i] for i in (23, 0, 7, -1)]
    with pytest.raises(IndexError):
        points[24]


@pytest.mark.parametrize("module", [lhs, sobol, morris])
def test_sampler_point_i_is_row_i_of_its_matrix_scaled(smoke, module):
    factors = {
        "platform.reliability": Factor(bounds=(0.5, 0.9)),
        "organisation.grid_workers": Factor(bounds=(1, 8)),
    }
    spec = with_factors(smoke, design=module.__name__.rsplit(".", 1)[1], samples=8, **factors).spec
    unit = module.unit_matrix(spec)
    scaled = [{k: f.from_unit(u) for (k, f), u in zip(factors.items(), row, strict=True)}
              for row in unit]  # fmt: skip
    assert list(design_points(spec)) == scaled and len(scaled) == len(unit)


def test_a_million_point_sweep_starts_its_first_chunk_without_holding_the_points(
    tmp_path: Path, smoke, monkeypatch
):
    """A 1,000 × 1,000 grid: by the first chunk the sweep has allocated (tracemalloc peak)
    less than 8 MB (1.2 MB measured; 184 MB with the points as a list, 47 MB with the
    range of ids used as an index). The engine (and the validation of every point in it,
    0.3 ms a point) is replaced by one that takes a chunk."""
    million = with_factors(
        smoke,
        **{
            "organisation.grid_workers": Factor(values=tuple(range(1, 1001))),
            "platform.reliability": Factor(values=tuple(np.linspace(0.5, 0.999, 1000).tolist())),
        },
    )
    seen = {}

    def engine(name, tasks, on_record, workers, scheduler, points):
        chunk = list(itertools.islice(tasks, 64))
        seen["peak"] = tracemalloc.get_traced_memory()[1]
        seen["values"] = [t.values for t in chunk[:2]] + [next(iter(points)).values]
        for task in chunk:
            on_record({"run_id": task.run_id, "point": task.point, "replicate": 0,
                       "root_seed": task.root_seed, "seed_index": task.run_id, "status": "ok",
                       "values": task.values,
                       "metrics": {"report_rate": 0.5}, "series": {}, "wall_seconds": 0.01,
                       "sim_seconds": 0.01})  # fmt: skip

    monkeypatch.setattr(sweep_module, "execute", engine)
    tracemalloc.start()
    try:
        result = sweep_module.sweep(million, tmp_path, workers=1, progress=False)
    finally:
        tracemalloc.stop()
    assert result.expected == 10**6 and result.done == 64
    first = {"organisation.grid_workers": 1, "platform.reliability": 0.5}
    assert seen["values"] == [first, {**first, "platform.reliability": 0.5 + 0.499 / 999}, first]
    assert seen["peak"] < 8 * MB, f"{seen['peak'] / MB:.0f} MB before the first chunk"


def test_validating_the_points_holds_none_of_them(monkeypatch):
    """`check_tasks` takes a generator of points one at a time (a point's replicates are
    consecutive, so it remembers only the last): 10,000 points, under 0.5 MB allocated."""
    base = SimpleNamespace(population=None)
    monkeypatch.setattr(config, "override", lambda scenario, values: scenario)
    monkeypatch.setattr(resources, "estimate", lambda scenario: SimpleNamespace(bytes=1))
    tasks = (
        SimpleNamespace(point=i // 2, values={"platform.reliability": i // 2 / 1e5}, base=base)
        for i in range(20_000)
    )
    tracemalloc.start()
    try:
        resources.check_tasks(tasks, workers=1, memory=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MB / 2, f"{peak / MB:.1f} MB"
