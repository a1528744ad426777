"""Paired experiments (common random numbers): `paired: {reference: {FACTOR: VALUE}}`.

Grid designs and points designs (a few levers, each against one baseline row, in one
file); in a points design the reference is the first point with those values.

Every design point runs replicate r with the same seed, ``SeedSequence(root_seed)
.spawn(replicates)[r]`` (see :mod:`govsim.experiments.seeds`), so two points differ
only by their factors, not by their luck. For every outcome, ``<metric>_diff`` is a run's
value minus the value of the reference point's run of the same replicate.

Where the differences are computed: from the rows, whenever a complete table of rows is
written or read, never inside a worker. ``runs.parquet`` is rewritten from all batches at
the end of every sweep session (so a resumed sweep gets them), by ``govsim merge`` (a
shard's own ``runs.parquet`` has NaN where the reference run sits in another shard;
the merge recomputes them from the joined rows) and by ``govsim.sweep(...)`` in memory;
``govsim report`` recomputes them again from the rows. The numbers are therefore the same
on every engine, worker count, shard split and resume.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from govsim.core.stats import mean_interval

DIFF_SUFFIX = "_diff"


def reference_point(spec: Any) -> int | None:
    """The design point index of `paired.reference` (None for an unpaired experiment)."""
    from govsim.experiments.designs import design_points
    from govsim.experiments.spec import same_value

    if spec.paired is None:
        return None
    reference = spec.paired.reference
    for i, point in enumerate(design_points(spec)):
        if all(same_value(v, point[k]) for k, v in reference.items()):
            return i
    raise ValueError(f"paired.reference {reference} is not a design point")  # spec checked it


def diff_columns(outcomes: list[str]) -> list[str]:
    return [f"{o}{DIFF_SUFFIX}" for o in outcomes]


def add_diffs(
    runs: pd.DataFrame, outcomes: list[str], reference: int, ref: pd.DataFrame | None = None
) -> pd.DataFrame:
    """`runs` with ``<outcome>_diff`` = value − the reference point's value, same replicate.

    NaN where the reference run of that replicate is missing (another shard, failed) or
    either value is NaN. `ref`: the reference point's rows indexed by replicate, when
    `runs` is one window of a larger table (govsim/experiments/compact.py).
    """
    runs = runs.drop(columns=[c for c in diff_columns(outcomes) if c in runs])
    if ref is None:
        ref = runs[runs["point"] == reference].set_index("replicate")
    diffs = {}
    for outcome in outcomes:
        ref_value = runs["replicate"].map(ref[outcome]).to_numpy(dtype=float)
        diffs[f"{outcome}{DIFF_SUFFIX}"] = runs[outcome].to_numpy(dtype=float) - ref_value
    return pd.concat([runs, pd.DataFrame(diffs, index=runs.index)], axis=1)


def add_diffs_table(table: Any, outcomes: list[str], reference: int | None) -> Any:
    """The same on a pyarrow table (what the store and merge write); unchanged if unpaired."""
    import pyarrow as pa

    if reference is None:
        return table
    frame = add_diffs(table.to_pandas(), outcomes, reference)
    return pa.Table.from_pandas(frame, preserve_index=False)


def summarise_diffs(
    runs: pd.DataFrame, factors: list[str], outcomes: list[str], reference: int
) -> pd.DataFrame:
    """Per point and outcome: pairs counted, pairs left out (a NaN on either side: e.g. a
    run not recovered by its end), mean paired difference, sd, 95 % t-interval."""
    runs = add_diffs(runs, outcomes, reference)
    rows = []
    for point, group in runs.groupby("point", sort=True):
        values = {f: group[f].iloc[0] for f in factors}
        for outcome in outcomes:
            n, mean, sd, low, high = mean_interval(group[f"{outcome}{DIFF_SUFFIX}"].to_numpy())
            rows.append(
                {
                    "point": int(point),
                    **values,
                    "outcome": outcome,
                    "is_reference": int(point) == reference,
                    "diff_n": n,
                    "diff_left_out": len(group) - n,
                    "diff_mean": mean,
                    "diff_sd": sd,
                    "diff_low": float(low),
                    "diff_high": float(high),
                }
            )
    return pd.DataFrame(rows)
