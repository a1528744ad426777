"""The samples of a robustness design, kept: per sample the base's parameter values and
derived quantities (the inputs ``govsim discover`` reads) and per outcome the scenario's
mean, the base's and their difference (``OUT/samples/NAME.parquet``; see
:mod:`govsim.evidence.robustness`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govsim.experiments.analysis.discover import DERIVED


@dataclass
class Design:
    """One design's results: mean per sample and scenario, and the base's inputs."""

    means: dict[str, pd.DataFrame]
    values: pd.DataFrame  # the base's parameter values per sample
    unit: pd.DataFrame  # their positions 0-1 in the plausible ranges

    def inputs(self, base: str) -> pd.DataFrame:
        """Inputs for discovery: parameter values and the base run's derived quantities."""
        derived = self.means[base][list(DERIVED)].add_prefix("base_")
        return self.values.join(derived)


def sample_rows(design: Design, base: str, name: str, outcomes: list[str]) -> pd.DataFrame:
    """One row per sample of scenario `name`: inputs, then per outcome the scenario's mean,
    the base's (``_base``) and the difference (``_diff``)."""
    rows = design.inputs(base)
    for m in outcomes:
        rows[m] = design.means[name][m]
        rows[f"{m}_base"] = design.means[base][m]
        rows[f"{m}_diff"] = rows[m] - rows[f"{m}_base"]
    return rows.reset_index().rename(columns={"point": "sample"})


def write_samples(
    design: Design, base: str, names: list[str], outcomes: list[str], folder: Path
) -> None:
    from govsim.experiments.analysis.discover import write_with_inputs

    folder.mkdir(parents=True, exist_ok=True)
    inputs = list(design.inputs(base).columns)
    for name in names:
        if name != base:
            rows = sample_rows(design, base, name, outcomes)
            write_with_inputs(rows, inputs, folder / f"{name}.parquet")
