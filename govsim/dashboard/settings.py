"""The setup a page shows, as data: scenario, seed, horizon and levers.

One :class:`Setup` is what the URL carries (``?scenario=…&seed=…&days=…&platform.x=…``),
what the "copy as command" line reproduces (``govsim run SCENARIO --seed S --days D
--set key=value …``) and what the "model rebuilt with" notice compares. Every value typed
or read from a link is checked by the scenario schema itself
(:func:`govsim.scenario.config.override`), so the page shows the schema's own message.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from govsim.dashboard.i18n import scenario_label, t
from govsim.dashboard.levers import Lever, available_levers, coerce, lever_value
from govsim.dashboard.wording import refusal
from govsim.scenario.config import ConfigError, override
from govsim.scenario.schema import Scenario

MAX_REPLICATES = 10
"""At most this many seeds run in the background (each a whole model; 2 cores)."""


@dataclass(frozen=True)
class Setup:
    """What a run is built from; `levers` = (dotted key, value), sorted by key.

    A policy of a saved Pareto set (:mod:`govsim.dashboard.pareto`) also carries its
    search's name (`search`) and the keys the search fixed in its ``set:`` (`fixed`,
    applied to the scenario before the levers: they are its base, not levers)."""

    scenario: str
    seed: int
    days: int
    levers: tuple[tuple[str, Any], ...] = field(default=())
    fixed: tuple[tuple[str, Any], ...] = field(default=())
    search: str = ""

    @property
    def overrides(self) -> dict[str, Any]:
        """The levers, as :class:`~govsim.dashboard.session.Simulation` takes them."""
        return dict(self.levers)


def lever_text(value: Any) -> str:
    """A lever value as typed after ``--set key=`` (YAML: true/false, 0.9, 20)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def query(setup: Setup) -> str:
    """The URL query string of a setup."""
    pairs = [("scenario", setup.scenario), ("seed", str(setup.seed)), ("days", str(setup.days))]
    if setup.search:
        pairs.append(("search", setup.search))
    pairs += [(key, lever_text(value)) for key, value in setup.levers]
    return urlencode(pairs)


def command(setup: Setup, day: int) -> str:
    """The `govsim run` command whose summary is this setup's whole run up to `day`."""
    parts = ["govsim", "run", setup.scenario, "--seed", str(setup.seed), "--days", str(max(day, 1))]
    for key, value in setup.fixed:  # a search's `set:` (YAML flow, so lists and sections too)
        text = value if isinstance(value, str) else json.dumps(value)
        parts += ["--set", shlex.quote(f"{key}={text}")]
    for key, value in setup.levers:
        parts += ["--set", f"{key}={lever_text(value)}"]
    return " ".join(parts)


def check(base: Scenario, key: str, value: Any, lang: str = "en") -> str | None:
    """None if the schema accepts `value` for dotted `key` in `base`, else why not in the
    page's words (:func:`~govsim.dashboard.wording.refusal`: the range the schema allows)."""
    try:
        override(base, {key: value})
    except ConfigError:
        return refusal(key, value, lang)
    return None


WHOLE = re.compile(r"[+-]?\d+")


def parse_whole(
    base: Scenario, key: str, text: str, label: str, in_use: int, lang: str
) -> tuple[int | None, str | None]:
    """A whole number typed into field `label` for scenario key `key` (``seed``, ``days``):
    (the number, None) or (None, the message in the page's language, with the schema's
    own words and the value still in use)."""
    raw = str(text).strip()
    if not WHOLE.fullmatch(raw):
        return None, t("ctl.input_error", lang, label, raw, t("ctl.not_integer", lang), in_use)
    number = int(raw)
    problem = check(base, key, number, lang)
    if problem:
        return None, t("ctl.input_error", lang, label, raw, problem, in_use)
    return number, None


def parse_value(lever: Lever, raw: str, lang: str = "en") -> Any:
    """A lever value from a link's text (ValueError, with what is allowed in the page's
    language, when it is not of the lever's kind)."""
    if lever.kind == "bool":
        if raw.lower() not in ("true", "false", "1", "0", "on", "off"):
            raise ValueError(t("ctl.not_switch", lang))
        return raw.lower() in ("true", "1", "on")
    if lever.kind == "int":
        if not WHOLE.fullmatch(raw.strip()):
            raise ValueError(t("ctl.not_integer", lang))
        return int(raw)
    try:
        return coerce(lever, float(raw))
    except ValueError:
        raise ValueError(t("ctl.not_number", lang)) from None


def from_query(
    search: str | None, names: list[str], default: Setup, load, lang: str, pareto=None
) -> tuple[Setup, list[str]]:
    """The setup a link asks for, and one message per part of it that was ignored.

    `load(name)` returns the shipped scenario `name`; unknown keys, an unknown scenario and
    values the schema refuses are reported, the rest is used. With a saved Pareto set
    loaded (`pareto`, a :class:`~govsim.dashboard.pareto.ParetoSet`), ``search=NAME``
    (its name) puts its fixed keys under the levers and its levers among the known ones."""
    from govsim.scenario.config import override

    values = dict(parse_qsl(search or "", keep_blank_values=True))
    problems: list[str] = []
    asked = "scenario" in values
    name = values.pop("scenario", default.scenario)
    if name not in names:
        shown = t("ctl.one_of", lang, ", ".join(scenario_label(n, lang) for n in names))
        problems.append(t("ctl.link_error", lang, t("ctl.scenario", lang), name, shown))
        name = default.scenario
    wanted = values.pop("search", "")
    if not wanted and not asked and default.search:
        wanted = default.search  # a bare address opens the loaded search's base
    fixed: tuple[tuple[str, Any], ...] = ()
    extra: list[Lever] = []
    if wanted:
        if pareto is None or wanted != pareto.name or name != pareto.base:
            have = "–"
            if pareto is not None:
                have = t("ctl.one_of", lang, f"{pareto.name} ({scenario_label(pareto.base, lang)})")
            problems.append(t("ctl.link_error", lang, t("pareto.title", lang), wanted, have))
            wanted = ""
        else:
            fixed, extra = pareto.fixed, pareto.levers
    base = load(name)
    if fixed:
        base = override(base, {**dict(fixed), "days": pareto.saved.base.days})
    seed, days = base.seed, base.days
    for key in ("seed", "days"):
        if key not in values:
            continue
        raw = values.pop(key)
        label = t(f"ctl.{key}", lang)
        number, problem = parse_whole(
            base, key, raw, label, base.seed if key == "seed" else base.days, lang
        )
        if problem:
            problems.append(problem)
        elif key == "seed":
            seed = number
        else:
            days = number
    known = {lever.key: lever for lever in [*available_levers(), *extra]}
    levers = []
    for key, raw in values.items():
        lever = known.get(key)
        if lever is None:
            problems.append(t("ctl.link_error", lang, key, raw, t("ctl.unknown_setting", lang)))
            continue
        label = lever_label(lever, lang, base)
        try:
            value = parse_value(lever, raw, lang)
        except ValueError as err:
            problems.append(t("ctl.link_error", lang, label, raw, str(err)))
            continue
        problem = check(base, key, value, lang)
        if problem:
            problems.append(t("ctl.link_error", lang, label, raw, problem))
        elif value != lever_value(base, key):
            levers.append((key, value))
    return Setup(name, seed, days, tuple(sorted(levers)), fixed, wanted), problems


def show_value(lever: Lever, value: Any, lang: str) -> str:
    """A lever value as the page shows it: on/off, a whole number, or two decimals ("–"
    when the scenario has no such item, e.g. an event another scenario adds)."""
    if value is None:
        return "–"
    if lever.kind == "bool":
        return t("value.on" if value else "value.off", lang)
    return f"{int(value):,}" if lever.kind == "int" else f"{float(value):.2f}"


def changes(
    old: Scenario | None,
    old_seed: int,
    new: Scenario,
    new_seed: int,
    lang: str,
    scenario_name,
    levers: Sequence[Lever] | None = None,
    set_keys: Sequence[str] = (),
) -> list[str]:
    """What differs between the run shown before and the one built now, in the page's
    language, e.g. ``["Grid workers 10 → 20"]``; [] for the first run or a plain restart.
    `scenario_name(name)` is a scenario's display label; `levers` the levers shown (default:
    :func:`~govsim.dashboard.levers.available_levers`), each with its label ``label(lever,
    lang)`` when it has one. With another scenario, only the levers in `set_keys` (those
    the new setup sets, e.g. a picked policy's) are named after the scenario."""
    if old is None:
        return []
    levers = available_levers() if levers is None else levers
    if old.name != new.name:
        out = [f"{t('ctl.scenario', lang)} {scenario_name(old.name)} → {scenario_name(new.name)}"]
        return out + _lever_changes(old, new, [lv for lv in levers if lv.key in set_keys], lang)
    out = []
    if old_seed != new_seed:
        out.append(f"{t('ctl.seed', lang)} {old_seed} → {new_seed}")
    if old.days != new.days:
        out.append(f"{t('ctl.days', lang)} {old.days} → {new.days}")
    return out + _lever_changes(old, new, levers, lang)


def lever_label(lever: Lever, lang: str, scenario: Scenario | None = None) -> str:
    """A lever's name in `lang`: its translation; for an event's field, the event's number
    and kind (from `scenario`); else the schema's description of its key (never the
    dotted key)."""
    from govsim.dashboard.i18n import TEXT, plain
    from govsim.dashboard.levers import description

    entry = TEXT.get("lever." + lever.key)
    if entry:
        return entry[lang]
    match = re.fullmatch(r"events\.(\d+)\.(\w+)", lever.key)
    if match and f"lever.event_{match[2]}" in TEXT:
        index = int(match[1])
        events = list(getattr(scenario, "events", None) or [])
        kind = getattr(events[index], "kind", "") if index < len(events) else ""
        kind = t(f"event.{kind}", lang) if f"event.{kind}" in TEXT else kind or "–"
        return t(f"lever.event_{match[2]}", lang, index + 1, kind)
    try:
        text = plain(description(lever.key)).split(",")[0].replace("(assumed)", "").strip()
    except (KeyError, AttributeError):
        text = ""
    return (text[:1].upper() + text[1:]) if text else lever.key.rsplit(".", 1)[-1]


def _lever_changes(old: Scenario, new: Scenario, levers: Sequence[Lever], lang: str) -> list[str]:
    out = []
    for lever in levers:
        a, b = lever_value(old, lever.key), lever_value(new, lever.key)
        if a != b:
            out.append(
                f"{lever_label(lever, lang, new)} {show_value(lever, a, lang)} → "
                f"{show_value(lever, b, lang)}"
            )
    return out
