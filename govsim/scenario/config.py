"""Loading scenario files: YAML, ``extends:``, ``--set`` overrides and clear errors.

Nothing else in govsim parses scenario YAML. Every failure raises
:class:`ConfigError`, whose message names the file, the key and what is
allowed; the CLI turns it into exit code 2 without a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from govsim.scenario.schema import Scenario, field_bounds, lookup

PACKAGE = Path(__file__).resolve().parent.parent
"""The installed (or checked-out) ``govsim`` package."""
REPO_ROOT = PACKAGE.parent
"""The source checkout (tests, docs) when govsim runs from one; shipped files never rely on it."""
PACKAGE_DATA = PACKAGE / "data"
"""Data tables shipped in the package (census ages, S4's survey, the stated predictions). A plain
directory: pip installs packages unzipped, and ``importlib.resources`` (what a zipped package
would need) costs 20 ms of every start."""


def shipped(kind: str) -> Path:
    """The folder of shipped ``kind`` files: ``scenarios``, ``experiments`` or ``dashboards``.

    One copy of each lives in the repository's top-level folder of that name (the project's
    design card). A wheel carries them in ``govsim/_shipped/KIND`` (copied at build time by
    ``setup.py``), so an installed govsim finds them from any folder.
    """
    in_checkout = REPO_ROOT / kind
    if in_checkout.is_dir() and (REPO_ROOT / "pyproject.toml").is_file():
        return in_checkout
    return PACKAGE / "_shipped" / kind


class ConfigError(Exception):
    """Bad input: the message is one paragraph for a researcher, not a traceback."""

    def __str__(self) -> str:
        """The message on one line: control characters from a file (a name such as
        ``"\\r"``) are shown escaped, as they would be typed."""
        text = super().__str__()
        if text.isprintable():
            return text
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def scenario_dirs() -> list[Path]:
    """Where `govsim run NAME` looks: $GOVSIM_SCENARIOS, ./scenarios, then the shipped ones."""
    dirs = []
    if env := os.environ.get("GOVSIM_SCENARIOS"):
        dirs.append(Path(env))
    dirs += [Path.cwd() / "scenarios", shipped("scenarios")]
    return list(dict.fromkeys(d.resolve() for d in dirs))


def experiment_dirs() -> list[Path]:
    """Where `govsim sweep NAME` looks: ./experiments, then the shipped ones."""
    return list(
        dict.fromkeys(d.resolve() for d in (Path.cwd() / "experiments", shipped("experiments")))
    )


def flatten(updates: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"platform": {"integrated": False}}`` → ``{"platform.integrated": False}``."""
    flat: dict[str, Any] = {}
    for key, value in updates.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat |= flatten(value, dotted + ".")
        else:
            flat[dotted] = value
    return flat


def named_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """NAME → file for every NAME.yaml or NAME.yml in `dirs`, sorted by name: the file
    :func:`find_file` loads for NAME (the first directory holding it; .yaml before .yml).

    The one lister of scenarios and experiments (`govsim list`, ``govsim.scenarios()``,
    the dashboard's choice of scenario, the names an unknown name's error offers)."""
    found: dict[str, Path] = {}
    for d in dirs:
        if d.is_dir():
            for path in sorted(d.glob("*.y*ml"), key=lambda p: (p.stem, p.suffix != ".yaml")):
                if path.suffix in (".yaml", ".yml"):
                    found.setdefault(path.stem, path)
    return dict(sorted(found.items()))


def find_file(name_or_path: str | Path, dirs: Iterable[Path], kind: str = "scenario") -> Path:
    """A path as given, or NAME looked up as NAME.yaml in `dirs`."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists() or "/" in str(name_or_path):
        if candidate.is_file():
            return candidate
        raise ConfigError(f"{candidate}: no such {kind} file.")
    dirs = list(dirs)
    for d in dirs:
        for ext in (".yaml", ".yml"):
            if (d / f"{name_or_path}{ext}").is_file():
                return d / f"{name_or_path}{ext}"
    raise ConfigError(
        f"{name_or_path}: no such {kind}; looked in "
        f"{', '.join(str(d) for d in dirs)}. Known {kind}s: "
        f"{', '.join(named_files(dirs))}."
    )


def _parse_yaml(text: str) -> Any:
    """``yaml.safe_load``, through libyaml when PyYAML has it (10x faster; a scenario and
    its base take 25 ms in pure Python). A file libyaml rejects is parsed again in pure
    Python, so the error message and its line and column are always PyYAML's own."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - the safe loader, in C
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """The top-level mapping of a YAML file, or a ConfigError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot be read ({err}).") from None
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as err:
        where = ""
        if mark := getattr(err, "problem_mark", None):
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ConfigError(f"{path}: YAML syntax error{where}: {problem}.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: the file must hold a mapping of keys (key: value), "
            f"not a {type(data).__name__}."
        )
    return data


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`; nested mappings merge key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve_extends(
    path: Path, chain: tuple[Path, ...] = (), data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The file's mapping over its `extends:` parents'; `data`: the file, already read."""
    path = path.resolve()
    if path in chain:
        cycle = " → ".join(p.name for p in (*chain, path))
        raise ConfigError(
            f"{chain[-1]}: key `extends`: circular inheritance ({cycle}); "
            "a scenario may extend another only if that one does not lead back."
        )
    data = read_yaml_mapping(path) if data is None else data
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ConfigError(
            f"{path}: key `extends`: must be a scenario name or path, got {parent!r}."
        )
    try:
        parent_path = find_file(parent, [path.parent, *scenario_dirs()])
    except ConfigError as err:
        raise ConfigError(f"{path}: key `extends`: {err}") from None
    return deep_merge(_resolve_extends(parent_path, (*chain, path)), data)


def parse_override(text: str) -> tuple[str, Any]:
    """`a.b=value` → ("a.b", value parsed as YAML)."""
    if "=" not in text:
        raise ConfigError(f"--set {text}: expected key=value, e.g. --set platform.reliability=0.9.")
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key or any(not part for part in key.split(".")):
        raise ConfigError(f"--set {text}: the key must be a dotted scenario key.")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key, value


def apply_overrides(
    data: dict[str, Any], overrides: Iterable[str], source: str = "--set"
) -> dict[str, Any]:
    """`--set key=value` texts applied to raw scenario data (see :func:`set_dotted`)."""
    for text in overrides:
        key, value = parse_override(text)
        set_dotted(data, key, value, f"{source}: --set {text}")
    return data


def _list_item(node: list[Any], key: str, part: str, where: str) -> Any:
    if not part.isdigit():
        raise ConfigError(
            f"{where}: key `{key}`: `{part}` must be an index 0 … {len(node) - 1} of the list."
        )
    if int(part) >= len(node):
        allowed = f"indices 0 … {len(node) - 1}" if node else "none (the list is empty)"
        raise ConfigError(
            f"{where}: key `{key}`: index {part} is out of range; the scenario "
            f"has {len(node)} item(s) there, allowed {allowed}."
        )
    return node[int(part)]


def _check_event_field(event: Any, key: str, field: str, where: str) -> None:
    from govsim.scenario.schema import EVENT_FIELDS

    kind = event.get("kind") if isinstance(event, dict) else None
    allowed = EVENT_FIELDS.get(kind) if isinstance(kind, str) else None
    if allowed is not None and field not in allowed:
        raise ConfigError(
            f"{where}: key `{key}`: an event of kind {kind} has no field "
            f"`{field}`; allowed: {', '.join(allowed)}."
        )


def set_dotted(data: dict[str, Any], key: str, value: Any, where: str = "") -> None:
    """Set `key` (dotted; an integer part indexes a list, e.g. ``events.0.factor``) in raw
    scenario data. The one setter behind ``--set`` and :func:`override` (experiment
    factors): sections missing from the data are created; an item of a list is changed in
    place, so the scenario's other events stay. A section is never replaced by a value nor
    a value by a section, an index out of range or a field the event's kind does not use is
    refused: each a ConfigError naming `where`, the key and what is allowed."""
    node: Any = data
    parts = key.split(".")
    for depth, part in enumerate(parts[:-1]):
        if isinstance(node, list):
            node = _list_item(node, key, part, where)
            continue
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif not isinstance(child, dict | list):
            raise ConfigError(
                f"{where}: key `{key}`: `{'.'.join(parts[: depth + 1])}` is a "
                f"value ({child!r}), not a section with keys."
            )
        node = child
    last = parts[-1]
    if isinstance(node, list):
        _list_item(node, key, last, where)
        node[int(last)] = value
        return
    if len(parts) == 3 and parts[0] == "events":
        _check_event_field(node, key, last, where)
    old = node.get(last)
    if isinstance(old, dict) and not isinstance(value, Mapping):
        raise ConfigError(
            f"{where}: key `{key}` is a section; set one of its keys, e.g. "
            f"`{key}.{next(iter(old), 'name')}`, not {value!r}."
        )
    if isinstance(value, Mapping) and old is not None and not isinstance(old, dict):
        raise ConfigError(
            f"{where}: key `{key}` is a value ({old!r}), not a section; it "
            f"cannot take the keys {', '.join(map(str, value))}."
        )
    node[last] = dict(value) if isinstance(value, Mapping) else value


def _allowed(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The description of the field at `loc`, or the keys allowed where it is unknown."""
    field, holder = lookup(loc, model)
    if holder is None or not loc:
        return ""
    if field is None:
        return "allowed keys here: " + ", ".join(
            sorted(f.alias or n for n, f in holder.model_fields.items())
        )
    desc = field.description or ""
    signs = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    bounds = [f"{signs[attr]} {bound}" for attr, bound in field_bounds(field).items()]
    if bounds:
        desc += " [" + ", ".join(bounds) + "]"
    default = field.default
    if isinstance(default, (int, float, bool, str)):
        desc = f"{desc} (default {default!r})" if desc else f"default {default!r}"
    return desc


SINCE_ISSUE_11 = "(handling is in staff-hours since issue 11)"
REMOVED_KEYS = {
    "responders.department_capacity_per_day": (
        f"responders.department_staff_hours_per_day {SINCE_ISSUE_11}"
    ),
    "responders.social_group_capacity_per_day": (
        f"responders.social_group_staff_hours_per_day {SINCE_ISSUE_11}"
    ),
}
"""Keys that older scenario files may still set: removed, and what replaced each."""


def format_validation_error(
    source: str | Path,
    err: ValidationError,
    model: type[BaseModel] = Scenario,
    kind: str = "scenario",
    top_keys: Iterable[str] = ("extends",),
    renames: Mapping[str, str] | None = None,
) -> str:
    """One paragraph for a pydantic error: each key, what is wrong, the value, what is allowed.

    Used for scenario files (here) and experiment files (:mod:`govsim.experiments.batch.spec`);
    `renames` maps field names to the words of the files (e.g. bounds → range).
    """
    renames = renames or {}
    article = "an" if kind[0] in "aeiou" else "a"
    lines = []
    for e in err.errors():
        loc = tuple(renames.get(str(p), p) for p in e["loc"] if not isinstance(p, int))
        key = ".".join(str(p) for p in loc) or "(top level)"
        value = e.get("input")
        if e["type"] == "extra_forbidden" and key in REMOVED_KEYS and kind == "scenario":
            lines.append(f"key `{key}` was removed; use {REMOVED_KEYS[key]}.")
            continue
        if e["type"] == "extra_forbidden":
            parent = loc[:-1]
            allowed = (
                _allowed(model, (*parent, "\0"))
                if parent
                else "allowed keys here: "
                + ", ".join(
                    sorted([f.alias or n for n, f in model.model_fields.items()] + list(top_keys))
                )
            )
            lines.append(f"key `{key}` is not {article} {kind} key; {allowed}.")
            continue
        msg = e["msg"].removeprefix("Value error, ")
        if not loc:  # a cross-field rule (scenario/validation.py): its sentence names the keys
            lines.append(f"{msg}.")
            continue
        allowed = _allowed(model, loc)
        shown = "" if isinstance(value, dict) or e["type"] == "missing" else f" (got {value!r})"
        lines.append(
            f"key `{key}`: {msg}{shown}" + (f"; allowed: {allowed}" if allowed else "") + "."
        )
    return f"{source}: " + " ".join(lines)


def load_scenario(
    name_or_path: str | Path, overrides: Iterable[str] = (), days: int | None = None
) -> Scenario:
    """Read a scenario by name or path, resolve `extends:`, apply `--set`, validate."""
    path = find_file(name_or_path, scenario_dirs())
    own = read_yaml_mapping(path)  # read once (issue 30 item 6)
    name = own.get("name", path.stem)  # a name is not inherited
    data = _resolve_extends(path, data=own)
    data["name"] = name
    overrides = list(overrides)
    apply_overrides(data, overrides, str(path))
    if days is not None:
        data["days"] = days
    source = str(path) + (f" with --set {' '.join(overrides)}" if overrides else "")
    return scenario_from_dict(data, source)


def scenario_from_dict(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as err:
        raise ConfigError(format_validation_error(source, err)) from None


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Everything needed to rerun: plain data, aliases as in the YAML files."""
    return scenario.model_dump(mode="json", by_alias=True)


def override(scenario: Scenario, updates: Mapping[str, Any]) -> Scenario:
    """A copy of `scenario` with dotted keys replaced (:func:`set_dotted`), validated like a
    file."""
    data = scenario_to_dict(scenario)
    source = f"{scenario.name} with {dict(updates)}"
    for key, value in updates.items():
        set_dotted(data, key, value, source)
    return scenario_from_dict(data, source)


def scenario_from(
    name_or_path: str | Path | Scenario, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """A validated scenario by name, path or Scenario, with dotted or nested overrides.

    What ``govsim.load`` and ``GovernanceModel(scenario, **overrides)`` both do.
    """
    scenario = name_or_path if isinstance(name_or_path, Scenario) else load_scenario(name_or_path)
    updates = flatten(overrides or {})
    return override(scenario, updates) if updates else scenario
