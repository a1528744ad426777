"""The Python API of ``import govsim`` (re-exported lazily by :mod:`govsim`).

A notebook session::

    import govsim
    s = govsim.load("community_y", **{"platform.integrated": False})
    r = govsim.run(s, seed=1, days=60)        # r.summary, r.daily, r.scenario
    df = govsim.sweep("grid_workers_platform")  # one row per run, in memory
    govsim.metrics()                          # unit, section, labels of every metric

Everything here is a thin layer over the modules the CLI uses; nothing is
computed differently from ``govsim run`` / ``govsim sweep``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsim.scenario.config import (
    ConfigError,
    named_files,
    override,
    scenario_dirs,
    scenario_from,
)
from govsim.scenario.schema import Scenario

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from govsim.running.runner import RunResult


def load(
    name_or_path: str | Path | Scenario, overrides: Mapping[str, Any] | None = None, **more: Any
) -> Scenario:
    """A validated scenario by name or path, with dotted or nested overrides.

    ``load("community_y", **{"platform.integrated": False})``,
    ``load("community_y", {"platform": {"integrated": False}}, days=90)``.
    A bad key or value raises :class:`govsim.scenario.config.ConfigError` naming it.
    """
    return scenario_from(name_or_path, {**(overrides or {}), **more})


def run(
    scenario: str | Path | Scenario,
    seed: int | np.random.SeedSequence | None = None,
    days: int | None = None,
    window: tuple[int, int] | None = None,
) -> RunResult:
    """Simulate one run: ``.summary`` (dict), ``.daily`` (DataFrame), ``.scenario``.
    `window` = (start, end): the summary covers those days only (docs/kpis.md)."""
    from govsim.running import runner

    config = load(scenario)
    if days is not None:
        config = override(config, {"days": days})
    return runner.run(config, seed, window=window)


def sweep(
    experiment: str | Path | Mapping[str, Any],
    workers: int = 1,
    engine: str = "local",
    out: str | Path | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Run an experiment (name, path or mapping); one row per run, as in ``runs.parquet``.

    With ``out=None`` nothing is written and the rows come back in memory; with
    ``out=DIR`` the sweep is written there as by ``govsim sweep`` (``options``:
    ``resume``, ``shard``, ``scheduler``, ``progress``) and ``DIR/runs.parquet``
    is returned. Failed runs are listed in ``df.attrs["failures"]``. A paired experiment
    (``paired: {reference: ...}``) adds ``<outcome>_diff`` columns (run minus the
    reference point's run of the same replicate).
    """
    from govsim.experiments.spec import load_experiment

    exp = load_experiment(experiment)
    if out is not None:
        import pandas as pd

        from govsim.experiments.sweep import sweep as file_sweep

        result = file_sweep(
            exp, out, workers=workers, engine=engine, **{"progress": False, **options}
        )
        frame = pd.read_parquet(Path(result.out_dir) / "runs.parquet")
        frame.attrs["failures"] = result.failures
        return frame
    if options:
        raise ConfigError(f"sweep: {', '.join(options)} need(s) out=DIR.")
    return _sweep_in_memory(exp, workers, engine)


def _sweep_in_memory(exp: Any, workers: int, engine: str) -> pd.DataFrame:
    import pyarrow as pa

    from govsim.experiments.engines import execute
    from govsim.experiments.paired import add_diffs, reference_point
    from govsim.experiments.plan import make_plan
    from govsim.experiments.store import TIMING_COLUMNS, part_schema, record_row

    plan = make_plan(exp)
    rows: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []

    def on_record(record: dict[str, Any]) -> None:
        if record["status"] == "ok":
            rows.append(record_row(record))
        else:
            failures.append(
                {k: record[k] for k in ("run_id", "point", "replicate", "values", "error")}
            )

    execute(engine, plan.tasks(list(range(plan.n_runs))), on_record, max(1, workers))
    table = pa.Table.from_pylist(rows, schema=part_schema(exp)).sort_by("run_id")
    frame = table.drop_columns(TIMING_COLUMNS).to_pandas()
    reference = reference_point(exp.spec)
    if reference is not None:  # paired: `<outcome>_diff` as in runs.parquet
        frame = add_diffs(frame, list(exp.spec.outcomes), reference)
    frame.attrs["failures"] = sorted(failures, key=lambda f: f["run_id"])
    return frame


def discover(
    results: str | Path | pd.DataFrame,
    outcome: str,
    inputs: list[str] | None = None,
    **options: Any,
) -> dict[str, pd.DataFrame]:
    """PRIM scenario discovery, as ``govsim discover``: ``boxes``, ``limits`` (with quasi-p
    and significance) and ``trajectory`` DataFrames; ``result["boxes"].attrs["json"]`` is
    boxes.json. `results`: a DataFrame, a sweep directory or a robustness samples file
    (their inputs by default); `options`: ``threshold``, ``max_boxes``,
    ``drop_insignificant``."""
    import pandas as pd

    from govsim.experiments.discover import discover as run_prim
    from govsim.experiments.discover import read_result

    if isinstance(results, pd.DataFrame):
        frame, default = results, None
    else:
        frame, default = read_result(Path(results), outcome, inputs)
    return run_prim(frame, outcome, inputs or default, **options)


def optimise(
    spec: str | Path | Mapping[str, Any],
    out: str | Path | None = None,
    workers: int = 1,
    engine: str = "local",
    **options: Any,
) -> dict[str, pd.DataFrame]:
    """A lever search, as ``govsim optimise``: ``pareto``, ``candidates``, ``evaluations``,
    ``convergence`` and ``best_futures`` DataFrames. `spec`: an optimisation name, path or
    mapping; with `out` the files are written there too; `options`: ``seed``,
    ``posterior``, ``resume``, ``scheduler``, ``progress``, ``stress`` (K new futures for
    the most robust Pareto policy: DataFrame ``stress``)."""
    from govsim.experiments.optimise import optimise as search

    return search(spec, out=out, workers=workers, engine=engine, **options)


def survey(
    scenario: str | Path | Scenario = "community_y",
    seed: int | None = None,
    days: int | None = None,
) -> Any:
    """The simulated S4 questionnaire (see :mod:`govsim.evidence.survey`), on the scenario's survey
    day unless `days` is given; ``.comparison()`` gives simulated and paper shares."""
    from govsim.evidence.survey import survey_scenario

    config = load(scenario)
    return survey_scenario(config, config.seed if seed is None else seed, days)


def scenarios() -> list[str]:
    """Names of the scenarios ``load`` finds (./scenarios first, then the shipped ones)."""
    return list(named_files(scenario_dirs()))


def metrics() -> pd.DataFrame:
    """Every registered metric: unit, section, EN and 中文 labels, better, description."""
    import dataclasses

    import pandas as pd

    from govsim.simulation.metrics import INFO

    frame = pd.DataFrame([dataclasses.asdict(i) for i in INFO.values()])
    return frame.set_index("name")


def calibrate(
    targets: str | Path,
    out: str | Path | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = False,
) -> dict[str, Any]:
    """``govsim calibrate TARGETS``: Morris screening, then ABC-SMC (pyabc) of the
    identifiable assumed keys; writes posterior.parquet and diagnostics in `out` and
    returns the summary (calibration.json's content). Needs the ``calibrate`` extra."""
    from govsim.evidence.calibrate import calibrate as run_calibration

    return run_calibration(targets, out, workers, engine, scheduler, resume, progress)


def forecast(
    scenario: str | Path | Scenario = "beijing_reform",
    posterior: str | Path | None = None,
    months: int = 72,
    out: str | Path | None = None,
    seeds: int = 2,
    draws: int = 12,
    seed: int = 2019,
    workers: int = 1,
    progress: bool = False,
) -> dict[str, Any]:
    """``govsim forecast SCENARIO``: monthly median and 90 % band of the 12345 KPIs over
    posterior draws × seeds (forecast.json's content; written in `out` unless None)."""
    from govsim.evidence.forecast import forecast as run_forecast

    return run_forecast(scenario, posterior, months, out, seeds, draws, seed, workers, progress)
