"""A saved search of `govsim optimise`, read back: its Pareto set and what it was searched on.

The results folder holds ``pareto.parquet`` (one row per policy: a column per lever, per
objective ``METRIC_MEASURE``, per constraint ``share_holds: EXPR``, ``feasible``) and
``optimise.json`` (the spec: base scenario, ``set``, horizon, levers with their ranges,
objectives, constraints, futures). The dashboard's "Policy search" view
(``govsim dashboard --pareto PATH``) reads both through :func:`read_results`; a missing or
malformed file is a :class:`~govsim.scenario.config.ConfigError` naming the file and what
was expected (the command line prints it and exits 2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from govsim.experiments.search.optimise_spec import OptimiseSpec
from govsim.scenario.config import ConfigError, load_scenario, override
from govsim.scenario.schema import Scenario

EXPECTED = (
    "expected the results folder of `govsim optimise` (holding pareto.parquet and "
    "optimise.json) or the pareto.parquet in one"
)


@dataclass(frozen=True, eq=False)
class SavedSearch:
    """A search's Pareto set (`pareto`), every candidate it evaluated (`candidates`, when the
    folder has them), its spec and its base scenario (the spec's base with its ``set`` and
    horizon applied: what every policy's levers are set on)."""

    path: Path
    spec: OptimiseSpec
    pareto: pd.DataFrame
    candidates: pd.DataFrame | None
    base: Scenario


def _parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 (pyarrow raises several kinds for a bad file)
        raise ConfigError(f"{path}: cannot be read as Parquet ({err}); {EXPECTED}.") from None


def read_results(path: str | Path) -> SavedSearch:
    """The saved search at `path` (a results folder or its ``pareto.parquet``)."""
    path = Path(path).expanduser()
    if path.is_dir():
        folder, table = path, path / "pareto.parquet"
    elif path.is_file():
        folder, table = path.parent, path
        if path.suffix != ".parquet":
            raise ConfigError(f"{path}: not a Parquet file; {EXPECTED}.")
    else:
        raise ConfigError(f"{path}: no such file or folder; {EXPECTED}.")
    if not table.is_file():
        raise ConfigError(f"{table}: missing; {EXPECTED}.")
    manifest_path = folder / "optimise.json"
    if not manifest_path.is_file():
        raise ConfigError(
            f"{manifest_path}: missing beside {table.name}; it names the search's base "
            f"scenario, levers and objectives; {EXPECTED}."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        spec = OptimiseSpec.model_validate(manifest["spec"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as err:
        text = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(
            f"{manifest_path}: not the optimise.json of `govsim optimise` ({text}); {EXPECTED}."
        ) from None
    if spec.base is None:
        raise ConfigError(
            f"{manifest_path}: a search of a stand-in model ({spec.model}), not of a "
            "scenario: it has no days to watch in the dashboard."
        )
    pareto = _parquet(table)
    columns = [
        *spec.levers,
        *(o.column for o in spec.objectives),
        *(c.column for c in spec.constraints),
        "feasible",
    ]
    missing = [c for c in columns if c not in pareto.columns]
    if missing:
        raise ConfigError(
            f"{table}: lacks the column(s) {', '.join(missing)} that its optimise.json "
            f"promises (a lever, objective or constraint of the search); {EXPECTED}."
        )
    if pareto.empty:
        raise ConfigError(f"{table}: holds no policy; {EXPECTED}.")
    cands_path = folder / "candidates.parquet"
    candidates = _parquet(cands_path) if cands_path.is_file() else None
    try:
        base = load_scenario(spec.base, days=spec.days)
        base = override(base, spec.set) if spec.set else base
    except ConfigError as err:
        raise ConfigError(f"{manifest_path}: its base scenario cannot be loaded: {err}") from None
    return SavedSearch(folder.resolve(), spec, pareto, candidates, base)
