"""A policy search that can be read while and after it runs (issue 29 item 4): the
hypervolume per generation against a fixed reference point, and a progress line at least
every half minute from `govsim optimise` (and from every command using
experiments/batch/progress.py) when stderr is a log, not a terminal."""

from __future__ import annotations

import io
import re
import time

import numpy as np
import pytest
from pymoo.indicators.hv import HV
from test_optimise import ANALYTIC

from govsim.experiments.batch.progress import Progress
from govsim.experiments.search.optimise import optimise
from govsim.scenario.config import ConfigError

REFERENCED = {
    **ANALYTIC,
    "objectives": [
        {"metric": "cost", "direction": "min", "reference": 1.0},
        {"metric": "days", "direction": "min", "robustness": "p90", "reference": 2.0},
    ],
    "search": {"population": 12, "generations": 6},
}


def test_the_trace_is_against_the_fixed_reference_and_recomputes_with_pymoo():
    result = optimise(REFERENCED)
    conv, cands = result["convergence"], result["candidates"]
    assert (conv["reference"] == "fixed").all()
    # the last generation's value from the Pareto set, each objective ÷ its reference
    points = result["pareto"][["cost_mean", "days_p90"]].to_numpy() / [1.0, 2.0]
    assert conv["hypervolume"].iloc[-1] == pytest.approx(HV(ref_point=np.ones(2))(points))
    assert len(cands) == conv["candidates"].iloc[-1]


def test_a_trace_read_early_is_the_start_of_the_whole_trace():
    """With a fixed reference a generation's value never changes later (a search stopped
    after 3 generations reads what the whole search reads there). Normalised by the final
    front, as before issue 29, it changed as the front grew."""
    whole = optimise(REFERENCED)["convergence"]["hypervolume"].to_numpy()
    early = optimise(REFERENCED, stop_after=3)["convergence"]["hypervolume"].to_numpy()
    np.testing.assert_allclose(early, whole[:3], rtol=1e-12)
    assert whole[-1] > whole[0]


def test_reference_on_some_objectives_only_is_refused():
    spec = {
        **REFERENCED,
        "objectives": [REFERENCED["objectives"][0], ANALYTIC["objectives"][1]],
    }
    with pytest.raises(ConfigError, match="reference"):
        optimise(spec)


def test_a_plain_progress_line_comes_at_least_every_interval_without_a_finished_run():
    """A log gets a line when nothing was printed for `interval` seconds, even while no
    run finishes (one generation of a search, one ABC population)."""
    stream = io.StringIO()
    bar = Progress(1000, "optimise x", stream=stream, interval=0.2)
    bar.update()
    bar.set_note("generation 1/5")
    deadline = time.monotonic() + 10
    while stream.getvalue().count("\n") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 2, lines
    assert lines[-1].startswith("optimise x [generation 1/5]: 1/1000 runs")


def test_optimise_prints_a_line_per_generation(capsys):
    optimise({**REFERENCED, "search": {"population": 8, "generations": 3}}, progress=True)
    err = capsys.readouterr().err
    for g in (1, 2, 3):
        assert f"[generation {g}/3]" in err


def test_calibrate_prints_plain_progress_lines(tmp_path, capsys):
    """`govsim calibrate` used a tqdm bar that, in a log, showed nothing until it ended."""
    pytest.importorskip("pyabc")
    from evidence.test_calibrate import targets_file

    from govsim.evidence.calibrate import calibrate

    path = targets_file(
        tmp_path, abc={"population": 4, "generations": 1, "batch": 4, "predictive": 1}
    )
    calibrate(path, tmp_path / "out", progress=True)
    err = capsys.readouterr().err
    assert re.search(r"^ABC-SMC: \d+ runs, 0 failed, [0-9.]+ s elapsed$", err, re.M), err
