"""Write docs/scenarios.md: each shipped scenario's key metrics over ≥ 10 seeds.

For each scenario: the mean and 95 % interval (t-based, over seeds) of the key
metrics, and one sentence per paper scenario saying whether the direction
against the Community Y baseline matches what its paper reports, quoting it.
Nothing in the document is typed by hand: rerun this script after a model
change.

    .venv/bin/python experiments/compare_scenarios.py [--seeds 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy import stats

from govsim.config import load_scenario
from govsim.runner import run

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["community_y", "xiaowu_life", "g_time_bank", "j_smart_party", "b_public_space",
             "digital_only"]
KEY_METRICS = ["participation_rate", "participation_rate_60plus", "adoption_rate",
               "digital_divide", "report_rate", "median_days_to_resolve",
               "p90_days_to_resolve", "closure_rate", "satisfaction", "trust_government",
               "non_government_share", "index_organisational", "index_value", "index_action",
               "index_interest"]

# What each paper reports, as (scenario, metric, expected sign of scenario − baseline, quote,
# source); a scenario may have several.
EXPECTATIONS = [
    ("xiaowu_life", "index_action", +1, "an action community with coordinated efforts",
     "S0, 000_ec6be8afc8af3568.txt, abstract"),
    ("g_time_bank", "participation_rate", +1, "realize the active participation of multiple "
     "governance subjects", "S1, 001_595fa32da36341b0.txt, G community abstract"),
    ("j_smart_party", "non_government_share", -1, "weak willingness to share horizontal "
     "responsibilities", "S3, 003_63f6ab9ee8ea6d1a.txt, abstract"),
    ("j_smart_party", "p90_days_to_resolve", +1, "difficulty in breaking through "
     "organizational barriers", "S3, 003_63f6ab9ee8ea6d1a.txt, abstract"),
    ("b_public_space", "trust_government", +1, "reconstructing neighborhood trust",
     "S1, 001_595fa32da36341b0.txt, B community abstract"),
    ("digital_only", "participation_rate_60plus", -1, "defining the threshold boundary of "
     "digital technology empowerment, strengthening the human touch",
     "S1, 001_595fa32da36341b0.txt, G community abstract"),
]


def summaries(name: str, seeds: int) -> tuple[str, list[dict[str, float]]]:
    scenario = load_scenario(name)
    return name, [run(scenario, seed).summary for seed in range(seeds)]


def interval(values: list[float]) -> tuple[float, float, float]:
    v = np.array([x for x in values if x == x], dtype=float)
    mean = float(v.mean())
    half = float(stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))) \
        if len(v) > 1 else float("nan")
    return mean, mean - half, mean + half


def verdict(expectation: tuple, results: dict[str, list[dict[str, float]]]) -> str:
    name, metric, sign, quote, source = expectation
    ours = interval([r[metric] for r in results[name]])
    base = interval([r[metric] for r in results["community_y"]])
    diff = ours[0] - base[0]
    separated = ours[1] > base[2] if sign > 0 else ours[2] < base[1]
    word = "higher" if sign > 0 else "lower"
    if np.sign(diff) == sign and separated:
        result = "**matches**"
    elif np.sign(diff) == sign:
        result = "**matches in direction, but the intervals overlap**"
    else:
        result = "**does not match**"
    return (f"`{name}`: the paper reports \"{quote}\" ({source}), so `{metric}` should be "
            f"{word} than in Community Y; the model gives {ours[0]:.3f} against "
            f"{base[0]:.3f} (difference {diff:+.3f}): {result}.")


def render(results: dict[str, list[dict[str, float]]], seeds: int) -> str:
    lines = ["# Shipped scenarios compared", "",
             f"Made by `experiments/compare_scenarios.py` ({seeds} seeds per scenario, "
             "365 days, whole-run summary metrics); do not edit by hand.", "",
             "Each cell: mean [95 % interval over seeds].", ""]
    header = "| metric | " + " | ".join(SCENARIOS) + " |"
    lines += [header, "|" + "---|" * (len(SCENARIOS) + 1)]
    for metric in KEY_METRICS:
        cells = []
        for name in SCENARIOS:
            mean, lo, hi = interval([r[metric] for r in results[name]])
            cells.append(f"{mean:.3f} [{lo:.3f}, {hi:.3f}]")
        lines.append(f"| `{metric}` | " + " | ".join(cells) + " |")
    lines += ["", "## Does each scenario move the way its paper says?", ""]
    lines += [f"- {verdict(expectation, results)}" for expectation in EXPECTATIONS]
    lines += ["", "Descriptions:", ""]
    lines += [f"- `{name}`: {load_scenario(name).description}" for name in SCENARIOS]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "docs" / "scenarios.md"))
    args = parser.parse_args(argv)
    with ProcessPoolExecutor(args.workers) as pool:
        results = dict(pool.map(summaries, SCENARIOS, [args.seeds] * len(SCENARIOS)))
    Path(args.out).write_text(render(results, args.seeds), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
