"""Scenario discovery (`govsim discover`, PRIM): finds a planted box (docs/contract.md)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from govsim.cli import main
from govsim.experiments.analysis.discover import discover

PLANTED = {"a": (0.6, 1.0), "b": (0.0, 0.3)}


def synthetic(planted: bool, n: int = 600, seed: int = 7) -> pd.DataFrame:
    """Five uniform inputs; the outcome holds in the planted box (90 %) and in 5 % elsewhere."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(rng.random((n, 5)), columns=list("abcde"))
    inside = (df.a > 0.6) & (df.b < 0.3) if planted else np.zeros(n, bool)
    p = np.where(inside, 0.9, 0.05)
    df["y"] = np.where(rng.random(n) < p, -1.0, 1.0)
    return df


def test_prim_finds_the_planted_box():
    result = discover(synthetic(True), "y < 0", list("abcde"), max_boxes=1)
    box = result["boxes"].attrs["json"]["boxes"][0]
    assert set(box["limits"]) == {"a", "b"}  # only the planted inputs restricted
    assert box["limits"]["a"]["min"] == pytest.approx(0.6, abs=0.05)
    assert box["limits"]["b"]["max"] == pytest.approx(0.3, abs=0.05)
    assert box["density"] >= 0.8 and box["coverage"] >= 0.6
    assert set(box["significant"]) == {"a", "b"}
    # coverage, density, mass recomputed from the rows with numpy
    df = synthetic(True)
    inside = np.ones(len(df), bool)
    for name, lim in box["limits"].items():
        inside &= (df[name] >= lim["min"]).to_numpy() & (df[name] <= lim["max"]).to_numpy()
    y = (df["y"] < 0).to_numpy()
    assert box["mass"] == pytest.approx(inside.mean())
    assert box["density"] == pytest.approx(y[inside].mean())
    assert box["coverage"] == pytest.approx(y[inside].sum() / y.sum())


def test_integer_inputs_are_peeled_and_pasted_like_real_ones():
    df = synthetic(True, n=800, seed=2)
    rng = np.random.default_rng(9)
    df["workers"] = rng.integers(100, 400, len(df))  # an integer input (e.g. a count)
    df["y"] = np.where((df.workers > 250) & (rng.random(len(df)) < 0.9), -1.0, 1.0)
    box = discover(df, "y < 0", ["a", "b", "workers"], max_boxes=1)["boxes"].attrs["json"]
    assert list(box["boxes"][0]["limits"]) == ["workers"]
    assert box["boxes"][0]["limits"]["workers"]["min"] == pytest.approx(250, abs=8)


def test_without_a_planted_box_no_significant_box_is_found():
    result = discover(synthetic(False), "y < 0", list("abcde"), max_boxes=1)
    box = result["boxes"].attrs["json"]["boxes"][0]
    assert box["density"] < 0.5  # no dense region: the planted one was removed
    assert not ({"a", "b"} <= set(box["significant"]))


def test_cli_writes_boxes_json_and_tradeoff_plot(tmp_path, capsys):
    df = synthetic(True)
    df.to_parquet(tmp_path / "rows.parquet")
    code = main(
        [
            "discover",
            str(tmp_path / "rows.parquet"),
            "--outcome",
            "y < 0",
            "--inputs",
            "a,b,c,d,e",
            "--out",
            str(tmp_path / "d"),
        ]
    )
    assert code == 0
    doc = json.loads((tmp_path / "d" / "boxes.json").read_text())
    assert doc["outcome"] == "y < 0"
    assert set(doc["boxes"][0]) >= {"limits", "coverage", "density", "mass"}
    assert (tmp_path / "d" / "tradeoff.png").stat().st_size > 0
    assert (tmp_path / "d" / "tradeoff.svg").stat().st_size > 0
    assert "box 1" in capsys.readouterr().out


def test_bad_expression_exits_2_naming_the_option(tmp_path, capsys):
    synthetic(True).to_parquet(tmp_path / "rows.parquet")
    code = main(
        ["discover", str(tmp_path / "rows.parquet"), "--outcome", "nosuch < 0", "--inputs", "a,b"]
    )
    assert code == 2
    assert "--outcome" in capsys.readouterr().err


def test_python_api_reads_a_robustness_samples_file_with_its_listed_inputs(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    import govsim

    table = pa.Table.from_pandas(synthetic(True), preserve_index=False)
    meta = {**(table.schema.metadata or {}), b"govsim_inputs": json.dumps(list("abcde")).encode()}
    pq.write_table(table.replace_schema_metadata(meta), tmp_path / "s.parquet")
    result = govsim.discover(tmp_path / "s.parquet", "y < 0", max_boxes=1)
    assert set(result["limits"]["input"]) == {"a", "b"}  # y itself is not an input
    assert result["limits"]["significant"].all()
