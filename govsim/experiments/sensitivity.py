"""`govsim sensitivity`: Sobol (S1, ST with 95 % confidence) or Morris (mu*, sigma) indices.

The runs are an ordinary sweep of the experiment's design (``design: sobol``
with ``samples`` = N gives SALib's N × (D + 2) points; ``design: morris`` gives
``samples`` trajectories of D + 1 points), so an interrupted analysis resumes
and a finished one is re-analysed without rerunning. Each design point's
outcome is the mean over its replicates. Factors are analysed on their unit
range (position 0–1 between lo and hi, or along the list of values), so Morris
mu* is "change of the outcome across the factor's whole range".

A Sobol analysis also says when it is too thin. SALib's Saltelli design is nested in
its base size N (the scrambled Sobol' sequence's first N/4 points are the first N/4
of N, and the design lays out the D + 2 points of each base row together), so the
first n·(D + 2) design points are the design of size n: the indices are recomputed at
N/4, N/2 and N without a run more (``sensitivity_convergence.csv`` and the figure
``sensitivity_convergence``). The ranking is called stable when the factors it can
rank at N (ST larger than its interval) have the same order by ST at N/2 and N. Every
index whose 95 % interval is wider than the index itself is listed as a warning (so are
a negative S1 or an ST above 1 beyond their interval: noise, not an effect). Morris
designs are not nested: no convergence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.designs import morris as morris_design
from govsim.experiments.designs import sobol as sobol_design
from govsim.experiments.figures import factor_label, runs_note, save_figure
from govsim.experiments.seeds import design_seed
from govsim.experiments.spec import Experiment
from govsim.experiments.store import read_columns
from govsim.experiments.sweep import sweep
from govsim.running.output import atomic_write_bytes
from govsim.scenario.config import ConfigError
from govsim.simulation.metrics import METRICS, label

RANK_BY = {"sobol": "ST", "morris": "mu_star"}
COLUMNS = {
    "sobol": ["S1", "S1_conf", "ST", "ST_conf"],
    "morris": ["mu_star", "mu_star_conf", "mu", "sigma"],
}


@dataclass
class SensitivityResult:
    table: pd.DataFrame
    table_markdown: str
    paths: list[Path]
    failures: list[dict[str, Any]] = field(default_factory=list)
    convergence: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)


def _check(
    experiment: Experiment, method: str | None, outcomes: list[str] | None
) -> tuple[str, list[str]]:
    design = experiment.spec.design
    method = method or design
    if method not in RANK_BY or design != method:
        raise ConfigError(
            f"{experiment.path}: key `design`: sensitivity method {method!r} needs "
            f"`design: {method if method in RANK_BY else 'sobol'}` (allowed "
            f"methods: sobol, morris); this experiment has design {design!r}."
        )
    outcomes = list(outcomes or experiment.outcomes)
    unknown = [o for o in outcomes if o not in METRICS]
    if unknown:
        raise ConfigError(
            f"--outcomes: unknown metric(s) {', '.join(unknown)}; allowed: {', '.join(METRICS)}."
        )
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


def sub_sizes(n: int) -> list[int]:
    """Base sizes of the nested sub-designs: N/4, N/2, N (those ≥ 2)."""
    return [m for m in (n // 4, n // 2, n) if m >= 2]


def convergence(
    experiment: Experiment, outcomes: list[str], runs: pd.DataFrame, n_points: int
) -> pd.DataFrame:
    """Sobol S1 and ST (with 95 % intervals) of every factor at N/4, N/2 and N, from the
    first n·(D + 2) design points (the nested design of base size n)."""
    from SALib.analyze import sobol

    spec = experiment.spec
    factors = list(experiment.factors)
    width = len(factors) + 2
    problem = sobol_design.problem(spec)
    rows = []
    for outcome in outcomes:
        y = point_means(runs, n_points, outcome)
        for n in sub_sizes(int(spec.samples or 0)):
            part = y[: n * width]
            if np.isnan(part).any():
                continue
            result = sobol.analyze(
                problem,
                part,
                calc_second_order=False,
                conf_level=0.95,
                seed=design_seed(spec.root_seed),
            )
            order = np.argsort(-np.asarray(result["ST"]), kind="stable")
            rank = np.empty(len(factors), dtype=int)
            rank[order] = np.arange(1, len(factors) + 1)
            rows += [
                {
                    "outcome": outcome,
                    "N": n,
                    "runs": n * width * spec.replicates,
                    "factor": f,
                    "rank": int(rank[i]),
                    **{c: float(result[c][i]) for c in COLUMNS["sobol"]},
                }
                for i, f in enumerate(factors)
            ]
    return pd.DataFrame(rows)


def stability(conv: pd.DataFrame) -> dict[str, bool]:
    """Per outcome: do the factors the analysis can rank at N (ST larger than its 95 %
    interval) keep their order by ST from N/2 to N? Factors whose ST is within noise of 0
    are ties and may swap; with no rankable factor the ranking is not stable."""
    out = {}
    for outcome, part in conv.groupby("outcome", sort=False):
        sizes = sorted(part["N"].unique())
        if len(sizes) < 2:
            continue
        last = part[part["N"] == sizes[-1]].sort_values("rank")
        rankable = last.loc[last["ST"] > last["ST_conf"], "factor"].tolist()
        before = [
            f for f in part[part["N"] == sizes[-2]].sort_values("rank")["factor"] if f in rankable
        ]
        out[str(outcome)] = bool(rankable) and before == rankable
    return out


def thin_warnings(table: pd.DataFrame) -> list[str]:
    """Indices whose 95 % interval is wider than the index, negative S1 and ST above 1."""
    notes = []
    for _, r in table[table["rank"].notna()].iterrows():
        for col in ("S1", "ST"):
            value, conf = r.get(col), r.get(f"{col}_conf")
            if value is None or pd.isna(value):
                continue
            where = f"{r['outcome']} / {r['factor']}: {col} = {value:.3f} ± {conf:.3f}"
            if conf > abs(value):
                notes.append(f"{where}: the interval is wider than the index")
            if col == "S1" and value + conf < 0:
                notes.append(f"{where}: negative beyond its interval (sampling noise)")
            if col == "ST" and value - conf > 1:
                notes.append(f"{where}: above 1 beyond its interval (sampling noise)")
    return notes


def ranked_table(
    experiment: Experiment, method: str, outcomes: list[str], runs: pd.DataFrame, n_points: int
) -> pd.DataFrame:
    factors = list(experiment.factors)
    rows = []
    for outcome in outcomes:
        y = point_means(runs, n_points, outcome)
        missing = int(np.isnan(y).sum())
        if missing:
            rows += [
                {
                    "outcome": outcome,
                    "factor": f,
                    "rank": None,
                    "note": f"{missing} design point(s) without a value",
                }
                for f in factors
            ]
            continue
        result = indices(experiment, method, y)
        part = pd.DataFrame(
            {
                "outcome": outcome,
                "factor": factors,
                **{c: np.asarray(result[c], dtype=float) for c in COLUMNS[method]},
            }
        )
        part = part.sort_values(RANK_BY[method], ascending=False, kind="stable")
        part.insert(2, "rank", range(1, len(part) + 1))
        rows += part.to_dict("records")
    return pd.DataFrame(rows)


def to_markdown(table: pd.DataFrame, method: str, title: str) -> str:
    cols = ["outcome", "rank", "factor", *COLUMNS[method]]
    lines = [f"# {title}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in table.iterrows():
        cells = [
            str(r.get(c))
            if c in ("outcome", "factor")
            else (
                "n/a" if pd.isna(r.get(c)) else (str(int(r[c])) if c == "rank" else f"{r[c]:.3f}")
            )
            for c in cols
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def bar_chart(
    table: pd.DataFrame, method: str, outcomes: list[str], path: Path, n_runs: int
) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = (
        [("S1", "S1_conf"), ("ST", "ST_conf")]
        if method == "sobol"
        else [("mu_star", "mu_star_conf"), ("sigma", None)]
    )
    columns = min(2, len(outcomes))
    rows_n = -(-len(outcomes) // columns)
    height = 0.38 * table["factor"].nunique() + 1.3
    fig, axes = plt.subplots(
        rows_n,
        columns,
        figsize=(6.8 * columns, height * rows_n),
        squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[len(outcomes) :]:
        ax.set_visible(False)
    for ax, outcome in zip(axes.flat, outcomes, strict=False):
        part = table[(table["outcome"] == outcome) & table["rank"].notna()]
        y = np.arange(len(part))
        for k, (col, conf) in enumerate(bars):
            if col not in part:
                continue
            xerr = part[conf].to_numpy(dtype=float) if conf else None
            ax.barh(
                y + 0.4 * k - 0.2,
                part[col].to_numpy(dtype=float),
                height=0.4,
                xerr=xerr,
                label=col,
                capsize=2,
            )
        ax.set_yticks(y, [factor_label(f) for f in part["factor"]] if len(part) else [], fontsize=7)
        ax.invert_yaxis()
        ax.axvline(0.0, color="0.5", linewidth=0.8)
        ax.set_title(label(outcome), fontsize=9)
        ax.set_xlabel(
            "index (share of output variance)"
            if method == "sobol"
            else f"change of {label(outcome, unit=False)} over the factor's range"
        )
        ax.legend(fontsize=7)
    what = (
        "bars: 95 % bootstrap interval"
        if method == "sobol"
        else "bars on mu*: 95 % bootstrap interval"
    )
    fig.suptitle(
        f"{method.capitalize()} sensitivity (ranked by {RANK_BY[method]}); {what}; "
        f"{runs_note(n_runs)}",
        fontsize=9,
    )
    return save_figure(fig, path)


def convergence_chart(conv: pd.DataFrame, outcomes: list[str], path: Path) -> list[Path]:
    """ST (95 % interval) of every factor against the base size N/4, N/2, N, per outcome."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, NullLocator

    columns = min(3, len(outcomes))
    rows_n = -(-len(outcomes) // columns)
    fig, axes = plt.subplots(
        rows_n, columns, figsize=(4.6 * columns, 3.3 * rows_n), squeeze=False, layout="constrained"
    )
    for ax in axes.flat[len(outcomes) :]:
        ax.set_visible(False)
    for ax, outcome in zip(axes.flat, outcomes, strict=False):
        part = conv[conv["outcome"] == outcome]
        for factor, rows in part.groupby("factor", sort=False):
            ax.errorbar(
                rows["runs"],
                rows["ST"],
                yerr=rows["ST_conf"],
                marker="o",
                capsize=3,
                markersize=3,
                label=factor_label(str(factor)),
            )
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(FixedLocator(sorted(part["runs"].unique())))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.set_ylim(-0.25, max(1.25, float(part["ST"].max()) * 1.1))  # intervals may run off
        ax.axhline(1.0, color="0.6", linewidth=0.6, linestyle=":")
        ax.set_xlabel("runs in the nested sub-design (N/4, N/2, N)")
        ax.set_ylabel("total-order index ST")
        ax.set_title(label(outcome), fontsize=9)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=7)
    fig.suptitle(
        "Sobol convergence: ST with its 95 % bootstrap interval at N/4, N/2 and N "
        "(intervals beyond the axis run off it: values in "
        "sensitivity_convergence.csv)",
        fontsize=9,
    )
    return save_figure(fig, path)


def convergence_markdown(conv: pd.DataFrame, stable: dict[str, bool], notes: list[str]) -> str:
    lines = [
        "",
        "## Convergence (nested sub-designs N/4, N/2, N)",
        "",
        "| outcome | N | runs | ranking by ST | ranking stable N/2 → N |",
        "|---|---:|---:|---|---|",
    ]
    for (outcome, n), part in conv.groupby(["outcome", "N"], sort=False):
        order = " > ".join(
            f"{r['factor'].split('.')[-1]} {r['ST']:.2f}"
            for _, r in part.sort_values("rank").iterrows()
        )
        verdict = (
            {True: "yes", False: "**no**"}.get(stable.get(str(outcome)), "n/a")
            if n == part["N"].max() and n == conv[conv["outcome"] == outcome]["N"].max()
            else ""
        )
        lines.append(f"| {outcome} | {n} | {int(part['runs'].iloc[0]):,} | {order} | {verdict} |")
    if notes:
        lines += ["", f"## Too thin: {len(notes)} warning(s)", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def sensitivity(
    experiment: Experiment,
    out_dir: Path,
    workers: int | None = None,
    outcomes: list[str] | None = None,
    method: str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> SensitivityResult:
    """Run (or resume) the design's sweep in `out_dir`, then write the ranked indices and,
    for Sobol, their convergence and the warnings where they are too thin."""
    method, outcomes = _check(experiment, method, outcomes)
    result = sweep(
        experiment, out_dir, workers=workers, engine=engine, scheduler=scheduler, resume=True
    )
    runs = read_columns(out_dir / "runs.parquet", ["point", "replicate", *outcomes])
    return analyse(experiment, method, outcomes, runs, result.expected, out_dir, result.failures)


def analyse(
    experiment: Experiment,
    method: str,
    outcomes: list[str],
    runs: pd.DataFrame,
    expected: int,
    out_dir: Path,
    failures: list[dict[str, Any]] | None = None,
) -> SensitivityResult:
    """Indices, convergence and warnings from finished runs; writes the files."""
    n_points = expected // experiment.spec.replicates
    table = ranked_table(experiment, method, outcomes, runs, n_points)
    csv, md, png = (out_dir / f"sensitivity.{ext}" for ext in ("csv", "md", "png"))
    atomic_write_bytes(csv, table.to_csv(index=False).encode())
    text = to_markdown(table, method, f"{method.capitalize()} sensitivity: {experiment.name}")
    notes = thin_warnings(table) if method == "sobol" else []
    paths = [csv, md, *bar_chart(table, method, outcomes, png, len(runs))]
    conv = None
    if method == "sobol":
        conv = convergence(experiment, outcomes, runs, n_points)
        conv_csv = out_dir / "sensitivity_convergence.csv"
        atomic_write_bytes(conv_csv, conv.to_csv(index=False).encode())
        text += convergence_markdown(conv, stability(conv), notes)
        paths += [
            conv_csv,
            *convergence_chart(conv, outcomes, out_dir / "sensitivity_convergence.png"),
        ]
    atomic_write_bytes(md, text.encode())
    return SensitivityResult(
        table=table,
        table_markdown=text,
        paths=paths,
        failures=failures or [],
        convergence=conv,
        warnings=notes,
    )
