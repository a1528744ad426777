"""`govsim optimise`: many-objective robust search over levers (NSGA-II, pymoo).

Each candidate (one value per lever, on the levers' step grids) is run in the
same K futures (assumed parameters drawn once, :mod:`govsim.experiments.search.futures`),
future k always with the same seed (common random numbers: two candidates
differ in their levers only). Per objective, a robustness measure over the K
futures (mean, a percentile, or minimax regret); per constraint, the share of
futures in which it holds, which must reach the constraint's ``share``.

Why pymoo's NSGA-II and not EMA Workbench's optimisation: EMA drives the search
through platypus and its own evaluators, so runs would bypass govsim's engines
(the local pool and Dask with its resume-by-record), and platypus' seeding goes
through Python's global ``random``. pymoo's ask-and-tell interface leaves the
evaluation to us: every run goes through :func:`govsim.experiments.batch.engines.execute`
like a sweep's, and pymoo takes one ``numpy.random.Generator`` seed, so the same
seed gives the same front whatever the engine or the number of workers.

Resumable: every finished run is appended to ``OUT/runs.jsonl`` as it arrives.
``--resume`` replays the search from the seed; a generation whose runs are on
disk is not run again (runs are identified by lever grid position and future,
and are deterministic), so a killed search continues where it stopped and ends
with the front an uninterrupted one gives. A candidate met again in a later
generation reuses its runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.search.optimise_runner import (
    OPS,
    RUNS,
    Runner,
    Setup,
    constraint_slack,
    make_setup,
    search_seed,
)
from govsim.experiments.search.optimise_spec import Optimisation, load_optimisation, spec_hash
from govsim.running.output import atomic_write_bytes
from govsim.scenario.config import ConfigError


def measures(runner: Runner, keys: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """Robustness measure per objective (natural units) and share of futures per constraint."""
    spec = runner.setup.opt.spec
    objectives = np.empty((len(keys), len(spec.objectives)))
    for j, o in enumerate(spec.objectives):
        worst = np.inf if o.direction == "min" else -np.inf
        # a future where the metric is NaN (e.g. recovery_days: not recovered by the end, a
        # censored time) counts as the worst outcome, never as a missing one: dropping it
        # would judge a policy on the futures where it works (issue 22, censoring)
        m = np.where(np.isnan(runner.matrix(keys, o.metric)), worst, runner.matrix(keys, o.metric))
        if o.robustness == "mean":
            objectives[:, j] = np.mean(m, axis=1)
        elif o.robustness == "regret":
            every = runner.matrix(runner.complete_keys(), o.metric)
            every = np.where(np.isnan(every), worst, every)
            best = np.min(every, axis=0) if o.direction == "min" else np.max(every, axis=0)
            with np.errstate(invalid="ignore"):  # inf - inf where no candidate recovers: 0
                regret = np.nan_to_num(m - best if o.direction == "min" else best - m, nan=0.0)
            objectives[:, j] = np.max(regret, axis=1)
        else:
            objectives[:, j] = percentile_with_inf(m, float(o.robustness[1:]))
    shares = np.empty((len(keys), len(spec.constraints)))
    for j, c in enumerate(spec.constraints):
        metric, op, value = c.parts
        m = runner.matrix(keys, metric)
        shares[:, j] = np.where(np.isnan(m), False, OPS[op](m, value)).mean(axis=1)
    return objectives, shares


def percentile_with_inf(m: np.ndarray, q: float) -> np.ndarray:
    """Per row, numpy's linear percentile, where a row may hold ±inf (a censored future):
    between a finite value and an infinite one the percentile is infinite (numpy's own
    interpolation gives NaN there). Tested against ``np.percentile`` on finite rows."""
    s = np.sort(m, axis=1)
    pos = q / 100.0 * (s.shape[1] - 1)
    lo = int(np.floor(pos))
    a, b, frac = s[:, lo], s[:, min(lo + 1, s.shape[1] - 1)], pos - lo
    if frac == 0:
        return a
    with np.errstate(invalid="ignore"):
        lerp = a + frac * (b - a)
    return np.where(np.isinf(a), a, np.where(np.isinf(b), b, lerp))


def _to_minimise(spec: Any, objectives: np.ndarray) -> np.ndarray:
    sign = np.array([1.0 if o.direction == "min" else -1.0 for o in spec.objectives])
    return np.nan_to_num(objectives * sign, nan=np.inf)


def _algorithm(spec: Any, seed: int) -> tuple[Any, Any]:
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.core.problem import Problem
    from pymoo.operators.crossover.sbx import SBX
    from pymoo.operators.mutation.pm import PM
    from pymoo.operators.repair.rounding import RoundingRepair
    from pymoo.operators.sampling.rnd import IntegerRandomSampling

    upper = np.array([lever.n_steps for lever in spec.levers.values()], dtype=float)
    problem = Problem(
        n_var=len(upper),
        n_obj=len(spec.objectives),
        n_ieq_constr=len(spec.constraints),
        xl=np.zeros(len(upper)),
        xu=upper,
        vtype=int,
    )
    algorithm = NSGA2(
        pop_size=spec.search.population,
        sampling=IntegerRandomSampling(),
        crossover=SBX(prob=0.9, eta=15, vtype=float, repair=RoundingRepair()),
        mutation=PM(eta=20, vtype=float, repair=RoundingRepair()),
        eliminate_duplicates=True,
    )
    algorithm.setup(
        problem,
        termination=("n_gen", spec.search.generations),
        seed=search_seed(seed),
        verbose=False,
    )
    return algorithm, problem


def _keys(X: np.ndarray) -> list[tuple[int, ...]]:
    return [tuple(int(round(v)) for v in row) for row in np.atleast_2d(X)]


def search(runner: Runner, progress: bool = True, stop_after: int | None = None) -> dict[str, Any]:
    """The NSGA-II loop (ask, evaluate through the engines, tell); `stop_after` ends after
    that many generations (as a kill would: the runs on disk, no result files). Progress:
    a line per generation and at least every 30 s (experiments/batch/progress.py)."""
    from pymoo.core.evaluator import Evaluator
    from pymoo.problems.static import StaticProblem

    from govsim.experiments.batch.progress import Progress

    spec = runner.setup.opt.spec
    algorithm, problem = _algorithm(spec, runner.setup.seed)
    history: list[dict[str, Any]] = []
    most = spec.search.generations * spec.search.population * spec.futures.count
    bar = Progress(most, f"optimise {spec.name} (runs at most)", enabled=progress)
    runner.progress = bar
    try:
        while algorithm.has_next():
            pop = algorithm.ask()
            keys = _keys(pop.get("X"))
            bar.set_note(f"generation {len(history) + 1}/{spec.search.generations}")
            runner.evaluate(keys)
            objectives, shares = measures(runner, keys)
            kwargs = {"F": _to_minimise(spec, objectives)}
            if spec.constraints:
                required = np.array([c.share for c in spec.constraints])
                kwargs["G"] = required - shares
            Evaluator().eval(StaticProblem(problem, **kwargs), pop)
            algorithm.tell(infills=pop)
            history.append(
                {
                    "generation": algorithm.n_gen - 1,
                    "runs": len(runner.seen) * spec.futures.count,
                    "candidates": len(runner.seen),
                }
            )
            if bar.plain:
                bar.emit()
            if stop_after is not None and len(history) >= stop_after:
                break
    finally:
        bar.close()
        runner.progress = None
    return {"algorithm": algorithm, "history": history}


def front_mask(F: np.ndarray, violation: np.ndarray) -> np.ndarray:
    """The archive's front: non-dominated among the feasible candidates, or, when none is
    feasible, among those that miss the constraints least."""
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    mask = np.zeros(len(F), dtype=bool)
    if not len(F):
        return mask
    pool = np.flatnonzero(violation <= 0)
    if not len(pool):
        pool = np.flatnonzero(violation == violation.min())
    front = NonDominatedSorting().do(F[pool], only_non_dominated_front=True)
    mask[pool[front]] = True
    return mask


def _archive(
    runner: Runner,
) -> tuple[list[tuple[int, ...]], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every candidate asked for, its measures, minimised objectives and violation."""
    spec = runner.setup.opt.spec
    keys = runner.complete_keys()
    objectives, shares = measures(runner, keys)
    required = np.array([c.share for c in spec.constraints])
    violation = (
        np.clip(required - shares, 0, None).sum(axis=1) if spec.constraints else np.zeros(len(keys))
    )
    return keys, objectives, shares, _to_minimise(spec, objectives), violation


def reference_point(spec: Any) -> np.ndarray | None:
    """The objectives' `reference` values in the minimised form (× −1 for a maximised one),
    or None when the file gives none."""
    if spec.objectives[0].reference is None:
        return None
    return _to_minimise(spec, np.array([[o.reference for o in spec.objectives]]))[0]


def hypervolume(runner: Runner, history: list[dict[str, Any]]) -> pd.DataFrame:
    """Hypervolume (pymoo HV) of the feasible front of every candidate evaluated up to each
    generation (an archive, so it never falls). With the objectives' `reference` values
    (docs/policy_search.md) the reference point is fixed before the search: each objective
    is divided by the size of its reference value, so the trace is comparable between
    searches and sessions; a candidate worse than the reference on any objective adds
    nothing. Without them, objectives are normalised by the ideal and nadir points of the
    final front, reference point 1.1 in each (a trace that moves with the final front)."""
    from pymoo.indicators.hv import HV

    spec = runner.setup.opt.spec
    _, _, _, F, violation = _archive(runner)
    final = front_mask(F, violation) & (violation <= 0)
    ref = reference_point(spec)
    if ref is not None:
        ideal, span = np.zeros(F.shape[1]), np.where(ref != 0, np.abs(ref), 1.0)
        indicator = HV(ref_point=ref / span)
    elif final.any():
        ideal, nadir = F[final].min(axis=0), F[final].max(axis=0)
        span = np.where(nadir > ideal, nadir - ideal, 1.0)
        indicator = HV(ref_point=np.full(F.shape[1], 1.1))
    rows = []
    for h in history:
        n = h["candidates"]
        mask = front_mask(F[:n], violation[:n]) & (violation[:n] <= 0)
        usable = (ref is not None or final.any()) and mask.any()
        value = float(indicator((F[:n][mask] - ideal) / span)) if usable else 0.0
        rows.append(
            {
                "generation": h["generation"],
                "hypervolume": value,
                "front_size": int(mask.sum()),
                "feasible": int((violation[:n] <= 0).sum()),
                "runs": h["runs"],
                "candidates": n,
                "reference": "fixed" if ref is not None else "final front",
            }
        )
    return pd.DataFrame(rows)


def tables(runner: Runner) -> dict[str, pd.DataFrame]:
    """Pareto set (the front of every candidate evaluated), every candidate, every run."""
    spec = runner.setup.opt.spec
    keys, objectives, shares, F, violation = _archive(runner)
    cands = pd.DataFrame([runner.levers(key) for key in keys])
    for j, o in enumerate(spec.objectives):
        cands[o.column] = objectives[:, j]
    for j, c in enumerate(spec.constraints):
        cands[c.column] = shares[:, j]
    required = np.array([c.share for c in spec.constraints])
    cands["feasible"] = (shares >= required - 1e-12).all(axis=1) if spec.constraints else True
    cands["key"] = [json.dumps(list(key)) for key in keys]
    cands["pareto"] = front_mask(F, violation)
    first = spec.objectives[0]
    pareto = (
        cands[cands["pareto"]]
        .sort_values(first.column, ascending=first.direction == "min", kind="stable")
        .reset_index(drop=True)
    )
    rows = []
    futures = runner.setup.futures
    for key in keys:
        for f in range(spec.futures.count):
            rows.append(
                {
                    "key": json.dumps(list(key)),
                    **runner.levers(key),
                    "future": f,
                    **futures.iloc[f].to_dict(),
                    **runner.runs[(key, f)],
                }
            )
    return {
        "pareto": pareto.drop(columns="pareto"),
        "candidates": cands.sort_values("key", kind="stable").reset_index(drop=True),
        "evaluations": pd.DataFrame(rows),
    }


def best_futures(runner: Runner, result: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The futures of the most robust Pareto candidate, each marked whether it meets every
    constraint. Most robust: the highest share of futures meeting every constraint; among
    those tied, the largest margin in its worst future (maximin: the smallest slack of any
    constraint in any future, in units of the constraint's threshold); then the first
    objective. Decision (issue 29 item 4): ties broken by the first objective alone picked
    the cheapest of 27 storm_policy mixes that met both constraints in all 16 search
    futures, the one nearest their edge, and it met them in 87 % of 100 new futures; a
    share of 16 futures cannot see a margin."""
    spec = runner.setup.opt.spec
    pareto = result["pareto"]
    if not spec.constraints or pareto.empty:
        return pd.DataFrame()
    ev = result["evaluations"]
    ok, slack = constraint_slack(runner.setup.opt, ev)
    ev = ev.assign(meets_constraints=ok)
    by_key = ev.assign(_slack=slack).groupby("key")
    ranked = pareto.assign(
        _share=pareto["key"].map(by_key["meets_constraints"].mean()),
        _worst=pareto["key"].map(by_key["_slack"].min()),
    )
    best = ranked.sort_values(["_share", "_worst"], ascending=False, kind="stable").iloc[0]["key"]
    return ev[ev["key"] == best].reset_index(drop=True)


def _manifest(out: Path, setup: Setup, resume: bool) -> dict[str, Any]:
    identity = spec_hash(setup.opt, setup.seed, setup.posterior)
    path = out / "optimise.json"
    if path.is_file():
        old = json.loads(path.read_text())
        if old.get("search_sha256") != identity:
            raise ConfigError(
                f"{out}: holds a different search (another file, seed or "
                "posterior); choose another --out."
            )
        if not resume:
            raise ConfigError(
                f"{out}: already holds this search; add --resume to continue it, "
                "or choose another --out."
            )
        return old
    if (out / RUNS).is_file() and not resume:
        raise ConfigError(f"{out}: holds runs of a search; add --resume or choose another --out.")
    return {
        "name": setup.opt.spec.name,
        "path": str(setup.opt.path),
        "file_sha256": setup.opt.file_sha256,
        "search_sha256": identity,
        "seed": setup.seed,
        "posterior": setup.posterior,
        "spec": setup.opt.spec.model_dump(mode="json", by_alias=True),
        "futures": setup.futures.to_dict(orient="list"),
        "sessions": [],
    }


@contextlib.contextmanager
def _cluster(engine: str, scheduler: str | None, workers: int) -> Iterator[str | None]:
    """The scheduler address to use: the given one, or a LocalCluster's kept for the search."""
    if engine != "dask" or scheduler:
        yield scheduler
        return
    from govsim.experiments.batch.engines.dask import client_for

    with client_for(workers, None) as client:
        yield client.scheduler.address


def optimise(
    spec: Any,
    out: str | Path | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    seed: int | None = None,
    posterior: str | None = None,
    progress: bool = False,
    stop_after: int | None = None,
    stress: int | None = None,
    stress_cheapest: int | None = None,
) -> dict[str, pd.DataFrame]:
    """Run (or resume) a search; DataFrames ``pareto``, ``candidates``, ``convergence``,
    ``evaluations`` and ``best_futures``. With `out`, also the files (see :func:`write`).
    `stress`: then run the most robust Pareto candidate over this many new futures
    (:mod:`govsim.experiments.search.optimise_stress`): DataFrame ``stress``, files in
    OUT/stress/. `stress_cheapest` N: also stress-test the candidates tied on their share,
    cheapest first, over the same K futures until one holds, at most N
    (:func:`~govsim.experiments.search.optimise_stress.walk_cheapest`): DataFrame
    ``stress_cheapest``, files in OUT/stress-cheapest/."""
    from govsim.experiments.batch.engines import check

    t0 = time.perf_counter()
    check(engine, scheduler)
    if stress_cheapest is not None and (stress is None or stress_cheapest < 1):
        raise ConfigError(
            f"--stress-cheapest {stress_cheapest}: give a number of candidates of 1 or more, "
            "with --stress K (the number of new futures each is run over)."
        )
    opt = spec if isinstance(spec, Optimisation) else load_optimisation(spec)
    setup = make_setup(opt, seed, posterior)
    runner = Runner(
        setup, Path(out) if out else None, engine, workers or os.cpu_count() or 1, scheduler
    )
    manifest = None
    if runner.out is not None:
        runner.out.mkdir(parents=True, exist_ok=True)
        manifest = _manifest(runner.out, setup, resume)
        atomic_write_bytes(
            runner.out / "optimise.json",
            (json.dumps(manifest, indent=2, default=str) + "\n").encode(),
        )
        runner.load()
    on_disk = len(runner.runs)
    with _cluster(engine, scheduler, runner.workers) as address:
        runner.scheduler = address  # one Dask cluster for the whole search, not per generation
        state = search(runner, progress, stop_after)
    result = tables(runner)
    result["convergence"] = hypervolume(runner, state["history"])
    result["best_futures"] = best_futures(runner, result)
    if stop_after is not None:
        return result
    if stress is not None:
        from govsim.experiments.search.optimise_stress import stress as stress_test

        with _cluster(engine, scheduler, runner.workers) as address:
            runner.scheduler = address
            tested = stress_test(
                runner, result, stress, runner.out / "stress" if runner.out else None, progress
            )
        result["stress"] = tested["futures"]
    if stress_cheapest is not None:
        from govsim.experiments.search.optimise_stress import walk_cheapest

        with _cluster(engine, scheduler, runner.workers) as address:
            runner.scheduler = address
            folder = runner.out / "stress-cheapest" if runner.out else None
            walked = walk_cheapest(runner, result, stress, folder, stress_cheapest, progress)
        result["stress_cheapest"] = walked["tried"]
    if runner.out is None:
        return result
    from govsim.experiments.search.optimise_plots import write

    manifest["sessions"].append(
        {
            "engine": engine,
            "workers": runner.workers,
            "scheduler": scheduler,
            "runs_from_disk": on_disk,
            "runs_made": runner.n_run,
            "wall_seconds": round(time.perf_counter() - t0, 1),
        }
    )
    manifest.update(
        model_runs=len(runner.seen) * opt.spec.futures.count, candidates=len(result["candidates"])
    )
    write(result, runner.out, setup)
    atomic_write_bytes(
        runner.out / "optimise.json", (json.dumps(manifest, indent=2, default=str) + "\n").encode()
    )
    return result
