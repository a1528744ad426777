"""Sensitivity that says when it is too thin: nested sub-designs, convergence, warnings.

The outcome here is a known function of the design's unit positions (no simulation), so
the indices' true values are known: y = 4·x0 + x1, x2 inert (S1 ≈ ST ≈ 16/17, 1/17, 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govsim.experiments.analysis.sensitivity import (
    analyse,
    convergence,
    ranked_table,
    stability,
    thin_warnings,
)
from govsim.experiments.batch.designs import sobol as sobol_design
from govsim.experiments.batch.spec import load_experiment

FACTORS = {
    "platform.initial_adoption": {"range": [0.1, 0.9]},
    "platform.reliability": {"range": [0.8, 1.0]},
    "feedback.rating_memory": {"range": [0.8, 0.97]},
}


def experiment(samples: int):
    return load_experiment(
        {
            "name": f"sobol{samples}",
            "base": "community_y",
            "design": "sobol",
            "samples": samples,
            "factors": FACTORS,
            "root_seed": 7,
            "outcomes": ["adoption_rate"],
        }
    )


def known_runs(exp) -> pd.DataFrame:
    """One run per design point whose outcome is y = 4·x0 + x1 of its unit position."""
    x = sobol_design.unit_matrix(exp.spec)
    return pd.DataFrame({"point": np.arange(len(x)), "adoption_rate": 4 * x[:, 0] + x[:, 1]})


def test_the_saltelli_design_is_nested_in_its_base_size():
    big, small = (sobol_design.unit_matrix(experiment(n).spec) for n in (64, 16))
    np.testing.assert_array_equal(big[: len(small)], small)


def test_convergence_at_n_over_4_is_the_analysis_of_the_design_of_that_size():
    big, small = experiment(64), experiment(16)
    runs = known_runs(big)
    conv = convergence(big, ["adoption_rate"], runs, len(runs))
    assert sorted(conv["N"].unique()) == [16, 32, 64]
    own = ranked_table(small, "sobol", ["adoption_rate"], known_runs(small), 16 * 5)
    at16 = conv[conv["N"] == 16].set_index("factor")
    for _, row in own.iterrows():
        assert at16.loc[row["factor"], "ST"] == pytest.approx(row["ST"])
        assert at16.loc[row["factor"], "S1"] == pytest.approx(row["S1"])
    at64 = conv[conv["N"] == 64].set_index("factor")
    full = ranked_table(big, "sobol", ["adoption_rate"], runs, len(runs)).set_index("factor")
    assert at64["ST"].to_dict() == pytest.approx(full["ST"].to_dict())
    assert at64.loc["platform.initial_adoption", "rank"] == 1
    assert stability(conv) == {"adoption_rate": True}


def test_a_changed_ranking_is_not_stable_but_ties_within_noise_may_swap():
    def conv(rank_at_8, st_conf_c=0.5):
        return pd.DataFrame(
            {
                "outcome": "m",
                "N": [8, 8, 8, 16, 16, 16],
                "factor": list("abc") * 2,
                "rank": [*rank_at_8, 1, 2, 3],
                "ST": [0.5, 0.3, 0.2, 0.6, 0.3, 0.05],
                "ST_conf": [0.1, 0.1, 0.1, 0.1, 0.1, st_conf_c],
            }
        )

    assert stability(conv([2, 1, 3])) == {"m": False}  # a and b, both rankable, swapped
    assert stability(conv([1, 3, 2])) == {"m": True}  # c is within noise of 0: a tie
    assert stability(conv([1, 3, 2], st_conf_c=0.01)) == {"m": False}


def test_an_interval_wider_than_its_index_is_a_warning():
    table = pd.DataFrame(
        {
            "outcome": "m",
            "factor": ["a", "b", "c"],
            "rank": [1, 2, 3],
            "S1": [0.6, 0.05, -0.3],
            "S1_conf": [0.1, 0.2, 0.1],
            "ST": [0.7, 0.1, 1.4],
            "ST_conf": [0.1, 0.05, 0.2],
        }
    )
    notes = thin_warnings(table)
    assert not any(n.startswith("m / a") for n in notes)
    assert any(n.startswith("m / b: S1") and "wider than the index" in n for n in notes)
    assert not any(n.startswith("m / b: ST") for n in notes)
    assert any(n.startswith("m / c: S1") and "negative" in n for n in notes)
    assert any(n.startswith("m / c: ST") and "above 1" in n for n in notes)


def test_the_report_lists_convergence_and_warnings(tmp_path):
    exp = experiment(16)
    runs = known_runs(exp)
    runs["adoption_rate"] += np.random.default_rng(1).normal(0, 0.8, len(runs))  # thin: noise
    result = analyse(exp, "sobol", ["adoption_rate"], runs, len(runs), tmp_path)
    text = (tmp_path / "sensitivity.md").read_text()
    assert "## Convergence (nested sub-designs N/4, N/2, N)" in text
    assert result.warnings and "## Too thin" in text
    assert (tmp_path / "sensitivity_convergence.svg").is_file()
    assert set(result.convergence["N"]) == {4, 8, 16}
