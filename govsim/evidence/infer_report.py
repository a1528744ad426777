"""The Beijing bank read: posterior, coverage, fresh-seed predictive, seed noise, contraction.

``fit(scenario, bank_dir, out)`` writes into the folder ``out``: ``posterior.parquet``
(joint rows: every assumed key, the inferred ones as accepted or regression-adjusted,
and a ``weight``), ``inference.json`` (coverage, predictive, seed noise, contraction),
``bank.parquet`` (the bank it read, so a refit needs no new runs), ``contraction.png``
and ``predictive.png``. It refuses the folder of ``beijing_reform_posterior.parquet``:
that posterior (2fbc990, a 280-row bank) is forecast 2's input and never rewritten.
The published figures carry an uncertainty (bank.OBSERVED): each bank row's statistics
get one draw of that observation noise (its own seeded Generator), so the
coverage check's synthetic truths are drawn exactly as the data are taken to be.
The predictive check runs *new* simulations of posterior draws with fresh seeds (never
a replay of an accepted row); seed noise is one posterior row under several seeds.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from govsim.evidence import amortised, bank, influence
from govsim.evidence.bank import (
    BASELINE_KEYS,
    LATER_STREETS,
    OBSERVED,
    REFORM_KEYS,
    STATISTICS,
    BankRun,
    ExtraStreets,
    design_ranges,
    load,
    with_streets,
)
from govsim.evidence.pool import OrderedMap

ROOT = Path(__file__).resolve().parents[2]
POSTERIOR = ROOT / "govsim" / "data" / "calibration" / "beijing_reform_posterior.parquet"
NAMES = [s[0] for s in STATISTICS]


def observed() -> tuple[np.ndarray, np.ndarray]:
    return np.array([OBSERVED[n][0] for n in NAMES]), np.array([OBSERVED[n][1] for n in NAMES])


def noisy(stats: np.ndarray, seed: int) -> np.ndarray:
    """Statistics as they would be published: + N(0, uncertainty²) per statistic."""
    _, sd = observed()
    return stats + np.random.default_rng(seed).normal(0.0, 1.0, stats.shape) * sd


# (acceptance share, regression adjustment): the candidates the coverage check chooses among
METHODS = tuple((a, adj) for a in (0.02, 0.05, 0.1, 0.2, 0.3) for adj in (True, False))


def fit(
    scenario: Any,
    bank_dir: Path,
    out: Path,
    methods: tuple = METHODS,
    seed: int = 2022,
    workers: int = 2,
    predictive: int = 100,
    replicates: int = 10,
    truths: int = 500,
    noise_rows: int = 5,
    noise_seeds: int = 6,
    screen: bool = True,
    rows: int | None = None,
) -> dict[str, Any]:
    """Fit the bank in `bank_dir` to the published statistics; write `out`'s files.

    `screen`: also infer the keys the bank did not design that the statistics see
    (:mod:`govsim.evidence.influence`), as the bank's rows show before any fit. `rows`:
    read only the bank's first `rows` rows (``bank.first``: the smaller bank itself)."""
    started = time.perf_counter()
    out = Path(out)
    if out.resolve() == POSTERIOR.parent.resolve():
        raise SystemExit(
            f"{out}: holds {POSTERIOR.name}, forecast 2's input (never rewritten); "
            "give another folder"
        )
    out.mkdir(parents=True, exist_ok=True)
    frame = load(bank_dir)
    if rows is not None:
        frame = bank.first(frame, rows, bank_dir)
    frame.to_parquet(out / "bank.parquet", index=False)
    timing = bank_timing(Path(bank_dir))
    (out / "bank_timing.json").write_text(json.dumps(timing, indent=1) + "\n")
    inf = infer(frame, design_ranges(scenario), methods, seed, truths, screen)
    keys, post, checks, method = inf.keys, inf.post, inf.checks, inf.method
    seen, added, table, truths = inf.seen, inf.added, checks[method].coverage, inf.truths
    streets = int(frame["streets"].max())  # month 0's streets per row
    later = "later_streets" in frame and int(frame["later_streets"].max()) > 1
    own = [c for c in ("row", "streets", "later_streets") if c in frame]
    joint = frame.iloc[post.rows].drop(columns=[*own, *NAMES])
    joint = joint.reset_index(drop=True)
    joint[keys] = post.samples
    joint["weight"] = post.weights
    joint.to_parquet(out / "posterior.parquet", index=False)
    check = predictive_check(
        scenario, joint, seed, workers, predictive, replicates, streets, noise_rows, noise_seeds,
        later,
    )  # fmt: skip
    contraction = inf.contraction()
    report = {
        "bank_rows": len(frame),
        "inferred_keys": len(keys),
        "added_by_screen": added,
        "screen": seen.to_dict() if seen is not None else None,
        "truths": truths,
        "month0_streets": streets,
        "later_streets": {str(m): n for m, n in LATER_STREETS.items()} if later else 1,
        "accepted": len(post.rows),
        "method": {"accept_share": method[0], "regression_adjustment": method[1]},
        "rule": "calibrated first (every level within 0.05 of nominal), then sharpest",
        "coverage_by_method": inf.coverage_by_method(),
        "coverage": {
            str(level): dict(zip(keys, map(float, share), strict=True))
            for level, share in table.items()
        },  # fmt: skip
        "coverage_mean": {str(level): float(share.mean()) for level, share in table.items()},
        "contraction": contraction,
        "bank_timing": timing,
        **check,
    }
    report["fit_seconds"] = round(time.perf_counter() - started, 1)  # wall, figures apart
    (out / "inference.json").write_text(json.dumps(report, indent=1) + "\n")
    contraction_plot(contraction, out / "contraction.png")
    predictive_plot(report, out / "predictive.png")
    return report


@dataclass
class Inference:
    """A bank read against the published statistics: the keys inferred (designed, then
    `added` by the `seen` screen) on their prior ranges [lo, hi], every candidate's
    coverage check on `truths` left-out rows, the `method` chosen and its posterior."""

    keys: list[str]
    added: list[str]
    seen: influence.Screen | None
    lo: np.ndarray
    hi: np.ndarray
    truths: int
    checks: dict
    method: tuple
    post: amortised.Posterior

    def contraction(self) -> dict[str, dict[str, float]]:
        """Per key: the prior's sd (uniform on its range), the posterior's, their ratio."""
        out = {}
        for i, k in enumerate(self.keys):
            prior = float((self.hi[i] - self.lo[i]) / np.sqrt(12))
            samples, weights = self.post.samples[:, i], self.post.weights
            posterior = float(np.sqrt(np.cov(samples, aweights=weights)))
            out[k] = {"prior_sd": prior, "posterior_sd": posterior, "ratio": posterior / prior}
        return out

    def coverage_by_method(self) -> dict[str, dict[str, float]]:
        """Every candidate's mean coverage at each level and mean 90 % width."""
        return {
            f"accept {a}, adjust {adj}": {
                **{str(lv): float(t.mean()) for lv, t in c.coverage.items()},
                "width90": float(c.width.mean()),
            }
            for (a, adj), c in self.checks.items()
        }


def infer(
    frame: Any,
    ranges: dict,
    methods: tuple = METHODS,
    seed: int = 2022,
    truths: int = 500,
    screen: bool = True,
) -> Inference:
    """The screen, the coverage check of every candidate, the choice and the posterior of
    the bank rows in `frame` (no new runs: ``fit`` adds the predictive check)."""
    # the keys the bank designed, and every other key the statistics see (issue 28: every
    # influential key inferred): a screen of the bank's rows, before any fit
    keys = [*REFORM_KEYS, *BASELINE_KEYS]
    seen, added = None, []
    if screen:
        seen = influence.screen(frame, [k for k in ranges if k in frame], NAMES, seed)
        added = [k for k in seen.influential() if k not in keys]
    keys += added
    lo = np.array([ranges[k][0] for k in keys], dtype=float)
    hi = np.array([ranges[k][1] for k in keys], dtype=float)
    theta = frame[keys].to_numpy(dtype=float)
    stats = noisy(frame[NAMES].to_numpy(dtype=float), seed)
    data, _ = observed()
    truths = min(truths, len(frame) - 1)
    checks = {  # acceptance share and adjustment chosen by coverage (evidence), not by fit
        m: amortised.check(theta, stats, lo, hi, truths, m[0], seed, m[1]) for m in methods
    }
    method = amortised.choose(checks)
    post = amortised.abc(theta, stats, data, lo, hi, method[0], adjust=method[1])
    return Inference(keys, added, seen, lo, hi, truths, checks, method, post)


def bank_timing(bank: Path) -> dict[str, Any]:
    """The bank's wall time by kind of task (its ``timing.json``; beside a kept
    ``bank.parquet``, the ``bank_timing.json`` its fit wrote); {} when none was kept."""
    path = bank / "timing.json" if bank.is_dir() else bank.with_name("bank_timing.json")
    return json.loads(path.read_text()) if path.is_file() else {}


def predictive_check(
    scenario: Any,
    joint: Any,
    seed: int,
    workers: int,
    draws: int,
    replicates: int,
    streets: int = 1,
    noise_rows: int = 5,
    noise_seeds: int = 6,
    later: bool = False,
) -> dict[str, Any]:
    """New runs: `draws` joint rows by weight, fresh seeds; the heaviest row × `replicates`
    seeds; `noise_rows` more rows (by weight, distinct) × `noise_seeds` seeds, so that seed
    noise is not one row's. Read as the bank reads them: month 0 over `streets` streets, the
    later rates over ``LATER_STREETS`` when `later`."""
    import pandas as pd

    rng = np.random.default_rng([seed, 1])
    w = joint["weight"].to_numpy()
    picks = rng.choice(len(joint), size=draws, p=w / w.sum())
    keys = [c for c in joint.columns if c != "weight"]
    rows = [{k: float(joint[k].iloc[i]) for k in keys} for i in picks]
    best = {k: float(joint[k].iloc[int(np.argmax(w))]) for k in keys}
    jobs = [(r, [seed, 10_000 + i]) for i, r in enumerate(rows)]
    jobs += [(best, [seed, 20_000 + i]) for i in range(replicates)]
    noise_rows = min(noise_rows, len(joint))
    others = rng.choice(len(joint), size=noise_rows, replace=False, p=w / w.sum())
    for r, i in enumerate(others):
        row = {k: float(joint[k].iloc[i]) for k in keys}
        jobs += [(row, [seed, 30_000 + 100 * r + j]) for j in range(noise_seeds)]
    with OrderedMap("local", workers) as pool:
        results = pd.DataFrame(pool.map(BankRun(scenario, keys), jobs))
        if streets > 1 or later:
            extra = pd.DataFrame(pool.map(ExtraStreets(scenario, keys, streets, later), jobs))
            results = with_streets(results, extra)
    stats = results[NAMES].to_numpy(dtype=float)
    sims, reps = stats[:draws], stats[draws : draws + replicates]
    per_row = np.array(
        [
            np.nanstd(stats[start : start + noise_seeds], axis=0, ddof=1)
            for start in range(draws + replicates, len(stats), noise_seeds)
        ]
    ).reshape(-1, len(NAMES))
    data, sd = observed()
    published = noisy(sims, seed + 1)
    lo, hi = np.nanpercentile(published, 5, axis=0), np.nanpercentile(published, 95, axis=0)
    return {
        "predictive": {
            n: {
                "data": float(data[i]),
                "lo": float(lo[i]),
                "hi": float(hi[i]),
                "median": float(np.nanmedian(sims[:, i])),
                "inside": bool(lo[i] <= data[i] <= hi[i]),
            }
            for i, n in enumerate(NAMES)
        },
        "seed_noise": {
            n: {
                "sd": float(np.nanstd(reps[:, i], ddof=1)),
                "target_sd": float(sd[i]),
                **(
                    {
                        "rows_median_sd": float(np.nanmedian(per_row[:, i])),
                        "rows_max_sd": float(np.nanmax(per_row[:, i])),
                    }
                    if len(per_row)
                    else {}
                ),
            }
            for i, n in enumerate(NAMES)
        },
        "seed_noise_rows": {"rows": len(per_row), "seeds": noise_seeds},
    }


def contraction_plot(contraction: dict[str, dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = list(contraction)
    ratio = [contraction[k]["ratio"] for k in keys]
    fig, ax = plt.subplots(figsize=(7, 0.28 * len(keys) + 1))
    ax.barh(range(len(keys)), ratio, color="tab:blue")
    ax.axvline(1.0, color="k", lw=0.8)
    ax.set_yticks(range(len(keys)), keys, fontsize=7)
    ax.set_xlabel("posterior sd ÷ prior sd (1 = nothing learned)")
    ax.invert_yaxis()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def predictive_plot(report: dict[str, Any], path: Path) -> None:
    """Each published statistic: the fresh-seed 90 % predictive interval and median
    beside the published value, by metric and month (calls by year)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = ("response_rate", "resolution_rate", "satisfaction_rate", "calls_per_resident_year")
    fig, axes = plt.subplots(1, len(panels), figsize=(12, 3.2))
    for ax, metric in zip(axes, panels, strict=True):
        stats = [s for s in STATISTICS if s[1] == metric]
        for name, _, first, last in stats:
            p = report["predictive"][name]
            x = (first + last) / 2 if metric != "calls_per_resident_year" else 2019 + first // 12
            ax.vlines(x, p["lo"], p["hi"], color="tab:blue", lw=4, alpha=0.5)
            ax.plot(x, p["median"], "o", color="tab:blue", ms=4)
            ax.plot(x, p["data"], "x", color="k" if p["inside"] else "tab:red", ms=8, mew=2)
        ax.set_title(metric.replace("_", " "), fontsize=9)
        if metric == "calls_per_resident_year":
            ax.set_xticks([2019, 2020], ["2019", "2020"])
            ax.set_xlim(2018.5, 2020.5)
            ax.set_xlabel("year")
        else:
            ax.set_xlabel("month (0 = Jan 2019)")
    axes[0].set_ylabel("published rate or calls")
    fig.suptitle(
        "Fresh-seed predictive: 90 % interval (bar, simulated + observation noise), "
        "median (dot), published (×; red if outside)",
        fontsize=9,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
