"""An objective marked "maximise" is maximised (issue 29 item 8c).

Every other optimiser test minimises, so a sign lost between `direction: max` and
pymoo (which only minimises) passed. The analytic stand-in (govsim.experiments.search.analytic:
cost = x, days = (1 + y + u·y)(1 − √x), u the future's parameter) with *both* maximised
has a known front: for every x < 1, y = 1 gives the most days, so the front is y = 1 and
mean days = (2 + mean u)(1 − √x) (at x = 1 every y gives days 0, all tied on the
front); minimised instead, the front is y = 0.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from govsim.experiments.search.optimise import measures, optimise

BOTH_MAXIMISED = {
    "name": "analytic_max",
    "model": "govsim.experiments.search.analytic:front_problem",
    "levers": {"x": {"range": [0.0, 1.0], "step": 0.1}, "y": {"range": [0.0, 1.0], "step": 0.25}},
    "objectives": [
        {"metric": "cost", "direction": "max"},
        {"metric": "days", "direction": "max", "robustness": "mean"},
    ],
    "futures": {"count": 3, "parameters": {"u": [0.0, 1.0]}},
    "search": {"population": 12, "generations": 10},
    "seed": 3,
}


def test_two_maximised_objectives_find_the_known_front():
    result = optimise(BOTH_MAXIMISED)
    pareto = result["pareto"]
    assert ((pareto["y"] == 1.0) | (pareto["x"] == 1.0)).all(), pareto[["x", "y"]]
    assert pareto["x"].nunique() >= 6  # of the 11 steps of x on the front
    u = result["evaluations"].drop_duplicates("future")["u"].mean()
    np.testing.assert_allclose(pareto["days_mean"], (2 + u) * (1 - np.sqrt(pareto["x"])))
    # sorted by the first objective, best (highest cost) first
    assert list(pareto["cost_mean"]) == sorted(pareto["cost_mean"], reverse=True)


def test_a_nan_future_is_the_worst_for_a_maximised_objective_too():
    days = np.array([[10.0, 12.0, np.nan], [1.0, 2.0, 3.0]])
    objectives = [
        SimpleNamespace(metric="share", direction="max", robustness=r)
        for r in ("mean", "p10", "regret")  # p10: the bad tail of a share
    ]
    runner = SimpleNamespace(
        setup=SimpleNamespace(
            opt=SimpleNamespace(spec=SimpleNamespace(objectives=objectives, constraints=[]))
        ),
        matrix=lambda keys, metric: days,
        complete_keys=lambda: [(0,), (1,)],
    )
    got, _ = measures(runner, [(0,), (1,)])
    assert np.isneginf(got[0, :2]).all()  # the worst possible on mean and on p10
    np.testing.assert_allclose(got[1, :2], [2.0, np.percentile(days[1], 10)])
    # regret: the most that the best candidate of each future beats this one by
    assert got[1, 2] == 10.0 and got[0, 2] > 1e300  # row 0 never recovers in future 3
