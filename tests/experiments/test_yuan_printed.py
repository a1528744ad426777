"""Yuan are printed as yuan (3.08 M), never as 5.023058e+06, in every command's output
(issue 29 item 4): the report's tables, `govsim optimise`'s summary and figures, and
`govsim discover`'s limits all go through `metrics.format_number`."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from govsim.experiments.analysis.report_markdown import _fmt
from govsim.experiments.search.optimise_plots import summary_text
from govsim.experiments.search.optimise_spec import Objective
from govsim.simulation.metrics import format_number

E_NOTATION = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5_023_058.4, "5.02 M"),
        (3_080_000.0, "3.08 M"),
        (-12_345_678.0, "-12.3 M"),
        (52_340.2, "52,340"),
        (4.1234, "4.123"),
        (0.9375, "0.9375"),
        (float("nan"), "n/a"),
        (np.float32(2.5e6), "2.5 M"),
        (7, "7"),
        ("text", "text"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_report_cells_print_yuan_as_yuan():
    assert _fmt(5_023_058.4) == "5.02 M" and _fmt(float("nan")) == "n/a"


def test_optimise_summary_has_no_e_notation():
    spec = SimpleNamespace(
        name="s",
        levers={"organisation.grid_workers": None},
        objectives=[Objective(metric="yearly_cost", direction="min")],
        constraints=[],
        futures=SimpleNamespace(count=2),
    )
    pareto = pd.DataFrame(
        {"organisation.grid_workers": [5, 10], "yearly_cost_mean": [5_023_058.4, 3.08e6]}
    )
    result = {
        "pareto": pareto.assign(feasible=True),
        "candidates": pareto,
        "evaluations": pd.concat([pareto, pareto]),
        "convergence": pd.DataFrame({"hypervolume": [0.1, 0.2], "reference": "fixed"}),
    }
    text = summary_text(result, SimpleNamespace(spec=spec))
    assert "5.02 M" in text and "3.08 M" in text
    assert not E_NOTATION.search(text), text
