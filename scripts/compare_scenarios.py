"""Write docs/scenarios.md: each scenario's predictions first, then what came out.

The predictions are govsim/data/predictions.yaml, written before any run. For
each scenario and prediction: the base (Community Y) and scenario means with 95 %
intervals over seeds, the paired difference (same seed in both) with its 95 %
interval, whether the prediction held, and the share of assumption samples in
which it held (docs/robustness.json, from `govsim robustness`). A null is
reported as a null. Then the key metrics of every scenario. Nothing in the
document is typed by hand: rerun this script after a model change.

Runs go through the library's in-memory sweep (`govsim.sweep`), one experiment per
scenario with the same root seed, so replicate r of every scenario runs with the same
seed (paired differences).

    .venv/bin/python scripts/compare_scenarios.py [--seeds 10] [--workers 2]

The run summaries are kept in docs/scenarios.json; `--render-only` rewrites the
document from them (e.g. after a new `govsim robustness` run) without running again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

import govsim
from govsim.core.stats import t_interval
from govsim.evidence.predictions import Prediction, load_predictions
from govsim.scenario.config import load_scenario
from govsim.simulation.metrics import METRICS

ROOT = Path(__file__).resolve().parent.parent
KEY_METRICS = [
    "participation_rate",
    "participation_rate_60plus",
    "adoption_rate",
    "digital_divide",
    "report_rate",
    "median_days_to_resolve",
    "p90_days_to_resolve",
    "closure_rate",
    "satisfaction",
    "trust_government",
    "non_government_share",
    "index_organisational",
    "index_value",
    "index_action",
    "index_interest",
]
Results = dict[str, list[dict[str, float]]]
ROOT_SEED = 20261123


def summaries(name: str, seeds: int, workers: int) -> list[dict[str, float]]:
    """Whole-run summaries of `seeds` replicates of scenario `name`, in replicate order."""
    runs = govsim.sweep(
        {
            "name": f"compare_{name}",
            "factors": {"scenario": {"values": [name]}},
            "replicates": seeds,
            "root_seed": ROOT_SEED,
            "outcomes": ["report_rate"],
        },
        workers=workers,
    )
    if runs.attrs.get("failures"):
        raise RuntimeError(f"{name}: {len(runs.attrs['failures'])} run(s) failed")
    return runs.sort_values("replicate").to_dict("records")


def interval(values: list[float] | np.ndarray) -> tuple[float, float, float]:
    """Mean and t-based 95 % interval over seeds (NaN values left out)."""
    v = np.array([x for x in values if x == x], dtype=float)
    if not len(v):
        return (float("nan"),) * 3
    mean = float(v.mean())
    low, high = t_interval(mean, v.std(ddof=1) if len(v) > 1 else 0.0, len(v))
    return mean, float(low), float(high)


def held(p: Prediction, diff: tuple[float, float, float]) -> str:
    mean, lo, hi = diff
    if lo != lo:
        return "not decidable (no interval)"
    contains_zero = lo <= 0 <= hi
    if p.sign == 0:
        return (
            "**held**: no detectable difference"
            if contains_zero
            else f"**did not hold**: the scenario changes it ({mean:+.4f})"
        )
    if contains_zero:
        return "**null**: no detectable difference (the interval contains 0)"
    return "**held**" if np.sign(mean) == p.sign else "**did not hold**: opposite direction"


def robustness_share(robust: dict | None, p: Prediction) -> str:
    if not robust:
        return "not run"
    for r in robust["predictions"]:
        if (r["scenario"], r["metric"]) == (p.scenario, p.metric):
            if "share_holds" not in r:
                return "n/a"
            return f"{100 * r['share_holds']:.0f} % of {r['samples']}"
    return "not in the robustness run"


def fmt(ci: tuple[float, float, float]) -> str:
    return f"{ci[0]:.3f} [{ci[1]:.3f}, {ci[2]:.3f}]"


def prediction_rows(scenario: str, predictions: list[Prediction]) -> list[str]:
    lines = [
        "| metric | predicted | kind | mechanism | hypothesis (quoted) |",
        "|---|---|---|---|---|",
    ]
    for p in predictions:
        hyp = f'"{p.quote}" ({p.source})' if p.quote else "none in the papers"
        lines.append(f"| `{p.metric}` | {p.direction} | {p.kind} | {p.mechanism} | {hyp} |")
    return lines


def result_stats(
    base: str, predictions: list[Prediction], results: Results, robust: dict | None
) -> dict[str, dict]:
    """Per prediction: base, scenario and paired-difference intervals, robustness share."""
    out = {}
    for p in predictions:
        ours = [r[p.metric] for r in results[p.scenario]]
        theirs = [r[p.metric] for r in results[base]]
        out[p.metric] = {
            "base": interval(theirs),
            "scenario": interval(ours),
            "difference": interval(np.array(ours) - np.array(theirs)),
            "robustness": robustness_share(robust, p),
        }
    return out


def table(base: str, predictions: list[Prediction], results: Results, robust: dict | None):
    """Every number docs/scenarios.md quotes, kept beside the runs in docs/scenarios.json."""
    names = list(dict.fromkeys(p.scenario for p in predictions))
    return {
        "seeds": len(results[base]),
        "robustness_options": (robust or {}).get("options", {}),
        "robustness_made_at": (robust or {}).get("made_at", {}),
        "tally": tally(base, predictions, results),
        "results": {
            n: result_stats(base, [p for p in predictions if p.scenario == n], results, robust)
            for n in names
        },
        "key_metrics": {
            n: {m: interval([r[m] for r in results[n]]) for m in KEY_METRICS}
            for n in [base, *names]
        },
    }


def result_rows(
    base: str, predictions: list[Prediction], results: Results, robust: dict | None
) -> list[str]:
    lines = [
        f"| metric | predicted | {base} | scenario | difference (paired) | result | robustness |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in predictions:
        ours = [r[p.metric] for r in results[p.scenario]]
        theirs = [r[p.metric] for r in results[base]]
        diff = interval(np.array(ours) - np.array(theirs))
        lines.append(
            f"| `{p.metric}` | {p.direction} | {fmt(interval(theirs))} | "
            f"{fmt(interval(ours))} | {diff[0]:+.4f} [{diff[1]:+.4f}, {diff[2]:+.4f}] "
            f"| {held(p, diff)} | {robustness_share(robust, p)} |"
        )
    return lines


def tally(base: str, predictions: list[Prediction], results: Results) -> str:
    counts: dict[str, int] = {}
    for p in predictions:
        diff = interval(
            np.array([r[p.metric] for r in results[p.scenario]])
            - np.array([r[p.metric] for r in results[base]])
        )
        word = held(p, diff).split("**")[1] if "**" in held(p, diff) else "undecided"
        key = f"{p.kind} {word}"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))


def render(
    base: str, predictions: list[Prediction], results: Results, seeds: int, robust: dict | None
) -> str:
    names = list(dict.fromkeys(p.scenario for p in predictions))
    rob = (
        f"robustness shares from docs/robustness.json ({robust['options']['samples']} "
        f"samples × {robust['options']['seeds']} seed(s), {robust['options']['days']} days"
        + (f"; {robust['note']}" if robust.get("note") else "")
        + "; docs/robustness.md)"
        if robust
        else "no robustness run found"
    )
    made = (robust or {}).get("made_at", {}).get("commit", "")
    lines = [
        "# Shipped scenarios: predictions, then results",
        "",
        "<!-- source: docs/scenarios.json#table -->",
        f"Made by `scripts/compare_scenarios.py` from govsim/data/predictions.yaml "
        f"({seeds} seeds per scenario; replicate r of each scenario has the seed of "
        f"replicate r of {base}; "
        f"summary metrics after the warm-up, docs/kpis.md; {rob}); do not edit by hand. The runs "
        "and every number below "
        "are in docs/scenarios.json (`table`), remade by `python scripts/docs_numbers.py "
        "--only scenarios`, which names the commit in docs/numbers.json"
        + (
            f"; the robustness shares are from the run made at commit {made[:7]} "
            "(docs/robustness.md says what it sampled)."
            if made
            else "."
        ),
        "",
        "The predictions were written before any of these runs, from the mechanisms "
        "(docs/ODD.md §3) and the levers each scenario file sets. *Direct*: the outcome the "
        "lever acts on first, so it says little about the model. *Indirect*: an outcome "
        "the lever reaches only through other mechanisms; these are the tests. Papers "
        "are quoted as hypotheses. A prediction *held* when the 95 % interval of the "
        "paired difference excludes 0 on the predicted side; *null* when it contains 0.",
        "",
        f"Tally: {tally(base, predictions, results)}.",
        "<!-- /source -->",
        "",
    ]
    for name in names:
        mine = [p for p in predictions if p.scenario == name]
        lines += [
            f"## `{name}`",
            "",
            load_scenario(name).description,
            "",
            "### Predicted (before running)",
            "",
            *prediction_rows(name, mine),
            "",
            "### Result",
            f"<!-- source: docs/scenarios.json#table.results.{name} -->",
            "",
            *result_rows(base, mine, results, robust),
            "",
        ]
    lines += [
        "## Key metrics of every scenario",
        "<!-- source: docs/scenarios.json#table.key_metrics -->",
        "",
        "Each cell: mean [95 % interval over seeds].",
        "",
        "| metric | " + " | ".join([base, *names]) + " |",
        "|" + "---|" * (len(names) + 2),
    ]
    for metric in KEY_METRICS:
        cells = [fmt(interval([r[metric] for r in results[n]])) for n in [base, *names]]
        lines.append(f"| `{metric}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## What these comparisons cannot show",
        "",
        "- The levels of each scenario's levers are assumed (see each scenario file); a "
        "held prediction says the mechanisms push that way at these levels, not that "
        "the paper's community would measure the same size of effect.",
        '- Trust is trust in government only; S1\'s "neighborhood trust" is mapped onto '
        "it, not modelled as trust between neighbours.",
        "- The responsiveness predictions (days to resolve, response within 24 h, the "
        "60+ gap) were written from docs/ODD.md §3 step 5 as designed, before the workload-"
        "queue model of issue 11 existed, and were not revised after it was run.",
        "- Every metric a prediction names is one of this model's (checked when "
        "govsim/data/predictions.yaml is read).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--robustness", default=str(ROOT / "docs" / "robustness.json"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "scenarios.md"))
    parser.add_argument(
        "--results",
        default=str(ROOT / "docs" / "scenarios.json"),
        help="run summaries: written after running, read by --render-only",
    )
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args(argv)
    base, predictions = load_predictions()
    names = [base, *dict.fromkeys(p.scenario for p in predictions)]
    saved = Path(args.results)
    path = Path(args.robustness)
    robust = json.loads(path.read_text()) if path.is_file() else None
    listed = ROOT / "docs" / "numbers.json"  # the commit of a result made before it said so
    if robust and "made_at" not in robust and listed.is_file():
        robust["made_at"] = json.loads(listed.read_text()).get("robustness", {})
    if args.render_only:
        stored = json.loads(saved.read_text())
        results = stored.get("runs", stored)  # files before issue 29: the runs alone
        args.seeds = len(results[base])
    else:
        results = {name: summaries(name, args.seeds, args.workers) for name in names}
    kept = {"runs": results, "table": table(base, predictions, results, robust)}
    saved.write_text(json.dumps(kept, default=float) + "\n", encoding="utf-8")
    assert all(m in METRICS for m in KEY_METRICS)
    Path(args.out).write_text(
        render(base, predictions, results, args.seeds, robust), encoding="utf-8"
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
