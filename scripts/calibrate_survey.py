"""Calibrate Community Y to part of the S4 questionnaire; predict the rest.

    .venv/bin/python scripts/calibrate_survey.py            # fit, then check on 10 seeds
    .venv/bin/python scripts/calibrate_survey.py --write    # also update the scenario
    .venv/bin/python scripts/calibrate_survey.py --check    # only the check (no fit)

Fitted cells (declared in govsim.evidence.survey.FITTED_TABLES): S4 Table 2 (age of
respondents, 6 cells), Table 4 (online/offline, 5 cells) and the valid rate
469/500: 12 cells, 10 independent (each table sums to 100 %). Free parameters:
6 (`FREE` below). Tables 3 and 5 (10 cells) are predictions, never fitted.

The survey is taken on `survey.day` (365) of a full run. The fit is a fixed
point: run the model to the survey day for CALIBRATION_SEEDS, fit the six
parameters on those residents by scipy.optimize.least_squares on the expected
survey shares (each adult weighted by their expected number of valid returns,
govsim.evidence.survey.expected_weights; Table 4 integrates the channel score's personal
term, a standard normal), then run again with the fitted values (the channel
preference feeds back into reporting) and refit; ROUNDS rounds. The check runs
the real survey for TEST_SEEDS, disjoint from the calibration seeds, and reports
per cell the mean deviation and its 95 % interval over seeds.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares
from scipy.special import ndtr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govsim.evidence.survey import (  # noqa: E402
    FITTED_TABLES,
    TABLES,
    expected_weights,
    paper,
    paper_tables,
    run_to_survey_day,
    survey_scenario,
)
from govsim.scenario.config import load_scenario, override  # noqa: E402
from govsim.world.attitudes import channel_cuts, channel_mean  # noqa: E402

SCENARIO = ROOT / "scenarios" / "community_y.yaml"
CALIBRATION_SEEDS = range(1000, 1004)
TEST_SEEDS = range(10)
ROUNDS = 2
COMMENT = "# fitted to S4 Tables 2+4 by scripts/calibrate_survey.py"
PAPER = paper_tables()
VALID_RATE = paper()["valid"] / paper()["distributed"]
# key → (to the fit's scale, back to the scenario's scale): logs keep positive keys positive
FREE = {
    "survey.online_share": (lambda v: v, lambda x: float(np.clip(x, 0.0, 1.0))),
    "survey.online_literacy_exponent": (np.log1p, np.expm1),
    "survey.door_to_door_middle_aged_weight": (np.log, np.exp),
    "survey.response_base": (lambda v: v, float),
    "attitudes.channel_intercept": (lambda v: v, float),
    "attitudes.channel_noise_sd": (np.log, np.exp),
}
BOUNDS = (
    [0.0, 0.0, np.log(0.02), -10.0, -10.0, np.log(0.05)],
    [1.0, np.log1p(19.0), np.log(50.0), 10.0, 10.0, np.log(9.0)],
)


def value(scenario, key: str) -> float:
    node = scenario
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)


def with_x(scenario, x: np.ndarray, digits: int = 12):
    return override(
        scenario,
        {
            k: round(float(back(v)), digits)
            for (k, (_, back)), v in zip(FREE.items(), x, strict=True)
        },
    )


def expected_tables(scenario, populations: list) -> tuple[np.ndarray, np.ndarray, float]:
    """Expected Table 2 and Table 4 shares (0-1) and valid rate over the given residents."""
    t2, t4, valid = np.zeros(6), np.zeros(5), 0.0
    cuts = channel_cuts(scenario)
    sd = scenario.attitudes.channel_noise_sd
    for res in populations:
        w = expected_weights(res, scenario)
        rows = np.flatnonzero(w > 0)
        w = w[rows]
        t2 += np.bincount(res.age_bracket[rows], weights=w, minlength=6)
        below = ndtr((cuts[None, :] - channel_mean(scenario, res)[rows, None]) / sd)
        # P(category): offline = below cut 0, …, online = above cut 3 (Table 4 order reversed)
        probs = np.diff(
            np.concatenate([np.zeros((len(rows), 1)), below, np.ones((len(rows), 1))], axis=1),
            axis=1,
        )[:, ::-1]
        t4 += (w[:, None] * probs).sum(axis=0)
        valid += w.sum()
    return t2 / t2.sum(), t4 / t4.sum(), valid / (len(populations) * scenario.survey.distributed)


def fit(scenario, populations: list):
    target2 = np.array(list(PAPER["table_2"].values())) / 100
    target4 = np.array(list(PAPER["table_4"].values())) / 100

    def residuals(x: np.ndarray) -> np.ndarray:
        t2, t4, valid = expected_tables(with_x(scenario, x), populations)
        return np.concatenate([t2 - target2, t4 - target4, [valid - VALID_RATE]])

    x0 = np.array([to(value(scenario, k)) for k, (to, _) in FREE.items()])
    result = least_squares(residuals, np.clip(x0, *BOUNDS), bounds=BOUNDS, diff_step=0.02)
    return with_x(scenario, result.x, 4), result


def calibrate(scenario):
    for i in range(ROUNDS):
        populations = [
            run_to_survey_day(scenario, seed).state.residents for seed in CALIBRATION_SEEDS
        ]
        scenario, result = fit(scenario, populations)
        print(f"round {i + 1}: expected-share residual norm {np.linalg.norm(result.fun):.4f}")
    return scenario


def check(scenario, seeds=TEST_SEEDS) -> list[dict]:
    """Per cell: paper, mean simulated, mean deviation and its 95 % interval over seeds."""
    t = time.perf_counter()
    runs = [survey_scenario(scenario, seed).to_json() for seed in seeds]
    print(
        f"\n{len(runs)} surveys (run to day {scenario.survey.day} + survey): "
        f"{(time.perf_counter() - t) / len(runs):.1f} s each"
    )
    out = []
    for i, cell in enumerate(runs[0]["cells"]):
        dev = np.array([r["cells"][i]["simulated"] - cell["paper"] for r in runs])
        half = 1.96 * dev.std(ddof=1) / np.sqrt(len(dev))
        out.append(
            {
                **cell,
                "simulated": float(np.mean([r["cells"][i]["simulated"] for r in runs])),
                "deviation": float(dev.mean()),
                "ci": (dev.mean() - half, dev.mean() + half),
                "range": (float(np.percentile(dev, 2.5)), float(np.percentile(dev, 97.5))),
            }
        )
    pop = {b: np.mean([r["population_shares"][b] for r in runs]) for b in PAPER["table_2"]}
    resp = {b: np.mean([r["respondent_shares"][b] for r in runs]) for b in PAPER["table_2"]}
    valid = [r["valid_percent"]["simulated"] for r in runs]
    print(f"valid returns: {np.mean(valid):.2f} % (S4 93.80)")
    print("| bracket | residents % | respondents % | S4 respondents % |\n|---|---:|---:|---:|")
    for b in pop:
        print(f"| {b} | {pop[b]:.2f} | {resp[b]:.2f} | {PAPER['table_2'][b]:.2f} |")
    return out


def print_check(cells: list[dict]) -> None:
    print(
        "\n| table | answer | status | S4 % | simulated % (mean) | deviation | 95 % CI of mean "
        "| 2.5–97.5 % of seeds |\n|---|---|---|---:|---:|---:|---|---|"
    )
    for c in cells:
        print(
            f"| {c['table']} | {c['answer']} | {c['status']} | {c['paper']:.2f} | "
            f"{c['simulated']:.2f} | {c['deviation']:+.2f} | "
            f"{c['ci'][0]:+.2f} … {c['ci'][1]:+.2f} | "
            f"{c['range'][0]:+.2f} … {c['range'][1]:+.2f} |"
        )
    for status in ("fitted", "held_out"):
        dev = np.abs([c["deviation"] for c in cells if c["status"] == status])
        print(
            f"{status}: {len(dev)} cells, mean |deviation| {dev.mean():.2f}, "
            f"max {dev.max():.2f}, within 5 points: {(dev <= 5).sum()}"
        )


def update_yaml(text: str, values: dict[str, float]) -> str:
    """Replace the value and comment of each dotted key in `text`; keys not found are an error."""
    lines, path, done = text.splitlines(keepends=True), [], set()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)([A-Za-z_0-9]+):(\s*)([^#\n]*?)(\s*)(#.*)?$", line.rstrip("\n"))
        if not m:
            continue
        depth = len(m.group(1)) // 2
        path = [*path[:depth], m.group(2)]
        key = ".".join(path)
        if key in values:
            head = f"{m.group(1)}{m.group(2)}: {round(values[key], 4)!r}"
            lines[i] = f"{head:<34}{COMMENT}\n" if len(head) < 33 else f"{head}  {COMMENT}\n"
            done.add(key)
    missing = set(values) - done
    if missing:
        raise KeyError(f"keys not in the scenario file: {sorted(missing)}")
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update community_y.yaml")
    parser.add_argument("--check", action="store_true", help="only check the current values")
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    fitted_cells = sum(len(PAPER[t]) for t in FITTED_TABLES) + 1
    print(
        f"fitted: {', '.join(TABLES[t][0] for t in FITTED_TABLES)} + valid rate = "
        f"{fitted_cells} cells ({fitted_cells - len(FITTED_TABLES)} independent); "
        f"free parameters: {len(FREE)}"
    )
    if not args.check:
        scenario = calibrate(scenario)
        values = {k: value(scenario, k) for k in FREE}
        for key, v in values.items():
            print(f"{key:<42} {v:g}")
        if args.write:
            SCENARIO.write_text(update_yaml(SCENARIO.read_text(), values))
            print(f"wrote {SCENARIO}")
    print_check(check(scenario))


if __name__ == "__main__":
    main()
