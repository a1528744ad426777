"""Files and figures of `govsim optimise`: Parquet tables, convergence, trade-off and
parallel-coordinates plots labelled from the metric registry (PNG and SVG)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.analysis.figures import factor_label
from govsim.running.output import atomic_write_bytes, save_png
from govsim.simulation.metrics import format_number


def _label(column: str, spec: Any) -> str:
    """An objective column ``metric_measure`` as an axis label from the registry."""
    from govsim.simulation.metrics import INFO, label

    for o in spec.objectives:
        if column == o.column:
            measure = {"mean": "mean over futures", "regret": "max regret over futures"}.get(
                o.robustness, f"{o.robustness[1:]}th percentile over futures"
            )
            name = label(o.metric) if o.metric in INFO else o.metric
            return f"{name}, {measure}"
    return column


def _save(fig: Any, path: Path) -> None:
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight")
    save_png(fig, path.with_suffix(".png"), tight=True)


def _plain_ticks() -> Any:
    """Tick labels as `format_number` writes them (3.08 M), never matplotlib's 1e6 offset."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: format_number(float(v)))


def plot_tradeoff(result: dict[str, pd.DataFrame], spec: Any, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = [o.column for o in spec.objectives]
    cands, pareto = result["candidates"], result["pareto"]
    fig, ax = plt.subplots(figsize=(6.5, 4.8))
    x, y = cols[0], cols[1] if len(cols) > 1 else cols[0]
    ax.scatter(cands[x], cands[y], s=12, color="lightgrey", label="evaluated candidates")
    infeasible = cands[~cands["feasible"]]
    ax.scatter(
        infeasible[x],
        infeasible[y],
        s=12,
        color="tab:orange",
        alpha=0.5,
        label="misses a constraint",
    )
    front = pareto[pareto["feasible"]].sort_values(x)
    colour = {"c": front[cols[2]], "cmap": "viridis"} if len(cols) > 2 else {"color": "tab:blue"}
    points = ax.scatter(
        front[x],
        front[y],
        s=40,
        edgecolors="black",
        linewidths=0.5,
        label="Pareto set (feasible)",
        **colour,
    )
    if len(cols) > 2:
        bar = fig.colorbar(points, ax=ax, label=_label(cols[2], spec))
        bar.formatter = _plain_ticks()
        bar.update_ticks()
    ax.xaxis.set_major_formatter(_plain_ticks())
    ax.yaxis.set_major_formatter(_plain_ticks())
    ax.set_xlabel(_label(x, spec))
    ax.set_ylabel(_label(y, spec))
    ax.legend(fontsize=8, framealpha=0.9)
    ax.set_title(f"{spec.name}: trade-off across {spec.futures.count} futures", fontsize=9)
    fig.tight_layout()
    _save(fig, path)


def plot_parallel(
    result: dict[str, pd.DataFrame], spec: Any, path: Path, scenario: Any = None
) -> None:
    """Levers and objectives of the Pareto set, each axis scaled to its own min–max; each
    mix coloured by the first objective (a colour bar says which), so a reader can follow
    the cheap mixes across the axes. `scenario`: the search's base, to name its events."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    pareto = result["pareto"]
    axes_cols = list(spec.levers) + [o.column for o in spec.objectives]
    names = [factor_label(k, scenario=scenario) for k in spec.levers] + [
        _label(o.column, spec) for o in spec.objectives
    ]
    data = pareto[axes_cols].to_numpy(dtype=float)
    lo, hi = np.nanmin(data, axis=0), np.nanmax(data, axis=0)
    scaled = (data - lo) / np.where(hi > lo, hi - lo, 1.0)
    fig, ax = plt.subplots(figsize=(1.6 * len(axes_cols) + 2.5, 4.8))
    first = spec.objectives[0].column
    norm = Normalize(np.nanmin(pareto[first]), np.nanmax(pareto[first]))
    colours = plt.cm.viridis(norm(pareto[first].to_numpy(dtype=float)))
    for row, colour, ok in zip(scaled, colours, pareto["feasible"], strict=True):
        ax.plot(range(len(axes_cols)), row, color=colour, alpha=0.8, ls="-" if ok else ":")
    for i in range(len(axes_cols)):
        ax.axvline(i, color="black", lw=0.6)
        ax.annotate(
            format_number(hi[i]), (i, 1.0), xytext=(3, 3), textcoords="offset points", fontsize=7
        )
        ax.annotate(
            format_number(lo[i]), (i, 0.0), xytext=(3, -10), textcoords="offset points", fontsize=7
        )
    ax.set_xticks(range(len(axes_cols)), ["\n".join(_wrap(n, 18)) for n in names], fontsize=7)
    ax.set_yticks([])
    ax.set_xlim(-0.2, len(axes_cols) - 0.6)
    ax.set_ylim(-0.08, 1.08)
    bar = fig.colorbar(
        plt.cm.ScalarMappable(norm=norm, cmap="viridis"), ax=ax, pad=0.01, fraction=0.03
    )
    bar.set_label("\n".join(_wrap(_label(first, spec), 30)), fontsize=7)
    bar.formatter = _plain_ticks()
    bar.update_ticks()
    bar.ax.tick_params(labelsize=7)
    ax.set_title(
        f"{spec.name}: Pareto set, levers then objectives (each axis its own "
        "min–max; colour: the first objective; dotted: misses a constraint)",
        fontsize=9,
    )
    fig.tight_layout()
    _save(fig, path)


def _wrap(text: str, width: int = 22) -> list[str]:
    words, lines, line = text.replace(".", ". ").split(), [], ""
    for w in words:
        if len(line) + len(w) > width and line:
            lines.append(line)
            line = ""
        line = f"{line}{w}" if line.endswith(".") or not line else f"{line} {w}"
    return [*lines, line]


def plot_convergence(result: dict[str, pd.DataFrame], spec: Any, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    conv = result["convergence"]
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.plot(conv["runs"], conv["hypervolume"], marker="o")
    ax.set_xlabel("model runs (candidates × futures)")
    fixed = "reference" in conv and (conv["reference"] == "fixed").all()
    ax.set_ylabel(
        "hypervolume of the feasible front\n"
        + (
            "(objectives ÷ their fixed reference values)"
            if fixed
            else "(normalised by the final front, ref. 1.1)"
        )
    )
    ax.set_title(f"{spec.name}: convergence over {len(conv)} generations", fontsize=9)
    fig.tight_layout()
    _save(fig, path)


def write(result: dict[str, pd.DataFrame], out: Path, setup: Any) -> None:
    from govsim.experiments.analysis.discover import write_with_inputs

    spec = setup.opt.spec
    for name in ("pareto", "candidates", "evaluations"):
        result[name].to_parquet(out / f"{name}.parquet", index=False)
    best = result["best_futures"]
    if not best.empty:
        inputs = [c for c in setup.futures.columns if best[c].nunique() > 1]
        write_with_inputs(best, inputs, out / "best_futures.parquet")
    result["convergence"].to_csv(out / "convergence.csv", index=False)
    plot_tradeoff(result, spec, out / "tradeoff")
    plot_parallel(result, spec, out / "parallel", setup.opt.base)
    plot_convergence(result, spec, out / "convergence")
    atomic_write_bytes(out / "summary.txt", (summary_text(result, setup.opt) + "\n").encode())


def _reference_words(conv: pd.DataFrame) -> str:
    fixed = "reference" in conv and (conv["reference"] == "fixed").all()
    return "against the objectives' fixed reference" if fixed else "normalised by the final front"


def summary_text(result: dict[str, pd.DataFrame], opt: Any) -> str:
    spec = opt.spec
    pareto, conv = result["pareto"], result["convergence"]
    feasible = pareto[pareto["feasible"]]
    lines = [
        f"optimise {spec.name}: {len(result['candidates'])} candidates × "
        f"{spec.futures.count} futures = {len(result['evaluations'])} model runs; "
        f"{len(feasible)} feasible Pareto candidate(s) of {len(pareto)}",
        f"hypervolume by generation ({_reference_words(conv)}): "
        + ", ".join(f"{v:.3f}" for v in conv["hypervolume"]),
    ]
    show = (
        list(spec.levers)
        + [o.column for o in spec.objectives]
        + [c.column for c in spec.constraints]
    )
    with pd.option_context("display.width", 200, "display.max_columns", 50):
        table = (feasible if len(feasible) else pareto)[show]
        lines.append(table.to_string(index=False, float_format=format_number))
    if not len(feasible):
        lines.append(
            "no candidate meets every constraint in the required share of futures "
            "(shown: the least infeasible)"
        )
    return "\n".join(lines)
