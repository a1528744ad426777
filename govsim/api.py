"""The Python API of ``import govsim`` (re-exported lazily by :mod:`govsim`).

A notebook session::

    import govsim
    s = govsim.load("community_y", **{"platform.integrated": False})
    r = govsim.run(s, seed=1, days=60)        # r.summary, r.daily, r.scenario
    df = govsim.sweep("grid_workers_platform")  # one row per run (runs.parquet)
    govsim.metrics()                          # unit, section, labels of every metric

The command line and this API are one façade: ``govsim run`` calls :func:`run`,
``govsim survey`` :func:`survey`, ``govsim sweep`` :func:`sweep`,
``govsim discover`` :func:`discover`, ``govsim optimise`` :func:`optimise`, ``govsim
calibrate`` :func:`calibrate`, ``govsim forecast`` :func:`forecast`; nothing is computed
differently from the command.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
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

    from govsim.experiments.batch.spec import Experiment
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
    progress: Callable[[int, int], None] | None = None,
    series: bool | Collection[str] = True,
) -> RunResult:
    """Simulate one run: ``.summary`` (dict), ``.daily`` (DataFrame), ``.scenario``.
    `window` = (start, end): the summary covers those days only (docs/kpis.md);
    `progress(day, days)` is called after each day. ``govsim run`` calls this.
    `series`: the metrics whose daily series is kept: all (True), none (False: a run read
    only for its summary, about a third cheaper at a few thousand residents) or the names
    given; the summary is the same, ``.daily`` needs True.

    The window and the memory the run needs are checked here, once, before the model's
    imports (a refusal comes in a second), as the scenario is read and validated once."""
    from govsim.scenario import resources
    from govsim.scenario.window import check_window

    config = load(scenario)
    if days is not None:
        config = override(config, {"days": days})
    check_window(window, config.days)
    resources.check(config)
    from govsim.running import runner

    return runner.run(config, seed, progress=progress, window=window, checked=True, series=series)


def sweep(
    experiment: str | Path | Mapping[str, Any] | Experiment,
    workers: int | None = 1,
    engine: str = "local",
    out: str | Path | None = None,
    rows: bool = True,
    **options: Any,
) -> pd.DataFrame:
    """Run an experiment (name, path, mapping or loaded); one row per run, as in ``runs.parquet``.

    This is ``govsim sweep`` (the command calls it): the runs go through
    :func:`govsim.experiments.batch.sweep.sweep` into ``out=DIR`` (``options``:
    ``resume``, ``shard``, ``scheduler``, ``progress``), or into a temporary directory
    removed afterwards with ``out=None``, and ``DIR/runs.parquet`` is returned. Failed
    runs are listed in ``df.attrs["failures"]``; ``df.attrs["sweep"]`` holds the
    :class:`~govsim.experiments.batch.sweep.SweepResult`'s counts as a plain dict (``out_dir``,
    ``expected``, ``done``, ``skipped``, ``seconds``: plain values, so the frame can still be
    written to Parquet with its attrs). A paired experiment (``paired: {reference: ...}``)
    adds ``<outcome>_diff`` columns (run minus the reference point's run of the same
    replicate). ``rows=False`` (with ``out=DIR``) leaves the rows in ``DIR/runs.parquet``
    and returns a frame without rows, with the same attrs: ``govsim sweep`` prints only
    the counts, and reading 10^6 rows back took it from 485 MB to 1,763 MB.
    """
    from govsim.experiments.batch.spec import Experiment, load_experiment

    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    if out is not None:
        return _file_sweep(exp, Path(out), workers, engine, options, rows)
    if options or not rows:
        named = [*options, *([] if rows else ["rows=False"])]
        raise ConfigError(f"sweep: {', '.join(named)} need(s) out=DIR.")
    import tempfile

    with tempfile.TemporaryDirectory(prefix="govsim-sweep-") as tmp:
        return _file_sweep(exp, Path(tmp), workers, engine, {})


def _file_sweep(
    exp: Experiment,
    out: Path,
    workers: int | None,
    engine: str,
    options: dict[str, Any],
    rows: bool = True,
) -> pd.DataFrame:
    import pandas as pd

    from govsim.experiments.batch.sweep import sweep as file_sweep

    result = file_sweep(exp, out, workers=workers, engine=engine, **{"progress": False, **options})
    frame = pd.read_parquet(Path(result.out_dir) / "runs.parquet") if rows else pd.DataFrame()
    frame.attrs["failures"] = result.failures
    frame.attrs["sweep"] = {
        "out_dir": str(result.out_dir),
        "expected": result.expected,
        "done": result.done,
        "skipped": result.skipped,
        "seconds": result.seconds,
    }
    return frame


def discover(
    results: str | Path | pd.DataFrame,
    outcome: str,
    inputs: list[str] | None = None,
    **options: Any,
) -> dict[str, pd.DataFrame]:
    """PRIM scenario discovery, as ``govsim discover``: ``boxes``, ``limits`` (with quasi-p
    and significance) and ``trajectory`` DataFrames; ``result["boxes"].attrs["json"]`` is
    boxes.json. `results`: a DataFrame (every other column an input by default), a sweep
    directory or a robustness samples file (their inputs by default); `options`:
    ``threshold``, ``max_boxes``, ``drop_insignificant``."""
    import pandas as pd

    from govsim.experiments.analysis.discover import discover as run_prim
    from govsim.experiments.analysis.discover import read_result

    if isinstance(results, pd.DataFrame):
        return run_prim(results, outcome, inputs, **options)
    frame, default = read_result(Path(results), outcome, inputs)
    if not (inputs or default):
        raise ConfigError(
            f"{results}: no manifest or input list to say which columns are "
            "inputs; give --inputs COL1,COL2,… (inputs=[...] in Python)"
        )
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
    the most robust Pareto policy: DataFrame ``stress``), ``stress_cheapest`` (N: the tied
    policies, cheapest first, over the same K futures until one holds: DataFrame
    ``stress_cheapest``)."""
    from govsim.experiments.search.optimise import optimise as search

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
