"""`govsim calibrate`, stage 1: Morris screening (SALib) of the candidate assumed keys,
which of them the fitted targets can identify (docs/calibration.md; the module docstring of
:mod:`govsim.evidence.calibrate` says why Morris). ABC-SMC on the keys chosen here:
calibrate.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from govsim.evidence.pool import OrderedMap, RunStore, cached_map
from govsim.evidence.simulate import Simulator, prior_ranges
from govsim.evidence.targets import TargetsFile
from govsim.experiments.search.futures import SURVEY_ONLY
from govsim.scenario.schema import plausible_ranges

METRIC_READINGS = ("kpi.",)
"""Assumed keys a metric reads directly (how a hotline KPI reads a case): a target can
depend on them whether or not the scenario's rules read them."""


def candidates(spec: TargetsFile) -> list[str]:
    """Keys to screen: the file's list, or every assumed key a target can depend on: those
    the scenario's rules read (govsim/scenario/reads.py: a switched-off group, e.g. the
    ranking without the reform, is never read) and the KPI readings the metrics read."""
    if spec.candidates:
        return list(spec.candidates)
    from govsim.scenario.config import load_scenario
    from govsim.scenario.reads import is_read

    keys = sorted({*plausible_ranges(), *spec.priors})
    if not spec.needs_survey:
        keys = [k for k in keys if not k.startswith(SURVEY_ONLY)]
    scenario = load_scenario(spec.scenario)
    return [k for k in keys if k.startswith(METRIC_READINGS) or is_read(k, scenario)]


def progress_bar(total: int | None, desc: str) -> Any:
    """A bar on a terminal, else a plain line every 10 % and at least every 30 s
    (experiments/batch/progress.py: `calibrate` printed nothing for minutes in a log, issue 29)."""
    from govsim.experiments.batch.progress import Progress

    return Progress(total, desc)


def screen(
    spec: TargetsFile, pool: OrderedMap, store: RunStore | None, progress: bool = True
) -> dict[str, Any]:
    """Morris screening of the candidates; returns scores and the keys chosen."""
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    simulator = Simulator.from_file(spec, [])
    ranges = prior_ranges(simulator.scenario, spec.priors)
    keys = [k for k in candidates(spec) if ranges[k][1] > ranges[k][0]]  # else: fixed
    # common random numbers and the other keys fixed: an elementary effect is then the
    # key's effect, not the noise of two different runs
    simulator = Simulator.from_file(spec, keys)
    simulator.others, simulator.common_seed = "fixed", True
    problem = {
        "num_vars": len(keys),
        "names": keys,
        "bounds": [[float(ranges[k][0]), float(ranges[k][1])] for k in keys],
    }
    s = spec.screening
    x = morris_sample.sample(
        problem, int(s["trajectories"]), num_levels=int(s["levels"]), seed=spec.seed
    )
    args = [dict(zip(keys, row.tolist(), strict=True)) for row in x]
    bar = progress_bar(len(args), "screening (Morris)") if progress else None
    try:
        results = cached_map(
            pool,
            store,
            "screen",
            0,
            simulator,
            args,
            progress=bar.advance if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    scores: dict[str, dict[str, float]] = {k: {} for k in keys}
    for target in spec.fit:
        y = np.array([r[target.name] for r in results], dtype=float)
        if np.isnan(y).all():
            continue
        y = np.where(np.isnan(y), np.nanmean(y), y)
        mu_star = morris_analyze.analyze(
            problem, x, y, num_levels=int(s["levels"]), seed=spec.seed
        )["mu_star"]
        for k, m in zip(keys, mu_star, strict=True):
            scores[k][target.name] = float(m) / target.uncertainty
    best = {k: max(v.values(), default=0.0) for k, v in scores.items()}
    ranked = sorted(keys, key=lambda k: -best[k])
    chosen = [k for k in ranked if best[k] >= s["threshold"]][: int(s["max_parameters"])]
    return {
        "method": "morris",
        "runs": len(args),
        "trajectories": int(s["trajectories"]),
        "levels": int(s["levels"]),
        "threshold": s["threshold"],
        "score": "mu_star / target uncertainty (max over fitted targets)",
        "ranked": [{"key": k, "score": best[k], "by_target": scores[k]} for k in ranked],
        "chosen": chosen,
    }
