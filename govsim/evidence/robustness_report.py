"""`govsim robustness`'s report: the markdown table and the figure of a robustness result
(the dict :func:`govsim.evidence.robustness.run_all` computes), and the command's work,
:func:`robustness`: run (or resume) every sweep, then write robustness.json, .md and .png.

Computing is in robustness.py, presenting here (issue 30 item 3): a change of wording or
of the figure touches only this module, and a robustness.json written before renders the
same way again (``to_markdown(json.loads(...))``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from govsim.evidence.robustness import Options, run_all
from govsim.evidence.robustness_holds import FRAGILE, TOP
from govsim.running.output import atomic_write_bytes


def format_box(box: dict[str, Any] | None, share: float) -> str:
    """A PRIM box as one table cell: its limits, coverage and density."""
    if share >= FRAGILE:
        return ""
    if not box or not box["limits"]:
        return "no box"
    limits = "; ".join(
        f"{lim['min']:.3g} ≤ `{k}` ≤ {lim['max']:.3g}" for k, lim in box["limits"].items()
    )
    text = f"{limits} (coverage {box['coverage']:.2f}, density {box['density']:.2f})"
    if box["significant"]:
        return text
    if len(box["limits"]) > TOP:
        return (
            f"none significant (PRIM's box restricts {len(box['limits'])} inputs, density "
            f"{box['density']:.2f}: fitted to chance at this sample size)"
        )
    return f"none significant; PRIM's lead: {text}"


def share_cell(row: dict[str, Any]) -> str:
    """ "81 % of 64 (70–89 %)": the share of samples and its 95 % Wilson interval (the
    interval's "%" lets scripts/docs_quotes.py read both ends as shares)."""
    text = f"{100 * row['share_holds']:.0f} % of {row['samples']}"
    if "share_holds_95" in row:
        lo, hi = row["share_holds_95"]
        text += f" ({100 * lo:.0f}–{100 * hi:.0f} %)"
    return text


def design_sentence(o: dict[str, Any], n_parameters: int) -> str:
    if o.get("prior_design", True):
        return (
            f"{o['samples']} Latin-hypercube samples of all {n_parameters} "
            "assumed parameters within their plausible ranges"
        )
    return (
        f"{o['samples']} draws (by weight, with replacement) of whole rows of the joint "
        f"posterior `{o['posterior']}`: every parameter it holds at that row's value, the "
        "others from their plausible ranges"
    )


def to_markdown(report: dict[str, Any]) -> str:
    o = report["options"]
    both = o.get("posterior") and o.get("prior_design", True)
    posterior_head = " holds over the posterior |" if both else ""
    lines = [
        "# Robustness of the scenarios' predicted directions",
        "",
        f"{design_sentence(o, len(report['parameters']))}, {o['seeds']} seed(s) each, "
        f"{o['days']} days, every scenario paired with {o['base']} (same sample, same "
        f"seeds); {report['runs']} runs in {report['seconds']:.0f} s.",
        "",
        "A prediction *holds* in a sample when the mean over seeds of (scenario − "
        "base) has the predicted sign (a tie counts as not holding); in brackets, the 95 % "
        "Wilson interval of the share (binomial over samples). *Most often flipped "
        "by*: the three parameters whose position in their plausible range is most "
        "correlated (point-biserial r) with holding; r > 0 means the prediction holds "
        "more often at the high end. Predictions of no change and metrics this model "
        "version lacks are listed, not scored. Written by `govsim robustness`; "
        "predictions from govsim/data/predictions.yaml.",
        "",
        "*PRIM box where it holds* (predictions holding in under 90 % of the samples): "
        "the box of the samples where it holds that `govsim discover` finds (EMA "
        "Workbench's PRIM, density ≥ 0.8 if reachable, limits with quasi-p ≥ 0.05 "
        "dropped), over the assumed parameters and the base run's "
        "`capacity_utilisation` and `demand_per_staff_hour`; coverage = share of the "
        "samples where it holds that fall in the box, density = share of the box's "
        f"samples where it holds. With {o['samples']} samples and "
        f"{len(report['parameters'])} parameters a box is a lead."
        + (
            " *Over the posterior*: the same design size drawn with the calibrated "
            f"parameters from `{o['posterior']}` (by weight), the rest from their ranges."
            if both
            else ""
        ),
        "",
        f"| scenario | metric | predicted | kind | holds in |{posterior_head} mean "
        "difference | most often flipped by (point-biserial r) | PRIM box where it holds |",
        "|---|---|---|---|---|" + ("---|" if posterior_head else "") + "---|---|---|",
    ]
    for r in report["predictions"]:
        if "note" in r:
            lines.append(
                f"| {r['scenario']} | `{r['metric']}` | {r['direction']} | {r['kind']} "
                f"| n/a ({r['note']}) |{' |' if posterior_head else ''} | | |"
            )
            continue
        flip = {1.0: "never fails", 0.0: "never holds"}.get(r["share_holds"]) or ", ".join(
            f"`{f['parameter']}` ({f['r']:+.2f})" for f in r["flipped_by"]
        )
        post = r.get("posterior")
        cell = (f" {share_cell(post)} |" if post else " n/a |") if posterior_head else ""
        lines.append(
            f"| {r['scenario']} | `{r['metric']}` | {r['direction']} | {r['kind']} | "
            f"{share_cell(r)} |{cell} "
            f"{r['mean_difference']:+.4f} | {flip} | "
            f"{format_box(r.get('box_where_it_holds'), r['share_holds'])} |"
        )
    lines += [
        "",
        "## Assumed parameters and their plausible ranges",
        "",
        "Declared in govsim/scenario/schema.py with `assumed(default, (lo, hi), …)`: the "
        "modeller's statement of uncertainty, narrower than the validation range.",
        "",
        "| parameter | plausible range |",
        "|---|---|",
    ]
    lines += [f"| `{k}` | {lo} – {hi} |" for k, (lo, hi) in report["parameters"].items()]
    return "\n".join(lines) + "\n"


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from govsim.experiments.analysis.figures import save_figure
    from govsim.simulation.metrics import label

    rows = [r for r in report["predictions"] if "share_holds" in r]
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(rows) + 1.4), layout="constrained")
    y = np.arange(len(rows))
    colours = ["tab:blue" if r["kind"] == "indirect" else "tab:grey" for r in rows]
    ax.barh(y, [100 * r["share_holds"] for r in rows], color=colours)
    ax.set_yticks(
        y,
        [f"{r['scenario']}: {label(r['metric'], unit=False)} {r['direction']}" for r in rows],
        fontsize=7,
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.axvline(50, color="black", lw=0.5, ls=":")
    ax.set_xlabel("Samples in which the prediction holds (%)")
    ax.legend(
        handles=[
            Patch(color="tab:grey", label="direct (the lever's own outcome)"),
            Patch(color="tab:blue", label="indirect"),
        ],
        fontsize=7,
        loc="lower right",
        framealpha=0.9,
    )
    o = report["options"]
    ax.set_title(
        f"Share of {o['samples']} Latin-hypercube samples of the assumed parameters "
        f"({o['seeds']} seed(s) each) in which\neach prediction holds; "
        f"{report['runs']:,} runs",
        fontsize=8,
    )
    save_figure(fig, path)


def robustness(opts: Options) -> dict[str, Any]:
    """Run (or resume) every sweep, then write robustness.json, .md and .png in OUT."""
    opts.out.mkdir(parents=True, exist_ok=True)
    report = run_all(opts)
    atomic_write_bytes(opts.out / "robustness.json", (json.dumps(report, indent=2) + "\n").encode())
    atomic_write_bytes(opts.out / "robustness.md", to_markdown(report).encode())
    plot(report, opts.out / "robustness.png")
    return report
