"""`govsim discover`: scenario discovery (PRIM) on a sweep or robustness result.

Which input conditions make an outcome of interest likely? EXPR (a pandas
``DataFrame.eval`` expression such as ``"mean_days_to_resolve_diff < 0"``)
marks each row (one run, or one robustness sample) as a case of interest or
not; the Patient Rule Induction Method (Friedman & Fisher 1999, as used for
scenario discovery by Bryant & Lempert 2010) then peels the input space down to
boxes where those cases are dense. The implementation is EMA Workbench's
``ema_workbench.analysis.prim`` (maintained; its quasi-p-values are the one-sided
binomial test of Bryant & Lempert for each limit of a box).

Inputs are the factor columns of a sweep (from its manifest), the inputs a
robustness sample file lists in its Parquet metadata (``govsim_inputs``: the
assumed parameters plus derived quantities of the base run, such as its
``capacity_utilisation`` and ``demand_per_staff_hour``), or ``--inputs``.

Which box along the peeling trajectory is reported: the one with the highest
coverage among those with density ≥ ``threshold`` (default 0.8), else the densest.
After each box the cases inside it are removed and PRIM looks for the next one,
up to ``max_boxes``, stopping when a box is no denser than the cases of interest
are among all rows (no more signal).
"""

from __future__ import annotations

import io
import json
import logging
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.running.output import atomic_write_bytes, save_png
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import format_number

SIGNIFICANT_P = 0.05
"""A box limit is called significant when its quasi-p-value is below this."""
INPUTS_METADATA = b"govsim_inputs"


def write_with_inputs(frame: pd.DataFrame, inputs: list[str], path: Path) -> None:
    """Write `frame` as Parquet with the inputs :func:`read_result` takes by default in its
    metadata (robustness samples, an optimisation's best futures, a stress test)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), INPUTS_METADATA: json.dumps(inputs).encode()}
    buffer = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buffer)
    atomic_write_bytes(path, buffer.getvalue())


DERIVED = ("capacity_utilisation", "demand_per_staff_hour")
"""Run quantities that serve as derived inputs for scenario discovery: where the
departments' queue binds (robustness records them from the base run, ``base_…``; a stress
test from the policy's own runs)."""
"""Parquet schema metadata key listing a result file's input columns (robustness samples)."""


def _prim_module() -> Any:
    with warnings.catch_warnings():  # EMA warns about optional back-ends it does not need here
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim, scenario_discovery_util

    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim, scenario_discovery_util


def mark(df: pd.DataFrame, outcome: str, where: str = "--outcome") -> np.ndarray:
    """The boolean case-of-interest column EXPR gives; a bad EXPR is a ConfigError."""
    try:
        y = df.eval(outcome, engine="python")
    except Exception as err:  # noqa: BLE001 - pandas raises many kinds for a bad expression
        raise ConfigError(
            f"{where} {outcome!r}: not an expression over the result's columns "
            f"({type(err).__name__}: {err}); columns are "
            f"{', '.join(map(str, df.columns))}."
        ) from None
    y = np.asarray(y)
    if y.dtype != bool:
        raise ConfigError(
            f"{where} {outcome!r}: must give true/false per row (a comparison "
            f'such as "mean_days_to_resolve_diff < 0"), got {y.dtype}.'
        )
    return y


def _limits(box_lim: pd.DataFrame, dims: list[str], x: pd.DataFrame) -> dict[str, dict]:
    out = {}
    for d in dims:
        lo, hi = box_lim[d].iloc[0], box_lim[d].iloc[1]
        out[d] = {"min": _plain(lo), "max": _plain(hi)}
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


def _quasi_p(box: Any, i: int) -> dict[str, float]:
    """Each restricted input's smaller quasi-p-value (one side may be unrestricted: -1)."""
    return {
        str(d): min((p for p in ps if p >= 0), default=1.0) for d, ps in box.p_values[i].items()
    }


def _drop_insignificant(box: Any, sdutil: Any, finder: Any) -> list[str]:
    """Drop the restriction with the largest quasi-p ≥ SIGNIFICANT_P, one at a time
    (Bryant & Lempert 2010: a limit that is not significant is not a finding)."""
    dropped = []
    while True:
        qp = _quasi_p(box, box._cur_box)
        worst = max(qp, key=qp.get, default=None)
        if worst is None or qp[worst] < SIGNIFICANT_P:
            return dropped
        box.drop_restriction(worst)
        box.select(len(box.box_lims) - 1)
        dropped.append(worst)


def _choose(trajectory: pd.DataFrame, threshold: float) -> int:
    dense = trajectory[trajectory["density"] >= threshold]
    if len(dense):
        return int(dense.sort_values(["coverage", "density"], kind="stable").index[-1])
    return int(trajectory.sort_values(["density", "coverage"], kind="stable").index[-1])


def discover(
    df: pd.DataFrame,
    outcome: str,
    inputs: list[str] | None = None,
    threshold: float = 0.8,
    max_boxes: int = 3,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    drop_insignificant: bool = True,
) -> dict[str, pd.DataFrame]:
    """PRIM boxes of the rows where `outcome` holds.

    Returns DataFrames: ``boxes`` (one row per box: coverage, density, mass, number
    of restricted inputs), ``limits`` (one row per box and restricted input: min, max,
    quasi-p of each side, significant) and ``trajectory`` (every peeling step of
    every box: coverage, density, mass, res_dim, and which step was chosen). With
    `drop_insignificant` (default) the restrictions whose quasi-p ≥ 0.05 are dropped
    from the chosen box one at a time (largest first), as Bryant & Lempert advise;
    each box lists them under ``dropped``.
    ``result["boxes"].attrs["json"]`` holds the boxes.json document.
    """
    prim, sdutil = _prim_module()
    inputs = list(inputs) if inputs else [c for c in df.columns if c != outcome]
    missing = [c for c in inputs if c not in df.columns]
    if missing:
        raise ConfigError(
            f"--inputs: no column(s) {', '.join(missing)} in the result; "
            f"columns are {', '.join(map(str, df.columns))}."
        )
    y = mark(df, outcome)
    x = df[inputs].reset_index(drop=True)
    x = x.loc[:, x.nunique(dropna=False) > 1]  # a constant input cannot bound a box
    keep = x.notna().all(axis=1).to_numpy()
    x, y = x[keep].reset_index(drop=True), y[keep].astype(int)
    if not y.any() or y.all():
        raise ConfigError(
            f"--outcome {outcome!r}: holds in {int(y.sum())} of {len(y)} rows; "
            "PRIM needs some rows where it holds and some where it does not."
        )
    for c in x.columns:  # numbers as float64: EMA's pasting of an int64 column writes a
        # half-way float limit into it (pandas refuses); a count is a real-valued input here
        x[c] = x[c].astype(float) if x[c].dtype.kind in "fiub" else x[c]
    with warnings.catch_warnings():  # EMA's own pandas deprecation warnings, not ours
        warnings.simplefilter("ignore")
        return _run_prim(
            prim,
            sdutil,
            outcome,
            x,
            y,
            threshold,
            max_boxes,
            peel_alpha,
            mass_min,
            drop_insignificant,
        )


def _run_prim(
    prim: Any,
    sdutil: Any,
    outcome: str,
    x: pd.DataFrame,
    y: np.ndarray,
    threshold: float,
    max_boxes: int,
    peel_alpha: float,
    mass_min: float,
    drop_insignificant: bool,
) -> dict[str, pd.DataFrame]:
    finder = prim.Prim(x, y, peel_alpha=peel_alpha, mass_min=mass_min)
    base_density = float(y.mean())
    boxes, limits, steps, doc = [], [], [], []
    for number in range(max_boxes):
        box = finder.find_box()
        if box is None:
            break
        chosen = _choose(box.peeling_trajectory.reset_index(drop=True), threshold)
        box.select(chosen)
        dropped = _drop_insignificant(box, sdutil, finder) if drop_insignificant else []
        chosen = box._cur_box
        traj = box.peeling_trajectory.reset_index(drop=True)
        stats = traj.loc[chosen]
        if number and float(stats["density"]) <= base_density:
            break  # no denser than the cases are overall: no further box
        steps.append(traj.assign(box=number, chosen=traj.index == chosen))
        lim = box.box_lims[chosen]
        dims = [str(d) for d in sdutil._determine_restricted_dims(lim, finder.box_init)]
        qp = box.p_values[chosen]
        entry = {
            "limits": _limits(lim, dims, x),
            "coverage": float(stats["coverage"]),
            "density": float(stats["density"]),
            "mass": float(stats["mass"]),
            "quasi_p": {},
            "significant": [],
            "dropped": dropped,
        }
        for d in dims:
            p_lo, p_hi = (float(v) for v in qp[d])
            row = {
                "box": number,
                "input": d,
                **entry["limits"][d],
                "p_min": None if p_lo < 0 else p_lo,
                "p_max": None if p_hi < 0 else p_hi,
            }
            ps = [p for p in (row["p_min"], row["p_max"]) if p is not None]
            row["significant"] = bool(ps) and min(ps) < SIGNIFICANT_P
            entry["quasi_p"][d] = {"min": row["p_min"], "max": row["p_max"]}
            if row["significant"]:
                entry["significant"].append(d)
            limits.append(row)
        boxes.append(
            {
                "box": number,
                "coverage": entry["coverage"],
                "density": entry["density"],
                "mass": entry["mass"],
                "restricted": len(dims),
                "n": int(stats["n"]),
                "cases": int(stats["k"]),
            }
        )
        doc.append(entry)
    frame = pd.DataFrame(boxes)
    frame.attrs["json"] = {
        "outcome": outcome,
        "rows": int(len(y)),
        "cases": int(y.sum()),
        "inputs": list(x.columns),
        "threshold": threshold,
        "boxes": doc,
    }
    return {
        "boxes": frame,
        "limits": pd.DataFrame(
            limits, columns=["box", "input", "min", "max", "p_min", "p_max", "significant"]
        ),
        "trajectory": pd.concat(steps, ignore_index=True) if steps else pd.DataFrame(),
    }


def read_result(
    path: Path, outcome: str | None = None, inputs: list[str] | None = None
) -> tuple[pd.DataFrame, list[str] | None]:
    """A result's rows and its default inputs (sweep factors or listed robustness inputs).

    Given the `outcome` expression, only the columns it names and the inputs (`inputs`, or
    the default ones) are read (issue 32: a million-run runs.parquet has 60 columns)."""
    import pyarrow.dataset as ds

    path = Path(path)
    file = path / "runs.parquet" if path.is_dir() else path
    if not file.is_file():
        raise ConfigError(
            f"{path}: no runs.parquet (a sweep directory) or Parquet file of "
            "robustness samples there."
        )
    try:
        data = ds.dataset(str(file), format="parquet")
    except Exception as err:  # noqa: BLE001 - not Parquet
        raise ConfigError(f"{file}: not a Parquet file ({err}).") from None
    meta = data.schema.metadata or {}
    default = json.loads(meta[INPUTS_METADATA]) if INPUTS_METADATA in meta else None
    manifest = file.parent / "manifest.json"
    if default is None and manifest.is_file():
        factors = json.loads(manifest.read_text())["experiment"]["factors"]
        default = [f for f in factors if f in data.schema.names]
    columns = None
    if outcome is not None and (inputs or default):
        named = set(re.findall(r"[A-Za-z_]\w*", outcome)) | set(inputs or default) | {"status"}
        columns = [c for c in data.schema.names if c in named]
    df = data.to_table(columns=columns).to_pandas()
    if INPUTS_METADATA not in meta and "status" in df:
        df = df[df["status"] == "ok"]
    return df, default


def plot_tradeoff(result: dict[str, pd.DataFrame], path: Path) -> None:
    """Coverage against density of every peeling step, coloured by restricted inputs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    traj = result["trajectory"]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    points = ax.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis", s=14)
    for number, steps in traj.groupby("box"):
        pick = steps[steps["chosen"]]
        ax.scatter(
            pick["coverage"],
            pick["density"],
            s=110,
            facecolors="none",
            edgecolors="tab:red",
            linewidths=1.5,
        )
        ax.annotate(
            f"box {number + 1}",
            (pick["coverage"].iloc[0], pick["density"].iloc[0]),
            xytext=(6, -12),
            textcoords="offset points",
            fontsize=8,
            color="tab:red",
        )
    fig.colorbar(points, ax=ax, label="restricted inputs")
    ax.set_xlabel("coverage (share of cases of interest inside the box)")
    ax.set_ylabel("density (share of the box's rows that are cases)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(f"PRIM peeling trajectory: {result['boxes'].attrs['json']['outcome']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight")
    save_png(fig, path.with_suffix(".png"), tight=True)  # closes the figure


def to_text(result: dict[str, pd.DataFrame]) -> str:
    doc = result["boxes"].attrs["json"]
    lines = [
        f"PRIM: {doc['outcome']!r} holds in {doc['cases']} of {doc['rows']} rows "
        f"({100 * doc['cases'] / doc['rows']:.0f} %); inputs: {', '.join(doc['inputs'])}"
    ]
    for i, box in enumerate(doc["boxes"]):
        lines.append(
            f"box {i + 1}: coverage {box['coverage']:.2f}, density "
            f"{box['density']:.2f}, mass {box['mass']:.2f}"
        )
        for name, lim in box["limits"].items():
            qp = box["quasi_p"][name]
            ps = ", ".join(
                f"p({side}) {qp[side]:.2g}" for side in ("min", "max") if qp[side] is not None
            )
            star = "significant" if name in box["significant"] else "not significant"
            low, high = format_number(lim["min"]), format_number(lim["max"])
            lines.append(f"  {low} ≤ {name} ≤ {high}   ({ps}; {star})")
    return "\n".join(lines)


def write(result: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    doc = result["boxes"].attrs["json"]
    atomic_write_bytes(out / "boxes.json", (json.dumps(doc, indent=2) + "\n").encode())
    result["trajectory"].to_csv(out / "trajectory.csv", index=False)
    plot_tradeoff(result, out / "tradeoff")
    return [out / "boxes.json", out / "trajectory.csv", out / "tradeoff.png", out / "tradeoff.svg"]
