"""The bank's sensitivity screen (govsim/evidence/influence.py): on a synthetic bank whose
statistics depend on two of forty keys, it finds those two and no other."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govsim.evidence import influence


def synthetic(n: int = 2048, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((n, 40)), columns=[f"k{i}" for i in range(40)])
    x["fixed"] = 0.5  # a key the bank does not vary
    noise = rng.normal(0, 0.3, n)
    x["a"] = np.sin(3 * x["k0"]) + 0.4 * x["k1"] + noise  # S1: k0 0.44, k1 0.07
    x["b"] = rng.normal(0, 1, n)  # a statistic that nothing moves
    x.loc[rng.random(n) < 0.05, "a"] = np.nan  # rows without the statistic
    return x


def test_the_screen_finds_the_keys_that_move_a_statistic_and_no_other():
    frame = synthetic()
    keys = [*(f"k{i}" for i in range(40)), "fixed"]
    s = influence.screen(frame, keys, ["a", "b"], seed=1)
    assert "fixed" not in s.s1.columns
    assert 0.35 < s.s1.at["a", "k0"] < 0.55 and 0.03 < s.s1.at["a", "k1"] < 0.12
    assert s.influential() == ["k0", "k1"]
    assert not s.seen().loc["b"].any()
    d = s.to_dict()
    assert list(d["influential"]) == ["k0", "k1"] and set(d["influential"]["k0"]) == {"a"}


def test_point_estimates_above_the_floor_would_let_noise_keys_in():
    # the interval is what keeps the null keys out: by S1 alone some pass the floor
    frame = synthetic()
    keys = [f"k{i}" for i in range(40)]
    s = influence.screen(frame, keys, ["a", "b"], seed=1)
    points = influence.Screen(s.s1, s.conf * 0, s.floor)
    assert len(points.influential()) > 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_floor_holds_for_other_seeds(seed):
    frame = synthetic(seed=seed + 10)
    keys = [f"k{i}" for i in range(40)]
    assert set(influence.screen(frame, keys, ["a", "b"], seed=seed).influential()) <= {"k0", "k1"}


def test_a_sobol_neighbour_is_not_seen_through_the_key_that_moves_the_statistic():
    """The bank's own design (a scrambled Sobol over the 31 designed keys, seed 2021) at
    1024 rows, and a statistic moved by kpi.solved_quality_from alone: RBD-FAST's zigzag
    order sees ranking.peer_sd and staffing.max_factor too (their neighbouring ranks
    interleave solved_quality_from's values); the binned cross-check keeps them out."""
    from govsim.evidence import amortised, bank

    keys = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    unit = amortised.design(np.zeros(len(keys)), np.ones(len(keys)), 1024, 2021)
    frame = pd.DataFrame(unit, columns=keys)
    rng = np.random.default_rng(5)
    frame["resolution"] = frame["kpi.solved_quality_from"] + rng.normal(0, 0.3, len(frame))
    rbd_only = influence.screen(frame, keys, ["resolution"], seed=1, cross_check=False)
    assert {"ranking.peer_sd", "staffing.max_factor"} <= set(rbd_only.influential())
    checked = influence.screen(frame, keys, ["resolution"], seed=1)
    assert checked.influential() == ["kpi.solved_quality_from"]
    dropped = checked.to_dict()["cross_check"]["dropped"]
    assert {"ranking.peer_sd", "staffing.max_factor"} <= set(dropped)


@pytest.mark.slow
def test_the_screen_in_the_beijing_inference_is_its_kept_banks():
    """docs/calibration/beijing_reform/inference.json's screen and the keys it added,
    recomputed from the bank the fit kept beside it (~1 min)."""
    import json
    from pathlib import Path

    from govsim.evidence import bank, infer_report
    from govsim.scenario.config import load_scenario, override

    folder = Path(__file__).resolve().parents[2] / "docs" / "calibration" / "beijing_reform"
    report = json.loads((folder / "inference.json").read_text())
    frame = pd.read_parquet(folder / "bank.parquet")
    scenario = override(load_scenario("beijing_reform"), {"days": 30 + 30 * 35})
    ranges = bank.design_ranges(scenario)
    seen = influence.screen(frame, [k for k in ranges if k in frame], infer_report.NAMES, 2022)
    assert seen.to_dict() == report["screen"]
    designed = {*bank.REFORM_KEYS, *bank.BASELINE_KEYS}
    assert report["added_by_screen"] == [k for k in seen.influential() if k not in designed]
    assert set(report["added_by_screen"]) <= set(report["contraction"])
