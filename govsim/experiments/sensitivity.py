"""`govsim sensitivity`: Sobol (S1, ST with 95 % confidence) or Morris (mu*, sigma) indices.

The runs are an ordinary sweep of the experiment's design (``design: sobol``
with ``samples`` = N gives SALib's N × (D + 2) points; ``design: morris`` gives
``samples`` trajectories of D + 1 points), so an interrupted analysis resumes
and a finished one is re-analysed without rerunning. Each design point's
outcome is the mean over its replicates. Factors are analysed on their unit
range (position 0–1 between lo and hi, or along the list of values), so Morris
mu* is "change of the outcome across the factor's whole range".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.designs import morris as morris_design
from govsim.experiments.designs import sobol as sobol_design
from govsim.experiments.seeds import design_seed
from govsim.experiments.spec import Experiment
from govsim.experiments.sweep import sweep
from govsim.running.output import atomic_write_bytes, save_png
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import METRICS, label

RANK_BY = {"sobol": "ST", "morris": "mu_star"}
COLUMNS = {"sobol": ["S1", "S1_conf", "ST", "ST_conf"],
           "morris": ["mu_star", "mu_star_conf", "mu", "sigma"]}


@dataclass
class SensitivityResult:
    table: pd.DataFrame
    table_markdown: str
    paths: list[Path]
    failures: list[dict[str, Any]] = field(default_factory=list)


def _check(experiment: Experiment, method: str | None,
           outcomes: list[str] | None) -> tuple[str, list[str]]:
    design = experiment.spec.design
    method = method or design
    if method not in RANK_BY or design != method:
        raise ConfigError(f"{experiment.path}: key `design`: sensitivity method {method!r} needs "
                          f"`design: {method if method in RANK_BY else 'sobol'}` (allowed "
                          f"methods: sobol, morris); this experiment has design {design!r}.")
    outcomes = list(outcomes or experiment.outcomes)
    unknown = [o for o in outcomes if o not in METRICS]
    if unknown:
        raise ConfigError(f"--outcomes: unknown metric(s) {', '.join(unknown)}; allowed: "
                          f"{', '.join(METRICS)}.")
    return method, outcomes


def point_means(runs: pd.DataFrame, n_points: int, outcome: str) -> np.ndarray:
    """Mean over replicates per design point, in design order (NaN where no run counted)."""
    means = runs.groupby("point")[outcome].mean()
    return means.reindex(range(n_points)).to_numpy(dtype=float)


def indices(experiment: Experiment, method: str, y: np.ndarray) -> dict[str, np.ndarray]:
    spec = experiment.spec
    problem = sobol_design.problem(spec)
    seed = design_seed(spec.root_seed)
    if method == "sobol":
        from SALib.analyze import sobol

        return sobol.analyze(problem, y, calc_second_order=False, conf_level=0.95, seed=seed)
    from SALib.analyze import morris

    x = morris_design.unit_matrix(spec)
    return morris.analyze(problem, x, y, conf_level=0.95, num_levels=spec.levels, seed=seed)


def ranked_table(experiment: Experiment, method: str, outcomes: list[str],
                 runs: pd.DataFrame, n_points: int) -> pd.DataFrame:
    factors = list(experiment.factors)
    rows = []
    for outcome in outcomes:
        y = point_means(runs, n_points, outcome)
        missing = int(np.isnan(y).sum())
        if missing:
            rows += [{"outcome": outcome, "factor": f, "rank": None,
                      "note": f"{missing} design point(s) without a value"} for f in factors]
            continue
        result = indices(experiment, method, y)
        part = pd.DataFrame({"outcome": outcome, "factor": factors,
                             **{c: np.asarray(result[c], dtype=float) for c in COLUMNS[method]}})
        part = part.sort_values(RANK_BY[method], ascending=False, kind="stable")
        part.insert(2, "rank", range(1, len(part) + 1))
        rows += part.to_dict("records")
    return pd.DataFrame(rows)


def to_markdown(table: pd.DataFrame, method: str, title: str) -> str:
    cols = ["outcome", "rank", "factor", *COLUMNS[method]]
    lines = [f"# {title}", "", "| " + " | ".join(cols) + " |",
             "|" + "---|" * len(cols)]
    for _, r in table.iterrows():
        cells = [str(r.get(c)) if c in ("outcome", "factor") else
                 ("n/a" if pd.isna(r.get(c)) else
                  (str(int(r[c])) if c == "rank" else f"{r[c]:.3f}")) for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def bar_chart(table: pd.DataFrame, method: str, outcomes: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = [("S1", "S1_conf"), ("ST", "ST_conf")] if method == "sobol" else \
        [("mu_star", "mu_star_conf"), ("sigma", None)]
    fig, axes = plt.subplots(1, len(outcomes), figsize=(4.5 * len(outcomes), 3.6), squeeze=False)
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        part = table[(table["outcome"] == outcome) & table["rank"].notna()]
        y = np.arange(len(part))
        for k, (col, conf) in enumerate(bars):
            if col not in part:
                continue
            xerr = part[conf].to_numpy(dtype=float) if conf else None
            ax.barh(y + 0.4 * k - 0.2, part[col].to_numpy(dtype=float), height=0.4, xerr=xerr,
                    label=col, capsize=2)
        ax.set_yticks(y, [f.split(".")[-1] for f in part["factor"]] if len(part) else [])
        ax.invert_yaxis()
        ax.set_title(label(outcome), fontsize=9)
        ax.legend(fontsize=7)
    fig.suptitle(f"{method} sensitivity (ranked by {RANK_BY[method]})", fontsize=10)
    fig.tight_layout()
    save_png(fig, path)


def sensitivity(experiment: Experiment, out_dir: Path, workers: int | None = None,
                outcomes: list[str] | None = None, method: str | None = None,
                engine: str = "local", scheduler: str | None = None) -> SensitivityResult:
    """Run (or resume) the design's sweep in `out_dir`, then write the ranked indices."""
    method, outcomes = _check(experiment, method, outcomes)
    result = sweep(experiment, out_dir, workers=workers, engine=engine, scheduler=scheduler,
                   resume=True)
    runs = pd.read_parquet(out_dir / "runs.parquet")
    n_points = result.expected // experiment.spec.replicates
    table = ranked_table(experiment, method, outcomes, runs, n_points)
    csv, md, png = (out_dir / f"sensitivity.{ext}" for ext in ("csv", "md", "png"))
    atomic_write_bytes(csv, table.to_csv(index=False).encode())
    text = to_markdown(table, method, f"{method.capitalize()} sensitivity: {experiment.name}")
    atomic_write_bytes(md, text.encode())
    bar_chart(table, method, outcomes, png)
    return SensitivityResult(table=table, table_markdown=text, paths=[csv, md, png],
                             failures=result.failures)
