"""`govsim calibrate`'s report: calibration.md from the summary dict that
:func:`govsim.evidence.calibrate.calibrate` computes, and the plots (screening, posterior
pairs, posterior predictive) as PNG and SVG.

Presenting apart from computing (issue 30 item 3): a calibration.json written before
renders the same way again (``to_markdown(json.loads(...))``, as ``govsim calibrate``
prints it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govsim.evidence.targets import TargetsFile


def to_markdown(s: dict[str, Any]) -> str:
    lines = [
        f"# Calibration: {s['targets']} (scenario {s['scenario']}, seed {s['seed']})",
        "",
        f"{s['runs']} runs ({s['screening_runs']} screening), {s['wall_seconds']} s wall "
        f"on {s['engine']} × {s['workers']}; ABC-SMC population "
        f"{s['abc']['population']}, {s['abc']['generations']} generations, ε "
        f"{', '.join(f'{e:.2f}' for e in s['abc']['epsilon'])}; effective sample size "
        f"{s['effective_sample_size']:.1f}; keys not inferred: {s['others']}.",
        "",
        "| key | prior | posterior mean | 90 % interval |",
        "|---|---|---|---|",
    ]
    for k, p in s["posterior"].items():
        lo, hi = s["priors"][k]
        lines.append(
            f"| `{k}` | [{lo}, {hi}] | {p['mean']:.4g} | [{p['q05']:.4g}, {p['q95']:.4g}] |"
        )
    lines += [
        "",
        "Posterior predictive (mean, 5th-95th percentile) against each target:",
        "",
        "| target | use | value ± uncertainty | predicted | 90 % | deviation |",
        "|---|---|---|---|---|---|",
    ]
    for name, p in s["predictive"].items():
        if "mean" in p:
            lines.append(
                f"| {name} | {p['use']} | {p['target']:.4g} ± {p['uncertainty']:.3g} "
                f"| {p['mean']:.4g} | [{p['lo']:.4g}, {p['hi']:.4g}] | "
                f"{p['deviation']:+.3g} |"
            )
        else:
            lines.append(f"| {name} | {p['use']} | {p['target']:.4g} | n/a | | |")
    return "\n".join(lines) + "\n"


def _save(fig: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(path.with_suffix(".png"), dpi=110, bbox_inches="tight")
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight")
    plt.close(fig)


def _wrap(text: str, width: int = 28) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _target_label(spec: TargetsFile, name: str) -> str:
    from govsim.simulation.metrics import label

    target = next(t for t in spec.targets if t.name == name)
    if target.metric:
        return label(target.metric)
    return (
        f"S4 {target.table} '{target.answer}' (% of valid)"
        if target.table != "response"
        else "S4 valid returns (% distributed)"
    )


def plots(
    spec: TargetsFile,
    screening: dict,
    posterior: Any,
    keys: list[str],
    pred: dict,
    out: Path,
    ranges: dict[str, tuple],
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from govsim.experiments.analysis.figures import factor_label

    w = posterior["weight"].to_numpy()
    if "ranked" in screening:
        top = screening["ranked"][:15]
        fig, ax = plt.subplots(figsize=(10, 0.4 * len(top) + 1.4), layout="constrained")
        ax.barh(  # the dotted keys are in calibration.md and screening.json
            [_wrap(factor_label(r["key"]), 48) for r in top][::-1],
            [r["score"] for r in top][::-1],
            color=["tab:blue" if r["key"] in keys else "tab:gray" for r in top][::-1],
        )
        ax.axvline(screening["threshold"], color="k", ls="--", lw=1, label="threshold")
        ax.set_xlabel("Morris μ* ÷ target uncertainty (largest over fitted targets)")
        ax.set_title("Screening: which assumed keys the fitted targets can identify")
        ax.legend(loc="lower right")
        _save(fig, out / "screening")
    k = len(keys)
    fig, axes = plt.subplots(
        k, k, figsize=(2.6 * k + 1, 2.6 * k + 1), squeeze=False, layout="constrained"
    )
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            ax = axes[i][j]
            if i == j:
                lo, hi = ranges[a]
                ax.hist(
                    posterior[a],
                    bins=15,
                    range=(lo, hi),
                    weights=w,
                    density=True,
                    color="tab:blue",
                    alpha=0.7,
                    label="posterior",
                )
                ax.plot([lo, hi], [1 / (hi - lo)] * 2, color="k", ls="--", label="prior")
                if i == 0:
                    ax.legend(fontsize=7)
            elif i > j:
                ax.scatter(posterior[b], posterior[a], s=400 * w, alpha=0.5, color="tab:blue")
                ax.set_xlim(*ranges[b])
                ax.set_ylim(*ranges[a])
            else:
                ax.axis("off")
            if i == k - 1:
                ax.set_xlabel(_wrap(factor_label(b)), fontsize=8)
            if j == 0 and i != j:
                ax.set_ylabel(_wrap(factor_label(a)), fontsize=8)
            ax.tick_params(labelsize=7)
    fig.suptitle(
        "Posterior (blue) against the prior (dashed: uniform over the plausible range)", fontsize=10
    )
    _save(fig, out / "posterior_pairs")
    names = [n for n, p in pred.items() if "mean" in p]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(names) + 1.5))
    for y, name in enumerate(names):
        p = pred[name]
        scale = p["uncertainty"]
        ax.errorbar(
            0,
            y,
            xerr=1.0,
            fmt="o",
            color="k",
            ms=4,
            capsize=3,
            label="target ± uncertainty" if y == 0 else None,
        )
        colour = "tab:blue" if p["use"] == "fit" else "tab:orange"
        ax.errorbar(
            (p["mean"] - p["target"]) / scale,
            y + 0.2,
            xerr=[[(p["mean"] - p["lo"]) / scale], [(p["hi"] - p["mean"]) / scale]],
            fmt="s",
            color=colour,
            ms=4,
            capsize=3,
            label=f"predicted ({p['use']}), 90 %"
            if name == next(n for n in names if pred[n]["use"] == p["use"])
            else None,
        )
    ax.set_yticks(range(len(names)), [_target_label(spec, n) for n in names], fontsize=8)
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("(predicted − target) ÷ target uncertainty")
    ax.set_title("Posterior predictive of every target")
    ax.legend(fontsize=7, loc="best")
    _save(fig, out / "predictive")
