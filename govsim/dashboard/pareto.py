"""The "Policy search" view: a saved Pareto set of `govsim optimise`, and picking a policy.

``govsim dashboard --pareto PATH`` (a results folder or its ``pareto.parquet``) checks the
files (:func:`govsim.experiments.optimise_results.read_results`) and passes the path to
the server in the environment variable :data:`ENV`; by hand: ``GOVSIM_DASHBOARD_PARETO=PATH
solara run dashboards/app.py``. The page then shows the trade-off plot and a table of the
policies; picking one gives the :class:`~govsim.dashboard.settings.Setup` of
:meth:`ParetoSet.setup`: the search's base scenario (its ``set:`` as `fixed`, its horizon,
the scenario's own seed) with the policy's levers, which the simulation view builds and
names in its "model rebuilt with" notice. Labels come from the metric registry and
:mod:`~govsim.dashboard.i18n`, never the dotted keys.
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from govsim.dashboard import indicators
from govsim.dashboard.i18n import t
from govsim.dashboard.levers import LEVERS, Lever, available_levers, coerce, lever_value
from govsim.dashboard.settings import Setup, lever_label, show_value
from govsim.experiments.optimise_results import SavedSearch, read_results
from govsim.scenario.config import ConfigError

ENV = "GOVSIM_DASHBOARD_PARETO"
"""The saved search the server shows (set by ``govsim dashboard --pareto``)."""
OPS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}


def lever_unit(key: str) -> str:
    """The i18n unit (``unit.<unit>``) of a searched lever that is not one of the page's."""
    if key.endswith("_hours_per_day"):
        return "staff_hours_day"
    field = re.fullmatch(r"events\.\d+\.(\w+)", key)
    if field:
        return {"factor": "factor", "days": "days", "day": "day_number"}.get(field[1], "")
    return ""


def dashboard_lever(key: str, searched: Any) -> Lever:
    """The control of a searched lever: the page's own (its range widened to the search's),
    or a slider on the search's grid."""
    lo, hi = searched.bounds
    own = next((lever for lever in LEVERS if lever.key == key), None)
    if own is not None:
        return dataclasses.replace(own, low=min(own.low, lo), high=max(own.high, hi))
    kind = "int" if searched.is_integer else "float"
    return Lever(key, kind, lo, hi, searched.step_size, lever_unit(key))


@dataclasses.dataclass(frozen=True, eq=False)
class ParetoSet:
    """A saved search as the page shows it."""

    saved: SavedSearch
    levers: list[Lever]

    @property
    def spec(self):
        return self.saved.spec

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def base(self) -> str:
        return self.saved.base.name

    @property
    def fixed(self) -> tuple[tuple[str, Any], ...]:
        return tuple(self.spec.set.items())

    @property
    def table(self):
        return self.saved.pareto

    def __len__(self) -> int:
        return len(self.table)

    def policy(self, i: int) -> dict[str, Any]:
        """Policy `i`'s levers (dotted key → value as the schema wants it)."""
        row = self.table.iloc[i]
        return {lever.key: coerce(lever, row[lever.key].item()) for lever in self.levers}

    def base_setup(self) -> Setup:
        """The search's base: its scenario with its ``set:`` and horizon, no lever moved."""
        base = self.saved.base
        return Setup(base.name, base.seed, base.days, (), self.fixed, self.name)

    def setup(self, i: int) -> Setup:
        """What picking policy `i` builds: the base with the policy's levers (those that
        differ from the base, as a moved slider is kept)."""
        start = self.base_setup()
        moved = {
            key: value
            for key, value in self.policy(i).items()
            if value != lever_value(self.saved.base, key)
        }
        return dataclasses.replace(start, levers=tuple(sorted(moved.items())))


def load(path: str | Path) -> ParetoSet:
    saved = read_results(path)
    levers = [dashboard_lever(key, lever) for key, lever in saved.spec.levers.items()]
    return ParetoSet(saved, levers)


@cache
def _cached(path: str) -> ParetoSet | str:
    try:
        return load(path)
    except ConfigError as err:
        return str(err)


def from_env() -> ParetoSet | str | None:
    """The saved search named by :data:`ENV`: None without one, the message when it cannot
    be read."""
    path = os.environ.get(ENV, "").strip()
    return _cached(path) if path else None


def shown_levers(ps: ParetoSet | None) -> list[Lever]:
    """The page's levers, and a loaded search's levers: its own control for a lever the page
    has (its range widened to the search's), a slider on the search's grid for the others."""
    shown = available_levers()
    if ps is None:
        return shown
    searched = {lever.key: lever for lever in ps.levers}
    return [searched.pop(lv.key, lv) for lv in shown] + list(searched.values())


# --- labels and the table ---------------------------------------------------------------


def measure_label(robustness: str, lang: str) -> str:
    if robustness == "mean":
        return t("pareto.mean", lang)
    if robustness == "regret":
        return t("pareto.regret", lang)
    return t("pareto.percentile", lang, robustness[1:])


def objective_label(objective: Any, lang: str, unit: bool = True) -> str:
    """E.g. "Responded within 24 h, 10th percentile over futures (share)" (in 中文 with
    Chinese punctuation)."""
    comma = "，" if lang == "zh" else ", "
    text = f"{indicators.label(objective.metric, lang)}{comma}"
    text += measure_label(objective.robustness, lang)
    if unit:
        unit_text = indicators.unit_label(indicators.display_unit(objective.metric), lang)
        text += f"（{unit_text}）" if lang == "zh" else f" ({unit_text})"
    return text


def lever_header(lever: Lever, lang: str, scenario) -> str:
    unit = t("unit." + lever.unit, lang) if lever.unit else ""
    name = lever_label(lever, lang, scenario)
    return f"{name} ({unit})" if unit else name


def lever_cell(lever: Lever, value: Any, lang: str) -> str:
    if lever.percent:
        return f"{float(value) * 100:.0f} %"
    return show_value(lever, value, lang)


def constraint_header(constraint: Any, lang: str) -> str:
    metric, op, value = constraint.parts
    threshold = indicators.format_value(metric, value, lang)
    need = f"≥ {constraint.share * 100:.0f} %"
    return t("pareto.holds", lang, indicators.label(metric, lang), OPS[op], threshold, need)


def table_html(ps: ParetoSet, lang: str, picked: int = -1) -> str:
    """The Pareto policies: number, levers (with units), objectives (registry label,
    measure, which way is better), constraint shares, feasibility."""
    spec, scenario = ps.spec, ps.saved.base
    head = [t("pareto.number", lang)]
    head += [lever_header(lever, lang, scenario) for lever in ps.levers]
    head += [
        f"{objective_label(o, lang, unit=False)} · "
        f"{t('pareto.lower' if o.direction == 'min' else 'pareto.higher', lang)}"
        for o in spec.objectives
    ]
    head += [constraint_header(c, lang) for c in spec.constraints]
    head += [t("pareto.feasible", lang)]
    rows = []
    for i in range(len(ps)):
        row = ps.table.iloc[i]
        policy = ps.policy(i)
        cells = [f'<td class="policy-number">{i + 1}</td>']
        cells += [
            f'<td data-key="{escape(lever.key)}" data-value="{policy[lever.key]!r}">'
            f"{escape(lever_cell(lever, policy[lever.key], lang))}</td>"
            for lever in ps.levers
        ]
        cells += [
            f"<td>{escape(indicators.format_value(o.metric, _number(row[o.column]), lang))}</td>"
            for o in spec.objectives
        ]
        for c in spec.constraints:
            share = _number(row[c.column])
            ok = share >= c.share - 1e-12
            mark = "✓" if ok else "✗"
            cells.append(
                f'<td class="{"gs-better" if ok else "gs-worse"}">{share * 100:.0f} % {mark}</td>'
            )
        feasible = bool(row["feasible"])
        cells.append(
            f'<td class="{"gs-better" if feasible else "gs-worse"}">'
            f"{t('pareto.yes' if feasible else 'pareto.no', lang)}</td>"
        )
        css = "policy-row picked" if i == picked else "policy-row"
        rows.append(f'<tr class="{css}" data-policy="{i}">{"".join(cells)}</tr>')
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        f'<table class="gs-table pareto-table"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def plot_data(ps: ParetoSet, lang: str) -> dict[str, Any]:
    """What :func:`govsim.dashboard.charts.pareto_figure` draws: objectives 1 and 2 on the
    axes (policy number on x with one objective), the third as colour (values, label,
    unit); the other candidates evaluated in grey when the folder has them."""
    objectives = list(ps.spec.objectives)
    table, cands = ps.table, ps.saved.candidates

    def column(frame, o):
        return np.asarray(frame[o.column], dtype=float)

    if len(objectives) == 1:
        x_label = t("pareto.number", lang)
        x, y_obj = np.arange(1, len(table) + 1, dtype=float), objectives[0]
        x_unit = "count"
        others = None
    else:
        x_obj, y_obj = objectives[0], objectives[1]
        x, x_label = column(table, x_obj), objective_label(x_obj, lang)
        x_unit = indicators.display_unit(x_obj.metric)
        others = (
            (column(cands, x_obj), column(cands, y_obj))
            if cands is not None and {x_obj.column, y_obj.column} <= set(cands.columns)
            else None
        )
    colour = None
    if len(objectives) > 2:
        third = objectives[2]
        colour = (
            column(table, third),
            objective_label(third, lang),
            indicators.display_unit(third.metric),
        )
    return {
        "x": x,
        "y": column(table, y_obj),
        "x_label": x_label,
        "y_label": objective_label(y_obj, lang),
        "x_unit": x_unit,
        "y_unit": indicators.display_unit(y_obj.metric),
        "colour": colour,
        "feasible": np.asarray(table["feasible"], dtype=bool),
        "others": others,
        "title": t("pareto.plot_title", lang, ps.spec.futures.count),
        "legend": {
            "others": t("pareto.evaluated", lang),
            "meets": t("pareto.meets", lang),
            "misses": t("pareto.misses", lang),
            "picked": t("pareto.picked", lang),
        },
    }
