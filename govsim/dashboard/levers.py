"""The policy levers the dashboard shows as sliders and switches (the model's levers).

A lever whose key the schema does not (yet) have is hidden, not an error:
the schema grows while the dashboard ships.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govsim.dashboard.i18n import SCHEMA_ZH
from govsim.dashboard.wording import lever_help
from govsim.scenario.schema import Scenario, lookup, value_at


@dataclass(frozen=True)
class Lever:
    """A dotted scenario key and how to show it: a switch (bool) or a slider."""

    key: str
    kind: str  # "bool", "int" or "float"
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    unit: str = ""  # i18n key ``unit.<unit>``; "share_adults"/"day_prob" show as %

    @property
    def percent(self) -> bool:
        """A 0–1 share shown as a percentage."""
        return self.unit in ("share_adults", "day_prob")


LEVERS = (
    Lever("platform.initial_adoption", "float", 0.0, 1.0, 0.05, "share_adults"),
    Lever("platform.integrated", "bool"),
    Lever("platform.reliability", "float", 0.5, 1.0, 0.01, "day_prob"),
    Lever("platform.closed_loop", "bool"),
    Lever("platform.public_ratings", "bool"),
    Lever("platform.offline_channel", "bool"),
    Lever("literacy.training_seats_per_month", "int", 0, 500, 10, "seats_month"),
    Lever("incentives.time_bank_credit", "float", 0.0, 3.0, 0.1, "credit_hour"),
    Lever("organisation.grid_workers", "int", 0, 40, 1, "workers"),
    Lever("organisation.party_coordination", "float", 0.0, 1.0, 0.05, "level01"),
    Lever("out_of_hours.rota_staff", "float", 0.0, 6.0, 1.0, "staff"),  # issue 29
    Lever("out_of_hours.duty_officer", "bool"),
)


def has_key(key: str, model: type = Scenario) -> bool:
    """Whether the dotted `key` names a field of the scenario schema."""
    return lookup(key, model)[0] is not None


def description(key: str, model: type = Scenario) -> str:
    """The schema's description of dotted `key` (its Field ``description=``)."""
    info, _ = lookup(key, model)
    return (info.description or "") if info is not None else ""


def help_text(key: str, lang: str, model: type = Scenario) -> str:
    """A lever's help: the schema's description of `key` in a user's words in English
    (:func:`~govsim.dashboard.wording.lever_help`), its translation
    (:data:`~govsim.dashboard.i18n.SCHEMA_ZH`) in Chinese; "" when the translation is
    missing (the page shows no English in 中文 mode)."""
    if lang == "zh":
        return SCHEMA_ZH.get(key, "")
    return lever_help(key, description(key, model))


def available_levers(model: type = Scenario) -> list[Lever]:
    """The levers whose keys exist in the schema, in display order."""
    return [lever for lever in LEVERS if has_key(lever.key, model)]


def lever_value(scenario: Scenario, key: str) -> Any:
    """The value of dotted `key` in `scenario` (an integer part indexes a list, as in
    ``events.2.factor``); None when the scenario has no such item."""
    try:
        return value_at(scenario, key)
    except KeyError:
        return None


def coerce(lever: Lever, value: Any) -> bool | int | float:
    """A control's value as the schema wants it (the schema is strict: 3.0 is not an int)."""
    if lever.kind == "bool":
        return bool(value)
    if lever.kind == "int":
        return int(round(float(value)))
    return round(float(value), 6)
