"""`govsim forecast SCENARIO`: the hotline KPIs month by month over posterior draws × seeds.

Month m covers days ``ranking.start_day + 30 m`` … ``+ 29`` (month 0 = January 2019 in
``beijing_reform``; the days before are warm-up, as in the ``beijing_2019``
calibration). Each of ``draws`` posterior rows (drawn by weight with the root seed's
Generator) is run with ``seeds`` seeds; the assumed keys the posterior does not hold are
drawn from their plausible ranges per run (as in the calibration, ``others: prior``),
so the band carries the uncertainty of the reform mechanism's own parameters too.
``forecast.json`` is docs/contract.md's format: per month the median and the 5th and 95th
percentiles over draws × seeds of response, resolution and satisfaction rates and of
requests per resident-year.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from govsim.evidence.pool import OrderedMap
from govsim.evidence.simulate import Simulator, prior_ranges
from govsim.scenario.config import ConfigError, load_scenario, override
from govsim.scenario.schema import Scenario

KPIS = (
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "requests_per_resident_year",
    "calls_per_resident_year",
)
DEFAULT_POSTERIOR = (
    Path(__file__).resolve().parents[1] / "data" / "calibration" / "beijing_2019_posterior.parquet"
)


def default_posterior(name: str) -> Path:
    """The scenario's own joint posterior if one is shipped (beijing_reform: fitted to
    months 0-34, issue 28), else the January 2019 calibration's."""
    own = DEFAULT_POSTERIOR.with_name(f"{name}_posterior.parquet")
    return own if own.is_file() else DEFAULT_POSTERIOR


class MonthlyRun:
    """One run: the KPIs of every month (picklable for the pool)."""

    def __init__(
        self,
        scenario: Scenario,
        keys: list[str],
        months: int,
        priors: dict[str, tuple] | None = None,
    ) -> None:
        self.scenario, self.keys, self.months, self.priors = scenario, keys, months, priors

    def __call__(self, job: tuple[dict[str, float], list[int]]) -> list[dict[str, float]]:
        from govsim.simulation import metrics
        from govsim.simulation.model import GovernanceModel

        values, seed_words = job
        seed = np.random.SeedSequence(seed_words)
        simulator = Simulator(
            scenario=self.scenario,
            targets=[],
            root_seed=seed_words[0],
            calibrated=self.keys,
            others="prior",
            priors=self.priors,
        )
        config = simulator.configure(values, seed)
        model = GovernanceModel(config, np.random.Generator(np.random.PCG64(seed)), series=False)
        r = config.ranking
        out = []
        for month in range(self.months + 1):
            end = r.start_day + r.month_days * (month + 1) - 1
            while model.day <= end:
                model.step()
            kpis = metrics.evaluate(model.state, config, end - r.month_days + 1, end, names=KPIS)
            out.append({k: float(kpis[k]) for k in KPIS})
        return out


def forecast(
    scenario: str | Path | Scenario = "beijing_reform",
    posterior: str | Path | None = None,
    months: int = 72,
    out: str | Path | None = "forecast",
    seeds: int = 2,
    draws: int = 12,
    seed: int = 2019,
    workers: int = 1,
    progress: bool = True,
) -> dict[str, Any]:
    """Run the forecast; write forecast.json and forecast.png/svg in `out` (unless None)."""
    import pandas as pd

    config = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    for name, value, low in (
        ("--months", months, 0),
        ("--seeds", seeds, 1),
        ("--draws", draws, 1),
        ("--workers", workers, 1),
    ):
        if value < low:
            raise ConfigError(f"{name} {value}: must be a whole number ≥ {low}.")
    path = Path(posterior) if posterior else default_posterior(config.name)
    if not path.is_file():
        raise ConfigError(
            f"--posterior {path}: no such file (a posterior.parquet written by govsim calibrate)."
        )
    frame = pd.read_parquet(path)
    if "weight" not in frame.columns:
        raise ConfigError(
            f"--posterior {path}: needs a 'weight' column and one column per "
            "parameter (dotted schema key), as govsim calibrate writes it."
        )
    keys = [c for c in frame.columns if c != "weight"]
    ranges = prior_ranges(config)
    unknown = [k for k in keys if k not in ranges]
    priors = {k: (float(frame[k].min()), float(frame[k].max())) for k in unknown}
    r = config.ranking
    days = r.start_day + r.month_days * (months + 1)
    config = override(config, {"days": days})
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 0])))
    w = frame["weight"].to_numpy(dtype=float)
    rows = rng.choice(len(frame), size=draws, p=w / w.sum())
    jobs = [
        ({k: float(frame[k].iloc[row]) for k in keys}, [seed, d + 1, s])
        for d, row in enumerate(rows.tolist())
        for s in range(seeds)
    ]
    t0 = time.perf_counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="forecast", unit="run", leave=False)
    try:
        with OrderedMap("local", workers) as pool:
            results = pool.map(
                MonthlyRun(config, keys, months, priors),
                jobs,
                lambda i, _: bar.update(1) if bar is not None else None,
            )
    finally:
        if bar is not None:
            bar.close()
    report = summarise(results, config.name, str(posterior or path.name), draws, seeds, months)
    report["wall_seconds"] = round(time.perf_counter() - t0, 1)
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "forecast.json").write_text(json.dumps(report, indent=1) + "\n")
        plot(report, out / "forecast")
    return report


def summarise(
    results: list[list[dict[str, float]]],
    name: str,
    posterior: str,
    draws: int,
    seeds: int,
    months: int,
) -> dict[str, Any]:
    """docs/contract.md: per month, median and 5th/95th percentiles over draws × seeds."""
    rows = []
    for m in range(months + 1):
        row: dict[str, Any] = {"month": m}
        for k in KPIS:
            v = np.array([run[m][k] for run in results], dtype=float)
            v = v[~np.isnan(v)]
            row[k] = (
                {
                    "median": round(float(np.median(v)), 5),
                    "lo": round(float(np.percentile(v, 5)), 5),
                    "hi": round(float(np.percentile(v, 95)), 5),
                }
                if len(v)
                else {"median": None, "lo": None, "hi": None}
            )
        rows.append(row)
    return {
        "scenario": name,
        "posterior": posterior,
        "draws": draws,
        "seeds": seeds,
        "months": rows,
    }


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from govsim.simulation.metrics import label

    baseline = {
        "response_rate": 1.0,
        "resolution_rate": 0.5309,
        "satisfaction_rate": 0.6461,
        "requests_per_resident_year": 0.0789,
        "calls_per_resident_year": 0.19,
    }  # beijing_12345_baseline.json, Jan 2019 (calls: 2018)
    months = [r["month"] for r in report["months"]]
    fig, axes = plt.subplots(2, 3, figsize=(15, 7), sharex=True)
    axes[1][2].set_visible(False)
    for ax, k in zip(axes.flat, KPIS, strict=False):
        med = [r[k]["median"] for r in report["months"]]
        lo = [r[k]["lo"] for r in report["months"]]
        hi = [r[k]["hi"] for r in report["months"]]
        ax.fill_between(months, lo, hi, color="tab:blue", alpha=0.25, label="90 % band")
        ax.plot(months, med, color="tab:blue", label="median")
        ax.plot([0], [baseline[k]], "k*", ms=10, label="January 2019 (data)")
        ax.set_title(label(k), fontsize=10)
        ax.grid(alpha=0.3)
        if not k.endswith("per_resident_year"):
            ax.set_ylim(0, 1.02)
    for ax in axes[1]:
        ax.set_xlabel("months after January 2019")
    axes[0][0].legend(fontsize=8, loc="lower right")
    fig.suptitle(
        f"Blind forecast: {report['scenario']} ({report['draws']} posterior draws × "
        f"{report['seeds']} seeds)",
        fontsize=11,
    )
    fig.savefig(path.with_suffix(".png"), dpi=110, bbox_inches="tight")
    fig.savefig(path.with_suffix(".svg"), bbox_inches="tight")
    plt.close(fig)
