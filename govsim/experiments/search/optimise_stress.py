"""Stress test of a search's chosen policy: the most robust Pareto candidate over K new futures.

K futures (12 in the worked example) are enough to judge a candidate, not to say *where* it
fails: PRIM on 12 rows returns the whole space. ``govsim optimise … --stress K`` takes the
candidate `best_futures` names (highest share of futures meeting every constraint, then
the widest margin in its worst future, then the first objective), draws K fresh futures
from the same ranges (or posterior) on a stream of their own (seeded from the search's
seed, so the same command gives the same futures and runs), runs it through the same
engines, and writes
``OUT/stress/stress_futures.parquet``: one row per future with its parameters, the
metrics, each constraint's truth and ``meets_constraints``, the table
``govsim discover`` reads (``--outcome "meets_constraints == False"``). Every run is kept
in ``OUT/stress/runs.jsonl`` as it arrives, so a killed stress test resumes.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.analysis.discover import DERIVED, write_with_inputs
from govsim.experiments.batch.progress import Progress
from govsim.experiments.search.optimise_runner import (
    OPS,
    Runner,
    _plain,
    constraint_slack,
    make_setup,
)
from govsim.running.output import atomic_write_bytes
from govsim.scenario.config import ConfigError

STRESS_TAG = 0x57_2E55  # the stress futures' stream, distinct from the search's futures
MAX_STRESS_FUTURES = 100_000
STRESS_FILE = "stress_futures.parquet"


def stress_seed(seed: int) -> int:
    """The seed of the stress futures: a stream of the search's seed, not the search's own."""
    return int(np.random.SeedSequence([seed, STRESS_TAG]).generate_state(1)[0])


def stress(
    runner: Runner,
    result: dict[str, pd.DataFrame],
    k: int,
    out: Path | None,
    progress: bool = False,
) -> dict[str, Any]:
    """Run the search's most robust Pareto candidate over `k` new futures.

    Returns ``{"futures": DataFrame, "summary": dict}``; with `out`, writes
    ``stress_futures.parquet`` and ``stress.json`` there (runs kept in ``runs.jsonl``)."""
    if not 1 <= k <= MAX_STRESS_FUTURES:
        raise ConfigError(
            f"--stress {k}: the number of futures must be 1 to {MAX_STRESS_FUTURES:,}."
        )
    best = result["best_futures"]
    if best.empty:
        raise ConfigError(
            "--stress: the search has no Pareto candidate with constraints to stress "
            "(an experiment without `constraints:` or an empty Pareto set)."
        )
    t0 = time.perf_counter()
    setup = runner.setup
    opt = setup.opt
    spec = opt.spec.model_copy(update={"futures": opt.spec.futures.model_copy(update={"count": k})})
    stress_opt = dataclasses.replace(opt, spec=spec)
    stress_setup = make_setup(stress_opt, stress_seed(setup.seed), setup.posterior)
    key = tuple(json.loads(best["key"].iloc[0]))
    identity = {"key": list(key), "futures": k, "search_seed": setup.seed}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        _check_same(out, identity)
    sub = Runner(stress_setup, out, runner.engine, runner.workers, runner.scheduler)
    if out is not None:
        sub.load()
    on_disk = len(sub.runs)
    if progress:
        print(f"stress: candidate {sub.levers(key)} over {k} new futures", flush=True)

    sub.progress = Progress(k - on_disk, "stress test", enabled=progress)
    try:
        sub.evaluate([key])
    finally:
        sub.progress.close()
    rows = []
    for f in range(k):
        metrics = sub.runs[(key, f)]
        row = {"future": f, **stress_setup.futures.iloc[f].to_dict(), **metrics}
        ok = True
        for c in spec.constraints:
            metric, op, value = c.parts
            holds = bool(OPS[op](float(metrics.get(metric, np.nan)), value))
            row[f"holds: {c.expr}"] = holds
            ok &= holds
        row["meets_constraints"] = ok
        rows.append(row)
    frame = pd.DataFrame(rows)
    summary = {
        **identity,
        "candidate": {k_: _plain(v) for k_, v in sub.levers(key).items()},
        "stress_seed": stress_seed(setup.seed),
        "share_meeting_each_constraint": {
            c.expr: float(frame[f"holds: {c.expr}"].mean()) for c in spec.constraints
        },
        "share_meeting_all": float(frame["meets_constraints"].mean()),
        "share_required": {c.expr: c.share for c in spec.constraints},
        "runs_from_disk": on_disk,
        "runs_made": sub.n_run,
        "wall_seconds": round(time.perf_counter() - t0, 1),
    }
    inputs = [c for c in stress_setup.futures.columns if frame[c].nunique() > 1]
    inputs += [d for d in DERIVED if d in frame]
    summary["inputs"] = inputs
    if out is not None:
        write_with_inputs(frame, inputs, out / STRESS_FILE)
        atomic_write_bytes(
            out / "stress.json", (json.dumps(summary, indent=2, default=str) + "\n").encode()
        )
    return {"futures": frame, "summary": summary}


def tied_by_first_objective(runner: Runner, result: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The Pareto candidates tied on the highest share of the search's futures meeting every
    constraint, best first by the first objective (its robust value: lowest cost first for
    a minimised one); ties on it keep the Pareto set's order."""
    spec = runner.setup.opt.spec
    pareto = result["pareto"]
    if not spec.constraints or pareto.empty:
        return pareto.iloc[:0]
    ev = result["evaluations"]
    ok, _ = constraint_slack(runner.setup.opt, ev)
    share = pareto["key"].map(pd.Series(ok, index=ev.index).groupby(ev["key"]).mean())
    first = spec.objectives[0]
    return pareto[share == share.max()].sort_values(
        first.column, ascending=first.direction == "min", kind="stable"
    )


def walk_cheapest(
    runner: Runner,
    result: dict[str, pd.DataFrame],
    k: int,
    out: Path | None,
    most: int,
    progress: bool = False,
) -> dict[str, Any]:
    """Stress-test the search's tied candidates (:func:`tied_by_first_objective`), cheapest
    first, each over the same `k` new futures as :func:`stress`, until one meets every
    constraint in at least the share the constraint asks for; at most `most` of them. The
    most robust candidate by margin is often the dearest (issue 29 item 4: every
    storm_policy lever at its maximum); this answers "the cheapest policy that holds in
    new futures". Returns ``{"tried": DataFrame (one row per candidate tested, with its
    levers, first objective, shares and ``holds``), "first_that_holds": 1-based rank or
    None, "tied": n}``; with `out`, each candidate's runs in ``out/NN/`` (resumable) and
    the table in ``out/walk.json``."""
    tied = tied_by_first_objective(runner, result)
    required = {c.expr: c.share for c in runner.setup.opt.spec.constraints}
    column = runner.setup.opt.spec.objectives[0].column
    rows, found = [], None
    for n, (_, row) in enumerate(tied.head(most).iterrows()):
        folder = out / f"{n:02d}" if out is not None else None
        best = pd.DataFrame({"key": [row["key"]]})
        summary = stress(runner, {"best_futures": best}, k, folder, progress)["summary"]
        shares = summary["share_meeting_each_constraint"]
        holds = all(shares[expr] >= share for expr, share in required.items())
        rows.append(
            {
                "rank": n + 1,
                "key": row["key"],
                **summary["candidate"],
                column: float(row[column]),
                **{f"new share: {expr}": v for expr, v in shares.items()},
                "new share: all": summary["share_meeting_all"],
                "holds": holds,
            }
        )
        if holds:
            found = n + 1
            break
    tried = pd.DataFrame(rows)
    if out is not None:
        walk = {"futures": k, "search_seed": runner.setup.seed, "tied": len(tied), "most": most,
                "required": required, "first_that_holds": found,
                "tried": tried.to_dict(orient="records")}  # fmt: skip
        atomic_write_bytes(out / "walk.json", (json.dumps(walk, indent=1) + "\n").encode())
    return {"tried": tried, "first_that_holds": found, "tied": len(tied)}


def _check_same(out: Path, identity: dict[str, Any]) -> None:
    """Refuse to mix runs of another candidate, size or seed into `out`; record the identity
    before the first run so a killed test is recognised."""
    path = out / "stress.json"
    if path.is_file():
        old = json.loads(path.read_text())
        if {k: old.get(k) for k in identity} != identity:
            raise ConfigError(
                f"{out}: holds a stress test of another candidate, number of futures or "
                f"seed (candidate {old.get('key')}, {old.get('futures')} futures); remove "
                "it or choose another --out."
            )
        return
    if (out / "runs.jsonl").is_file():
        raise ConfigError(f"{out}: holds runs but no stress.json; choose another --out.")
    atomic_write_bytes(path, (json.dumps(identity, indent=2) + "\n").encode())
