"""The Beijing bank (govsim/evidence/bank.py) on a tiny hotline street: resumable,
the same rows on any worker count, a fresh seed per row, and every key stored so that a
forecast from its rows redraws nothing (joint draws, issue 28 item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

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


def monthly_reform():
    """15-day months, 1,200 residents: enough ratings that every statistic is a number."""
    import govsim

    return govsim.load(
        TINY,
        **{"ranking.enabled": True, "ranking.start_day": 2, "ranking.month_days": 15},
        **{"days": 2 + 15 * 35, "population.residents": 1200, "population.households": 440},
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


def test_a_smaller_bank_is_a_larger_ones_first_rows(tmp_path):
    """`fit --rows n` reads a kept bank's first n rows as the bank `bank --rows n` would
    make (docs/calibration.md, "A bank that fits the budget"): the same design points
    and seeds, not a resample."""
    scenario = tiny_reform()
    large = bank.load(
        bank.build(scenario, tmp_path / "a", 4, seed=5, workers=1, chunk=2, keys=KEYS)
    )
    small = bank.load(
        bank.build(scenario, tmp_path / "b", 2, seed=5, workers=1, chunk=2, keys=KEYS)
    )
    assert bank.first(large, 2, "a").equals(small)
    assert not large.iloc[2:].reset_index(drop=True).equals(small)
    with pytest.raises(SystemExit, match="rows must be 1-4"):
        bank.first(large, 5, "a")


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


def test_fit_writes_its_own_folder_and_refits_the_kept_bank(tmp_path, monkeypatch):
    import pandas as pd

    import govsim
    from govsim.evidence import infer_report, influence

    def quality_sd_seen(frame, keys, statistics, seed):
        """The screen (too few rows here for RBD-FAST) as if one undesigned key were seen."""
        assert "responders.quality_sd" in keys and set(bank.REFORM_KEYS) <= set(keys)
        s1 = pd.DataFrame(0.0, index=statistics, columns=keys)
        s1.loc[statistics[4], "responders.quality_sd"] = 0.3
        return influence.Screen(s1, s1 * 0, pd.Series(0.01, index=statistics))

    monkeypatch.setattr(influence, "screen", quality_sd_seen)

    # 15-day months, 1,200 residents: enough ratings that every statistic is a number
    scenario = govsim.load(
        TINY,
        **{"ranking.enabled": True, "ranking.start_day": 2, "ranking.month_days": 15},
        **{"days": 2 + 15 * 35, "population.residents": 1200, "population.households": 440},
    )
    keys = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    folder = bank.build(
        scenario, tmp_path / "bank", 16, seed=3, workers=2, chunk=8, keys=keys, streets=2
    )
    small = {"methods": ((0.5, False), (0.9, False)), "predictive": 4, "replicates": 2}
    small |= {"noise_rows": 2, "noise_seeds": 2}
    first = infer_report.fit(scenario, folder, tmp_path / "a", truths=8, **small)
    again = infer_report.fit(scenario, tmp_path / "a" / "bank.parquet", tmp_path / "b",
                             truths=8, **small)  # fmt: skip
    assert first["bank_rows"] == 16 and first["truths"] == 8 and first["month0_streets"] == 2
    # the key the screen saw is inferred with the designed ones: coverage and contraction
    assert first["added_by_screen"] == ["responders.quality_sd"] and first["inferred_keys"] == 32
    assert "responders.quality_sd" in first["contraction"]
    assert "responders.quality_sd" in first["coverage"]["0.9"]
    assert first["screen"]["influential"] == {"responders.quality_sd": {"resolution_m9": [0.3, 0]}}
    assert json.loads((tmp_path / "b" / "inference.json").read_text()) == json.loads(
        json.dumps(again)
    )
    assert first["coverage_by_method"] == again["coverage_by_method"]
    assert first["bank_timing"]["part"]["rows"] == first["bank_timing"]["streets"]["rows"] == 16
    assert again["bank_timing"] == first["bank_timing"]  # carried beside the kept bank
    # seed noise over more rows than the heaviest: each row's sd over its seeds, recomputed
    # from new runs of the rows the check draws after its predictive picks
    joint = pd.read_parquet(tmp_path / "a" / "posterior.parquet")
    w = joint["weight"].to_numpy()
    rng = np.random.default_rng([2022, 1])
    rng.choice(len(joint), size=4, p=w / w.sum())  # the predictive draws come first
    rows = rng.choice(len(joint), size=2, replace=False, p=w / w.sum())
    keys = [c for c in joint.columns if c != "weight"]
    run = bank.BankRun(scenario, keys)
    sds = [
        np.std(
            [
                run(({k: float(joint[k].iloc[i]) for k in keys}, [2022, 30_000 + 100 * r + j]))
                ["calls_2019"]
                for j in range(2)
            ],
            ddof=1,
        )
        for r, i in enumerate(rows)
    ]  # fmt: skip
    noise = first["seed_noise"]["calls_2019"]
    assert first["seed_noise_rows"] == {"rows": 2, "seeds": 2}
    assert noise["rows_median_sd"] == pytest.approx(np.median(sds), rel=1e-12)
    assert noise["rows_max_sd"] == pytest.approx(max(sds), rel=1e-12)
    assert max(sds) > 0
    assert first["predictive"] == again["predictive"]  # fresh seeds, the same ones each fit
    for name in ("posterior.parquet", "contraction.png", "predictive.png"):
        assert (tmp_path / "b" / name).stat().st_size > 0


def test_fit_refuses_the_folder_of_forecast_twos_posterior(tmp_path):
    from govsim.evidence import infer_report

    with pytest.raises(SystemExit, match="forecast 2's input"):
        infer_report.fit(tiny_reform(), tmp_path, infer_report.POSTERIOR.parent)


def recomputed(scenario, keys, row: int, which: tuple, streets: int = 4):
    """Row `row` of a 4-row bank of seed 7: its configuration, seed words, and `which`
    statistics in its own run and `streets` - 1 more with seeds [*words, j], run anew."""
    values, words = bank.jobs(keys, bank.design_ranges(scenario), 4, 7)[row]
    config = bank.BankRun(scenario, keys).configure(values, words)
    seeds = (words, *([*words, j] for j in range(1, streets)))
    return config, words, [bank.statistics(config, np.random.SeedSequence(w), which) for w in seeds]


def test_month_zero_is_the_mean_over_a_rows_streets(tmp_path):
    scenario = monthly_reform()
    keys = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    one = bank.load(bank.build(scenario, tmp_path, 4, seed=7, workers=2, chunk=4, keys=keys))
    assert not list(tmp_path.glob("streets-*")) and one["streets"].eq(1).all()
    bank.build(scenario, tmp_path, 4, seed=7, workers=2, chunk=4, keys=keys, streets=4)
    four = bank.load(tmp_path)  # the same bank, month 0 now over 4 streets of each row
    assert four["streets"].eq(4).all()
    later = [s[0] for s in bank.STATISTICS if s[3] > 0]
    assert four[later].equals(one[later]) and four[keys].equals(one[keys])
    # recomputed street by street: the row's own run and 3 more with seeds [*words, j]
    *_, streets = recomputed(scenario, keys, 2, bank.MONTH0)
    for name, *_ in bank.MONTH0:
        v = [s[name] for s in streets]
        assert v[0] == one[name].iloc[2]
        assert len(set(v)) > 1  # four streets, not one street four times
        assert four[name].iloc[2] == pytest.approx(np.nanmean(v), rel=1e-12)


@pytest.mark.slow
def test_the_bank_through_dask_has_the_local_rows(tmp_path):
    scenario = monthly_reform()
    keys = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    args = {"seed": 11, "workers": 2, "chunk": 4, "keys": keys, "streets": 3, "later": True}
    local = bank.load(bank.build(scenario, tmp_path / "local", 4, **args))
    dask = bank.load(bank.build(scenario, tmp_path / "dask", 4, engine="dask", **args))
    assert local.equals(dask)
    assert local["streets"].eq(3).all() and local["later_streets"].eq(4).all()


def test_later_rates_are_the_mean_over_their_streets(tmp_path):
    scenario = monthly_reform()
    keys = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    args = {"seed": 7, "workers": 2, "chunk": 4, "keys": keys, "streets": 3}
    before = bank.load(bank.build(scenario, tmp_path / "a", 4, **args))
    after = bank.load(bank.build(scenario, tmp_path / "a", 4, later=True, **args))
    # made at once (each extra street run once, as far as its furthest statistic): the same
    both = bank.load(bank.build(scenario, tmp_path / "b", 4, later=True, **args))
    assert both.equals(after)
    assert json.loads((tmp_path / "b" / "timing.json").read_text()).keys() == {
        "part",
        "streets+later",
    }
    assert before["later_streets"].eq(1).all() and after["later_streets"].eq(4).all()
    # month 0 and calls keep their streets; only the later rates move
    kept = [s[0] for s in bank.STATISTICS if s not in bank.LATER]
    assert after[kept].equals(before[kept]) and after[keys].equals(before[keys])
    # recomputed street by street: streets 1-3 of seed words [*words, j] run on
    config, words, streets = recomputed(scenario, keys, 1, bank.LATER)
    counts = {}
    for stat in bank.LATER:
        name, n = stat[0], bank.later_streets(stat)
        counts[n] = counts.get(n, 0) + 1
        v = [s[name] for s in streets[:n]]
        assert v[0] == before[name].iloc[1]
        assert len(set(v)) == n  # n streets, not one street n times
        assert after[name].iloc[1] == pytest.approx(np.nanmean(v), rel=1e-12)
    assert counts == {4: 4, 2: 2}  # months 8-12 over four streets, months 33-34 over two
    # street j's month 0 does not depend on how far it runs
    for j in (1, 2):
        short = bank.statistics(config, np.random.SeedSequence([*words, j]), bank.MONTH0)
        long = bank.statistics(
            config, np.random.SeedSequence([*words, j]), (*bank.MONTH0, *bank.LATER)
        )
        assert all(short[s[0]] == long[s[0]] for s in bank.MONTH0)
