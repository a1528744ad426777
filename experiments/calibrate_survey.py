"""Calibrate Community Y to the S4 questionnaire (004_3da5043afcfd9873.txt, Tables 2-5).

    .venv/bin/python experiments/calibrate_survey.py            # fit and print
    .venv/bin/python experiments/calibrate_survey.py --write    # also update the scenario

What is fitted (everything else stays as in govsim/data/scenarios/community_y.yaml):

1. Table 2 (age of respondents) and the valid-return rate (469/500): the
   population's age shares under 60 (ge_60 = 0.24 stays fixed, S4 §4.1),
   ``survey.online_share`` and ``survey.response_base``. A fixed point: the
   under-60 shares are scaled by target/simulated, and for the populations of
   each round scipy.optimize.least_squares sets online_share (which moves the
   60+ share of respondents) and response_base (the valid rate).
2. Table 3 (understanding): the four ``survey.understanding_*_from``
   thresholds, as weighted quantiles of the respondents' understanding score.
3. Table 4 (online/offline): the four ``attitudes.channel_*_from`` thresholds,
   solved with scipy.optimize.brentq on the exact expected shares (the score's
   noise is normal, so each resident's chance to fall below a threshold is Φ).
4. Table 5 (concerns): the four concern intercepts (``other`` is the
   reference), by scipy.optimize.least_squares on the expected logit shares
   of all five cells (S4's Table 5 sums to 102.0 %, so no fit is exact).

All expectations weight each simulated resident by their expected number of
valid returns (:func:`govsim.survey.expected_weights`), over the populations
of CALIBRATION_SEEDS, so the fit has no sampling noise from the 500
questionnaires. The check at the end runs the real survey (``govsim survey``,
day 0) for TEST_SEEDS, disjoint from the calibration seeds.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import brentq, least_squares
from scipy.special import ndtr, softmax

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govsim.attitudes import concern_logits  # noqa: E402
from govsim.config import load_scenario, override  # noqa: E402
from govsim.population import build_households, build_residents  # noqa: E402
from govsim.runner import make_rng  # noqa: E402
from govsim.schema import AGE_BRACKETS, Scenario  # noqa: E402
from govsim.survey import (  # noqa: E402
    expected_weights,
    largest_deviation,
    paper,
    paper_tables,
    survey_scenario,
    understanding_score,
)

SCENARIO = ROOT / "govsim" / "data" / "scenarios" / "community_y.yaml"
CALIBRATION_SEEDS = range(1000, 1012)
TEST_SEEDS = range(10)
ELDERLY_SHARE = 0.24  # S4 §4.1, fixed
VERBOSE = False
COMMENT = "# fitted to S4 Tables 2-5 by experiments/calibrate_survey.py"
PAPER = paper_tables()
VALID_RATE = paper()["valid"] / paper()["distributed"]


def populations(scenario: Scenario) -> list:
    """The day-0 residents of each calibration seed (the model builds them the same way)."""
    out = []
    for seed in CALIBRATION_SEEDS:
        rng = make_rng(seed)
        out.append(build_residents(scenario, build_households(scenario, rng), rng))
    return out


def weighted(pops: list, scenario: Scenario) -> tuple[list, list]:
    """Per population: the adults' rows and their expected valid returns."""
    rows, weights = [], []
    for res in pops:
        w = expected_weights(res, scenario)
        adults = np.flatnonzero(res.is_adult)
        rows.append(adults)
        weights.append(w[adults])
    return rows, weights


def age_table(pops: list, scenario: Scenario) -> tuple[np.ndarray, float]:
    """Expected Table 2 shares (0-1) and valid-return rate."""
    counts, valid = np.zeros(len(AGE_BRACKETS)), 0.0
    for res, rows, w in zip(pops, *weighted(pops, scenario), strict=True):
        counts += np.bincount(res.age_bracket[rows], weights=w, minlength=len(AGE_BRACKETS))
        valid += w.sum()
    return counts / counts.sum(), valid / (len(pops) * scenario.survey.distributed)


def fit_age_and_response(scenario: Scenario, rounds: int = 25) -> Scenario:
    """Stage 1: under-60 age shares, online_share and response_base → Table 2 + valid rate."""
    target = np.array(list(PAPER["table_2"].values())) / 100.0
    shares = np.array(scenario.population.age_shares.as_tuple())
    for _ in range(rounds):
        pops = populations(scenario)

        def residuals(x: np.ndarray, pops: list = pops, base: Scenario = scenario) -> np.ndarray:
            s = override(base, {"survey.online_share": float(x[0]),
                                "survey.response_base": float(x[1])})
            ages, valid = age_table(pops, s)
            return np.array([ages[-1] - target[-1], valid - VALID_RATE])

        x0 = [scenario.survey.online_share, scenario.survey.response_base]
        # online_share moves whole questionnaires (rounded): difference over ~10 of them
        fit = least_squares(residuals, x0, bounds=([0.0, -10.0], [1.0, 10.0]),
                            diff_step=[0.025, 1e-3])
        if VERBOSE:
            print("stage 1:", np.round(shares, 4), fit.x, residuals(fit.x))
        scenario = override(scenario, {"survey.online_share": round(float(fit.x[0]), 4),
                                       "survey.response_base": round(float(fit.x[1]), 4)})
        ages, _ = age_table(pops, scenario)
        if np.abs(ages - target).max() < 5e-4:
            break
        shares[:-1] *= target[:-1] / ages[:-1]
        shares[:-1] *= (1.0 - ELDERLY_SHARE) / shares[:-1].sum()
        shares[-1] = ELDERLY_SHARE
        rounded = np.round(shares, 4)
        rounded[0] = round(1.0 - rounded[1:].sum(), 4)  # sums to exactly 1
        scenario = override(scenario, {f"population.age_shares.{b}": float(v)
                                       for b, v in zip(AGE_BRACKETS, rounded, strict=True)})
    return scenario


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: np.ndarray) -> np.ndarray:
    order = np.argsort(values)
    cdf = np.cumsum(weights[order]) / weights.sum()
    return np.interp(q, cdf, values[order])


def lower_tail_targets(table: str) -> np.ndarray:
    """Cumulative shares from the lowest category up (the paper lists highest first)."""
    shares = np.array(list(PAPER[table].values()))[::-1] / 100.0
    return np.cumsum(shares)[:-1]


def fit_understanding(scenario: Scenario, pops: list) -> Scenario:
    """Stage 2: Table 3 thresholds as weighted quantiles of the understanding score."""
    rows, weights = weighted(pops, scenario)
    score = np.concatenate([understanding_score(r, scenario, a)
                            for r, a in zip(pops, rows, strict=True)])
    cuts = weighted_quantile(score, np.concatenate(weights), lower_tail_targets("table_3"))
    names = ("know_little", "ordinary", "know_quite_well", "understand")
    return override(scenario, {f"survey.understanding_{n}_from": round(float(c), 4)
                               for n, c in zip(names, cuts, strict=True)})


def fit_channel(scenario: Scenario, pops: list) -> Scenario:
    """Stage 3: Table 4 thresholds on the channel score (exact normal tail probabilities)."""
    a = scenario.attitudes
    rows, weights = weighted(pops, scenario)
    mean = np.concatenate([a.channel_literacy_weight * r.literacy[i]
                           + a.channel_adoption_weight * r.has_adopted[i]
                           for r, i in zip(pops, rows, strict=True)]).astype(np.float64)
    w = np.concatenate(weights)
    w = w / w.sum()

    def below(c: float) -> float:
        return float((w * ndtr((c - mean) / a.channel_noise_sd)).sum())

    cuts = [brentq(lambda c, t=t: below(c) - t, -20.0, 20.0) for t in lower_tail_targets("table_4")]
    names = ("lean_offline", "both", "lean_online", "online")
    return override(scenario, {f"attitudes.channel_{n}_from": round(float(c), 4)
                               for n, c in zip(names, cuts, strict=True)})


CONCERN_INTERCEPTS = ("complicated_intercept", "security_intercept", "many_apps_intercept",
                      "no_worries_intercept")


def concern_table(scenario: Scenario, literacy: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (w[:, None] * softmax(concern_logits(scenario, literacy), axis=1)).sum(axis=0) / w.sum()


def fit_concerns(scenario: Scenario, pops: list) -> Scenario:
    """Stage 4: Table 5 intercepts (reference: other) on the expected logit shares."""
    rows, weights = weighted(pops, scenario)
    literacy = np.concatenate([r.literacy[i] for r, i in zip(pops, rows, strict=True)])
    w = np.concatenate(weights)
    target = np.array(list(PAPER["table_5"].values())) / 100.0

    def with_intercepts(x: np.ndarray, digits: int = 12) -> Scenario:
        return override(scenario, {f"attitudes.{n}": round(float(v), digits)
                                   for n, v in zip(CONCERN_INTERCEPTS, x, strict=True)})

    x0 = [getattr(scenario.attitudes, n) for n in CONCERN_INTERCEPTS]
    # all five cells: S4's Table 5 sums to 102.0 %, so the misfit is spread over them
    fit = least_squares(lambda x: concern_table(with_intercepts(x), literacy, w) - target,
                        x0, bounds=(-20, 20))
    return with_intercepts(fit.x, 4)


def calibrate(scenario: Scenario) -> Scenario:
    scenario = fit_age_and_response(scenario)
    pops = populations(scenario)
    return fit_concerns(fit_channel(fit_understanding(scenario, pops), pops), pops)


def check(scenario: Scenario, seeds: range = TEST_SEEDS) -> dict[str, dict[str, dict]]:
    """The real survey (day 0) for each seed: mean simulated share vs paper, per cell."""
    runs = [survey_scenario(scenario, seed).comparison() for seed in seeds]
    return {t: {c: {"simulated": float(np.mean([r[t][c]["simulated"] for r in runs])),
                    "paper": cell["paper"]} for c, cell in cells.items()}
            for t, cells in runs[0].items()}


FITTED_KEYS = ([f"population.age_shares.{b}" for b in AGE_BRACKETS[:-1]]
               + ["survey.online_share", "survey.response_base"]
               + [f"survey.understanding_{n}_from"
                  for n in ("know_little", "ordinary", "know_quite_well", "understand")]
               + [f"attitudes.channel_{n}_from"
                  for n in ("lean_offline", "both", "lean_online", "online")]
               + [f"attitudes.{n}" for n in CONCERN_INTERCEPTS])


def fitted_values(scenario: Scenario) -> dict[str, float]:
    out = {}
    for key in FITTED_KEYS:
        node = scenario
        for part in key.split("."):
            node = getattr(node, part)
        out[key] = float(node)
    return out


def update_yaml(text: str, values: dict[str, float]) -> str:
    """Replace the value and comment of each dotted key in `text`; keys not found are an error.

    Only the lines of these keys change; indentation tracks the section path.
    """
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


def print_check(result: dict) -> None:
    for table, cells in result.items():
        print(f"\n{table}")
        for c, v in cells.items():
            print(f"  {c:<26}{v['simulated']:>8.2f}{v['paper']:>8.2f}"
                  f"{v['simulated'] - v['paper']:>+8.2f}")
        worst, dev = largest_deviation(cells)
        print(f"  largest |deviation| {dev:.2f} ({worst})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help="update govsim/data/scenarios/community_y.yaml")
    args = parser.parse_args()
    fitted = calibrate(load_scenario(SCENARIO))
    values = fitted_values(fitted)
    for key, value in values.items():
        print(f"{key:<42} {value:g}")
    print_check(check(fitted))
    if args.write:
        SCENARIO.write_text(update_yaml(SCENARIO.read_text(), values))
        print(f"\nwrote {SCENARIO}")


if __name__ == "__main__":
    main()
