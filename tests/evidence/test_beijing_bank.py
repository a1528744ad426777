"""The Beijing bank (govsim/evidence/bank.py) on a tiny hotline street: resumable,
the same rows on any worker count, a fresh seed per row, and every key stored so that a
forecast from its rows redraws nothing (joint draws, issue 28 item 3)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from govsim.evidence import bank
from govsim.evidence.simulate import prior_ranges

TINY = Path(__file__).parents[1] / "data" / "tiny_hotline.yaml"
KEYS = ["ranking.pressure", "kpi.solved_quality_from"]


def tiny_reform():
    import govsim

    return govsim.load(
        TINY,
        **{"ranking.enabled": True, "ranking.start_day": 2, "ranking.month_days": 2, "days": 74},
    )


def test_bank_resumes_and_does_not_depend_on_workers(tmp_path):
    scenario = tiny_reform()
    a = bank.build(scenario, tmp_path / "a", 4, seed=5, workers=1, chunk=2, keys=KEYS)
    first = bank.load(a)
    (a / "part-00001.parquet").unlink()
    bank.build(scenario, a, 4, seed=5, workers=2, chunk=2, keys=KEYS)
    again = bank.load(a)
    assert first.equals(again)
    assert first["row"].tolist() == [0, 1, 2, 3]
    # a fresh seed per row: the keys not in the design differ between rows
    others = [k for k in prior_ranges(scenario, bank.PRIORS) if k not in KEYS]
    assert first[others].nunique().gt(1).sum() > 0.9 * len(others)
    assert np.isfinite(first[[s[0] for s in bank.STATISTICS]].to_numpy()).any()


def test_a_joint_row_configures_every_key_as_stored(tmp_path):
    from govsim.evidence.simulate import Simulator
    from govsim.scenario.schema import value_at

    scenario = tiny_reform()
    frame = bank.load(bank.build(scenario, tmp_path, 2, seed=9, workers=1, chunk=2, keys=KEYS))
    keys = list(prior_ranges(scenario, bank.PRIORS))
    row = {k: float(frame[k].iloc[1]) for k in keys}
    sim = Simulator(scenario, [], 1, keys, "prior", priors=bank.PRIORS)
    config = sim.configure(row, np.random.SeedSequence([1, 2]))
    assert all(float(value_at(config, k)) == row[k] for k in keys)
