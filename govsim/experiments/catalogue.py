"""What ships: scenarios and experiments for `govsim list` and `govsim validate`."""

from __future__ import annotations

from pathlib import Path

from govsim.scenario.config import (
    ConfigError,
    experiment_dirs,
    load_scenario,
    named_files,
    read_yaml_mapping,
    scenario_dirs,
)

EXPERIMENT_KEYS = {"factors", "design", "replicates", "outcomes", "base", "levers"}


def _describe(path: Path) -> str:
    try:
        data = read_yaml_mapping(path)
    except ConfigError as err:
        return f"(invalid: {err})"
    return (
        str(data.get("description", "")).strip().splitlines()[0] if data.get("description") else ""
    )


def catalogue() -> dict[str, list[tuple[str, str]]]:
    """(name, description) of every scenario and experiment `govsim run`/`sweep` can load."""
    return {
        kind: [(name, _describe(path)) for name, path in named_files(dirs).items()]
        for kind, dirs in (("scenarios", scenario_dirs()), ("experiments", experiment_dirs()))
    }


def is_experiment(path: Path) -> bool:
    data = read_yaml_mapping(path)
    return bool(EXPERIMENT_KEYS & set(data)) and "population" not in data


def validate_file(path: Path) -> str:
    """One line saying what the file is, or ConfigError naming file, key and what is allowed."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file.")
    if "levers" in read_yaml_mapping(path):  # an optimisation (`govsim optimise`)
        from govsim.experiments.search.optimise_spec import load_optimisation

        optimisation = load_optimisation(path)
        return f"{path}: valid optimisation {optimisation.spec.name!r}"
    if is_experiment(path):
        from govsim.experiments.batch.spec import load_experiment

        experiment = load_experiment(path)
        return f"{path}: valid experiment {experiment.name!r}"
    scenario = load_scenario(path)
    return (
        f"{path}: valid scenario {scenario.name!r} ({scenario.population.residents:,} "
        f"residents, {scenario.days} days)"
    )
